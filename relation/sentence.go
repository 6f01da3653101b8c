package relation

import (
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// view is one sentence as the rules read it: its tokens with lemmas, its
// mentions mapped to token ranges, and which mentions name an actor.
type view struct {
	x      *Extractor
	a      *kg.Annotated
	si     int
	sent   kg.Sentence
	toks   []word
	ms     []mref
	nameAt []int // token -> index in ms of the mention whose name covers it, or -1
	unitAt []int // token -> index in ms of the head whose unit starts there, or -1
	endAt  []int // token -> index in ms of the head whose name ends there, or -1
	inUnit []int // token -> index in ms of the head whose unit covers it, or -1
	// Names inside a hyphenated word ("Trump-Putin"): innerAt maps the
	// token to their indices, innerBase+i for inner[i]; no other rule
	// sees them.
	inner   []mref
	innerAt map[int][]int
	// regionOf maps a compass region of ms ("northern Iraq") to the
	// country or place named inside it, innerBase+i for inner[i].
	regionOf map[int]int
	// basedAt maps a word "X-based" to the place X named in it,
	// innerBase+i for inner[i].
	basedAt map[int]int
	// byLemma maps a lemma to the tokens that have it, in order: the
	// trigger index of event frames.
	byLemma map[string][]int
	// trig has bit Extractor.triggerID[l] set for each lemma l of byLemma.
	trig []uint64
}

// triggered reports whether the sentence has one of the trigger lemmas ids.
func (v *view) triggered(ids []int) bool {
	for _, id := range ids {
		if v.trig[id>>6]&(1<<(id&63)) != 0 {
			return true
		}
	}
	return false
}

// innerBase offsets the indices of names inside words from those of ms.
const innerBase = 1 << 20

// mention returns the mention of a candidate's index: one of ms, or a name
// inside a word.
func (v *view) mention(k int) mref {
	if k >= innerBase {
		return v.inner[k-innerBase]
	}
	return v.ms[k]
}

type word struct {
	kg.Token
	low, lem string
}

// mref is a mention of the sentence.
type mref struct {
	*kg.Mention
	t0, t1 int  // the name's tokens [t0, t1), sentence-local
	tt     int  // first token of the title (== t0 when none)
	u0     int  // first token of the unit: the modifier mention before the title, or tt
	poss   bool // followed by a possessive "'s"
	head   bool // names an actor: not a modifier of what follows
	actor  bool // heads an actor phrase: "North Korean troops", "Pyongyang's soldiers" (t1 ends after the noun)
	mod    int  // index in ms of the mention modifying this one ("US" in "US President Donald Trump"), or -1
}

func (x *Extractor) newView(a *kg.Annotated, si int) *view {
	return x.newViewCached(a, si, nil, nil)
}

// viewBuf holds the arrays of a view that Extract reuses from one
// sentence to the next: a view is dropped once its relations are made,
// and they hold none of its memory.
type viewBuf struct {
	toks []word
	ints []int
	trig []uint64
}

// newViewCached builds the view of sentence si; mentions lists the
// indices of a.Mentions in sentence si (nil: look them up); buf, when not
// nil, lends the view its arrays.
func (x *Extractor) newViewCached(a *kg.Annotated, si int, mentions []int, buf *viewBuf) *view {
	s := a.Sentences[si]
	v := &view{x: x, a: a, si: si, sent: s}
	n := s.TokEnd - s.TokStart
	var ints []int
	if buf != nil {
		if cap(buf.toks) < n {
			buf.toks = make([]word, 0, n+n/2)
		}
		if cap(buf.ints) < 4*n {
			buf.ints = make([]int, 0, 6*n)
		}
		v.toks, ints = buf.toks[:n], buf.ints[:4*n]
	} else {
		v.toks, ints = make([]word, n), make([]int, 4*n)
	}
	x.lem.words(a.Tokens[s.TokStart:s.TokEnd], v.toks)
	for i := range ints {
		ints[i] = -1
	}
	// Full slice expressions: an append to one must not run into the next.
	v.nameAt = ints[0:n:n]
	v.unitAt = ints[n : 2*n : 2*n]
	v.endAt = ints[2*n : 3*n : 3*n]
	v.inUnit = ints[3*n : 4*n : 4*n]
	if mentions == nil {
		for i := range a.Mentions {
			if a.Mentions[i].Sentence == si {
				mentions = append(mentions, i)
			}
		}
	}
	for _, i := range mentions {
		m := &a.Mentions[i]
		if m.Sentence != si || m.Entity == "" {
			continue
		}
		t0, t1 := v.tokRange(m.Start, m.End)
		if t0 < t1 && v.toks[t0].Start == m.Start && v.toks[t1-1].End > m.End && isLocType(m.Type) &&
			strings.EqualFold(v.a.Doc.Text[m.End:v.toks[t1-1].End], "-based") {
			// "Minneapolis-based", "St. Louis-based": a place that
			// locates the organization after it (the located kind's
			// based form).
			if v.basedAt == nil {
				v.basedAt = map[int]int{}
			}
			v.basedAt[t1-1] = innerBase + len(v.inner)
			if t1 == t0+1 {
				if v.innerAt == nil {
					v.innerAt = map[int][]int{}
				}
				v.innerAt[t0] = append(v.innerAt[t0], innerBase+len(v.inner))
			}
			v.inner = append(v.inner, mref{Mention: m, t0: t0, t1: t1, tt: t0, u0: t0, mod: -1})
			continue
		}
		if t0 >= t1 || v.toks[t0].Start != m.Start || v.toks[t1-1].End != m.End {
			// A name inside a word ("Moscow-backed", "Russia-Ukraine")
			// modifies that word and names no party; a hyphenated pair
			// before a noun trigger may ("the Trump-Putin summit").
			if t1 == t0+1 && strings.ContainsAny(v.toks[t0].Text, "-–") {
				if v.innerAt == nil {
					v.innerAt = map[int][]int{}
				}
				v.innerAt[t0] = append(v.innerAt[t0], innerBase+len(v.inner))
				v.inner = append(v.inner, mref{Mention: m, t0: t0, t1: t1, tt: t0, u0: t0, mod: -1})
			}
			continue
		}
		if len(v.ms) > 0 && t0 < v.ms[len(v.ms)-1].t1 {
			// A country or place inside a compass region ("Iraq" in
			// "northern Iraq"): the region is located in it, and no
			// other rule sees it.
			if last := len(v.ms) - 1; v.ms[last].Type == kg.Place && t1 == v.ms[last].t1 && t0 > v.ms[last].t0 && isLocType(m.Type) && !capitalised(v.toks[v.ms[last].t0].Text) {
				if v.regionOf == nil {
					v.regionOf = map[int]int{}
				}
				v.regionOf[last] = innerBase + len(v.inner)
				v.inner = append(v.inner, mref{Mention: m, t0: t0, t1: t1, tt: t0, u0: t0, mod: -1})
			}
			continue // overlapping mentions: keep the first
		}
		tt := t0
		if m.TitleStart < m.Start {
			if a, _ := v.tokRange(m.TitleStart, m.Start); a < t0 {
				tt = a
			}
		}
		v.ms = append(v.ms, mref{Mention: m, t0: t0, t1: t1, tt: tt, u0: tt, mod: -1})
	}
	for k := range v.ms {
		for i := v.ms[k].t0; i < v.ms[k].t1; i++ {
			v.nameAt[i] = k
		}
	}
	// Headlines: prose tags the verb of "Donald Trump, Vladimir Putin meet
	// in Anchorage" as a noun. A verb trigger's form tagged as a noun right
	// after a person's name is read as a verb (unless it is also a noun
	// trigger's form, like "meeting").
	for i := 1; i < n; i++ {
		w := &v.toks[i]
		if !w.noun() || v.nameAt[i] >= 0 || v.nameAt[i-1] < 0 {
			continue
		}
		// "North Korea admits for first time it sent ...": a reporting
		// verb tagged as a plural noun after any name, before a
		// function word.
		if rl := x.lem.lemma(w.Text, "VBZ"); reportVerbs[rl] && strings.HasSuffix(w.low, "s") && i+1 < n && !v.toks[i+1].noun() && !v.toks[i+1].adj() {
			w.Tag, w.lem = "VBZ", rl
			continue
		}
		if v.ms[v.nameAt[i-1]].Type != kg.Person {
			continue
		}
		if nl := x.lem.lemma(w.Text, "NN"); x.nounTriggers[nl] {
			continue
		}
		if vl := x.lem.lemma(w.Text, "VBP"); x.verbTriggers[vl] {
			w.Tag, w.lem = "VBP", vl
		}
	}
	// A base-form verb right after a determiner, adjective or common noun
	// is a noun the tagger misread: "gets warm welcome from Trump". So is
	// an adjective there that is a trigger noun followed by a preposition
	// (taggers trained on web text, where "welcome" is mostly JJ, read
	// the headline so).
	for i := 1; i < n; i++ {
		w, p := &v.toks[i], v.toks[i-1]
		if w.Tag != "VB" && w.Tag != "JJ" || v.nameAt[i] >= 0 || v.nameAt[i-1] >= 0 {
			continue
		}
		if w.Tag == "JJ" && (i+1 >= n || v.toks[i+1].Tag != "IN" || !x.nounTriggers[x.lem.lemma(w.Text, "NN")]) {
			continue
		}
		if !(p.Tag == "DT" || p.Tag == "PRP$" || p.adj() || p.Tag == "NN" || p.Tag == "NNS") {
			continue
		}
		if i >= 2 && (v.toks[i-2].Tag == "MD" || v.toks[i-2].Tag == "TO") {
			continue
		}
		w.Tag, w.lem = "NN", x.lem.lemma(w.Text, "NN")
	}
	v.byLemma = map[string][]int{}
	if words := (len(x.triggerID) + 63) / 64; buf != nil {
		if cap(buf.trig) < words {
			buf.trig = make([]uint64, words)
		}
		v.trig = buf.trig[:words]
		clear(v.trig)
	} else {
		v.trig = make([]uint64, words)
	}
	for i, w := range v.toks {
		if id, ok := x.triggerID[w.lem]; ok {
			v.byLemma[w.lem] = append(v.byLemma[w.lem], i)
			v.trig[id>>6] |= 1 << (id & 63)
		}
	}
	// Possessives, modifiers and heads.
	for k := range v.ms {
		m := &v.ms[k]
		nx := m.t1
		if nx < n && isPossessive(v.toks[nx]) {
			m.poss = true
			nx++
		}
		if k+1 < len(v.ms) && v.ms[k+1].tt == nx && m.Type != kg.Person {
			// "US President Donald Trump", "Russia's Kursk region",
			// "Seoul's Institute for Far Eastern Studies".
			v.ms[k+1].mod = k
			continue
		}
		if m.poss || m.Kind == kg.KindDemonym {
			// A demonym is an adjective: "Saudi and American officials".
			continue
		}
		if nx < n && v.nameAt[nx] < 0 && v.modifiedNoun(nx) &&
			!(m.Type == kg.Place && nx == m.t1 && placeHeads[v.toks[nx].low]) {
			continue // "North Korean troops", "the Trump administration"; not "the Kursk region"
		}
		m.head = true
	}
	v.actorPhrases()
	// Coordinated modifiers share the noun: "Saudi and American officials".
	for k := len(v.ms) - 2; k >= 0; k-- {
		m, nx := &v.ms[k], v.ms[k+1]
		if m.head && m.Type != kg.Person && m.t1+1 == nx.t0 && m.t1 < n && v.toks[m.t1].joiner() &&
			!nx.head && !nx.poss && nx.mod < 0 && nx.Type != kg.Person {
			m.head = false
		}
	}
	for k := range v.ms {
		m := &v.ms[k]
		for j := m.mod; j >= 0; j = v.ms[j].mod {
			m.u0 = v.ms[j].u0
		}
	}
	for k := range v.ms {
		m := v.ms[k]
		if !m.head {
			continue
		}
		v.unitAt[m.u0] = k
		v.endAt[m.t1-1] = k
		for i := m.u0; i < m.t1; i++ {
			v.inUnit[i] = k
		}
	}
	return v
}

// tokRange maps a byte range to the sentence's tokens it overlaps. The
// tokens are in order and do not overlap, so those are one run, found by
// binary search: a scan per mention cost the square of the sentence's
// length.
func (v *view) tokRange(start, end int) (int, int) {
	t0 := sort.Search(len(v.toks), func(i int) bool { return v.toks[i].End > start })
	t1 := t0
	for t1 < len(v.toks) && v.toks[t1].Start < end {
		t1++
	}
	if t0 == t1 {
		return 0, 0
	}
	return t0, t1
}

// modifiedNoun reports whether token i continues a noun phrase that a
// preceding name only modifies ("troops" in "North Korean troops").
func (v *view) modifiedNoun(i int) bool {
	t := v.toks[i]
	if dateWord(t.low) {
		return false
	}
	if _, n := v.dateAt(i, false); n > 0 {
		return false // "Kim and Putin last year"
	}
	if isoDay(t.Text) {
		return false // a dateline: "KHASAVYURT, Russia 1996-08-31"
	}
	switch t.Tag {
	case "NN", "NNS", "NNP", "NNPS", "JJ", "CD":
		// A capitalised word tagged as a noun that is really the next
		// clause's first word is rare enough inside a sentence.
		return isWordy(t.Text)
	}
	return false
}

// isoDay reports whether s is a date written YYYY-MM-DD.
func isoDay(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-' && digitsOnly(s[:4]) && digitsOnly(s[5:7]) && digitsOnly(s[8:])
}

func isWordy(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 {
			return true
		}
	}
	return false
}

func isPossessive(t word) bool {
	switch t.low {
	case "'s", "’s", "'", "’":
		return true
	}
	return false
}

// Token classes.

func (w word) verb() bool { return strings.HasPrefix(w.Tag, "VB") }
func (w word) noun() bool { return strings.HasPrefix(w.Tag, "NN") }
func (w word) adj() bool  { return strings.HasPrefix(w.Tag, "JJ") }
func (w word) adv() bool {
	return strings.HasPrefix(w.Tag, "RB") && w.low != "not" && w.low != "n't" && w.low != "n’t"
}

func (w word) det() bool {
	switch w.Tag {
	case "DT", "PDT", "PRP$", "WP$":
		return true
	}
	switch w.low {
	case "his", "her", "their", "its", "our", "my", "your":
		return true
	}
	return false
}

func (w word) aux() bool {
	switch w.lem {
	case "be", "have", "do", "will", "would", "can", "could", "may", "might", "shall", "should", "must", "get":
		return true
	}
	return w.Tag == "MD"
}

func (w word) negation() bool {
	switch w.low {
	case "not", "n't", "n’t", "never":
		return true
	}
	return false
}

// boundary reports whether a token ends a clause for modality and
// qualifier windows.
func (w word) boundary() bool {
	switch w.Text {
	case ",", ";", ":", "—", "–", "-", "(", ")", "\"", "“", "”", "«", "»", "''", "``", "...", "…", "?", "!", ".":
		return true
	}
	return false
}

func (w word) relPronoun() bool {
	switch w.low {
	case "who", "which", "whom", "whose":
		return true
	}
	return w.Tag == "WP" || w.Tag == "WDT"
}

func (w word) joiner() bool {
	switch w.low {
	case "and", "&", "nor":
		return true
	}
	return false
}

// actorPhrases makes a country or organization that modifies one of the
// actor nouns of data/actors.yaml the head of that phrase: "North Korean
// troops fought" is North Korea fighting, "praised Pyongyang's troops"
// praises North Korea, "the German government" is Germany (docs/ONTOLOGY.md:
// a demonym is a mention of its country when it names the actor). The
// mention's token range then runs to the end of the noun. A noun followed
// by another noun ("North Korean troops commander") or a possessive keeps
// the name a modifier.
func (v *view) actorPhrases() {
	at := v.x.actors
	if at == nil || len(at.nouns) == 0 {
		return
	}
	n := len(v.toks)
	for k := range v.ms {
		m := &v.ms[k]
		if m.head || m.Type != kg.Country && m.Type != kg.Organization {
			continue
		}
		if k+1 < len(v.ms) && v.ms[k+1].mod == k {
			continue // "US President Donald Trump"
		}
		j := m.t1
		if m.poss {
			j++
		}
		for steps := 0; j < n && steps < 3 && v.nameAt[j] < 0 && !at.nouns[v.toks[j].low] &&
			(at.modifiers[v.toks[j].low] || v.toks[j].adj()); steps++ {
			j++
		}
		if j >= n || v.nameAt[j] >= 0 || !(at.nouns[v.toks[j].low] || at.nouns[v.toks[j].lem]) || !v.toks[j].noun() && !v.toks[j].adj() {
			continue
		}
		if j+1 < n && (v.nameAt[j+1] < 0 && v.toks[j+1].noun() || isPossessive(v.toks[j+1])) {
			continue
		}
		for x := m.t1; x <= j; x++ {
			v.nameAt[x] = k
		}
		m.t1 = j + 1
		m.head, m.poss, m.actor = true, false, true
	}
}

// tagClass is the part of the Penn tag the lemmatiser looks at.
func tagClass(tag string) string {
	switch {
	case strings.HasPrefix(tag, "VB"):
		return "V"
	case strings.HasPrefix(tag, "NN"):
		return "N"
	}
	return ""
}
