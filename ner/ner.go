// Package ner is entigraph's annotation stage: it turns a kg.Document into a
// kg.Annotated with sentences, tokens (byte offsets, Penn Treebank POS tags),
// typed mentions and the document's entities.
//
// The stage runs, per document:
//
//  1. sentences: the text of each Segment is cut into blocks at line breaks
//     (see blocks), prose's sentence segmenter splits the blocks, and each
//     sentence is aligned to the original text (prose returns no offsets);
//     a sentence repeating an earlier one of the document is marked
//     Duplicate;
//  2. tokens: prose's tokenizer and tagger, one call per sentence, aligned to
//     the text; earlier occurrences of a repeated word get their own tag back
//     (see tagRepeats, working around prose's shared tokens);
//  3. mentions: the country gazetteer (ner/gazetteer), a title lexicon,
//     keyword and junk rules, with prose's NER labels as type hints only
//     (see mentions.go);
//  4. resolution: partial names, spelling variants and acronyms are linked
//     to one entity within the document (see resolve.go).
//
// An Annotator is safe for concurrent use: prose's Model is only read while
// tagging and extracting (its tagger and extracter keep no state between
// calls; every call builds its own tokens), and everything else is
// immutable after New.
package ner

import (
	"fmt"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
	"github.com/jdkato/prose/v2"
)

// Annotator holds the models; make one per process with New.
type Annotator struct {
	model *prose.Model
	gaz   *gazetteer.Gazetteer
	lex   *lexicon
}

// New loads prose's default model (once: about 0.3 s) and the embedded
// gazetteer and lexicons.
func New() (*Annotator, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	lex, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	return &Annotator{model: prose.ModelFromData("entigraph"), gaz: g, lex: lex}, nil
}

// Annotate reads doc.Segments (the whole Text when nil) and returns its
// tokens, sentences, mentions and entities. It never modifies doc. Errors
// name the document.
func (a *Annotator) Annotate(doc *kg.Document) (out *kg.Annotated, err error) {
	if doc == nil {
		return nil, fmt.Errorf("ner: nil document")
	}
	defer func() {
		// prose panics on malformed model data; report it as this
		// document's error rather than crashing a batch.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("ner: document %q: %v", doc.ID, r)
		}
	}()
	segs, err := segments(doc)
	if err != nil {
		return nil, fmt.Errorf("ner: document %q: %w", doc.ID, err)
	}
	ann := &kg.Annotated{Doc: doc}
	sents, err := a.sentences(doc.Text, segs)
	if err != nil {
		return nil, fmt.Errorf("ner: document %q: %w", doc.ID, err)
	}
	st := &docState{text: doc.Text}
	// A sentence repeated verbatim (seed 000 repeats a story four times)
	// is tokenized once: its copies take the same tokens, shifted.
	seen := map[string]*sent{}
	for _, s := range sents {
		var toks []tok
		if prev, ok := seen[doc.Text[s.Start:s.End]]; ok {
			toks = make([]tok, len(prev.toks))
			for i, t := range prev.toks {
				t.Start += s.Start - prev.Start
				t.End += s.Start - prev.Start
				toks[i] = t
			}
		} else {
			toks, err = a.tokens(doc.Text, s)
			if err != nil {
				return nil, fmt.Errorf("ner: document %q: sentence at byte %d: %w", doc.ID, s.Start, err)
			}
		}
		if len(toks) == 0 {
			continue
		}
		ks := kg.Sentence{Start: s.Start, End: s.End, TokStart: len(ann.Tokens)}
		for _, t := range toks {
			ann.Tokens = append(ann.Tokens, t.Token)
		}
		ks.TokEnd = len(ann.Tokens)
		ann.Sentences = append(ann.Sentences, ks)
		s.toks = toks
		s.index = len(ann.Sentences) - 1
		seen[doc.Text[s.Start:s.End]] = s
		st.sents = append(st.sents, s)
	}
	markDuplicates(doc.Text, ann.Sentences)
	for _, s := range st.sents {
		s.dup = ann.Sentences[s.index].Duplicate
		a.findMentions(st, s)
	}
	a.resolve(st, ann)
	return ann, nil
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
