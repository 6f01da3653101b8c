package relation

import "github.com/entigraph/entigraph/kg"

// Qualifiers are read in a window after the relation's arguments: the
// prepositional phrases that attach to the event ("met in Anchorage", "at
// the White House on Thursday", "signed with Putin in 2024", "ahead of a
// summit in Alaska"). The window ends at a verb, a relative pronoun, any
// punctuation, or a preposition that starts a phrase about something else
// ("the war in Ukraine" after "to discuss", "over", "amid", "about").
const windowLen = 16

var stopPreps = map[string]bool{
	"of": true, "about": true, "over": true, "amid": true, "against": true, "for": true,
	"to": true, "from": true, "into": true, "since": true, "than": true, "like": true,
	"as": true, "because": true, "despite": true, "following": true, "toward": true,
	"towards": true, "under": true, "through": true, "by": true, "that": true, "while": true,
	"when": true, "where": true, "until": true, "but": true, "or": true,
}

// Head nouns after a place name that keep it the place ("the Kursk region").
var placeHeads = map[string]bool{
	"region": true, "city": true, "province": true, "oblast": true, "state": true,
	"area": true, "district": true, "county": true, "territory": true, "capital": true,
	"peninsula": true, "island": true, "islands": true, "border": true, "town": true,
}

// window calls fn on each token from end on while the window lasts; fn
// returns true to stop early.
func (v *view) window(end int, fn func(j int) bool) {
	for j := end; j < len(v.toks) && j < end+windowLen; j++ {
		t := v.toks[j]
		if v.nameAt[j] < 0 {
			if t.boundary() || t.verb() || t.relPronoun() {
				return
			}
			if stopPreps[t.low] && !(t.low == "of" && j > 0 && (v.toks[j-1].low == "ahead" || v.toks[j-1].low == "front" || v.toks[j-1].low == "outside")) {
				return
			}
		}
		if fn(j) {
			return
		}
	}
}

func isLocType(t kg.EntityType) bool { return t == kg.Place || t == kg.Country }

// location returns the entity ID of the place where the event of the
// trigger at i happened, or "". The first place in the window after the
// arguments that follows "in", "at" or "near" ("in Anchorage, Alaska" ->
// Anchorage, the most specific); else a place naming the trigger noun ("the
// Alaska summit"); else a sentence-opening "In Anchorage, ...".
func (v *view) location(t *table, i, end int, noun bool) string {
	loc := -1
	v.window(end, func(j int) bool {
		w := v.toks[j]
		if w.low == "in" || w.low == "at" || w.low == "near" {
			if k := v.placeAfter(t, j+1); k >= 0 {
				loc = k
				return true
			}
			return false
		}
		// "ahead of Alaska summit": a place naming a trigger noun.
		if k := v.nameAt[j]; k >= 0 && j == v.ms[k].t0 && isLocType(v.ms[k].Type) && v.namesTrigger(t, k) {
			loc = k
			return true
		}
		return false
	})
	if loc < 0 && noun {
		j := i - 1
		for j >= 0 && v.toks[j].adj() && v.nameAt[j] < 0 {
			j--
		}
		if j >= 0 {
			if k := v.nameAt[j]; k >= 0 && v.ms[k].t1 == j+1 && isLocType(v.ms[k].Type) && !v.ms[k].head {
				loc = k
			}
		}
	}
	if loc < 0 && len(v.toks) > 2 && (v.toks[0].low == "in" || v.toks[0].low == "at") {
		if k := v.placeAfter(t, 1); k >= 0 && v.ms[k].t1 < len(v.toks) && v.toks[v.ms[k].t1].Text == "," && v.ms[k].t1 < i {
			loc = k
		}
	}
	if loc < 0 {
		return ""
	}
	return v.ms[loc].Entity
}

// placeAfter reads the object of a locative preposition starting at token
// j: after determiners and adjectives, a Place or Country name that heads
// the phrase ("in Anchorage", "in Russia's Kursk region" -> Kursk, "in
// Alaska's largest city" -> Alaska), not one that only modifies it ("at a
// US military base"). An Organization is never a location (the ontology
// and the store allow Place and Country only): "at the White House" gives
// a location only when the ner stage types the venue as a Place.
func (v *view) placeAfter(t *table, j int) int {
	for steps := 0; j < len(v.toks) && steps < 3 && v.nameAt[j] < 0 && (v.toks[j].det() || v.toks[j].adj() || v.toks[j].Tag == "CD"); steps++ {
		j++
	}
	if j >= len(v.toks) || v.nameAt[j] < 0 {
		return -1
	}
	k := v.nameAt[j]
	m := v.ms[k]
	if !isLocType(m.Type) {
		return -1
	}
	// A more specific place that this one modifies.
	if k+1 < len(v.ms) && v.ms[k+1].mod == k && isLocType(v.ms[k+1].Type) {
		return k + 1
	}
	if m.head || m.poss {
		return k
	}
	if m.t1 < len(v.toks) && (placeHeads[v.toks[m.t1].low] || v.namesTrigger(t, k)) {
		return k
	}
	return -1
}

// namesTrigger reports whether mention k modifies a trigger noun of the
// table ("Alaska summit").
func (v *view) namesTrigger(t *table, k int) bool {
	j := v.ms[k].t1
	if j >= len(v.toks) {
		return false
	}
	w := v.toks[j]
	if !w.noun() {
		return false
	}
	for _, f := range t.Frames {
		if f.lemmas[w.lem] && f.Trigger.POS != "verb" {
			return true
		}
	}
	return false
}

// date returns the ISO 8601 date of the event whose trigger is tokens
// [i, e) and whose arguments end at end: the first date expression in the
// window after the arguments, else the nearest one before the trigger in
// its clause, else one in the sentence's opening phrase ("On Saturday,
// ..."). See dateAt for the forms and how they are resolved; future says
// the relation is to come, so that "on Saturday" is the next Saturday.
func (v *view) date(i, end int, future bool) string {
	found, date := false, ""
	v.window(end, func(j int) bool {
		if d, n := v.dateAt(j, future); n > 0 {
			found, date = true, d
			return true
		}
		return false
	})
	if found {
		return date
	}
	for j := i - 1; j >= 0 && !v.toks[j].boundary(); j-- {
		if v.nameAt[j] >= 0 {
			continue
		}
		if d, n := v.dateAt(j, future); n > 0 && j+n <= i {
			return d
		}
	}
	if len(v.toks) > 0 && v.toks[0].Tag == "IN" {
		for j := 1; j < len(v.toks) && j < i && !v.toks[j].boundary(); j++ {
			if d, n := v.dateAt(j, future); n > 0 {
				return d
			}
		}
	}
	return ""
}
