package parse

import (
	"fmt"
	"slices"
	"sync"

	"github.com/entigraph/entigraph/coref"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/pos"
)

// Stage is the parser as a pipeline stage (pipeline.Parse; not a default
// stage: a program that wants the trees adds it after "mentions",
// docs/pipeline.md): it fills the Heads (the index within
// the sentence of each token's head, -1 for the root) and Deprels of the
// sentences a later stage reads, tagging their words with the parser's own
// POS tagger (POSTagger) and leaving the tokens' tags as they are.
//
// By default it parses only the sentences that may hold a relation, those
// that the relation extractor (relation.Extractor) and the learned one
// (relation/learn.Candidates) read: not marked Duplicate (both skip those),
// and with mentions of two different entities or more (their candidates
// are pairs of mentions of different entities in one sentence), or with a
// mention and an anaphor that coreference may link to another entity
// (coref.MayLink: a third-person pronoun, "both", or "the" before a head
// noun of coref's descriptions). The other sentences keep nil Heads and
// Deprels, which means "not parsed": a reader of the trees checks
// len(Heads) first. NewStage(EverySentence()) parses every sentence. A
// parsed sentence gets the same tree either way: each is parsed on its
// own words.
//
// With EverySentence, a sentence that repeats an earlier one byte for byte
// (kg.Sentence.RepeatOf) gets copies of its parse: the same words give the
// same tree (by default such a sentence is a Duplicate, not parsed). Safe
// for concurrent use.
type Stage struct {
	p       *Parser
	tagger  *pos.Tagger
	all     bool
	scratch sync.Pool // of *stageScratch
}

type stageScratch struct {
	words, tags, labels []string
	heads               []int
	// Per sentence: its first mention's entity, and how many different
	// entities its mentions name up to 2 (a mention without one counts as
	// one of its own kind, as relation/learn pairs it).
	entity []string
	ents   []int8
}

// StageOption changes what NewStage's stage parses.
type StageOption func(*Stage)

// EverySentence makes the stage parse every sentence, whatever its
// mentions (`entigraph parse` prints them all).
func EverySentence() StageOption { return func(st *Stage) { st.all = true } }

// NewStage loads the embedded parser and its tagger (once per process).
func NewStage(opts ...StageOption) (*Stage, error) {
	p, err := Load()
	if err != nil {
		return nil, err
	}
	t, err := POSTagger()
	if err != nil {
		return nil, err
	}
	st := &Stage{p: p, tagger: t}
	for _, o := range opts {
		o(st)
	}
	return st, nil
}

// wanted reports whether sentence si is to be parsed, by the rule of the
// Stage doc comment; sc.ents holds each sentence's entity count.
func wanted(ann *kg.Annotated, sc *stageScratch, si int) bool {
	s := ann.Sentences[si]
	switch {
	case s.Duplicate || sc.ents[si] == 0:
		return false
	case sc.ents[si] >= 2:
		return true
	}
	for k := s.TokStart; k < s.TokEnd; k++ {
		if coref.MayLink(ann.Tokens, k, s.TokEnd) {
			return true
		}
	}
	return false
}

// countEntities fills sc.entity and sc.ents for ann's sentences.
func (sc *stageScratch) countEntities(ann *kg.Annotated) {
	n := len(ann.Sentences)
	sc.entity, sc.ents = resize(sc.entity, n), resize(sc.ents, n)
	clear(sc.entity)
	clear(sc.ents)
	for _, m := range ann.Mentions {
		si := m.Sentence
		switch {
		case si < 0 || si >= n:
		case sc.ents[si] == 0:
			sc.ents[si], sc.entity[si] = 1, m.Entity
		case sc.ents[si] == 1 && m.Entity != sc.entity[si]:
			sc.ents[si] = 2
		}
	}
}

// Annotate parses the sentences of ann a later stage reads (every
// sentence with EverySentence).
func (st *Stage) Annotate(ann *kg.Annotated) error {
	sc, _ := st.scratch.Get().(*stageScratch)
	if sc == nil {
		sc = &stageScratch{}
	}
	defer st.scratch.Put(sc)
	if !st.all {
		sc.countEntities(ann)
	}
	for si := range ann.Sentences {
		if !st.all && !wanted(ann, sc, si) {
			continue
		}
		s := &ann.Sentences[si]
		toks := ann.Tokens[s.TokStart:s.TokEnd]
		n := len(toks)
		if r, ok := s.RepeatOf(); ok && r < si && len(ann.Sentences[r].Heads) == n {
			s.Heads, s.Deprels = slices.Clone(ann.Sentences[r].Heads), slices.Clone(ann.Sentences[r].Deprels)
			continue
		}
		sc.words = resize(sc.words, n)
		for i, t := range toks {
			sc.words[i] = t.Text
		}
		sc.tags = st.tagger.TagInto(sc.tags[:0], sc.words)
		sc.heads, sc.labels = resize(sc.heads, n), resize(sc.labels, n)
		if err := st.p.Parse(sc.words, sc.tags, sc.heads, sc.labels); err != nil {
			return fmt.Errorf("sentence at byte %d: %w", s.Start, err)
		}
		s.Heads, s.Deprels = make([]int, n), make([]string, n)
		for i := range n {
			s.Heads[i] = sc.heads[i] - 1 // CoNLL-U's 1-based heads, 0 the root
			s.Deprels[i] = sc.labels[i]
		}
	}
	return nil
}
