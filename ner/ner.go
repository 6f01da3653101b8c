// Package ner holds three of the pipeline's stages (docs/pipeline.md), each
// annotating one shared kg.Annotated:
//
//  1. "tokens", Tokenizer: sentences and tokens. Each Segment of the text
//     is cut into blocks at line breaks (see blocks), the English Punkt
//     splitter of neurosnap/sentences (the one prose wraps, built once per
//     Tokenizer) splits the blocks, and each sentence is aligned to the
//     original text; a sentence repeating an earlier one of the document
//     is marked Duplicate (normalised text) and Repeat (the very same
//     text, tokenized once). prose's tokenizer's rules split the sentences
//     into tokens, aligned to the text (see splitWords).
//  2. "tags", a Tagger: a Penn Treebank POS tag and an entity label on
//     every token. ModelTagger is entigraph's own (ner/pos, and ner/model
//     over the whole document at once), the default; ProseTagger is
//     prose's tagger and recogniser per sentence, kept for comparison.
//  3. "mentions", Annotator: typed mentions and the document's entities.
//     The country gazetteer (ner/gazetteer), a title lexicon, keyword,
//     lexicon and junk rules, then the labels give candidates
//     (mentions.go): PERSON, ORGANIZATION and the place labels are read as
//     Person, Organization and Country or Place (the gazetteer decides),
//     MISC is dropped unless the gazetteer finds a demonym. Resolution
//     then links partial names, spelling variants and acronyms to one
//     entity within the document (resolve.go).
//
// The stages are safe for concurrent use: their models are only read
// while annotating, and everything else is immutable after construction.
// Each returns errors about the document without naming it or itself: the
// pipeline names both, once.
package ner

import (
	"fmt"
	"sync"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
)

// Annotator is the "mentions" stage: it reads the tokens, their POS tags
// and entity labels and writes Annotated.Mentions and Annotated.Entities.
// Make one per process with New.
type Annotator struct {
	gaz   *gazetteer.Gazetteer
	lex   *lexicon
	arena sync.Pool // of *tokArena: one document's scratch at a time
}

// tokArena is scratch reused from document to document. The Tokenizer
// keeps the tokens of one document's sentences in buf (allocating them per
// sentence made over a quarter of the annotator's garbage; Annotated.Tokens
// copies them out); the Tokenizer and the mention rules keep one sentence's
// scratch at a time in the others: splitWords' words, scanGazetteer's
// inGaz and tokenKeys' offsets, sentInfo.low's words. The mention rules
// keep the document's sentences in sents and sentPtrs.
type tokArena struct {
	buf      []tok
	words    []string
	ints     []int
	lows     []string
	sents    []sent
	sentPtrs []*sent
}

// intsN returns n ints of scratch, all -1 (fresh ones from a nil arena).
func (ar *tokArena) intsN(n int) []int {
	if ar == nil {
		ar = &tokArena{}
	}
	if cap(ar.ints) < n {
		ar.ints = make([]int, max(n, 256))
	}
	s := ar.ints[:n]
	for i := range s {
		s[i] = -1
	}
	return s
}

// take returns an empty slice with room for n tokens. Appending past n
// moves the slice to the heap, as any append does.
func (ar *tokArena) take(n int) []tok {
	if cap(ar.buf)-len(ar.buf) < n {
		// Earlier sentences keep the old slice; the new one is the
		// arena's from now on.
		ar.buf = make([]tok, 0, max(2*cap(ar.buf), n, 1024))
	}
	l := len(ar.buf)
	ar.buf = ar.buf[:l+n]
	return ar.buf[l : l : l+n]
}

func getArena(p *sync.Pool) *tokArena {
	if ar, ok := p.Get().(*tokArena); ok {
		return ar
	}
	return &tokArena{}
}

// putArena hands the arena back, cleared so that it keeps no document's
// text alive.
func putArena(p *sync.Pool, ar *tokArena) {
	clear(ar.buf)
	ar.buf = ar.buf[:0]
	clear(ar.words[:cap(ar.words)])
	clear(ar.lows[:cap(ar.lows)])
	clear(ar.sents)
	clear(ar.sentPtrs)
	p.Put(ar)
}

// New loads the embedded gazetteer and lexicons of the mention rules.
func New() (*Annotator, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	lex, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	return &Annotator{gaz: g, lex: lex}, nil
}

// Annotate finds the mentions of ann's sentences and resolves them to the
// document's entities: it reads Doc.Text, Tokens (Text, Tag, Label),
// Sentences (Duplicate) and LabelsComplete, and writes Mentions and
// Entities.
func (a *Annotator) Annotate(ann *kg.Annotated) error {
	if ann.Doc == nil {
		return fmt.Errorf("no document")
	}
	ar := getArena(&a.arena)
	defer putArena(&a.arena, ar)
	st := &docState{text: ann.Doc.Text, ar: ar, model: ann.LabelsComplete}
	if n := len(ann.Sentences); n > 0 {
		if cap(ar.sents) < n {
			ar.sents, ar.sentPtrs = make([]sent, max(n, 64)), make([]*sent, max(n, 64))
		}
		ar.sents, ar.sentPtrs = ar.sents[:n], ar.sentPtrs[:n]
		ss := ar.sents
		st.sents = ar.sentPtrs
		for i, s := range ann.Sentences {
			if s.TokStart < 0 || s.TokEnd < s.TokStart || s.TokEnd > len(ann.Tokens) {
				return fmt.Errorf("sentence %d: tokens [%d,%d) outside the %d tokens", i, s.TokStart, s.TokEnd, len(ann.Tokens))
			}
			ss[i] = sent{Start: s.Start, End: s.End, toks: ann.Tokens[s.TokStart:s.TokEnd:s.TokEnd], index: i, dup: s.Duplicate}
			st.sents[i] = &ss[i]
		}
	}
	for _, s := range st.sents {
		a.findMentions(st, s)
	}
	if st.model {
		retypePersons(st)
	}
	addRegions(st)
	a.resolve(st, ann)
	return nil
}
