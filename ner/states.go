package ner

import (
	"strings"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
)

// usStates maps the abbreviations news agencies write after a US city
// (the AP style the Reuters copy of 1996 follows: "IRVINE, Calif.",
// "ELIZABETH, N.J.", "Creedmoor, N.C.") to the state's name.
var usStates = map[string]string{
	"Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
	"Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
	"Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
	"Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
	"Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada",
	"N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York State",
	"N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon",
	"Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
	"Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington State",
	"W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}

// stateAt reads a US state's abbreviation at token i right after a
// capitalised place and a comma ("IRVINE, Calif. 1996-08-29", "Creedmoor,
// N.C.;"): a Place named by the state's full name, so that the located
// kind's comma form places the city in it. Elsewhere the abbreviations
// are other words ("Miss. Smith", "La. Paz"), so they are read only so.
// It returns the token after it, or i.
func (a *Annotator) stateAt(st *docState, si *sentInfo, i int) int {
	toks := si.toks
	name, next := stateName(toks, i)
	if next == i || i < 2 || toks[i-1].Text != "," || !isCapWord(toks[i-2].Text) {
		return i
	}
	if next < len(toks) && isCapWord(toks[next].Text) && !strings.HasSuffix(toks[next].Text, ".") {
		return i // "Sprague, Manitoba, Mo. Smith": a name goes on
	}
	st.cands = append(st.cands, &cand{start: toks[i].Start, end: toks[next-1].End, typ: kg.Place, kind: kg.KindAcronym,
		sent: si.s, canonical: name, words: []string{name}})
	return next
}

// stateName returns the state a US state's abbreviation at token i names
// and the token after the abbreviation (its full stop may be a token of
// its own: "Calif" "."), or i when there is none.
func stateName(toks []tok, i int) (string, int) {
	if name, ok := usStates[toks[i].Text]; ok {
		return name, i + 1
	}
	if i+1 < len(toks) && toks[i+1].Text == "." && toks[i+1].Start == toks[i].End {
		if name, ok := usStates[toks[i].Text+"."]; ok {
			return name, i + 2
		}
	}
	return "", i
}

// stateAfter reports whether a US state's abbreviation is at token i.
func stateAfter(toks []tok, i int) bool {
	_, next := stateName(toks, i)
	return next > i
}

// datelineAt reads the city of a wire dateline at token i, the first of
// its sentence: words in capitals, a comma, then a country, a US state's
// abbreviation or a capitalised name ending the line or followed by the
// date ("FORT LAUDERDALE, Fla. 1996-08-26", "PEMBERTON, British Columbia
// 1996-08-24", "AL-MUNTAR, West Bank 1996-08-26"). The model often leaves
// such a city unmarked (a capitalised first word then starts no name).
// It adds the city as a Place (and the name after the comma, when no
// country or state, as the Place it lies in) and returns the token to go
// on from, or i.
func (a *Annotator) datelineAt(st *docState, si *sentInfo, i int) int {
	toks := si.toks
	if !isAllUpper(toks[i].Text) || si.inGaz[i] >= 0 || !si.initial(i) { // initial scans the tokens before i: last
		return i
	}
	c := i
	for c < len(toks) && c < i+4 && isAllUpper(toks[c].Text) && isCapWord(toks[c].Text) {
		c++
	}
	if c == i || c+1 >= len(toks) || toks[c].Text != "," {
		return i
	}
	ok := stateAfter(toks, c+1)
	if g, hit := si.gazAt[c+1]; hit && si.gaz[g].hit.Form == gazetteer.FormName {
		ok = true
	}
	var region *cand
	next := c
	if !ok && isCapWord(toks[c+1].Text) && !isAllUpper(toks[c+1].Text) {
		// "AL-MUNTAR, West Bank 1996-08-26": a name, then the date or
		// the line's end, is the region the city lies in.
		k := c + 1
		for k < len(toks) && isCapWord(toks[k].Text) {
			k++
		}
		if ok = k == len(toks) || startsWithDigit(toks[k].Text); ok {
			text := st.text[toks[c+1].Start:toks[k-1].End]
			region = &cand{start: toks[c+1].Start, end: toks[k-1].End, typ: kg.Place, kind: kg.KindName, sent: si.s, words: nameWords(text)}
			next = k
		}
	}
	if !ok {
		return i
	}
	st.cands = append(st.cands, &cand{start: toks[i].Start, end: toks[c-1].End, typ: kg.Place, kind: kg.KindName,
		sent: si.s, words: nameWords(st.text[toks[i].Start:toks[c-1].End])})
	if region != nil {
		st.cands = append(st.cands, region)
	}
	return next
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
