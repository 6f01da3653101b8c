package relation

import (
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

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
	if !v.triggered(f.trigIDs) {
		return nil // no trigger in the sentence (the most frames)
	}
	var at []int
	for _, l := range f.Trigger.Lemmas {
		at = append(at, v.byLemma[strings.ToLower(l)]...)
	}
	if len(f.Trigger.Lemmas) > 1 {
		sort.Ints(at)
	}
	var out []cand
	for _, i := range at {
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
	verb := tw.verb()
	passive := verb && v.passiveAt(i)
	if len(f.requires) > 0 && !(passive && f.Passive == "actor") && !v.near(i, f.Window, f.requires) {
		return nil, false
	}

	// Parties in one group: "signed by X and Y", "agreement between X and Y".
	var pairs []int
	end := e
	if len(f.pairs) > 0 {
		j := v.skipAdv(e)
		if k := v.skipTime(j); k < len(v.toks) && k > j && f.pairs[v.toks[k].low] {
			j = k // "talks on Thursday between X and Y"
		}
		if j < len(v.toks) && f.pairs[v.toks[j].low] {
			if g, ge := v.rightGroup(j+1, nil); len(g) >= 2 {
				pairs, end = g, ge
			}
		}
		if pairs == nil && f.pairs["hyphen"] && !verb {
			// "the Trump-Putin summit", "the DPRK-Russia alliance".
			h := i - 1
			for h >= 0 && v.toks[h].adj() && len(v.innerAt[h]) == 0 && v.nameAt[h] < 0 {
				h--
			}
			if h >= 0 {
				if g := v.innerAt[h]; len(g) >= 2 {
					pairs = g
				}
			}
		}
	}

	// Subjects.
	var subjects, chain, objects []int
	after := e // where the object's preposition may start
	scanned := false
	switch {
	case pairs != nil:
	case passive && f.Passive == "by":
		// "Y was praised by X": the agent after "by" is the subject.
		j := v.skipAdv(e)
		if j >= len(v.toks) || v.toks[j].low != "by" {
			return nil, false
		}
		g, ge := v.rightGroup(j+1, nil)
		if len(g) == 0 {
			return nil, false
		}
		objects, chain = v.leftGroup(i)
		if len(objects) == 0 {
			return nil, false
		}
		subjects, end = g, ge
	case passive && f.Passive == "actor":
		// "North Korean troops were sent to Kursk": the troops' country.
		subjects, chain = v.leftGroup(i)
		for _, k := range subjects {
			if !v.ms[k].actor {
				return nil, false
			}
		}
	default:
		if passive && f.Passive != "" {
			return nil, false
		}
		if f.objAs && !verb {
			// "Trump sees Merz as an ally": the via verb's subject and
			// object.
			subjects, objects, chain = v.asObject(i, f)
			if len(subjects) > 0 && len(objects) > 0 {
				break
			}
			subjects, objects, chain = nil, nil, nil
		}
		for _, s := range f.subj {
			switch s {
			case "left":
				if verb || tw.adj() { // "are deeply grateful to X"
					subjects, chain = v.leftGroup(i)
					if len(subjects) == 0 && len(f.via) > 0 {
						subjects, chain = v.viaTroops(i, f)
					}
				} else if len(f.via) > 0 {
					subjects, chain = v.viaLeft(i, f)
				}
			case "modifier":
				// "Russian strikes on Kyiv", "the Russian invasion of Ukraine".
				if !verb && i > 0 {
					if k := v.nameAt[i-1]; k >= 0 && v.ms[k].t1 == i && !v.ms[k].head && !v.ms[k].poss {
						subjects = []int{k}
					}
				}
			case "possessor":
				if k := v.possessor(i); k >= 0 {
					subjects = []int{k}
				}
			case "apposition":
				if k := v.apposed(i); k >= 0 && !verb {
					subjects = []int{k}
				}
			case "sentence":
			default:
				// A preposition after a noun trigger: "criticism from
				// the US", "a warm welcome from Trump".
				j := v.skipAdv(e)
				if !verb && j < len(v.toks) && v.toks[j].low == s {
					if g, ge := v.rightGroup(j+1, nil); len(g) > 0 {
						subjects, after, end = g, ge, ge
					}
				}
			}
			if len(subjects) > 0 {
				break
			}
		}
	}

	// Objects.
	if pairs == nil && objects == nil {
		if f.direct && verb {
			if g, ge := v.rightGroup(e, f.fillers); len(g) > 0 {
				objects, end = g, ge
			}
		}
		if objects == nil && len(f.objPreps) > 0 {
			j := after
			for j < len(v.toks) && v.toks[j].adv() && !f.objPreps[v.toks[j].low] {
				j++ // "fight alongside" is tagged as an adverb
			}
			if verb && len(f.requires) > 0 {
				j = v.skipNP(j, f.requires)
			}
			if j < len(v.toks) && f.objPreps[v.toks[j].low] {
				if f.Owner {
					// After a preposition, owner means the phrase's owner
					// only: "fighting in Russia's war".
					if k := v.owner(j + 1); k >= 0 {
						objects, end = []int{k}, v.ms[k].t1
					}
				} else if g, ge := v.rightGroup(j+1, f.fillers); len(g) > 0 {
					objects, end = g, ge
				}
			}
		}
		if objects == nil && f.Scan > 0 {
			// The preposition further on: "sent thousands of his elite
			// troops to Kursk", "warned ... if the United States".
			for j := after; j < len(v.toks) && j < after+f.Scan; j++ {
				w := v.toks[j]
				if v.nameAt[j] >= 0 || !f.objPreps[w.low] {
					if v.nameAt[j] < 0 && (w.boundary() && !isQuote(w) || w.relPronoun()) {
						break // quotation marks do not end the clause
					}
					continue
				}
				if g, ge := v.rightGroup(j+1, f.fillers); len(g) > 0 {
					objects, end, scanned = g, ge, true
					break
				}
				if len(f.purpose) > 0 && w.low == "to" {
					if p, pe := v.purposePlace(t, f, j); p >= 0 {
						objects, end, scanned = []int{p}, pe, true
						break
					}
				}
			}
		}
		if objects == nil && f.Owner && verb {
			if k := v.owner(e); k >= 0 {
				objects, end = []int{k}, v.ms[k].t1
			}
		}
		if objects == nil && f.objLeft {
			var g, c []int
			if verb {
				g, c = v.leftGroup(i)
			} else if len(f.via) > 0 {
				g, c = v.viaLeft(i, f)
			}
			if len(g) > 0 {
				objects, chain = g, c
			}
		}
		if objects == nil && f.objRel && verb && len(subjects) > 0 {
			if k := v.antecedent(v.ms[subjects[0]].u0 - 1); k >= 0 {
				objects = []int{k}
			}
		}
	}
	// "heads of state who had already met Trump, including Zelensky and
	// Meloni": the list names the relative clause's subjects.
	if f.Including && verb && len(subjects) == 0 && len(objects) > 0 && v.relativized(i) &&
		end+1 < len(v.toks) && v.toks[end].Text == "," && v.toks[end+1].low == "including" {
		if g, ge := v.rightGroup(end+2, nil); len(g) > 0 {
			subjects, end = g, ge
		}
	}

	// The sentence's other person: "a meeting with Y", "his meeting with Y".
	if pairs == nil && len(subjects) == 0 && len(objects) > 0 && has(f.subj, "sentence") {
		if k := v.otherPerson(i, end, objects); k >= 0 {
			subjects = []int{k}
		}
	}

	if len(f.SubjTypes) > 0 {
		if subjects = v.ofTypes(subjects, f.SubjTypes); len(subjects) == 0 {
			return nil, false
		}
	}
	if len(f.ObjTypes) > 0 {
		if objects = v.ofTypes(objects, f.ObjTypes); len(objects) == 0 {
			return nil, false
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

	mend := end
	if scanned {
		mend = e // the words up to a scanned object are another clause's
	}
	mod := v.modality(i, e, mend, chain, !verb)
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
	needVerb := false // past "and", before the first conjunct's verb
	for j := i - 1; j >= 0; j-- {
		t := v.toks[j]
		if needVerb {
			// The first conjunct's object and adverbs: "Merz knows the
			// United States well and once worked for BlackRock".
			if k := v.inUnit[j]; k >= 0 {
				j = v.ms[k].u0
				continue
			}
			if t.det() || t.adv() || t.Tag == "RP" || t.adj() || t.noun() && !t.verb() {
				continue
			}
			if t.verb() {
				needVerb = false
				chain = append(chain, j)
				continue
			}
			return nil, nil
		}
		if k := v.endAt[j]; k >= 0 {
			g := v.extendLeft(k)
			p := v.ms[g[0]].u0 - 1
			for p >= 0 && v.nameAt[p] < 0 && v.toks[p].det() {
				p--
			}
			if p >= 0 && v.nameAt[p] < 0 && objectPreps[v.toks[p].low] {
				// "King Hassan of Morocco met", "flew to Moscow to meet",
				// "the head of the SBU tells": the names belong to a
				// phrase, not the subject; unless the phrase is an
				// apposition to a person whose closing comma is missing:
				// "Vasyl Maliuk, the head of the SBU tells the BBC".
				if k := v.openAppositive(p); k >= 0 {
					return []int{k}, chain
				}
				return nil, nil
			}
			return g, chain
		}
		// A time phrase between subject and verb: "Grossi last week
		// told", "Gerasimov on Saturday said".
		if s := v.dateEndingAt(j); s >= 0 {
			for x := s; x <= j; x++ {
				chain = append(chain, x)
			}
			j = s
			if j > 0 && (v.toks[j-1].low == "on" || v.toks[j-1].low == "in") {
				j--
			}
			continue
		}
		// "X confirmed (that) it had sent": a subject pronoun of a
		// reported clause is the reporting verb's subject.
		if t.Tag == "PRP" && (t.low == "i" || t.low == "we") {
			// A quote's "I" or "we" is its speaker, when the sentence
			// names one: "\"We are on the side of Ukraine,\" Merz said".
			if k := v.speaker(j); k >= 0 {
				return []int{k}, chain
			}
			return nil, nil
		}
		if t.low == "and" && !vpCoord {
			// "We appreciate it a lot and are deeply grateful to X": a
			// quote's first-person subject shared by both verbs.
			if q := v.quoteOpen(j); q >= 0 && q+2 < j && (v.toks[q+1].low == "we" || v.toks[q+1].low == "i") && v.toks[q+2].verb() {
				if k := v.speaker(q + 1); k >= 0 {
					return []int{k}, chain
				}
			}
		}
		if t.Tag == "PRP" && subjectPronouns[t.low] {
			// Back over "that", adverbs and a short time or prepositional
			// phrase: "confirmed in late April 2025 that it had sent",
			// "confirmed for the first time that it had deployed".
			for p := j - 1; p >= 0 && p >= j-8 && v.nameAt[p] < 0; p-- {
				w := v.toks[p]
				if w.verb() {
					if reportVerbs[w.lem] {
						g, _ := v.leftGroup(p)
						return g, chain
					}
					break
				}
				if !(w.low == "that" || w.adv() || w.det() || w.adj() || w.noun() || w.Tag == "CD" || w.Tag == "IN") {
					break
				}
			}
			return nil, nil
		}
		next := word{}
		if j+1 < len(v.toks) {
			next = v.toks[j+1]
		}
		switch {
		case v.nameAt[j] >= 0:
			return nil, nil // a name that is not an actor ("North Korean troops")
		case isQuote(t) && j > 0 && v.toks[j-1].Text == ",":
			// The closing mark of a quoted name in a parenthetical:
			// "the so-called \"Storm Corps,\" were dispatched".
			continue
		case t.Tag == "MD" || t.aux() || t.adv() || t.negation() || t.Tag == "TO" || t.Tag == "RP":
		case (t.verb() || t.adj()) && (next.Tag == "TO" || next.low == "to"):
			// "set to", "due to", "hoped to", "refused to"
		case t.verb() && j == i-1 && v.toks[i].Tag == "VBG" && !t.aux():
			// A gerund trigger's governing verb, a modality cue when it
			// hedges or denies: "denied attacking", "may consider
			// sending", "began shelling".
		case t.low == "and" && j > 0 && (v.toks[j-1].verb() || v.toks[j-1].Tag == "RP" || v.toks[j-1].adv()):
			vpCoord = true
			needVerb = !v.toks[j-1].verb()
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

// subjectPronouns may stand for the subject of the reporting verb before
// them: "North Korea has officially confirmed it sent soldiers".
var subjectPronouns = map[string]bool{"it": true, "he": true, "she": true, "they": true}

// reportVerbs introduce a reported clause whose pronoun subject is theirs.
var reportVerbs = map[string]bool{
	"say": true, "confirm": true, "admit": true, "acknowledge": true, "announce": true,
	"claim": true, "state": true, "add": true, "declare": true, "insist": true, "reveal": true,
	"stress": true, "argue": true,
}

// dateEndingAt returns the first token of a date expression ending at
// token j ("last week", "Saturday"), or -1.
func (v *view) dateEndingAt(j int) int {
	for s := j; s >= 0 && s >= j-3; s-- {
		if v.nameAt[s] >= 0 {
			return -1
		}
		if _, n := v.dateAt(s, false); n > 0 && s+n == j+1 {
			return s
		}
		if w := v.toks[j].low; s == j && (w == "week" || w == "month" || w == "year") && j > 0 {
			switch v.toks[j-1].low {
			case "last", "this", "next", "earlier", "later":
				return j - 1
			}
		}
	}
	return -1
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
		// A person's apposition without an article, as Reuters writes
		// them: "Vivit Chatuparisut, deputy director general of the
		// Correction Department, told Reuters"; an age: "Chamorro, 66,".
		if p := v.ms[v.endAt[c-1]]; p.Type == kg.Person && (nx.Tag == "CD" ||
			v.nameAt[c+1] < 0 && lowerWord(nx.low) && (nx.noun() || nx.adj()) && !nx.verb()) {
			return c
		}
		// ", reportedly elite members of ...,": an adverb before a
		// noun phrase.
		if nx.adv() && c+2 < j && v.nameAt[c+2] < 0 && (v.toks[c+2].adj() || v.toks[c+2].det() || v.toks[c+2].noun()) {
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
	described := false // a filler noun was skipped: "the US investment firm"
loop:
	for steps := 0; j < n && v.unitAt[j] < 0 && steps < 6; steps++ {
		t := v.toks[j]
		switch {
		case t.Text == "," && described:
			break loop
		case v.nameAt[j] >= 0:
			m := v.ms[v.nameAt[j]]
			if m.head || m.Type == kg.Person {
				return nil, j
			}
			if m.t1 < n && mediaNouns[v.toks[m.t1].low] && fillers[v.toks[m.t1].low] && m.Type == kg.Organization {
				// "told NTV television", "told Reuters Television": the
				// outlet the frame's filler names.
				return []int{v.nameAt[j]}, m.t1 + 1
			}
			j = m.t1
			if j < n && isPossessive(v.toks[j]) {
				return nil, j // "Ukraine's president": the head is not a name
			}
		case t.det() || t.adj() && t.low != "alone":
			j++
		case fillers[t.lem] || fillers[t.low]:
			described = true
			j++
		default:
			return nil, j
		}
	}
	// "the US investment firm, BlackRock": a name in apposition to the
	// described head, when it ends the phrase.
	if j+1 < n && v.toks[j].Text == "," && described && v.unitAt[j+1] >= 0 {
		a := v.ms[v.unitAt[j+1]].t1
		if a >= n || v.toks[a].boundary() {
			j++
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

// apposed finds the name an apposition opened by a noun trigger at i
// hangs on: "RSA Data Security, a unit of Security Dynamics" (RSA Data
// Security), "X, a wholly-owned subsidiary of Y"; or -1. The apposition is
// a determiner and up to three adjectives, participles or numbers before
// the noun, right after a comma that ends the name.
func (v *view) apposed(i int) int {
	j := i - 1
	for steps := 0; j >= 0 && steps < 3 && v.nameAt[j] < 0 && (v.toks[j].adj() || v.toks[j].Tag == "CD" || v.toks[j].Tag == "VBN"); steps++ {
		j--
	}
	if j < 2 || !v.toks[j].det() || v.toks[j-1].Text != "," {
		return -1
	}
	if k := v.nameAt[j-2]; k >= 0 && v.ms[k].t1 == j-1 {
		return k
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
	for j >= 0 && v.nameAt[j] < 0 && (v.toks[j].det() || v.toks[j].adj() || v.toks[j].Tag == "CD" || v.toks[j].noun() ||
		v.toks[j].Tag == "VBN" && j > 0 && v.toks[j-1].det()) { // "during a televised interview"
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

// ofTypes keeps the mentions whose type is one of types.
func (v *view) ofTypes(ks []int, types []string) []int {
	var keep []int
	for _, k := range ks {
		if has(types, string(v.mention(k).Type)) {
			keep = append(keep, k)
		}
	}
	return keep
}

// skipTime returns the token after a short time phrase starting at j ("on
// Thursday", "last week", "earlier this month"), or j when there is none.
func (v *view) skipTime(j int) int {
	k := j
	for k < len(v.toks) && k < j+3 && (timeWords[v.toks[k].low] || v.toks[k].Tag == "CD") {
		k++
	}
	return k
}

var timeWords = map[string]bool{
	"on": true, "last": true, "this": true, "earlier": true, "later": true, "week": true, "month": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"weekend": true, "overnight": true, "yesterday": true, "today": true,
}

// mediaNouns are the nouns an outlet's name may stand before ("NTV
// television") when a frame lists them as fillers (spoke_with's tell).
var mediaNouns = map[string]bool{"television": true, "tv": true, "radio": true, "newspaper": true, "daily": true,
	"weekly": true, "magazine": true, "agency": true}
