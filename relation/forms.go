package relation

import (
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// This file holds the forms of news text beyond a plain "X verb Y": the
// passive ("was praised by X"), a relative clause's antecedent as object
// ("Kursk, which Ukraine invaded"), the owner of an object phrase
// ("praised Germany's defence efforts"), purpose clauses ("sent troops to
// fight in Kursk"), "including" lists, and the located kind ("Anchorage,
// Alaska", "the Embassy in Pyongyang", "Russia's Kursk region").

// passiveAt reports whether the verb at i is a passive participle: "was
// praised", "were not sent", "had been dispatched".
func (v *view) passiveAt(i int) bool {
	if v.toks[i].Tag != "VBN" {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		t := v.toks[j]
		switch {
		case v.nameAt[j] >= 0:
			return false
		case t.lem == "be" || t.lem == "get":
			return true
		case t.adv() || t.negation():
		default:
			return false
		}
	}
	return false
}

// relativized reports whether the verb at i has a relative pronoun as its
// subject: "leaders who had already met Trump".
func (v *view) relativized(i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := v.toks[j]
		switch {
		case v.nameAt[j] >= 0:
			return false
		case t.relPronoun():
			return true
		case t.aux() || t.Tag == "MD" || t.adv() || t.negation():
		default:
			return false
		}
	}
	return false
}

// antecedent returns the name a relative clause starting at token r
// ("which", "that", "whom") refers to, when the name stands just before it
// ("Kursk, which Ukraine invaded"), or -1.
func (v *view) antecedent(r int) int {
	if r < 1 || r >= len(v.toks) {
		return -1
	}
	switch v.toks[r].low {
	case "which", "that", "whom":
	default:
		return -1
	}
	j := r - 1
	if v.toks[j].Text == "," {
		j--
	}
	if j < 0 {
		return -1
	}
	return v.endAt[j]
}

// owner returns the country or organization that owns the phrase starting
// at token j: "Germany's defence efforts", "Russian ground assaults",
// "several Russian air bases", or -1. The name must modify a noun.
func (v *view) owner(j int) int {
	for steps := 0; j < len(v.toks) && steps < 3 && v.nameAt[j] < 0 &&
		(v.toks[j].Tag == "DT" || v.toks[j].adj() || v.toks[j].Tag == "CD"); steps++ {
		j++
	}
	if j >= len(v.toks) {
		return -1
	}
	k := v.nameAt[j]
	if k < 0 || v.ms[k].head || v.ms[k].t0 != j {
		return -1
	}
	m := v.ms[k]
	if m.Type != kg.Country && m.Type != kg.Organization {
		return -1
	}
	nx := m.t1
	if m.poss {
		nx++
	}
	if nx >= len(v.toks) || v.nameAt[nx] >= 0 || !(v.toks[nx].noun() || v.toks[nx].adj()) {
		return -1
	}
	// The phrase's head noun must not be a person: praising "the North
	// Korean troops commander" or "Ukraine's president" is not praising
	// the country.
	h := nx
	for e := nx; e < len(v.toks) && v.nameAt[e] < 0 && (v.toks[e].noun() || v.toks[e].adj()); e++ {
		if v.toks[e].noun() {
			h = e
		}
	}
	if v.x.personNouns[v.toks[h].low] || v.x.personNouns[v.toks[h].lem] {
		return -1
	}
	return k
}

// purposePlace reads "to <verb> ... in <place>" from the "to" at j: the
// place a purpose clause names ("sent troops to fight in Kursk"), or -1.
func (v *view) purposePlace(t *table, f *frame, j int) (int, int) {
	if j+1 >= len(v.toks) || v.toks[j+1].Tag != "VB" {
		return -1, j
	}
	for k := j + 2; k < len(v.toks) && k < j+10; k++ {
		w := v.toks[k]
		if v.nameAt[k] < 0 && (w.boundary() || w.relPronoun()) {
			break
		}
		if v.nameAt[k] < 0 && f.purpose[w.low] {
			if p := v.placeAfter(t, k+1); p >= 0 {
				return p, v.ms[p].t1
			}
		}
	}
	return -1, j
}

// located matches the located kind: a Place (or, after a preposition, an
// Organization) and the Place or Country it lies in, as news writes them:
//
//   - comma: "Anchorage, Alaska", "Odessa, Ukraine", "NAIROBI, Kenya" (not a
//     list: "Kyiv, Kharkiv and Odessa");
//   - in: "the Joint Base Elmendorf-Richardson in Anchorage", "the Russian
//     Embassy in Pyongyang", "Dnipropetrovsk region in eastern Ukraine";
//   - possessive: "Russia's Kursk region", "Ukraine's Zaporizhzhia";
//   - of: "the US city of Chicago", "the Russian region of Belgorod".
//
// A capital standing for its government is never a container, nor a
// demonym except in the "of" form.
func (v *view) located(t *table, f *frame) []cand {
	var out []cand
	n := len(v.toks)
	container := func(k int) bool {
		m := v.ms[k]
		return isLocType(m.Type) && m.Kind != kg.KindCapital && m.Kind != kg.KindDemonym
	}
	// A list ("Kyiv, Kharkiv and Odessa") is no "place, container".
	listBefore := func(k int) bool {
		m := v.ms[k]
		return m.u0 > 1 && (v.toks[m.u0-1].Text == "," || v.toks[m.u0-1].joiner()) && v.endAt[m.u0-2] >= 0
	}
	listAfter := func(k int) bool {
		m := v.ms[k]
		return m.t1+1 < n && (v.toks[m.t1].Text == "," || v.toks[m.t1].joiner()) && v.unitAt[m.t1+1] >= 0
	}
	for k, m := range v.ms {
		if m.Type != kg.Place && m.Type != kg.Organization {
			continue
		}
		if m.u0 >= 2 && (v.toks[m.u0-1].joiner() || v.toks[m.u0-1].low == "for" || v.toks[m.u0-1].low == "of") &&
			capitalised(v.toks[m.u0-2].Text) && (v.nameAt[m.u0-2] < 0 || !isLocType(v.ms[v.nameAt[m.u0-2]].Type)) {
			// A piece of a longer name the ner stage split: "Organisation
			// for Security and Cooperation in Europe".
			continue
		}
		// A compass region in the country or place it names:
		// "northern Iraq" (annotation.md I9).
		if r, ok := v.regionOf[k]; ok {
			out = append(out, cand{t: t, subj: k, obj: r, modality: kg.Asserted, frame: f.Name})
		}
		// comma
		if f.forms["comma"] && m.Type == kg.Place && m.head && m.t1+1 < n && v.toks[m.t1].Text == "," {
			j := m.t1 + 1
			if v.unitAt[j] < 0 && j+1 < n && compass[v.toks[j].low] {
				j++ // "Wroclaw, central Poland" (a compass region is a Place of its own)
			}
			if k2 := v.unitAt[j]; k2 >= 0 && container(k2) && v.ms[k2].mod < 0 && !listBefore(k) && !listAfter(k2) {
				out = append(out, cand{t: t, subj: k, obj: k2, modality: kg.Asserted, frame: f.Name})
				continue
			}
		}
		// in
		// An organization only as a named venue ("the White House in
		// Washington"), not "spoke to Reuters in central Kyiv".
		if f.forms["in"] && m.head && (m.Type == kg.Place || m.u0 > 0 && v.toks[m.u0-1].low == "the") {
			j := m.t1
			headed := false
			if m.Type == kg.Place && j < n && placeHeads[v.toks[j].low] {
				j++ // "Dnipropetrovsk region in eastern Ukraine"
				headed = true
			}
			// "the Guangdong province of China": "of" after a place noun
			// (not "Bank of Canada"), the name right after "the" (not
			// "Norway's remote Arctic island of Spitzbergen").
			// Not "the West Bank town of Ramallah": after a
			// settlement's noun, the name after "of" is the
			// settlement, which the of form places in the first.
			if j < n && (f.preps[v.toks[j].low] || headed && f.forms["of"] && v.toks[j].low == "of" && m.u0 > 0 && v.toks[m.u0-1].low == "the" && !settlements[v.toks[j-1].low]) {
				if k2 := v.placeAfter(t, j+1); k2 >= 0 && k2 != k && container(k2) {
					out = append(out, cand{t: t, subj: k, obj: k2, modality: kg.Asserted, frame: f.Name})
					continue
				}
			}
		}
		// of: "the US city of Chicago", "the Russian region of Belgorod",
		// "China's northeastern province of Liaoning", "Norway's remote
		// Arctic island of Spitzbergen" (up to three lower-case words
		// between the container and the place noun).
		if f.forms["of"] && m.Type == kg.Place && m.u0 >= 3 && v.toks[m.u0-1].low == "of" && placeHeads[v.toks[m.u0-2].low] {
			if k2 := v.containerBefore(m.u0-2, 3, true); k2 >= 0 && isLocType(v.ms[k2].Type) && v.ms[k2].Kind != kg.KindCapital {
				out = append(out, cand{t: t, subj: k, obj: k2, modality: kg.Asserted, frame: f.Name})
				continue
			}
		}
		// capital: "Grozny, the capital of Chechnya", "Wuhan, capital of
		// the central province of Hubei".
		if f.forms["capital"] && m.Type == kg.Place && m.head && m.t1+3 < n && v.toks[m.t1].Text == "," {
			j := m.t1 + 1
			if v.toks[j].low == "the" {
				j++
			}
			if j+1 < n && v.toks[j].low == "capital" && v.toks[j+1].low == "of" {
				j += 2
				// "the central province of Hubei"
				e := j
				for e < n && e < j+4 && v.nameAt[e] < 0 && (v.toks[e].det() || v.toks[e].adj() || lowerWord(v.toks[e].low)) && !placeHeads[v.toks[e].low] {
					e++
				}
				if e+1 < n && placeHeads[v.toks[e].low] && v.toks[e+1].low == "of" {
					j = e + 2
				}
				if k2 := v.placeAfter(t, j); k2 >= 0 && k2 != k && container(k2) {
					out = append(out, cand{t: t, subj: k, obj: k2, modality: kg.Asserted, frame: f.Name})
					continue
				}
			}
		}
		// descriptor: an organization described by its country or place
		// (annotation.md 22, I22): "Belgium's Kredietbank", "Swedish
		// telecoms group LM Ericsson AB", "the Yugoslav news agency
		// Tanjug", "Egypt's largest militant group al-Gama'a". Without
		// words between, only through a possessive ("Belgium's").
		if f.forms["descriptor"] && m.Type == kg.Organization && (m.head || v.orgNounAfter(m.t1)) && m.t0 >= 1 {
			t0 := m.t0
			if t0 >= 3 && v.toks[t0-1].Text == "," && orgNouns[v.toks[t0-2].low] && (m.t1 >= n || v.toks[m.t1].boundary()) {
				t0-- // "the US investment firm, BlackRock."
			}
			if k2 := v.containerBefore(t0, 6, false); k2 >= 0 && isLocType(v.ms[k2].Type) && v.ms[k2].Kind != kg.KindCapital {
				c := v.ms[k2]
				between := t0 - c.t1
				if c.poss {
					between--
				}
				// "Karachi's ethnic Mohajir National Movement": after a
				// possessive, adjectives alone will do.
				adjs := c.poss && between > 0
				for x := t0 - between; adjs && x < t0; x++ {
					adjs = v.toks[x].adj()
				}
				listed := c.u0 > 0 && v.toks[c.u0-1].joiner()
				if (m.mod < 0 || m.mod == k2) && !genericBody(m.Text) && (between > 0 && (orgNouns[v.toks[t0-1].low] || adjs) || between == 0 && c.poss) && !listed {
					// A list after the descriptor: "German retailers
					// Metro, Rewe and Lidl", "U.S. majors Chevron Corp and
					// Texaco Inc".
					for _, p := range v.orgList(k) {
						out = append(out, cand{t: t, subj: p, obj: k2, modality: kg.Asserted, frame: f.Name})
					}
					continue
				}
			}
		}
		// based: "Minneapolis-based First Bank System Inc. and Norwest
		// Corp.", "the New York-based group Human Rights in China"
		// (annotation.md 2.22).
		if f.forms["based"] && m.Type == kg.Organization && m.t0 >= 1 {
			e := m.t0 - 1
			for steps := 0; e > 0 && steps < 3 && v.nameAt[e] < 0 && (v.toks[e].noun() || v.toks[e].adj()) && v.toks[e].Text == v.toks[e].low; steps++ {
				e-- // "the New York-based group X"
			}
			if b, ok := v.basedAt[e]; ok && (e == m.t0-1 || orgNouns[v.toks[m.t0-1].low]) {
				for _, p := range v.orgList(k) {
					out = append(out, cand{t: t, subj: p, obj: b, modality: kg.Asserted, frame: f.Name})
				}
				continue
			}
		}
		// possessive
		if f.forms["possessive"] && m.Type == kg.Place && m.mod >= 0 && v.ms[m.mod].poss && container(m.mod) {
			out = append(out, cand{t: t, subj: k, obj: m.mod, modality: kg.Asserted, frame: f.Name})
		} else if f.forms["possessive"] && m.Type == kg.Place && m.head && m.mod < 0 {
			// "Rochester's one-story Lilac Falls Motel": adjectives
			// between.
			ofPlace := m.t1+1 < n && placeHeads[v.toks[m.t1].low] && v.toks[m.t1+1].low == "of" // "remote Arctic island of X"
			if k2 := v.containerBefore(m.t0, 3, true); k2 >= 0 && !ofPlace && v.ms[k2].poss && v.ms[k2].t1 < m.t0-1 && container(k2) {
				out = append(out, cand{t: t, subj: k, obj: k2, modality: kg.Asserted, frame: f.Name})
			}
		}
	}
	return out
}

// settlements are the place nouns after which "of" introduces the place
// itself ("the West Bank town of Ramallah"), not its container ("the
// Guangdong province of China").
var settlements = map[string]bool{"town": true, "city": true, "village": true, "capital": true, "port": true, "suburb": true}

// orgList returns organization k and those listed right after it, joined
// by commas and a last "and": "Metro, Rewe and Lidl".
func (v *view) orgList(k int) []int {
	out := []int{k}
	for p := k; p+1 < len(v.ms); p++ {
		q := v.ms[p+1]
		gap := q.t0 - v.ms[p].t1
		if q.Type != kg.Organization || gap != 1 || !(v.toks[q.t0-1].Text == "," || v.toks[q.t0-1].joiner()) || genericBody(q.Text) {
			break
		}
		out = append(out, p+1)
		if v.toks[q.t0-1].joiner() {
			break
		}
	}
	return out
}

// containerBefore returns the mention that ends just before token j,
// with "'s" or not, across up to max lower-case words (adjectives, nouns,
// numbers, "and", hyphenated words) in between; with place, the words
// are adjectives or numbers only. -1 when there is none.
func (v *view) containerBefore(j, max int, place bool) int {
	e := j - 1
	for steps := 0; e >= 0 && steps < max && v.nameAt[e] < 0; steps++ {
		w := v.toks[e]
		ok := w.adj() || w.Tag == "CD" || w.Tag == "RBS" || w.Tag == "JJS" || compass[w.low] || strings.HasSuffix(w.low, "-story")
		if !place {
			ok = ok || (w.noun() || w.low == "and" || w.Tag == "VBN") && lowerWord(strings.ReplaceAll(w.low, "-", ""))
		}
		if !ok || w.boundary() || (w.Text != w.low && !w.adj()) || w.low == "language" || strings.HasSuffix(w.low, "-language") {
			break // "the Chinese language daily X": not China's
		}
		e--
	}
	if e < 0 {
		return -1
	}
	if isPossessive(v.toks[e]) && e >= 1 {
		if k := v.nameAt[e-1]; k >= 0 && v.ms[k].poss && v.ms[k].t1 == e {
			return k
		}
		return -1
	}
	if k := v.nameAt[e]; k >= 0 && v.ms[k].t1 == e+1 {
		return k
	}
	return -1
}

// orgNounAfter reports whether one or two lower-case nouns ending in an
// organization noun follow token j: "Russia's Interfax news agency",
// "Serbia's Zastava arms factory".
func (v *view) orgNounAfter(j int) bool {
	for x := j; x < len(v.toks) && x < j+2; x++ {
		w := v.toks[x]
		if !w.noun() || !lowerWord(w.low) {
			return false
		}
		if orgNouns[w.low] {
			return true
		}
	}
	return false
}

// compass are the lower-case words of a region that may stand between a
// place's comma and its container ("Wroclaw, western Poland").
var compass = map[string]bool{
	"northern": true, "southern": true, "eastern": true, "western": true, "central": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"north": true, "south": true, "east": true, "west": true,
}

// orgNouns are the nouns that describe an organization right before its
// name ("Swedish telecoms group LM Ericsson AB"): the descriptor form of
// the located kind.
var orgNouns = map[string]bool{
	"group": true, "company": true, "firm": true, "bank": true, "agency": true, "carmaker": true, "automaker": true,
	"retailer": true, "operator": true, "chain": true, "daily": true, "newspaper": true, "paper": true, "weekly": true,
	"airline": true, "carrier": true, "maker": true, "producer": true, "manufacturer": true, "insurer": true,
	"broker": true, "brokerage": true, "conglomerate": true, "concern": true, "giant": true, "utility": true,
	"unit": true, "subsidiary": true, "party": true, "movement": true, "union": true, "station": true,
	"television": true, "radio": true, "club": true, "university": true, "institute": true, "exporter": true,
	"importer": true, "trader": true, "supplier": true, "distributor": true, "developer": true, "publisher": true,
	"refiner": true, "miner": true, "major": true, "majors": true, "association": true, "federation": true,
	"organisation": true, "organization": true, "business": true, "bankers": true, "holding": true, "magazine": true,
	"network": true, "broadcaster": true, "factory": true, "retailers": true, "companies": true, "firms": true, "faction": true, "rebels": true, "guerrillas": true,
}

// viaTroops finds the subject of a verb trigger reached through troops
// sent for it: "Kim had sent thousands of his elite troops to assist
// Russian ground assaults" (Kim assisted). The frame's via verbs (send,
// deploy) must stand before a phrase holding an actor noun of
// data/actors.yaml, then "to" and the trigger.
func (v *view) viaTroops(i int, f *frame) ([]int, []int) {
	j := i - 1
	if j < 1 || v.toks[j].low != "to" {
		return nil, nil
	}
	j--
	troops := false
	for steps := 0; j >= 0 && steps < 8 && v.nameAt[j] < 0; steps++ {
		t := v.toks[j]
		if v.x.actors.nouns[t.low] && t.noun() {
			troops = true
		} else if !(t.det() || t.adj() || t.Tag == "CD" || t.noun() && !t.verb() || t.low == "of" || t.low == "than" || t.low == "about") {
			break
		}
		j--
	}
	if !troops || j < 0 {
		return nil, nil
	}
	for _, p := range f.via {
		if s := v.matchBack(p, j); s >= 0 {
			// The via verb joins the chain; "to" does not make a
			// plan here: the troops were sent to assist.
			g, chain := v.leftGroup(s)
			for x := s; x <= j; x++ {
				chain = append(chain, x)
			}
			return g, chain
		}
	}
	return nil, nil
}

func isQuote(w word) bool {
	switch w.Text {
	case "\"", "“", "”", "``", "''":
		return true
	}
	return false
}

// quoteOpen returns the opening quotation mark of the quote holding token
// j, or -1 when j is not inside a quote. Marks are paired from the
// sentence's start.
func (v *view) quoteOpen(j int) int {
	open := -1
	for x := 0; x < j; x++ {
		if isQuote(v.toks[x]) {
			if open < 0 {
				open = x
			} else {
				open = -1
			}
		}
	}
	return open
}

// speaker returns the person the sentence says spoke the quote holding
// token j: "\"...,\" Merz said", "\"...,\" the Kremlin cited Putin as
// saying", "Kim said: \"...\"", or -1. The speaker is the subject of what
// the quote asserts only when the sentence attributes the quote so.
func (v *view) speaker(j int) int {
	q := v.quoteOpen(j)
	if q < 0 {
		return -1
	}
	sayNear := func(m mref) bool {
		for x := max(0, m.u0-3); x < min(len(v.toks), m.t1+4); x++ {
			if v.nameAt[x] < 0 && (reportVerbs[v.toks[x].lem] || v.toks[x].low == "saying") {
				return true
			}
		}
		return false
	}
	// After the closing mark.
	for c := j + 1; c < len(v.toks); c++ {
		if !isQuote(v.toks[c]) {
			continue
		}
		for x := c + 1; x < len(v.toks) && x < c+8; x++ {
			if k := v.nameAt[x]; k >= 0 && v.ms[k].Type == kg.Person && v.ms[k].head {
				if sayNear(v.ms[k]) {
					return k
				}
				return -1
			}
			if isQuote(v.toks[x]) {
				return -1
			}
		}
		return -1
	}
	// Before the opening mark: "Kim said: \"...\"".
	for x := q - 1; x >= 0 && x >= q-6; x-- {
		if k := v.nameAt[x]; k >= 0 && v.ms[k].Type == kg.Person && v.ms[k].head {
			if sayNear(v.ms[k]) {
				return k
			}
			return -1
		}
	}
	return -1
}

func capitalised(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z'
	}
	return false
}

// asObject reads "X sees Y as an ally", "X called Y a partner": a via verb
// of the frame, its object (a name), an optional "as", and the trigger
// noun after determiners and adjectives. It returns the verb's subjects,
// its object and the verb chain.
func (v *view) asObject(i int, f *frame) ([]int, []int, []int) {
	j := i - 1
	for j >= 0 && v.nameAt[j] < 0 && (v.toks[j].det() || v.toks[j].adj() || v.toks[j].low == "a" || v.toks[j].low == "an") {
		j--
	}
	if j >= 0 && v.toks[j].low == "as" && v.nameAt[j] < 0 {
		j--
	}
	if j < 0 || v.endAt[j] < 0 {
		return nil, nil, nil
	}
	o := v.endAt[j]
	b := v.ms[o].u0 - 1
	if b < 0 {
		return nil, nil, nil
	}
	for _, p := range f.via {
		if s := v.matchBack(p, b); s >= 0 {
			g, chain := v.leftGroup(s)
			for x := s; x <= b; x++ {
				chain = append(chain, x)
			}
			return g, []int{o}, chain
		}
	}
	return nil, nil, nil
}

// openAppositive returns the person of "PERSON, the ROLE <p>", the
// preposition at p ending a role of an apposition ("Vasyl Maliuk, the head
// of the SBU tells"), or -1.
func (v *view) openAppositive(p int) int {
	if v.toks[p].low != "of" && v.toks[p].low != "at" {
		return -1
	}
	j := p - 1
	for steps := 0; j >= 0 && steps < 4 && v.nameAt[j] < 0 && (v.toks[j].noun() || v.toks[j].adj()); steps++ {
		j--
	}
	if j < 2 || j == p-1 || !(v.toks[j].low == "the" || v.toks[j].low == "a") || v.toks[j-1].Text != "," {
		return -1
	}
	k := v.endAt[j-2]
	if k < 0 || v.ms[k].Type != kg.Person {
		return -1
	}
	return k
}
