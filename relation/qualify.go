package relation

import "github.com/entigraph/entigraph/kg"

// Qualify reads the location and date of a relation that another
// extractor found (relation/learn's classifier) between the mentions ms
// and mo of one sentence of a (names, or pronouns and descriptions that
// are not in a.Mentions), with the rules'
// qualifier code (docs/relations.md, "Qualifiers"), for the qualifiers
// the predicate's table asks for. The trigger is taken to be the first
// verb between the two mentions, else the first common noun there, else
// the first verb within four words after the second one ("Kinkel and
// Primakov met in Moscow on Friday"). Either result may be "". A location
// that is one of the two parties is dropped.
func (x *Extractor) Qualify(a *kg.Annotated, predicate string, ms, mo *kg.Mention) (location, date string) {
	var t *table
	for _, tt := range x.tables {
		if tt.Predicate == predicate {
			t = tt
		}
	}
	if t == nil || !t.location && !t.date || ms == nil || mo == nil {
		return "", ""
	}
	si := ms.Sentence
	if si != mo.Sentence || si < 0 || si >= len(a.Sentences) || a.Sentences[si].TokStart >= a.Sentences[si].TokEnd {
		return "", ""
	}
	v := x.newView(a, si)
	s0, s1 := v.tokRange(ms.Start, ms.End)
	o0, o1 := v.tokRange(mo.Start, mo.End)
	if s0 >= s1 || o0 >= o1 {
		return "", ""
	}
	l, r := min(s1, o1), max(s0, o0) // the words between
	end := max(s1, o1)
	trig, noun := -1, false
	for k := l; k < r && trig < 0; k++ {
		if v.nameAt[k] < 0 && v.toks[k].verb() {
			trig = k
		}
	}
	for k := l; k < r && trig < 0; k++ {
		if v.nameAt[k] < 0 && v.toks[k].noun() {
			trig, noun = k, true
		}
	}
	for k := end; k < len(v.toks) && k < end+4 && trig < 0; k++ {
		if v.nameAt[k] < 0 && v.toks[k].verb() && !v.toks[k].aux() {
			trig = k
			end = k + 1
		}
	}
	if trig < 0 {
		trig = min(l, len(v.toks)-1)
	}
	if t.location {
		location = v.location(t, trig, end, noun)
		if location == ms.Entity || location == mo.Entity {
			location = ""
		}
	}
	if t.date {
		date = v.date(trig, end, v.future(trig, trig+1, end, noun))
	}
	return location, date
}
