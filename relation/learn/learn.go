// Package learn is entigraph's learned relation extractor: a multi-class
// averaged perceptron over ordered pairs of mentions of one sentence,
// trained on the relation corpus (docs/relcorpus.md) and read as the
// predicates of docs/ONTOLOGY.md or none (docs/relations.md, "The learned
// extractor").
//
// A candidate is an ordered pair of mentions of different entities in one
// sentence whose types some predicate allows (Candidates). Its features
// (hashed strings) are the entity types and mention kinds, the words and
// lemmas between the two (as a bag, first and last, and as a shape of
// tags and function words when short), the distance and order, the
// prepositions just before each end, possessive "'s", titles and role
// nouns, the CAMEO triggers of relation/lexicon near or between the two
// with their predicate and direction, negation and hedge cues, and the
// dependency path between the two heads once sentences carry a parse
// (kg.Sentence Heads and Deprels; nothing until then). The classifier
// chooses among None and the predicates the candidate's types allow.
// Modality comes from rules over the same cues (Modality).
//
// The model is model.bin.zst, embedded; it is rebuilt by
// `go run ./relation/learn/internal/train` (see docs/relations.md), which
// reproduces it byte for byte.
//
// An Extractor is safe for concurrent use; it keeps no per-document state.
package learn

import (
	"sort"
	"strings"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/relation/lexicon"
)

// Extractor reads relations with a trained Model.
type Extractor struct {
	m   *Model
	lex *lexicon.Lexicon
	// margin is how far above NONE a predicate's score must be.
	margin float32
}

// WithMargin returns a copy of x that emits a relation only when its
// predicate's score is at least margin above NONE's (0: above it).
func (x *Extractor) WithMargin(margin float32) *Extractor {
	y := *x
	y.margin = margin
	return &y
}

// New returns an extractor with the committed model.
func New() (*Extractor, error) {
	m, err := Default()
	if err != nil {
		return nil, err
	}
	return NewWithModel(m), nil
}

// NewWithModel returns an extractor with a given model.
func NewWithModel(m *Model) *Extractor { return &Extractor{m: m, lex: lexicon.Load()} }

// Annotate sets doc.Relations to what Extract finds: the extractor as a
// pipeline stage (it reads Tokens, Sentences, Mentions and Entities).
func (x *Extractor) Annotate(doc *kg.Annotated) error {
	doc.Relations = x.Extract(doc)
	return nil
}

// Features returns the candidates of a document and, for each, its
// features (Candidates' order).
func Features(a *kg.Annotated, lex *lexicon.Lexicon) ([]Candidate, [][]uint64) {
	cands := Candidates(a)
	out := make([][]uint64, len(cands))
	var v *sentView
	for i, c := range cands {
		if v == nil || v.si != c.Sentence {
			v = newSentView(a, c.Sentence, lex)
		}
		out[i] = v.features(c, make([]uint64, 0, 96))
	}
	return cands, out
}

// Extract returns the relations the model finds in a document: one per
// (subject, predicate, object, sentence), symmetric ones with the smaller
// id as subject, each with its sentence as evidence, its modality
// (Modality) and, for holds_position, the role (the person's title, else
// the role noun between the two). Location and date are not read.
func (x *Extractor) Extract(a *kg.Annotated) []kg.Relation {
	fs := x.Scored(a)
	out := make([]kg.Relation, 0, len(fs))
	for _, f := range fs {
		if f.Margin >= x.margin {
			out = append(out, f.Relation)
		}
	}
	return out
}

// Found is a relation the model finds, with its score's margin over
// NONE's and the two mentions (indexes into Annotated.Mentions) it was
// read between.
type Found struct {
	kg.Relation
	Margin    float32
	Subj, Obj kg.Mention // the two mentions, pronouns and descriptions included
	// Trigger: a CAMEO trigger of the predicate (relation/lexicon, either
	// direction) stands between the two mentions or within four words of
	// them.
	Trigger bool
}

// Scored returns every relation the model prefers to NONE, whatever
// its margin, as Extract describes them: one per (subject, predicate,
// object, sentence), the candidate with the highest margin, in text
// order. When the model was trained with coreference (Info.Coref), the
// candidates include the pronouns and descriptions of WithCoref.
func (x *Extractor) Scored(a *kg.Annotated) []Found {
	if x.m.Info.Coref {
		a = WithCoref(a)
	}
	cands := Candidates(a)
	buf := make([]uint64, 0, 128)
	type key struct {
		s, p, o string
		sent    int
	}
	best := map[key]int{} // -> index in out
	var out []Found
	var v *sentView
	for _, c := range cands {
		if v == nil || v.si != c.Sentence {
			v = newSentView(a, c.Sentence, x.lex)
		}
		ms, mo := &a.Mentions[c.Subj], &a.Mentions[c.Obj]
		buf = v.features(c, buf)
		cls, margin := x.m.Predict(buf, AllowedClasses(ms.Type, mo.Type))
		if cls == 0 {
			continue
		}
		p := kg.Predicates[cls-1]
		s, o := ms.Entity, mo.Entity
		if p.Symmetric && o < s {
			s, o = o, s
		}
		sent := a.Sentences[c.Sentence]
		r := kg.Relation{Subject: s, Predicate: p.ID, Object: o, Modality: v.modality(c, p.ID), Support: 1,
			Evidence: []kg.Evidence{{Doc: a.Doc.ID, Date: a.Doc.Date, Start: sent.Start, End: sent.End, Sentence: a.Doc.Text[sent.Start:sent.End]}}}
		if p.ID == "holds_position" {
			r.Role = v.role(c)
		}
		f := Found{Relation: r, Margin: margin, Subj: *ms, Obj: *mo, Trigger: v.triggered(c, p.ID)}
		k := key{s, p.ID, o, c.Sentence}
		if j, ok := best[k]; ok {
			if margin > out[j].Margin {
				out[j] = f
			}
			continue
		}
		best[k] = len(out)
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Evidence[0].Start < out[j].Evidence[0].Start })
	return out
}

// triggered reports whether a lexicon trigger of the predicate, in either
// direction, or one of its extraTriggers stands between the candidate's
// mentions or within four words of them (the window of the TR features).
func (v *sentView) triggered(c Candidate, predicate string) bool {
	si, sj := v.span(&v.a.Mentions[c.Subj], true)
	oi, oj := v.span(&v.a.Mentions[c.Obj], true)
	first, last := min(si, oi), max(sj, oj)
	for _, m := range v.triggers {
		if (m.Predicate == predicate || m.Reverse == predicate) && m.End+4 > first && m.Start < last+4 {
			return true
		}
	}
	if extra := extraTriggers[predicate]; extra != nil {
		for k := max(0, first-4); k < min(len(v.low), last+4); k++ {
			if extra[v.low[k]] {
				return true
			}
		}
	}
	return false
}

// extraTriggers are words that state a predicate which CAMEO does not
// code as an event: an interview or a conversation ("told Reuters",
// "said in an interview with", ONTOLOGY.md) is spoke_with, but CAMEO's
// 041 is the telephone only.
var extraTriggers = map[string]map[string]bool{
	"spoke_with": setOf("told", "tell", "tells", "telling", "interview", "interviewed", "spoke", "speak", "speaks",
		"speaking", "talked", "talk", "telephone", "phone", "phoned", "call", "called", "conversation"),
}

// modality reads a candidate's modality from the cues in its window (the
// three words before the pair and those between): a negation cue makes
// it negated, else a hedge cue, a bare infinitive opening the words
// between ("Arafat to meet Peres") or a question mark ending the sentence
// reported, else asserted. holds_position and located_in, read from noun
// phrases, are always asserted.
func (v *sentView) modality(c Candidate, predicate string) string {
	if predicate == "holds_position" || predicate == "located_in" {
		return kg.Asserted
	}
	ms, mo := &v.a.Mentions[c.Subj], &v.a.Mentions[c.Obj]
	si, sj := v.span(ms, false)
	oi, oj := v.span(mo, false)
	l, r := sj, oi
	if oi < si {
		l, r = oj, si
	}
	if l > r {
		l, r = r, l
	}
	neg, hedge := false, false
	for _, k := range v.cueWindow(min(si, oi), l, r) {
		neg = neg || negationCues[v.low[k]]
		hedge = hedge || hedgeCues[v.low[k]]
	}
	// "Arafat to meet Peres": a bare infinitive right after the first
	// end is a plan (a headline's future).
	plan := l < r && v.low[l] == "to" && l+1 < r && strings.HasPrefix(v.toks[l+1].Tag, "VB")
	switch {
	case neg:
		return kg.Negated
	case hedge || plan || (len(v.low) > 0 && v.low[len(v.low)-1] == "?"):
		return kg.Reported
	}
	return kg.Asserted
}

// role is the role of a holds_position candidate: the person's title as
// the ner stage split it off, else the role nouns between the two ends.
func (v *sentView) role(c Candidate) string {
	ms, mo := &v.a.Mentions[c.Subj], &v.a.Mentions[c.Obj]
	if ms.Title != "" {
		return ms.Title
	}
	si, sj := v.span(ms, false)
	oi, oj := v.span(mo, false)
	l, r := sj, oi
	if oi < si {
		l, r = oj, si
	}
	var words []string
	for k := l; k < r && k < len(v.low); k++ {
		if roleWords[v.low[k]] || (len(words) > 0 && v.toks[k].Tag == "NN") {
			words = append(words, v.low[k])
		} else if len(words) > 0 {
			break
		}
	}
	return strings.Join(words, " ")
}

// Labels aligns a document's candidates with its gold annotation: a
// candidate's label is the class of a predicate P when the gold has
// (subject, P, object), in any modality, for gold entities its mentions'
// entities match (eval.Matcher's rules, against this document's gold
// alone), and the gold relation's sentence span contains the candidate's
// sentence or lies in it. A candidate that a gold relation of the
// document fits except for the sentence (the gold gives a relation once,
// at its first statement, so later ones are restatements the gold does
// not mark) gets -1: not an example either way. Symmetric predicates
// match in either order.
func Labels(a *kg.Annotated, cands []Candidate, d *eval.Doc) []int {
	m := eval.NewMatcher(&eval.Gold{Docs: []*eval.Doc{d}})
	ents := map[string]kg.Entity{}
	for _, e := range a.Entities {
		ents[e.ID] = e
	}
	matched := map[string][]string{}
	match := func(id string) []string {
		if g, ok := matched[id]; ok {
			return g
		}
		e, ok := ents[id]
		if !ok {
			e = kg.Entity{ID: id, Type: kg.TypeOfID(id)}
		}
		g := m.Match(e)
		matched[id] = g
		return g
	}
	type triple struct{ s, p, o string }
	spans := map[triple][][2]int{}
	for _, r := range d.Relations {
		sp := [2]int{-1, -1}
		if r.Span != nil {
			sp = *r.Span
		}
		spans[triple{r.Subject, r.Predicate, r.Object}] = append(spans[triple{r.Subject, r.Predicate, r.Object}], sp)
		if p, ok := kg.PredicateByID(r.Predicate); ok && p.Symmetric {
			spans[triple{r.Object, r.Predicate, r.Subject}] = append(spans[triple{r.Object, r.Predicate, r.Subject}], sp)
		}
	}
	out := make([]int, len(cands))
	for i, c := range cands {
		ms, mo := &a.Mentions[c.Subj], &a.Mentions[c.Obj]
		sent := a.Sentences[c.Sentence]
		label := 0
		for _, cls := range AllowedClasses(ms.Type, mo.Type) {
			p := Classes[cls]
			for _, s := range match(ms.Entity) {
				for _, o := range match(mo.Entity) {
					for _, sp := range spans[triple{s, p, o}] {
						in := (sp[0] <= sent.Start && sent.End <= sp[1]) || (sent.Start <= sp[0] && sp[1] <= sent.End)
						if in {
							label = cls
						} else if label == 0 {
							label = -1
						}
					}
				}
			}
			if label > 0 {
				break
			}
		}
		out[i] = label
	}
	return out
}

// Union returns the rule-based extractor's relations, then those of the
// learned ones whose (subject, predicate, object) and sentence the rules
// do not give in any modality: how a stage after "relations" would add to
// the rules while keeping every rule's reading where it has one.
func Union(rules, learned []kg.Relation) []kg.Relation {
	type key struct {
		s, p, o string
		start   int
	}
	have := map[key]bool{}
	out := append([]kg.Relation(nil), rules...)
	for _, r := range rules {
		have[key{r.Subject, r.Predicate, r.Object, evidenceStart(r)}] = true
	}
	for _, r := range learned {
		if !have[key{r.Subject, r.Predicate, r.Object, evidenceStart(r)}] {
			out = append(out, r)
		}
	}
	return out
}

func evidenceStart(r kg.Relation) int {
	if len(r.Evidence) == 0 {
		return -1
	}
	return r.Evidence[0].Start
}
