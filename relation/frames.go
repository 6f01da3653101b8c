package relation

import "github.com/entigraph/entigraph/kg"

// cand is one relation found in a sentence, before merging.
type cand struct {
	t         *table
	subj, obj int // indices in view.ms
	modality  string
	location  string // entity ID
	date      string
	role      string
	frame     string
}

// events matches an event frame at every trigger of the sentence.
func (v *view) events(t *table, f *frame) []cand {
	var out []cand
	for i := range v.toks {
		if m, ok := v.match(t, f, i); ok {
			out = append(out, m...)
		}
	}
	return out
}

// match tries frame f with its trigger at token i.
func (v *view) match(t *table, f *frame, i int) ([]cand, bool) {
	tw := v.toks[i]
	if v.nameAt[i] >= 0 || !f.lemmas[tw.lem] || !posOK(f.Trigger.POS, tw) {
		return nil, false
	}
	e := i + 1 // end of the trigger
	if len(f.then) > 0 {
		j := e
		for j < len(v.toks) && v.toks[j].det() {
			j++
		}
		if j >= len(v.toks) || !f.then[v.toks[j].lem] {
			return nil, false
		}
		e = j + 1
	}
	if len(f.requires) > 0 && !v.near(i, f.Window, f.requires) {
		return nil, false
	}
	verb := tw.verb()

	// Parties in one group: "signed by X and Y", "agreement between X and Y".
	var pairs []int
	end := e
	if len(f.pairs) > 0 {
		j := v.skipAdv(e)
		if j < len(v.toks) && f.pairs[v.toks[j].low] {
			if g, ge := v.rightGroup(j+1, nil); len(g) >= 2 {
				pairs, end = g, ge
			}
		}
	}

	// Subjects.
	var subjects, chain []int
	if pairs == nil {
		for _, s := range f.subj {
			switch s {
			case "left":
				if verb {
					subjects, chain = v.leftGroup(i)
				} else if len(f.via) > 0 {
					subjects, chain = v.viaLeft(i, f)
				}
			case "possessor":
				if k := v.possessor(i); k >= 0 {
					subjects = []int{k}
				}
			}
			if len(subjects) > 0 {
				break
			}
		}
	}

	// Objects.
	var objects []int
	if pairs == nil {
		if f.direct && verb {
			if g, ge := v.rightGroup(e, f.fillers); len(g) > 0 {
				objects, end = g, ge
			}
		}
		if objects == nil && len(f.objPreps) > 0 {
			j := v.skipAdv(e)
			if verb && len(f.requires) > 0 {
				j = v.skipNP(j, f.requires)
			}
			if j < len(v.toks) && f.objPreps[v.toks[j].low] {
				if g, ge := v.rightGroup(j+1, f.fillers); len(g) > 0 {
					objects, end = g, ge
				}
			}
		}
	}

	// The sentence's other person: "a meeting with Y", "his meeting with Y".
	if pairs == nil && len(subjects) == 0 && len(objects) > 0 && has(f.subj, "sentence") {
		if k := v.otherPerson(i, end, objects); k >= 0 {
			subjects = []int{k}
		}
	}

	var rel [][2]int
	switch {
	case pairs != nil:
		rel = allPairs(pairs)
	case len(objects) > 0:
		for _, s := range subjects {
			for _, o := range objects {
				rel = append(rel, [2]int{s, o})
			}
		}
		// Companions: "X will be joined in his meeting with Y by A and B".
		if f.Companions != nil {
			comp, ce := v.companions(f, i, end)
			for _, c := range comp {
				for _, o := range objects {
					rel = append(rel, [2]int{c, o})
				}
			}
			if ce > end {
				end = ce
			}
		}
	case f.Reciprocal && len(subjects) >= 2:
		rel = allPairs(subjects)
	}
	if len(rel) == 0 {
		return nil, false
	}

	mod := v.modality(i, e, end, chain, !verb)
	loc, date := "", ""
	if t.location {
		loc = v.location(t, i, end, !verb)
	}
	if t.date {
		date = v.date(i, end, v.future(i, e, end, !verb))
	}
	var out []cand
	for _, r := range rel {
		out = append(out, cand{t: t, subj: r[0], obj: r[1], modality: mod, location: loc, date: date, frame: f.Name})
	}
	return out, true
}

func posOK(pos string, w word) bool {
	switch pos {
	case "verb":
		return w.verb()
	case "noun":
		return w.noun()
	}
	return true
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func allPairs(g []int) [][2]int {
	var out [][2]int
	for a := 0; a < len(g); a++ {
		for b := a + 1; b < len(g); b++ {
			out = append(out, [2]int{g[a], g[b]})
		}
	}
	return out
}

// near reports whether a token with one of the lemmas lies within w tokens
// of i.
func (v *view) near(i, w int, lemmas map[string]bool) bool {
	for j := max(0, i-w); j < min(len(v.toks), i+w+1); j++ {
		if j != i && v.nameAt[j] < 0 && lemmas[v.toks[j].lem] && v.toks[j].noun() {
			return true
		}
	}
	return false
}

func (v *view) skipAdv(j int) int {
	for j < len(v.toks) && v.toks[j].adv() {
		j++
	}
	return j
}

// skipNP skips a short noun phrase holding one of the lemmas ("a mutual
// defence treaty" in "signed a mutual defence treaty with Russia").
func (v *view) skipNP(j int, lemmas map[string]bool) int {
	found := false
	k := j
	for ; k < len(v.toks) && k < j+7; k++ {
		w := v.toks[k]
		if v.nameAt[k] >= 0 || !(w.det() || w.adj() || w.noun() || w.Tag == "CD" || w.Tag == "HYPH") {
			break
		}
		if lemmas[w.lem] {
			found = true
		}
	}
	if found {
		return k
	}
	return j
}

// leftGroup finds the parties before the verb at token i: the coordinated
// heads just before its verb chain ("X and Y have touched down and shared",
// "X, who were originally set to meet", "X would not meet"). chain returns
// the verb chain's tokens, where chain cues of modality count.
func (v *view) leftGroup(i int) (group, chain []int) {
	vpCoord := false
	for j := i - 1; j >= 0; j-- {
		t := v.toks[j]
		if k := v.endAt[j]; k >= 0 {
			g := v.extendLeft(k)
			if p := v.ms[g[0]].u0 - 1; p >= 0 && objectPreps[v.toks[p].low] {
				// "King Hassan of Morocco met", "flew to Moscow to meet":
				// the names belong to a phrase, not the subject.
				return nil, nil
			}
			return g, chain
		}
		next := word{}
		if j+1 < len(v.toks) {
			next = v.toks[j+1]
		}
		switch {
		case v.nameAt[j] >= 0:
			return nil, nil // a name that is not an actor ("North Korean troops")
		case t.Tag == "MD" || t.aux() || t.adv() || t.negation() || t.Tag == "TO" || t.Tag == "RP":
		case (t.verb() || t.adj()) && (next.Tag == "TO" || next.low == "to"):
			// "set to", "due to", "hoped to", "refused to"
		case t.low == "and" && j > 0 && (v.toks[j-1].verb() || v.toks[j-1].Tag == "RP" || v.toks[j-1].adv()):
			vpCoord = true
		case t.verb() && vpCoord:
		case t.relPronoun():
			// "X, who were set to meet": the antecedent is before the comma.
			if j > 0 && v.toks[j-1].Text == "," {
				j--
			}
		case t.Text == ",":
			if c := v.parenthetical(j); c >= 0 {
				j = c // loop's j-- lands on the head before the opening comma
				continue
			}
			if next.Tag == "VBN" || next.Tag == "VBG" || next.adj() {
				continue // reduced relative: "X, due to meet", "X, waiting to shake"
			}
			return nil, nil
		default:
			return nil, nil
		}
		chain = append(chain, j)
	}
	return nil, nil
}

// objectPreps are prepositions whose object is never a clause's subject.
var objectPreps = map[string]bool{
	"of": true, "for": true, "from": true, "with": true, "by": true, "in": true, "at": true,
	"on": true, "to": true, "about": true, "against": true, "among": true, "between": true,
	"into": true, "over": true, "under": true, "without": true, "near": true, "toward": true, "towards": true,
}

// parenthetical returns the opening comma of a parenthetical that the comma
// at j closes (", who was not invited,", ", the chief of staff of ...,"),
// when a head stands before it, or -1.
func (v *view) parenthetical(j int) int {
	for c := j - 1; c > 0; c-- {
		if v.toks[c].Text != "," {
			continue
		}
		if v.endAt[c-1] < 0 {
			return -1
		}
		nx := v.toks[c+1]
		if nx.relPronoun() || nx.det() || nx.low == "a" || nx.low == "an" || nx.low == "the" ||
			v.nameAt[c+1] >= 0 && v.ms[v.nameAt[c+1]].poss {
			return c
		}
		return -1
	}
	return -1
}

// extendLeft gathers the heads coordinated before head k ("A, B and C").
func (v *view) extendLeft(k int) []int {
	group := []int{k}
	sawAnd, oxford := false, -1
	j := v.ms[k].u0 - 1
	for j >= 0 {
		t := v.toks[j]
		switch {
		case t.joiner():
			jj := j - 1
			if jj >= 0 && v.toks[jj].Text == "," {
				jj--
				oxford = len(group)
			}
			if jj < 0 || v.endAt[jj] < 0 {
				return finishLeft(group, oxford)
			}
			sawAnd = true
			k = v.endAt[jj]
			group = append(group, k)
			j = v.ms[k].u0 - 1
		case t.Text == ",":
			if j == 0 || v.endAt[j-1] < 0 {
				return finishLeft(group, oxford)
			}
			k2 := v.endAt[j-1]
			if sawAnd {
				group = append(group, k2)
				j = v.ms[k2].u0 - 1
				continue
			}
			// Headlines: "Trump, Putin shake hands in Alaska".
			if len(group) == 1 && v.ms[k2].u0 == 0 {
				group = append(group, k2)
			}
			return finishLeft(group, oxford)
		default:
			return finishLeft(group, oxford)
		}
	}
	return finishLeft(group, oxford)
}

// finishLeft orders the group by position; a comma before "and" counts as a
// list only when the list goes on ("A, B, and C", not "Y met Z, and X").
func finishLeft(group []int, oxford int) []int {
	if oxford >= 0 && len(group) < oxford+2 {
		group = group[:oxford]
	}
	out := make([]int, len(group))
	for i, k := range group {
		out[len(group)-1-i] = k
	}
	return out
}

// rightGroup reads the coordinated heads starting at token j, after
// determiners, adjectives, filler nouns ("his Russian counterpart") and
// names that only modify them. It returns the heads and the token after
// the last one.
func (v *view) rightGroup(j int, fillers map[string]bool) ([]int, int) {
	n := len(v.toks)
	for steps := 0; j < n && v.unitAt[j] < 0 && steps < 6; steps++ {
		t := v.toks[j]
		switch {
		case v.nameAt[j] >= 0:
			m := v.ms[v.nameAt[j]]
			if m.head || m.Type == kg.Person {
				return nil, j
			}
			j = m.t1
			if j < n && isPossessive(v.toks[j]) {
				return nil, j // "Ukraine's president": the head is not a name
			}
		case t.det() || t.adj() && t.low != "alone" || fillers[t.lem] || fillers[t.low]:
			j++
		default:
			return nil, j
		}
	}
	if j >= n || v.unitAt[j] < 0 {
		return nil, j
	}
	k := v.unitAt[j]
	group := []int{k}
	commas := false
	sawAnd := false
	j = v.ms[k].t1
	for j < n {
		t := v.toks[j]
		nx := j + 1
		if t.Text == "," {
			if sawAnd {
				break
			}
			if nx < n && v.toks[nx].joiner() {
				nx++
			} else {
				commas = true
			}
		} else if !t.joiner() {
			break
		} else {
			sawAnd = true
		}
		if nx >= n || v.unitAt[nx] < 0 {
			break
		}
		if v.toks[nx-1].joiner() {
			sawAnd = true
		}
		k = v.unitAt[nx]
		group = append(group, k)
		j = v.ms[k].t1
	}
	if commas && !sawAnd {
		group = group[:1]
	}
	return group, v.ms[group[len(group)-1]].t1
}

// viaLeft finds the parties of a noun trigger through a light verb:
// "X and Y shared a handshake", "X and Y are in a meeting".
func (v *view) viaLeft(i int, f *frame) ([]int, []int) {
	j := i - 1
	for steps := 0; j >= 0 && steps < 6; steps++ {
		t := v.toks[j]
		if k := v.nameAt[j]; k >= 0 {
			if v.ms[k].head {
				return nil, nil
			}
			j = v.ms[k].u0 - 1
			continue
		}
		if t.det() || t.adj() || t.Tag == "CD" || t.noun() && !t.verb() {
			j--
			continue
		}
		break
	}
	if j < 0 {
		return nil, nil
	}
	for _, p := range f.via {
		if s := v.matchBack(p, j); s >= 0 {
			g, chain := v.leftGroup(s)
			for x := s; x <= j; x++ {
				chain = append(chain, x)
			}
			return g, chain
		}
	}
	return nil, nil
}

// matchBack matches a lemma phrase ending at token j, adverbs allowed
// between its words, and returns its first token or -1.
func (v *view) matchBack(p []string, j int) int {
	for w := len(p) - 1; w >= 0; w-- {
		for w < len(p)-1 && j >= 0 && v.toks[j].adv() {
			j--
		}
		if j < 0 || v.nameAt[j] >= 0 || v.toks[j].lem != p[w] {
			return -1
		}
		j--
	}
	return j + 1
}

// possessor finds "X's" before a noun trigger ("Trump's first meeting"),
// or -1 (also for a possessive pronoun: "his meeting" is left to the
// sentence strategy).
func (v *view) possessor(i int) int {
	j := i - 1
	for steps := 0; j >= 0 && steps < 3 && (v.toks[j].adj() || v.toks[j].Tag == "CD") && v.nameAt[j] < 0; steps++ {
		j--
	}
	if j > 0 && isPossessive(v.toks[j]) {
		if k := v.nameAt[j-1]; k >= 0 && v.ms[k].poss {
			return k
		}
	}
	return -1
}

// otherPerson is the subject of "a meeting with Y" when the sentence does
// not say it next to the noun: the nearest person before the trigger, or,
// when the trigger sits in an introductory phrase ("For the first meeting
// with Mr Putin since ..., Mr Trump rolled out ..."), the person that
// starts the main clause.
func (v *view) otherPerson(i, end int, objects []int) int {
	// Only a noun in a prepositional phrase ("at a meeting with", "in his
	// meeting with", "for talks with") takes the sentence's person; a noun
	// that a verb governs ("seeking a meeting with", "to bar the meeting
	// with", "to hold talks with") belongs to that verb's subject.
	j := i - 1
	for j >= 0 && v.nameAt[j] < 0 && (v.toks[j].det() || v.toks[j].adj() || v.toks[j].Tag == "CD" || v.toks[j].noun()) {
		j--
	}
	if j >= 0 && !(v.toks[j].Tag == "IN" && v.nameAt[j] < 0) {
		return -1
	}
	skip := map[string]bool{}
	for _, o := range objects {
		skip[v.ms[o].Entity] = true
	}
	for k := len(v.ms) - 1; k >= 0; k-- {
		m := v.ms[k]
		if m.t1 > i || m.Type != kg.Person || skip[m.Entity] {
			continue
		}
		if !m.head {
			return -1 // "Tang's comments ... the time right for talks with Taiwan"
		}
		return k
	}
	if len(v.toks) == 0 || v.toks[0].Tag != "IN" {
		return -1
	}
	for j := 0; j < i; j++ {
		if v.toks[j].boundary() {
			return -1
		}
	}
	for k, m := range v.ms {
		if m.t0 < end || m.Type != kg.Person || !m.head || skip[m.Entity] {
			continue
		}
		if m.u0 == 0 || v.toks[m.u0-1].Text != "," {
			continue
		}
		if m.t1 < len(v.toks) {
			nx := v.toks[m.t1]
			if nx.Tag == "VBD" || nx.Tag == "VBZ" || nx.Tag == "VBP" || nx.Tag == "MD" {
				return k
			}
		}
	}
	return -1
}

// companions finds the parties who join the subject: "X will be joined in
// his meeting with Y by A and B" (passive: the group after the prep) or "A
// and B would join X in his meetings with Y" (active: the join verb's
// subjects).
func (v *view) companions(f *frame, i, end int) ([]int, int) {
	for c := i - 1; c >= 0 && !v.toks[c].boundary(); c-- {
		t := v.toks[c]
		if !f.compVerb[t.lem] || !t.verb() {
			continue
		}
		passive := false
		if t.Tag == "VBN" {
			for b := c - 1; b >= 0 && b >= c-3; b-- {
				if v.toks[b].lem == "be" {
					passive = true
				}
			}
		}
		if passive {
			j := v.skipAdv(end)
			if j < len(v.toks) && v.toks[j].low == f.Companions.Prep {
				return v.rightGroup(j+1, nil)
			}
			return nil, end
		}
		g, _ := v.leftGroup(c)
		return g, end
	}
	return nil, end
}
