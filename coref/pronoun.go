package coref

import (
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// pron describes a third-person pronoun.
type pron struct {
	gender  gender // male, female, or unknown for it/they
	animate bool   // he/she: a Person; it: not a Person
	plural  bool   // they/them/their, "both"
	case_   Role   // Subject (he), Object (him), Other (his: a possessive)
	reflex  bool
}

var pronouns = map[string]pron{
	"he":         {gender: male, animate: true, case_: Subject},
	"him":        {gender: male, animate: true, case_: Object},
	"his":        {gender: male, animate: true, case_: Other},
	"himself":    {gender: male, animate: true, case_: Object, reflex: true},
	"she":        {gender: female, animate: true, case_: Subject},
	"her":        {gender: female, animate: true, case_: Other}, // object or possessive: see anaphorRole
	"hers":       {gender: female, animate: true, case_: Other},
	"herself":    {gender: female, animate: true, case_: Object, reflex: true},
	"it":         {case_: Subject},
	"its":        {case_: Other},
	"itself":     {case_: Object, reflex: true},
	"they":       {plural: true, case_: Subject},
	"them":       {plural: true, case_: Object},
	"their":      {plural: true, case_: Other},
	"themselves": {plural: true, case_: Object, reflex: true},
	"both":       {plural: true, case_: Subject},
}

// roleWeight is Lappin and Leass's salience of a grammatical role.
var roleWeight = map[Role]float64{Subject: 80, Object: 50, Other: 30}

// repeatBonus is added to an entity's salience for each further mention in
// the window.
const repeatBonus = 10

// firstBonus is added for the first mention of a sentence: the sentence's
// topic (Lee et al. search the previous sentences left to right).
const firstBonus = 20

// anaphorRole is the role of the anaphor at tokens [first, last].
func (d *docState) anaphorRole(si, first, last int) Role {
	w := strings.ToLower(d.a.Tokens[first].Text)
	p, ok := pronouns[w]
	if !ok || first != last {
		return d.role(d.a, si, first, last)
	}
	switch w {
	case "it", "her":
		return d.role(d.a, si, first, last)
	}
	return p.case_
}

// pleonastic: "it is unclear whether", "it seems that", "it was not
// immediately known": an "it" that stands for no entity.
func (d *docState) pleonastic(si, k int) bool {
	s := d.a.Sentences[si]
	toks := d.a.Tokens
	j := k + 1
	for j < s.TokEnd && (toks[j].Tag == "MD" || strings.EqualFold(toks[j].Text, "not") || strings.EqualFold(toks[j].Text, "also")) {
		j++
	}
	if j >= s.TokEnd {
		return false
	}
	switch strings.ToLower(toks[j].Text) {
	case "is", "was", "'s", "be", "been", "has", "had", "seems", "seemed", "appears", "appeared",
		"remains", "remained", "became", "becomes", "looks", "looked", "takes", "took":
	case "rains", "rained", "snows", "snowed", "starts", "started", "begins", "began":
		return true // the weather, the time
	default:
		return false
	}
	// "it's not unfortunate, it's incompetent": a judgement, not a thing.
	b := j + 1
	for b < s.TokEnd && (toks[b].Tag == "RB" || toks[b].Tag == "VBN" && strings.EqualFold(toks[b].Text, "been")) {
		b++
	}
	if b < s.TokEnd && toks[b].Tag == "JJ" && (b+1 >= s.TokEnd || !isNoun(toks[b+1].Tag)) {
		return true
	}
	for j++; j < s.TokEnd; j++ {
		switch strings.ToLower(toks[j].Text) {
		case "that", "to", "whether", "if", "how", "what", "when", "why", "who", "where":
			return true
		case ",", ";", ":":
			return false
		}
	}
	return false
}

// resolvePronoun returns the entity (or pair) the pronoun at token k of
// sentence si refers to, or nil.
func (d *docState) resolvePronoun(si, k int, p pron) []string {
	toks := d.a.Tokens
	w := strings.ToLower(toks[k].Text)
	if w == "it" && d.pleonastic(si, k) {
		return nil
	}
	if w == "both" {
		// "both" as a pronoun: not "both X and Y", not "both sides".
		if k+1 < len(toks) && (isNoun(toks[k+1].Tag) || toks[k+1].Tag == "JJ" || toks[k+1].Tag == "DT" || d.covered[k+1]) {
			return nil
		}
	}
	if p.plural {
		return d.recentPair(si, k, nil)
	}
	if d.competing(si, k, p) {
		return nil
	}
	role := d.anaphorRole(si, k, k)
	speakers := d.speakers(si, k)
	clause := d.clauseStart(si, k)
	best, bestScore := "", 0.0
	bestTok := -1
	scores := map[string]float64{}
	lastTok := map[string]int{}
	bound := map[string]bool{}
	// A quoted "it" ("it's just sitting there") is mostly about a thing
	// of the quotation: only the sentence's own names may be it.
	quotedThing := !p.animate && d.quoted[k]
	// "she" for a person of unknown gender: only when no other person
	// competes (news names far more men than women, and the table does
	// not know most non-English names).
	unsure, persons := map[string]bool{}, map[string]bool{}
	for i := len(d.cands) - 1; i >= 0; i-- {
		c := &d.cands[i]
		if si-c.sent > pronounWindow {
			break
		}
		if c.sent == si && c.tok >= k {
			continue
		}
		if quotedThing && c.sent != si {
			continue
		}
		// '"... Prime Minister Kabariti," he told reporters': the speaker
		// of a quotation is not someone named inside it.
		if !d.quoted[k] && c.quoted && c.sent == si {
			continue
		}
		e := d.ents[c.ent]
		if !agrees(e, p) || speakers[c.ent] {
			continue
		}
		if p.gender == female && e.gender != female {
			unsure[c.ent] = true
		}
		persons[c.ent] = true
		// Binding: a non-reflexive object pronoun is not its own clause's
		// subject ("Clinton praised him"); a reflexive one is nothing else.
		sameClause := c.sent == si && c.tok >= clause
		if p.reflex && !(sameClause && c.role == Subject) {
			continue
		}
		if !p.reflex && role == Object && sameClause && c.role == Subject {
			bound[c.ent] = true
			continue
		}
		decay := 1.0 / float64(int(1)<<(si-c.sent))
		s := 100 + roleWeight[c.role]
		if c.role == role {
			s += 35 // parallelism
		}
		if i == 0 || d.cands[i-1].sent != c.sent {
			s += firstBonus
		}
		// An entity counts by its best mention, plus a little for each
		// other one: Lappin and Leass add them all up, which lets a
		// much-named company outweigh the subject of the same sentence.
		if old, ok := scores[c.ent]; ok {
			scores[c.ent] = max(old, s*decay) + repeatBonus
		} else {
			scores[c.ent] = s * decay
		}
		if c.tok > lastTok[c.ent] {
			lastTok[c.ent] = c.tok
		}
	}
	for ent, s := range scores {
		if bound[ent] || unsure[ent] && len(persons) > 1 {
			continue
		}
		if s > bestScore || s == bestScore && (lastTok[ent] > bestTok || lastTok[ent] == bestTok && ent < best) {
			best, bestScore, bestTok = ent, s, lastTok[ent]
		}
	}
	if best == "" {
		return nil
	}
	// The document has now told the person's gender ("Tansu Ciller ...
	// her first trip"): later pronouns hold it to that.
	if e := d.ents[best]; p.animate && e.gender == unknown {
		e.gender = p.gender
	}
	return []string{best}
}

// agrees: gender, animacy and number of e fit the pronoun.
func agrees(e *entInfo, p pron) bool {
	if e == nil || p.plural {
		return false
	}
	if p.animate {
		return e.typ == kg.Person && (e.gender == unknown || e.gender == p.gender)
	}
	return e.typ == kg.Country || e.typ == kg.Organization
}

// speakers are the entities a quoted pronoun at token k cannot mean: the
// subjects outside the quotation in the same sentence ("'He lied,' Netanyahu
// said").
func (d *docState) speakers(si, k int) map[string]bool {
	if !d.quoted[k] {
		return nil
	}
	out := map[string]bool{}
	s := d.a.Sentences[si]
	for i := len(d.cands) - 1; i >= 0 && d.cands[i].sent == si; i-- {
		c := d.cands[i]
		if !c.quoted && c.role == Subject {
			out[c.ent] = true
		}
	}
	// A speaker written after the quotation: '"...," Netanyahu said',
	// '"...," said Netanyahu'.
	toks := d.a.Tokens
	for j := k + 1; j < s.TokEnd; j++ {
		if d.quoted[j] {
			continue
		}
		for _, mi := range d.mentionAtTk[j] {
			last := d.lastToken(j, &d.a.Mentions[mi])
			if j > s.TokStart && speechVerbs[strings.ToLower(toks[j-1].Text)] ||
				last+1 < s.TokEnd && speechVerbs[strings.ToLower(toks[last+1].Text)] {
				out[d.a.Mentions[mi].Entity] = true
			}
		}
	}
	return out
}

var speechVerbs = set("said", "says", "say", "told", "tells", "added", "adds", "stated",
	"declared", "asked", "replied", "warned", "insisted", "argued", "noted", "according",
	"wrote", "quoted", "explained", "stressed", "urged", "announced")

// clauseStart returns the first token of the clause holding token k: after
// the last comma, semicolon, colon, quotation mark or relative pronoun.
func (d *docState) clauseStart(si, k int) int {
	s := d.a.Sentences[si]
	for j := k - 1; j >= s.TokStart; j-- {
		if clauseBoundary(d.a.Tokens[j]) {
			return j + 1
		}
	}
	return s.TokStart
}

func clauseBoundary(t kg.Token) bool {
	switch t.Tag {
	case ",", ":", "``", "''", "WDT", "WP", "WP$", "-LRB-", "-RRB-":
		return true
	}
	switch strings.ToLower(t.Text) {
	case ";", "that", "and", "but", "while", "because", "after", "before", "when", "as", "although":
		return true
	}
	return false
}

// TagRole is the default RoleFunc: a mention after a preposition, before a
// noun it modifies or before a possessive is Other; one with a verb before
// it in its clause is the Object when only determiners and adjectives stand
// between, else Other; one with no verb before it in its clause is the
// Subject.
func TagRole(a *kg.Annotated, sent, first, last int) Role {
	toks := a.Tokens
	s := a.Sentences[sent]
	if last+1 < s.TokEnd {
		n := toks[last+1]
		if n.Tag == "POS" || isNoun(n.Tag) && n.Tag != "NNP" {
			return Other
		}
	}
	j := first - 1
	for j >= s.TokStart && (toks[j].Tag == "DT" || toks[j].Tag == "JJ" || toks[j].Tag == "PRP$" || toks[j].Tag == "CD") {
		j--
	}
	if j >= s.TokStart {
		switch toks[j].Tag {
		case "IN", "TO":
			return Other
		case "VB", "VBD", "VBZ", "VBP", "VBG", "VBN":
			if last+1 < s.TokEnd {
				// "said it would", "said Toyota had": the subject of a
				// clause that is the verb's object.
				switch toks[last+1].Tag {
				case "VBD", "VBZ", "VBP", "MD":
					return Subject
				}
			}
			return Object
		}
	}
	for ; j >= s.TokStart; j-- {
		t := toks[j]
		if clauseBoundary(t) {
			if t.Tag == "WP" || t.Tag == "WDT" {
				return Other // the subject of a relative clause
			}
			break
		}
		if strings.HasPrefix(t.Tag, "VB") || t.Tag == "MD" {
			return Other
		}
	}
	return Subject
}

// recentPair returns the most recent pair (two distinct entities of one
// type, written "X and Y") before token k within the pronoun window that
// fits h (any type when h is nil).
func (d *docState) recentPair(si, k int, h *head) []string {
	var best *pair
	for i := range d.pairs {
		p := &d.pairs[i]
		if si-p.sent > 1 && h == nil || si-p.sent > pronounWindow || p.sent == si && p.tok >= k {
			continue
		}
		if h != nil && (!d.ents[p.a].fits(h) || !d.ents[p.b].fits(h)) {
			continue
		}
		if h == nil && (p.role != Subject || d.pluralBetween(p.tok, k)) {
			continue
		}
		if best == nil || p.sent > best.sent || p.sent == best.sent && p.tok > best.tok {
			best = p
		}
	}
	if best == nil {
		return nil
	}
	return []string{best.a, best.b}
}

// subjKind classifies the noun phrase that opens a sentence.
type subjKind int

const (
	subjNone    subjKind = iota // none found: an adverbial, a verb, a quote
	subjEntity                  // a name or a linked description: ent
	subjPronoun                 // a pronoun: the anaphor itself or another
	subjCommon                  // a common noun phrase: "the skull", "the girl"
)

type subject struct {
	kind subjKind
	ent  string
	head string // lower-case head word of a common noun phrase
	tok  int    // the head's token
}

// npTag: tags that continue a noun phrase read left to right.
func npTag(tag string) bool {
	switch tag {
	case "DT", "PDT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "POS", "CD", "VBN", "PRP$", "HYPH":
		return true
	}
	return false
}

// sentenceSubject finds the noun phrase that opens sentence si (after
// quotation marks and dashes, and after a leading adverbial up to its
// comma: "On Monday, the company said"). described maps tokens of linked
// descriptions to their entity.
func (d *docState) sentenceSubject(si int) subject {
	return d.subjectFrom(si, d.a.Sentences[si].TokStart)
}

// subjectFrom reads the noun phrase that opens the clause starting at
// token k of sentence si (see sentenceSubject).
func (d *docState) subjectFrom(si, k int) subject {
	s := d.a.Sentences[si]
	toks := d.a.Tokens
	for k < s.TokEnd && (toks[k].Tag == "``" || toks[k].Tag == "''" || toks[k].Tag == ":" || toks[k].Text == `"`) {
		k++
	}
	if k >= s.TokEnd {
		return subject{}
	}
	switch toks[k].Tag {
	case "IN", "RB", "WRB", "VBG":
		j := k
		for j < s.TokEnd && j < k+15 && toks[j].Text != "," {
			j++
		}
		if j >= s.TokEnd || j == k+15 {
			return subject{}
		}
		k = j + 1
	}
	if k >= s.TokEnd {
		return subject{}
	}
	if toks[k].Tag == "PRP" {
		return subject{kind: subjPronoun, tok: k}
	}
	head := -1
	for j := k; j < s.TokEnd && (npTag(toks[j].Tag) || d.covered[j]); j++ {
		head = j
	}
	for head >= k && toks[head].Tag == "POS" {
		head--
	}
	if head < k {
		return subject{}
	}
	if ent, ok := d.described[head]; ok {
		return subject{kind: subjEntity, ent: ent, tok: head}
	}
	if d.covered[head] {
		for j := head; j >= k; j-- {
			for _, mi := range d.mentionAtTk[j] {
				m := &d.a.Mentions[mi]
				if toks[head].End <= m.End {
					return subject{kind: subjEntity, ent: m.Entity, tok: head}
				}
			}
		}
		return subject{}
	}
	return subject{kind: subjCommon, head: strings.ToLower(toks[head].Text), tok: head}
}

// personNouns head noun phrases that a "he" or "she" may stand for
// instead of a named person.
var personNouns = set("man", "woman", "girl", "boy", "official", "spokesman", "spokeswoman",
	"source", "diplomat", "witness", "father", "mother", "son", "daughter", "wife", "husband",
	"leader", "minister", "president", "chairman", "director", "executive", "analyst", "trader",
	"dealer", "officer", "policeman", "soldier", "judge", "lawyer", "prosecutor", "doctor",
	"driver", "player", "coach", "manager", "envoy", "ambassador", "negotiator", "mediator",
	"suspect", "victim", "priest", "bishop", "pilot", "journalist", "reporter", "writer",
	"scientist", "economist", "worker", "farmer", "teacher", "student", "child", "baby",
	"resident", "businessman", "chief", "head", "commander", "general", "governor", "mayor",
	"senator", "candidate", "defender", "striker", "rider", "champion", "veteran", "survivor")

func personNoun(w string) bool {
	return personNouns[w] || strings.HasSuffix(w, "ist") || strings.HasSuffix(w, "man") || strings.HasSuffix(w, "woman")
}

// competing reports whether a noun phrase that is no entity is the
// likelier antecedent of the pronoun at token k of sentence si: the
// sentence opens with one before the pronoun (a non-person for "it", a
// person noun for "he"/"she"), or the pronoun opens the sentence and the
// one before opened with one.
func (d *docState) competing(si, k int, p pron) bool {
	bad := func(sb subject) bool {
		switch sb.kind {
		case subjCommon:
			if p.animate {
				return personNoun(sb.head)
			}
			return true
		case subjEntity:
			// "Yannos Papandoniou defends the policy, says it won't
			// change": a person subject leaves "it" to something unnamed.
			return !p.animate && d.ents[sb.ent] != nil && d.ents[sb.ent].typ == kg.Person
		}
		return false
	}
	if p.animate && d.personNounBefore(si, k, p.gender) {
		return true
	}
	sb := d.sentenceSubject(si)
	if sb.kind != subjNone && sb.tok < k && bad(sb) {
		return true
	}
	// "... urged that the agency reopen its study": the clause's own
	// subject, when the clause is not the sentence.
	if cs := d.clauseStart(si, k); cs > d.a.Sentences[si].TokStart {
		if cb := d.subjectFrom(si, cs); cb.kind != subjNone && cb.tok < k && bad(cb) {
			return true
		}
	}
	if sb.kind == subjPronoun && sb.tok == k && si > 0 {
		return bad(d.sentenceSubject(si - 1))
	}
	return false
}

// pluralBetween: a plural common noun stands between tokens from and to
// ("X and Y ... people gathered to express their"): "they" is likelier it.
func (d *docState) pluralBetween(from, to int) bool {
	for j := from; j < to; j++ {
		if !d.covered[j] && d.a.Tokens[j].Tag == "NNS" {
			return true
		}
	}
	return false
}

var maleNouns = set("man", "boy", "father", "husband", "son", "spokesman", "businessman", "policeman", "brother")
var femaleNouns = set("woman", "girl", "mother", "wife", "daughter", "spokeswoman", "businesswoman", "policewoman", "sister")

// personNounBefore: "the woman ... her bed": a determiner and a singular
// person noun of a fitting gender stand before token k in its sentence.
func (d *docState) personNounBefore(si, k int, g gender) bool {
	s := d.a.Sentences[si]
	toks := d.a.Tokens
	for j := s.TokStart + 1; j < k; j++ {
		w := strings.ToLower(toks[j].Text)
		if d.covered[j] || toks[j].Tag != "NN" || !personNoun(w) || d.described[j] != "" {
			continue
		}
		if j+1 < k && isNoun(toks[j+1].Tag) {
			continue
		}
		if g == male && femaleNouns[w] || g == female && maleNouns[w] {
			continue
		}
		for b := j - 1; b >= s.TokStart && b >= j-3; b-- {
			if toks[b].Tag == "DT" || toks[b].Tag == "POS" || toks[b].Tag == "PRP$" {
				return true
			}
		}
	}
	return false
}
