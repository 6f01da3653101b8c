package learn

import (
	"strconv"
	"strings"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/relation/lexicon"
)

// Candidate is an ordered pair of mentions of one sentence: Subj may be the
// subject of a relation whose object is Obj. Both index Annotated.Mentions.
type Candidate struct {
	Sentence  int
	Subj, Obj int
}

// Candidates returns the ordered pairs of mentions of each sentence that
// name two different entities and whose types some predicate allows, in
// sentence order, then by subject and object mention. Sentences marked
// Duplicate are skipped, as the rule-based extractor skips them.
func Candidates(a *kg.Annotated) []Candidate {
	var out []Candidate
	start := 0
	for start < len(a.Mentions) {
		si := a.Mentions[start].Sentence
		end := start
		for end < len(a.Mentions) && a.Mentions[end].Sentence == si {
			end++
		}
		if si >= 0 && si < len(a.Sentences) && !a.Sentences[si].Duplicate {
			for i := start; i < end; i++ {
				for j := start; j < end; j++ {
					mi, mj := &a.Mentions[i], &a.Mentions[j]
					if i == j || mi.Entity == mj.Entity || overlaps(mi, mj) || len(AllowedClasses(mi.Type, mj.Type)) == 0 {
						continue
					}
					out = append(out, Candidate{Sentence: si, Subj: i, Obj: j})
				}
			}
		}
		start = end
	}
	return out
}

func overlaps(a, b *kg.Mention) bool { return a.Start < b.End && b.Start < a.End }

// Negation and hedge cues (lower-case words): modality reads them, and
// they are features of the classifier.
var (
	negationCues = setOf("not", "n't", "no", "never", "neither", "nor", "deny", "denies", "denied", "denying",
		"refuse", "refuses", "refused", "refusing")
	hedgeCues = setOf("may", "might", "would", "could", "will", "'ll", "should", "plan", "plans", "planned",
		"planning", "expect", "expects", "expected", "reportedly", "alleged", "allegedly", "possible", "possibly",
		"whether", "if", "likely", "proposed", "hopes", "hope", "want", "wants", "due", "scheduled", "intends",
		"seek", "seeks", "seeking")
)

// roleWords are the head nouns of titles and positions (holds_position).
var roleWords = setOf("president", "minister", "premier", "chairman", "chairwoman", "chief", "executive",
	"director", "head", "leader", "spokesman", "spokeswoman", "secretary", "governor", "ambassador", "envoy",
	"general", "commander", "official", "officials", "deputy", "king", "queen", "prince", "mayor", "senator",
	"chancellor", "manager", "analyst", "economist", "dealer", "trader", "member", "founder", "owner", "editor",
	"correspondent", "adviser", "advisor", "negotiator", "representative", "vice", "coach", "captain", "boss",
	"treasurer", "counterpart", "delegate", "lawyer", "judge", "attorney", "spokesperson", "officer")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// sentView is a sentence's words in lower case, their lemmas and tags,
// with the CAMEO triggers found in it; computed once per sentence.
type sentView struct {
	a        *kg.Annotated
	si       int
	toks     []kg.Token
	low, lem []string
	triggers []lexicon.Match
}

func newSentView(a *kg.Annotated, si int, lex *lexicon.Lexicon) *sentView {
	s := a.Sentences[si]
	v := &sentView{a: a, si: si, toks: a.Tokens[s.TokStart:s.TokEnd]}
	v.low = make([]string, len(v.toks))
	v.lem = make([]string, len(v.toks))
	for i, t := range v.toks {
		v.low[i] = strings.ToLower(t.Text)
		v.lem[i] = lemma(lex, v.low[i], t.Tag)
	}
	v.triggers = lex.Find(v.low)
	return v
}

// lemma is a rough lemma: the lexicon's for a verb form it knows, else a
// plural noun without its -s, else the word.
func lemma(lex *lexicon.Lexicon, low, tag string) string {
	if strings.HasPrefix(tag, "VB") || tag == "NNS" || tag == "NN" {
		if ls := lex.Lemmas(low); len(ls) > 0 && !strings.Contains(ls[0], " ") {
			return ls[0]
		}
	}
	if tag == "NNS" && len(low) > 3 {
		switch {
		case strings.HasSuffix(low, "ies"):
			return low[:len(low)-3] + "y"
		case strings.HasSuffix(low, "ss"):
			return low
		case strings.HasSuffix(low, "s"):
			return low[:len(low)-1]
		}
	}
	return low
}

// span returns the token range [i, j) of a mention within the sentence
// (its title included when withTitle), by byte offsets.
func (v *sentView) span(m *kg.Mention, withTitle bool) (int, int) {
	start := m.Start
	if withTitle && m.TitleStart < start {
		start = m.TitleStart
	}
	i, j := -1, -1
	for k, t := range v.toks {
		if i < 0 && t.End > start {
			i = k
		}
		if t.Start < m.End {
			j = k + 1
		}
	}
	if i < 0 || j < i {
		return 0, 0
	}
	return i, j
}

// features returns the hashed features of one candidate, each once.
func (v *sentView) features(c Candidate, buf []uint64) []uint64 {
	ms, mo := &v.a.Mentions[c.Subj], &v.a.Mentions[c.Obj]
	si, sj := v.span(ms, false)
	oi, oj := v.span(mo, false)
	sti, _ := v.span(ms, true)
	oti, _ := v.span(mo, true)
	f := featureSet{out: buf[:0]}
	types := string(ms.Type) + ">" + string(mo.Type)
	f.add("bias")
	f.add("T:" + types)
	f.add("K:" + string(ms.Kind) + ">" + string(mo.Kind))
	order := "so"
	l, r := sj, oti // between = tokens [l, r)
	if oi < si {
		order = "os"
		l, r = oj, sti
	}
	if l > r {
		l, r = r, l
	}
	f.add("O:" + order)
	f.add("OT:" + order + ":" + types)
	n := r - l
	f.add("D:" + bucket(n))
	f.add("DT:" + bucket(n) + ":" + order + ":" + types)

	// Words and lemmas between.
	if n == 0 {
		f.add("B:adjacent:" + order + ":" + types)
	}
	var shape []string
	for k := l; k < r; k++ {
		f.add("BW:" + v.low[k])
		f.add("BL:" + v.lem[k])
		if n <= 6 {
			shape = append(shape, coarse(v.toks[k].Tag, v.low[k]))
		}
		if roleWords[v.low[k]] {
			f.add("ROLE:" + v.low[k] + ":" + order + ":" + types)
		}
	}
	if n > 0 {
		f.add("BF:" + v.lem[l])
		f.add("BLast:" + v.lem[r-1])
		f.add("BFO:" + v.lem[l] + ":" + order + ":" + types)
		f.add("BLO:" + v.lem[r-1] + ":" + order + ":" + types)
	}
	if shape != nil {
		f.add("BS:" + strings.Join(shape, " ") + ":" + order + ":" + types)
		// The appositive pattern: "X, the chairman of Y", "Y's X".
		if shape[0] == "," {
			f.add("APPOS:" + order + ":" + types)
		}
	}
	// Other mentions between the two: the nearer pair is the likelier.
	nb := 0
	for k := range v.a.Mentions {
		m := &v.a.Mentions[k]
		if m.Sentence == v.si && k != c.Subj && k != c.Obj && m.Start >= v.toks[max(l-1, 0)].End && m.End <= v.toks[min(r, len(v.toks)-1)].Start {
			nb++
			f.add("MBT:" + string(m.Type) + ":" + types)
		}
	}
	f.add("MB:" + bucket(nb) + ":" + types)
	for k := l; k+1 < r && n <= 5; k++ {
		f.add("BB:" + v.lem[k] + "_" + v.lem[k+1])
	}
	// Words around the pair.
	first, last := min(si, oi), max(sj, oj)
	if first > 0 {
		f.add("W-1:" + v.lem[first-1])
	}
	if first > 1 {
		f.add("W-2:" + v.lem[first-2])
	}
	if last < len(v.low) {
		f.add("W+1:" + v.lem[last])
	}
	// Prepositions just before each end.
	if oti > 0 && isPrep(v.toks[oti-1].Tag) {
		f.add("PO:" + v.low[oti-1] + ":" + types)
	}
	if sti > 0 && isPrep(v.toks[sti-1].Tag) {
		f.add("PS:" + v.low[sti-1])
	}
	// Possessives.
	if sj < len(v.low) && (v.low[sj] == "'s" || v.low[sj] == "’s") {
		f.add("POSS:s:" + order)
	}
	if oj < len(v.low) && (v.low[oj] == "'s" || v.low[oj] == "’s") {
		f.add("POSS:o:" + order + ":" + types)
	}
	// Titles the ner stage split off.
	if ms.Title != "" {
		f.add("ST:" + lastWord(ms.Title))
		if n <= 2 && order == "os" {
			f.add("STADJ:" + lastWord(ms.Title) + ":" + types)
		}
	}
	if mo.Title != "" {
		f.add("OTI:" + lastWord(mo.Title))
	}
	// Triggers of the lexicon between the two, or just around them.
	for _, m := range v.triggers {
		where := ""
		switch {
		case m.Start >= l && m.End <= r:
			where = "in"
		case m.End <= first && first-m.End <= 4:
			where = "before"
		case m.Start >= last && m.Start-last <= 4:
			where = "after"
		default:
			continue
		}
		if t := v.toks[m.Start].Tag; !strings.HasPrefix(t, "VB") {
			where += "N"
		}
		if m.Predicate != "" {
			f.add("TR:" + m.Predicate + ":fwd:" + where + ":" + order)
			f.add("TRL:" + m.Lemma + ":" + m.Predicate)
		}
		if m.Reverse != "" {
			f.add("TR:" + m.Reverse + ":rev:" + where + ":" + order)
		}
	}
	// Negation and hedge cues between the two and in the few words
	// before the first.
	for _, k := range v.cueWindow(first, l, r) {
		if negationCues[v.low[k]] {
			f.add("NEG:" + v.low[k])
		}
		if hedgeCues[v.low[k]] {
			f.add("HEDGE:" + v.low[k])
		}
	}
	// Dependency path between the heads, when the sentence is parsed.
	for _, p := range depPath(v.a.Sentences[v.si], v.lem, si, sj, oi, oj) {
		f.add(p)
	}
	return f.out
}

// cueWindow returns the tokens where negation and hedge cues count: the
// three before the pair's first token and those between the two.
func (v *sentView) cueWindow(first, l, r int) []int {
	var out []int
	for k := max(0, first-3); k < first; k++ {
		out = append(out, k)
	}
	for k := l; k < r; k++ {
		out = append(out, k)
	}
	return out
}

// depPath returns the dependency path features between the heads of the
// token ranges [si, sj) and [oi, oj) of a sentence: the deprels up from the
// subject to the lowest common ancestor and down to the object
// ("DP:nsubj<obj>"), and the lemma of the ancestor with it. It returns
// nothing until the sentence carries its parse (Heads and Deprels, one per
// token).
func depPath(s kg.Sentence, lem []string, si, sj, oi, oj int) []string {
	n := len(lem)
	if len(s.Heads) != n || len(s.Deprels) != n || si >= sj || oi >= oj {
		return nil
	}
	hs, ho := head(s.Heads, si, sj), head(s.Heads, oi, oj)
	up := func(i int) []int { // i and its ancestors
		var out []int
		for steps := 0; i >= 0 && i < n && steps <= n; steps++ {
			out = append(out, i)
			i = s.Heads[i]
		}
		return out
	}
	as, ao := up(hs), up(ho)
	pos := map[int]int{}
	for k, x := range ao {
		pos[x] = k
	}
	lca, ks, ko := -1, 0, 0
	for k, x := range as {
		if p, ok := pos[x]; ok {
			lca, ks, ko = x, k, p
			break
		}
	}
	if lca < 0 {
		return nil
	}
	var b strings.Builder
	for _, x := range as[:ks] {
		b.WriteString(s.Deprels[x])
		b.WriteByte('<')
	}
	b.WriteByte('^')
	for k := ko - 1; k >= 0; k-- {
		b.WriteByte('>')
		b.WriteString(s.Deprels[ao[k]])
	}
	path := b.String()
	out := []string{"DP:" + path}
	if lca != hs && lca != ho {
		out = append(out, "DPL:"+path+":"+lem[lca], "DPW:"+lem[lca])
	}
	return out
}

// head returns the token of [i, j) whose head lies outside it (the last
// such), the range's syntactic head.
func head(heads []int, i, j int) int {
	h := j - 1
	for k := i; k < j; k++ {
		if heads[k] < i || heads[k] >= j {
			h = k
		}
	}
	return h
}

func lastWord(s string) string {
	if k := strings.LastIndexByte(s, ' '); k >= 0 {
		return s[k+1:]
	}
	return s
}

func isPrep(tag string) bool { return tag == "IN" || tag == "TO" }

// coarse is a token's class in a between-shape: punctuation, function
// words and role nouns as written, other words by their tag's first
// letters.
func coarse(tag, low string) string {
	switch {
	case tag == "IN" || tag == "TO" || tag == "DT" || tag == "POS" || tag == "CC" || tag == "WP" || tag == "WDT":
		return low
	case roleWords[low]:
		return "ROLE"
	case len(tag) >= 2 && tag[0] >= 'A' && tag[0] <= 'Z':
		return tag[:2]
	}
	return low
}

func bucket(n int) string {
	switch {
	case n <= 3:
		return strconv.Itoa(n)
	case n <= 6:
		return "4-6"
	case n <= 10:
		return "7-10"
	case n <= 20:
		return "11-20"
	}
	return "21+"
}

// featureSet hashes features, each once.
type featureSet struct {
	out []uint64
}

func (f *featureSet) add(s string) {
	h := hash(s)
	for _, x := range f.out {
		if x == h {
			return
		}
	}
	f.out = append(f.out, h)
}

// hash is 64-bit FNV-1a (hash/fnv's New64a), without its allocations.
func hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
