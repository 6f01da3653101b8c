package ner

import (
	"strings"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
)

// basedSuffix ends the word that places an organization: "a London-based
// bank", "St. Louis-based Mercantile Bancorp" (docs/annotation.md 2.22:
// "Frankfurt-based Y" is located_in Frankfurt).
const basedSuffix = "-based"

// basedAt reads a place written as "X-based" from token i: up to two
// capitalised words and a word ending in "-based" whose part before it is
// capitalised ("Minneapolis-based", "New York-based", "St. Louis-based").
// It adds the place's candidate (the country when the gazetteer names one:
// "South Korea-based"; a capital is the city, a place) and returns the
// token after the "-based" word, or i when there is none. The
// organization after it is a name of its own: without this, "Minneapolis-
// based First Bank System Inc." was one organization's name.
func (a *Annotator) basedAt(st *docState, si *sentInfo, i int) int {
	toks := si.toks
	k := i
	for ; k < len(toks) && k < i+3; k++ {
		w := toks[k].Text
		if len(w) > len(basedSuffix) && strings.EqualFold(w[len(w)-len(basedSuffix):], basedSuffix) {
			break
		}
		if !isCapWord(w) || strings.Contains(w, "-") || closedTags[toks[k].Tag] {
			return i
		}
	}
	if k == len(toks) || k == i+3 {
		return i
	}
	w := toks[k].Text
	prefix := w[:len(w)-len(basedSuffix)]
	if !isCapWord(prefix) || strings.ContainsAny(prefix, "-/") {
		return i
	}
	start, end := toks[i].Start, toks[k].Start+len(prefix)
	name := st.text[start:end]
	c := &cand{start: start, end: end, typ: kg.Place, kind: kg.KindName, sent: si.s, words: nameWords(name), weak: si.titleCase}
	if hs := a.filterHits(si, a.gaz.Lookup(name)); len(hs) > 0 {
		e := hs[0].Entry
		switch hs[0].Form {
		case gazetteer.FormName, gazetteer.FormAcronym:
			c.country, c.canonical, c.weak = e, e.Name, false
			if e.Sovereign {
				c.typ = kg.Country
			}
			if hs[0].Form == gazetteer.FormAcronym {
				c.kind = kg.KindAcronym
			}
		case gazetteer.FormCapital:
			if e.Sovereign {
				c.canonical = capitalName(e, name)
			}
		default:
			return i // "Russian-based": a demonym places nothing
		}
	} else if si.initial(i) && toks[i].Label == kg.NoLabel && a.lex.commonNoun(prefix) {
		return i // "Community-based programmes": an everyday word opening the sentence
	}
	st.cands = append(st.cands, c)
	return k + 1
}
