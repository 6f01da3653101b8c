// Package ner is entigraph's annotation stage: it turns a kg.Document into a
// kg.Annotated with sentences, tokens (byte offsets, Penn Treebank POS tags),
// typed mentions and the document's entities.
//
// The stage runs, per document:
//
//  1. sentences: the text of each Segment is cut into blocks at line breaks
//     (see blocks), the English Punkt splitter of neurosnap/sentences (the
//     one prose wraps, built once per Annotator) splits the blocks, and each
//     sentence is aligned to the original text; a sentence repeating an
//     earlier one of the document is marked Duplicate;
//  2. tokens: prose's tokenizer, one call per sentence, aligned to the
//     text; POS tags from ner/pos (the default, NERModel) or from prose's
//     tagger (NERProse; earlier occurrences of a repeated word get their own
//     tag back, see tagRepeats);
//  3. entity labels: ner/model over the whole document at once (NERModel),
//     or prose's recogniser per sentence (NERProse); PER, ORG and LOC are
//     read as Person, Organization and Country or Place (the gazetteer
//     decides), MISC is dropped unless the gazetteer finds a demonym;
//  4. mentions: the country gazetteer (ner/gazetteer), a title lexicon,
//     keyword, lexicon and junk rules, then the labels (see mentions.go);
//  5. resolution: partial names, spelling variants and acronyms are linked
//     to one entity within the document (see resolve.go).
//
// WithNER chooses the source of steps 2 and 3. An Annotator is safe for
// concurrent use: the splitter, ner/model, ner/pos and prose's Model are
// only read while annotating, and everything else is immutable after New.
package ner

import (
	"fmt"
	"strings"
	"sync"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
	"github.com/entigraph/entigraph/ner/model"
	"github.com/entigraph/entigraph/ner/pos"
	"github.com/jdkato/prose/v2"
	"gopkg.in/neurosnap/sentences.v1"
)

// The mention sources WithNER chooses between.
const (
	// NERModel is entigraph's own tagger (ner/model) with the ner/pos
	// part-of-speech tagger: the default.
	NERModel = "model"
	// NERProse is prose's tagger and named-entity recogniser, kept for
	// comparison.
	NERProse = "prose"
)

// NERChoices lists the values WithNER accepts, the default first.
var NERChoices = []string{NERModel, NERProse}

// Annotator holds the models; make one per process with New.
type Annotator struct {
	ner   string                              // NERModel or NERProse
	seg   *sentences.DefaultSentenceTokenizer // built once, both sources
	prose *prose.Model                        // NERProse only
	tagNE *model.Model                        // NERModel only
	pos   *pos.Tagger                         // NERModel only
	gaz   *gazetteer.Gazetteer
	lex   *lexicon
	split *splitCache // NERModel only: see splitWords
	arena sync.Pool   // of *tokArena: the tokens of one document at a time
	max   int         // the longest sentence in bytes (WithMaxSentence)
}

// tokArena holds the tokens of one document's sentences in one slice,
// reused from document to document: the tokens live only while the
// document is annotated (ann.Tokens copies them out), and allocating them
// per sentence made over a quarter of the annotator's garbage.
type tokArena struct {
	buf []tok
	// Scratch of one sentence at a time, reused sentence after sentence:
	// splitWords' words, scanGazetteer's inGaz and tokenKeys' offsets,
	// sentInfo.low's words.
	words []string
	ints  []int
	lows  []string
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

func (a *Annotator) getArena() *tokArena {
	if ar, ok := a.arena.Get().(*tokArena); ok {
		return ar
	}
	return &tokArena{}
}

// putArena hands the arena back, cleared so that it keeps no document's
// text alive.
func (a *Annotator) putArena(ar *tokArena) {
	clear(ar.buf)
	ar.buf = ar.buf[:0]
	clear(ar.words[:cap(ar.words)])
	clear(ar.lows[:cap(ar.lows)])
	a.arena.Put(ar)
}

// Option configures New.
type Option func(*config)

type config struct {
	ner         string
	maxSentence int
}

// WithNER chooses the source of part-of-speech tags and entity labels:
// NERModel ("model", the default: ner/pos and ner/model) or NERProse
// ("prose": prose's tagger and recogniser). Sentences and tokens come from
// the same splitter and tokenizer either way.
func WithNER(name string) Option { return func(c *config) { c.ner = name } }

// New loads the models once: the sentence splitter's training data, then
// ner/model and ner/pos (about 0.2 s together) or prose's model (about
// 0.3 s), and the embedded gazetteer and lexicons. An unknown WithNER name
// is an error.
func New(opts ...Option) (*Annotator, error) {
	c := config{ner: NERModel}
	for _, o := range opts {
		o(&c)
	}
	if c.ner == "" {
		c.ner = NERModel
	}
	a := &Annotator{ner: c.ner, max: maxSentence(c.maxSentence)}
	switch c.ner {
	case NERModel:
		m, err := model.Load()
		if err != nil {
			return nil, fmt.Errorf("ner: %w", err)
		}
		p, err := pos.Load()
		if err != nil {
			return nil, fmt.Errorf("ner: %w", err)
		}
		a.tagNE, a.pos = m, p
		a.split = newSplitCache()
	case NERProse:
		a.prose = prose.ModelFromData("entigraph")
	default:
		return nil, fmt.Errorf("ner: unknown NER %q (want %s)", c.ner, strings.Join(NERChoices, " or "))
	}
	seg, err := newSegmenter()
	if err != nil {
		return nil, fmt.Errorf("ner: sentence splitter: %w", err)
	}
	a.seg = seg
	g, err := gazetteer.Default()
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	lex, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	a.gaz, a.lex = g, lex
	return a, nil
}

// NER returns the mention source in use: NERModel or NERProse.
func (a *Annotator) NER() string { return a.ner }

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
	ar := a.getArena()
	defer a.putArena(ar)
	st := &docState{text: doc.Text, ar: ar}
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
		} else {
			toks, err = a.tokens(doc.Text, s, ar)
			if err != nil {
				return nil, fmt.Errorf("ner: document %q: sentence at byte %d: %w", doc.ID, s.Start, err)
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
	// when there are none, as before).
	if kept > 0 {
		ann.Tokens = make([]kg.Token, 0, total)
		ann.Sentences = make([]kg.Sentence, 0, kept)
		st.sents = make([]*sent, 0, kept)
	}
	for _, s := range sents {
		if len(s.toks) == 0 {
			continue
		}
		ks := kg.Sentence{Start: s.Start, End: s.End, TokStart: len(ann.Tokens)}
		for _, t := range s.toks {
			ann.Tokens = append(ann.Tokens, t.Token)
		}
		ks.TokEnd = len(ann.Tokens)
		ann.Sentences = append(ann.Sentences, ks)
		s.index = len(ann.Sentences) - 1
		st.sents = append(st.sents, s)
	}
	markDuplicates(doc.Text, ann.Sentences)
	if a.ner == NERModel {
		a.labelModel(st)
	}
	for _, s := range st.sents {
		s.dup = ann.Sentences[s.index].Duplicate
		a.findMentions(st, s)
	}
	if a.ner == NERModel {
		retypePersons(st)
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
