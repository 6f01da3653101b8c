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
// trigger's clause after the arguments ("met Putin by telephone on
// Wednesday"), else the nearest one before the trigger in its clause ("China
// on Thursday accused ..."), else one in the sentence's opening phrase ("On
// Saturday, ..."). A date in another clause (after a verb, a relative
// pronoun or a conjunction such as "that" or "because") belongs to that
// clause's event and is not taken. See dateAt for the forms and how they
// are resolved; future says the relation is to come, so that "on Saturday"
// is the next Saturday.
func (v *view) date(i, end int, future bool) string {
	for j := v.afterApposition(end); j < len(v.toks) && j < end+windowLen; j++ {
		if v.nameAt[j] < 0 && v.dateStop(j) {
			break
		}
		if d, n := v.dateAt(j, future); n > 0 {
			return d
		}
	}
	// A year before a trigger noun: "Moscow's 2022 invasion of Ukraine".
	if i > 0 && i < len(v.toks) && v.toks[i].noun() && v.nameAt[i-1] < 0 {
		if y := v.toks[i-1].Text; len(y) == 4 && y >= "1900" && y <= "2100" && digitsOnly(y) {
			return y
		}
	}
	for j := i - 1; j >= 0 && !v.toks[j].boundary(); j-- {
		if v.nameAt[j] >= 0 {
			continue
		}
		if d, n := v.dateAt(j, future); n > 0 && j+n <= i {
			// The longest expression that ends here: "last Thursday",
			// "9 May 2025", not "Thursday", "May 2025".
			for k := j - 1; k >= 0 && k >= j-3 && !v.toks[k].boundary(); k-- {
				if d2, n2 := v.dateAt(k, future); n2 > 0 && k+n2 >= j+n && k+n2 <= i {
					d = d2
				}
			}
			return d
		}
		if v.dateStop(j) {
			break
		}
	}
	if len(v.toks) > 0 && v.toks[0].Tag == "IN" {
		// The opening phrase dates the main clause, not a clause inside it
		// ("In April, Pyongyang confirmed that it had deployed troops").
		for j := 1; j < i; j++ {
			if v.nameAt[j] < 0 && (v.toks[j].relPronoun() || dateClauseStops[v.toks[j].low]) {
				return ""
			}
		}
		for j := 1; j < len(v.toks) && j < i && !v.toks[j].boundary(); j++ {
			if d, n := v.dateAt(j, future); n > 0 {
				return d
			}
		}
	}
	return ""
}

// dateClauseStops end the clause a date is looked for in.
var dateClauseStops = map[string]bool{
	"that": true, "because": true, "while": true, "when": true, "where": true,
	"after": true, "before": true, "since": true, "until": true, "although": true,
	"though": true, "if": true, "whether": true, "but": true, "or": true, "as": true,
}

// afterApposition returns the token after an apposition that starts at
// end ("appointed Toure, a former civil servant, last month"): a comma, a
// noun phrase with no verb, a comma. Otherwise it returns end.
func (v *view) afterApposition(end int) int {
	if end >= len(v.toks) || v.toks[end].Text != "," {
		return end
	}
	for k := end + 1; k < len(v.toks) && k <= end+12; k++ {
		t := v.toks[k]
		if v.nameAt[k] >= 0 {
			continue
		}
		switch {
		case t.Text == ",":
			if k > end+1 && (v.toks[end+1].det() || v.toks[end+1].Tag == "PRP$") {
				return k + 1
			}
			return end
		case t.boundary() || t.verb() || t.relPronoun() || t.Tag == "CC" || t.Tag == "MD":
			return end
		}
	}
	return end
}

// dateStop reports whether token j ends the clause a date is looked for
// in: punctuation, a relative pronoun, a conjunction that opens another
// clause ("after" and the like only before a clause, not before a noun
// phrase: "after a meeting with Lebed"), "and" or "or" before a determiner,
// or a verb other than an auxiliary ("has", "was", "did").
func (v *view) dateStop(j int) bool {
	t := v.toks[j]
	if dateClauseStops[t.low] && t.Tag == "IN" && j+1 < len(v.toks) && t.low != "that" && t.low != "because" && t.low != "while" && t.low != "although" && t.low != "though" && t.low != "if" && t.low != "whether" {
		switch n := v.toks[j+1]; {
		case n.det() || n.Tag == "PRP$" || n.Tag == "CD" || n.adj() || n.noun():
			return false
		}
	}
	if t.boundary() || t.relPronoun() || dateClauseStops[t.low] {
		return true
	}
	// "and a possible visit ... next month": a coordinated noun phrase
	// with its own event.
	if t.Tag == "CC" && j+1 < len(v.toks) && (v.toks[j+1].det() || v.toks[j+1].Tag == "PRP$") {
		return true
	}
	if t.verb() {
		switch t.lem {
		case "be", "have", "do":
			return false
		}
		return true
	}
	return false
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
