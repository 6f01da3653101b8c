package parse

import (
	"fmt"
	"slices"
	"sync"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/pos"
)

// Stage is the parser as a pipeline stage (pipeline.Parse, after "tags",
// one of the default stages): it fills each sentence's Heads (the index
// within the sentence of each token's head, -1 for the root) and Deprels,
// tagging the words with the parser's own POS tagger (POSTagger) and
// leaving the tokens' tags as they are. A sentence that repeats an
// earlier one byte for byte (kg.Sentence.RepeatOf) gets copies of its
// parse: the same words give the same tree. Safe for concurrent use.
type Stage struct {
	p       *Parser
	tagger  *pos.Tagger
	scratch sync.Pool // of *stageScratch
}

type stageScratch struct {
	words, tags, labels []string
	heads               []int
}

// NewStage loads the embedded parser and its tagger (once per process).
func NewStage() (*Stage, error) {
	p, err := Load()
	if err != nil {
		return nil, err
	}
	t, err := POSTagger()
	if err != nil {
		return nil, err
	}
	return &Stage{p: p, tagger: t}, nil
}

// Annotate parses every sentence of ann.
func (st *Stage) Annotate(ann *kg.Annotated) error {
	sc, _ := st.scratch.Get().(*stageScratch)
	if sc == nil {
		sc = &stageScratch{}
	}
	defer st.scratch.Put(sc)
	for si := range ann.Sentences {
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
