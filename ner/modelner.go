package ner

import (
	"slices"
	"strings"
	"sync"

	"github.com/entigraph/entigraph/internal/ascii"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/model"
	"github.com/entigraph/entigraph/ner/pos"
)

// ModelTagger is entigraph's own Tagger, the default: ner/pos tags each
// sentence, and ner/model labels the whole document in one call (its
// document-level features need every sentence). Its labels are complete
// (Annotated.LabelsComplete). Make one per process with NewModelTagger.
type ModelTagger struct {
	ner     *model.Model
	pos     *pos.Tagger
	scratch sync.Pool // of *labelScratch
}

// labelScratch is label's scratch, reused from document to document.
type labelScratch struct {
	all    []string // every token's word
	words  [][]string
	labels [][]model.Label
}

// NewModelTagger loads the embedded ner/model and ner/pos models (about
// 0.02 s together).
func NewModelTagger() (*ModelTagger, error) {
	m, err := model.Load()
	if err != nil {
		return nil, err
	}
	p, err := pos.Load()
	if err != nil {
		return nil, err
	}
	return &ModelTagger{ner: m, pos: p}, nil
}

// Annotate tags and labels every token of ann.
func (m *ModelTagger) Annotate(ann *kg.Annotated) error {
	for i := range ann.Sentences {
		s := &ann.Sentences[i]
		if copyRepeat(ann, s) {
			continue
		}
		toks := ann.Tokens[s.TokStart:s.TokEnd]
		m.tagPOS(toks)
		for k := range toks {
			toks[k].Tag = fixTag(toks, k, false)
		}
	}
	m.label(ann)
	ann.LabelsComplete = true
	return nil
}

// tagPOS tags the tokens of one sentence with ner/pos. The tagger was
// trained on CoNLL-2003's tokens, where quotes are straight: curly ones are
// folded for it (fixTag gives every quote its Penn Treebank tag afterwards).
func (m *ModelTagger) tagPOS(toks []tok) {
	// The words of nearly every sentence fit a buffer on the stack, which
	// then takes their tags too.
	var buf [64]string
	words := buf[:0]
	if len(toks) > len(buf) {
		words = make([]string, 0, len(toks))
	}
	for _, t := range toks {
		w := t.Text
		if !ascii.Is(w) {
			w = foldQuotes(w)
		}
		words = append(words, w)
	}
	tags := m.pos.TagInto(words, words)
	for i := range toks {
		toks[i].Tag = tags[i]
	}
}

// label tags the whole document with ner/model, in one call, and gives
// each token its label's class.
func (m *ModelTagger) label(ann *kg.Annotated) {
	sc, _ := m.scratch.Get().(*labelScratch)
	if sc == nil {
		sc = &labelScratch{}
	}
	defer func() {
		clear(sc.all)
		clear(sc.words)
		m.scratch.Put(sc)
	}()
	sc.all = slices.Grow(sc.all[:0], len(ann.Tokens))[:len(ann.Tokens)]
	all := sc.all
	for k, t := range ann.Tokens {
		all[k] = t.Text
		if !ascii.Is(t.Text) {
			all[k] = foldQuotes(t.Text) // CoNLL's quotes are straight
		}
	}
	sc.words = slices.Grow(sc.words[:0], len(ann.Sentences))[:len(ann.Sentences)]
	words := sc.words
	for i, s := range ann.Sentences {
		words[i] = all[s.TokStart:s.TokEnd:s.TokEnd]
	}
	sc.labels = m.ner.TagInto(sc.labels, words)
	labels := sc.labels
	for i, s := range ann.Sentences {
		toks := ann.Tokens[s.TokStart:s.TokEnd]
		for k := range toks {
			toks[k].Label = modelLabel(labels[i][k])
		}
	}
}

// modelLabels maps ner/model's labels (a CoNLL type and a place in the
// name) to entity labels: PER is LabelPerson, ORG LabelOrganization, LOC
// LabelGPE (Country or Place: the gazetteer decides), MISC LabelMisc (a
// demonym among them names its country, see gazCand; any other MISC run is
// dropped, see typeRun).
var modelLabels = func() [model.NumLabels]kg.EntityLabel {
	types := [model.NumTypes]kg.EntityLabel{kg.LabelPerson, kg.LabelOrganization, kg.LabelGPE, kg.LabelMisc}
	var out [model.NumLabels]kg.EntityLabel
	for l := model.Label(0); l < model.NumLabels; l++ {
		if l.Pos() != -1 {
			out[l] = types[l.Type()]
		}
	}
	return out
}()

func modelLabel(l model.Label) kg.EntityLabel {
	if int(l) >= len(modelLabels) {
		return kg.NoLabel
	}
	return modelLabels[l]
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
