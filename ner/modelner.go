package ner

import (
	"strings"

	"github.com/entigraph/entigraph/internal/ascii"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/model"
)

// modelLabel maps ner/model's CoNLL types onto the label vocabulary the
// mention rules read (prose's): PER is PERSON, ORG is ORGANIZATION, LOC is
// GPE (Country or Place: the gazetteer decides), MISC stays MISC (a
// demonym among them names its country, see gazCand; any other MISC run is
// dropped, see typeRun).
var modelLabel = [model.NumTypes]string{"PERSON", "ORGANIZATION", "GPE", "MISC"}

// labelModel tags the whole document with ner/model, in one call (the
// model's document-level features need every sentence), and writes each
// token's label as "B-TYPE" on the first token of an entity and "I-TYPE" on
// the others, or "O".
func (a *Annotator) labelModel(st *docState) {
	words := make([][]string, len(st.sents))
	for i, s := range st.sents {
		w := make([]string, len(s.toks))
		for k, t := range s.toks {
			w[k] = t.Text
			if !ascii.Is(t.Text) {
				w[k] = foldQuotes(t.Text) // CoNLL's quotes are straight
			}
		}
		words[i] = w
	}
	labels := a.tagNE.Tag(words)
	for i, s := range st.sents {
		for k := range s.toks {
			s.toks[k].label = labelName(labels[i][k])
		}
	}
}

// labelNames caches the label strings: [label] -> "B-PERSON", ...
var labelNames = func() [model.NumLabels]string {
	var out [model.NumLabels]string
	for l := model.Label(0); l < model.NumLabels; l++ {
		switch l.Pos() {
		case -1:
			out[l] = "O"
		case model.Begin, model.Unit:
			out[l] = "B-" + modelLabel[l.Type()]
		default:
			out[l] = "I-" + modelLabel[l.Type()]
		}
	}
	return out
}()

func labelName(l model.Label) string {
	if int(l) >= len(labelNames) {
		return "O"
	}
	return labelNames[l]
}

// generational reports whether w is a generational suffix of a person's
// name: "Jr.", "Sr", "III".
func generational(w string) bool {
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "jr", "sr", "ii", "iii", "iv":
		return true
	}
	return false
}

// retypePersons gives the model's name runs a second look with the whole
// document's evidence: a run of two words or more that the model typed ORG
// or LOC (no keyword, gazetteer, lexicon or acronym rule decided it) and
// that names the same person as a Person candidate of the document typed on
// firmer ground (a title before it, a generational suffix, the model's PER
// label) becomes a Person: the same words, or one list of words inside the
// other, spelling variants and generations aside ("Donald Trump" beside
// "Donald Trump Jr."; "Volodymyr Zelenskiy" beside "President Volodymyr
// Zelenskyy").
func retypePersons(st *docState) {
	firm := newNameIndex() // distinct names, so each is compared once
	for _, c := range st.cands {
		if c.typ == kg.Person && !c.weak && c.canonical == "" && len(c.words) >= 2 {
			firm.add(personKey(c.words), 0)
		}
	}
	if len(firm.seen) == 0 {
		return
	}
	for _, c := range st.cands {
		if !c.byModel || c.typ == kg.Person || len(c.words) < 2 {
			continue
		}
		if firm.first(personKey(c.words), eitherSubsequence) >= 0 {
			c.typ, c.person, c.soft, c.byModel = kg.Person, true, false, false
		}
	}
}

// personKey returns a name's word keys (see wordKey) without a
// generational suffix.
func personKey(words []string) []string {
	if n := len(words); n > 2 && generational(words[n-1]) {
		words = words[:n-1]
	}
	return wordKeys(words)
}
