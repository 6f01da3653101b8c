package ner

import (
	"fmt"
	"sync"

	"github.com/entigraph/entigraph/kg"
	"gopkg.in/neurosnap/sentences.v1"
)

// Tokenizer is the "tokens" stage: it reads Doc.Text and Doc.Segments
// and writes Annotated.Sentences (Start, End, TokStart, TokEnd,
// Duplicate, Repeat) and Annotated.Tokens (Start, End, Text; no Tag or
// Label yet). A sentence with no token is left out. Make one per process
// with NewTokenizer.
type Tokenizer struct {
	seg   *sentences.DefaultSentenceTokenizer
	split *splitCache // see splitWords
	arena sync.Pool   // of *tokArena: the tokens of one document at a time
	max   int         // the longest sentence in bytes, 0 for none (WithMaxSentence)
}

// NewTokenizer builds the sentence splitter from its training data.
// Sentences are cut at DefaultMaxSentence bytes unless WithMaxSentence says
// otherwise.
func NewTokenizer(opts ...TokenizerOption) (*Tokenizer, error) {
	seg, err := newSegmenter()
	if err != nil {
		return nil, fmt.Errorf("sentence splitter: %w", err)
	}
	t := &Tokenizer{seg: seg, split: newSplitCache(), max: DefaultMaxSentence}
	for _, o := range opts {
		o(t)
	}
	return t, nil
}

// Annotate splits ann.Doc's segments into sentences and tokens.
func (t *Tokenizer) Annotate(ann *kg.Annotated) error {
	doc := ann.Doc
	if doc == nil {
		return fmt.Errorf("no document")
	}
	segs, err := segments(doc)
	if err != nil {
		return err
	}
	sents, err := t.sentences(doc.Text, segs)
	if err != nil {
		return err
	}
	ar := getArena(&t.arena)
	defer putArena(&t.arena, ar)
	// A sentence repeated verbatim (seed 000 repeats a story four times)
	// is tokenized once: its copies take the same tokens, shifted.
	seen := make(map[string]*sent, len(sents))
	total, kept := 0, 0
	for _, s := range sents {
		var toks []tok
		if prev, ok := seen[doc.Text[s.Start:s.End]]; ok {
			toks = ar.take(len(prev.toks))
			for _, t := range prev.toks {
				t.Start += s.Start - prev.Start
				t.End += s.Start - prev.Start
				toks = append(toks, t)
			}
			s.same = prev // the first of its text
			if prev.same != nil {
				s.same = prev.same
			}
		} else {
			toks, err = t.tokens(doc.Text, s, ar)
			if err != nil {
				return fmt.Errorf("sentence at byte %d: %w", s.Start, err)
			}
		}
		s.toks = toks
		if len(toks) == 0 {
			continue
		}
		total += len(toks)
		kept++
		seen[doc.Text[s.Start:s.End]] = s
	}
	// The tokens and sentences, now that their numbers are known (nil
	// when there are none).
	ann.Tokens, ann.Sentences = nil, nil
	if kept > 0 {
		ann.Tokens = make([]kg.Token, 0, total)
		ann.Sentences = make([]kg.Sentence, 0, kept)
	}
	for _, s := range sents {
		if len(s.toks) == 0 {
			continue
		}
		ks := kg.Sentence{Start: s.Start, End: s.End, TokStart: len(ann.Tokens)}
		ann.Tokens = append(ann.Tokens, s.toks...)
		ks.TokEnd = len(ann.Tokens)
		if s.same != nil {
			ks.Repeat = s.same.index + 1
		}
		s.index = len(ann.Sentences)
		ann.Sentences = append(ann.Sentences, ks)
	}
	markDuplicates(doc.Text, ann.Sentences)
	return nil
}

// segments returns the spans to read, checked.
func segments(doc *kg.Document) ([]kg.Span, error) {
	if doc.Segments == nil {
		return []kg.Span{{Start: 0, End: len(doc.Text)}}, nil
	}
	prev := 0
	for _, s := range doc.Segments {
		if s.Start < prev || s.End < s.Start || s.End > len(doc.Text) {
			return nil, fmt.Errorf("segment [%d,%d) out of order or outside the text (%d bytes)", s.Start, s.End, len(doc.Text))
		}
		prev = s.End
	}
	return doc.Segments, nil
}
