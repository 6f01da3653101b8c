package ner

import (
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// regionWords are the lower-case compass words that make a region of the
// country or place they stand before ("northern Iraq", "south Lebanon",
// "north-west France"). "central" is left out: "in central Kyiv" places
// a thing in a city, and the relation corpus's gold never made such a
// region of a city.
var regionWords = map[string]bool{
	"north": true, "south": true, "east": true, "west": true,
	"northern": true, "southern": true, "eastern": true, "western": true,
	"northeast": true, "northwest": true, "southeast": true, "southwest": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"north-east": true, "north-west": true, "south-east": true, "south-west": true,
	"north-eastern": true, "north-western": true, "south-eastern": true, "south-western": true,
}

// placeNounAfter are the nouns after which a compass word and a name are a
// description of another place, not a region: "the north Melbourne suburb
// of Preston", "the southern Mindanao island", "the east China city of
// Hangzhou", "Afghanistan's main northern Salang highway".
var placeNounAfter = map[string]bool{
	"region": true, "regions": true, "city": true, "cities": true, "town": true, "towns": true,
	"suburb": true, "suburbs": true, "island": true, "islands": true, "province": true, "provinces": true,
	"state": true, "states": true, "highway": true, "road": true, "area": true, "areas": true,
	"district": true, "districts": true, "county": true, "border": true, "coast": true, "village": true,
	"villages": true, "port": true, "capital": true, "peninsula": true, "territory": true, "oblast": true,
	"valley": true, "river": true, "mountains": true, "frontier": true, "enclave": true,
}

// addRegions adds a Place for each lower-case compass region the guide
// makes one of (docs/annotation.md 1.2 and I9: "northern Iraq", "south
// Lebanon", "southern England" are Places written as they stand, located
// in the country or place they name): a compass word right before a
// country or place the document names, that heads its phrase. The
// country or place keeps its own mention inside the region's, so the
// relation stage can place the region in it. Not a region: a compass word
// before a demonym ("the eastern Zairean border town": the demonym is no
// name mention), before a capital ("northern Kyiv"), before a place noun
// ("the north Melbourne suburb of Preston"), or capitalised ("Northern
// Ireland", "North Korea": names the gazetteer or the model already
// take whole).
func addRegions(st *docState) {
	n := len(st.cands)
	for _, c := range st.cands[:n] {
		if c.kind != kg.KindName || c.weak || c.short || c.sent == nil {
			continue
		}
		if c.typ != kg.Country && !(c.typ == kg.Place && (c.country != nil || c.canonical == "")) {
			continue // a capital the gazetteer made a place
		}
		toks := c.sent.toks
		k := tokenAt(toks, c.start)
		if k < 0 {
			continue
		}
		if toks[k].Start != c.start || k == 0 || !regionWords[toks[k-1].Text] || toks[k-1].End == c.start {
			continue
		}
		start := toks[k-1].Start
		e := tokenAt(toks, c.end-1)
		if e < 0 || toks[e].End != c.end {
			continue // the name ends inside a word
		}
		if e+1 < len(toks) && placeNounAfter[strings.ToLower(toks[e+1].Text)] {
			continue
		}
		text := st.text[start:c.end]
		st.cands = append(st.cands, &cand{start: start, end: c.end, typ: kg.Place, kind: kg.KindName, sent: c.sent,
			words: nameWords(text)})
	}
}

// regionText reports whether a name is written as a compass region
// ("northern Iraq").
func regionText(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	return regionWords[w]
}

// tokenAt returns the index of the token of toks (in text order) that
// covers byte b, or -1.
func tokenAt(toks []tok, b int) int {
	k := sort.Search(len(toks), func(k int) bool { return toks[k].End > b })
	if k < len(toks) && toks[k].Start <= b {
		return k
	}
	return -1
}
