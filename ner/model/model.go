// Package model is entigraph's named-entity tagger: an averaged perceptron
// over BILOU labels with greedy left-to-right decoding, in the style of the
// Illinois NER tagger (Ratinov and Roth, 2009). Its features are the word,
// its lower-cased form, shape, prefixes and suffixes, a window of two words
// and shapes either side, the two previous predicted labels, gazetteer
// matches (countries, capitals, cities, demonyms, person names, organisation
// and place keywords, titles), clusters of pre-trained word vectors
// (the word's and its neighbours') and document-level features: how the word is
// capitalised elsewhere in the document, the labels earlier occurrences of
// the same word got, and, in a second pass, the labels all its other
// occurrences got in the first.
//
// Features are 64-bit hashes, so tagging builds no strings and, once its
// scratch space has grown to the document's size, allocates nothing per
// token. The trained model is embedded in the binary (model.bin.zst) and
// loaded once per process by Load. A Model is safe for concurrent use.
package model

import (
	"errors"
	"fmt"
	"sync"
)

// Model is a trained tagger.
type Model struct {
	info Info
	W    *packed // first pass
	W2   *packed // second pass, nil for a one-pass model
	gaz  *gazetteer
	pool sync.Pool // *scratch
	// words caches the summed word-only rows of the words tagged so far.
	words wordCache
}

// Info describes how a model was trained.
type Info struct {
	Version     int     `json:"version"`
	TwoPass     bool    `json:"two_pass"`
	GoldHistory bool    `json:"gold_history"`
	Seed        uint64  `json:"seed"`
	Refit       bool    `json:"refit"`        // retrained on training and dev documents for the epochs early stopping chose
	Epochs      int     `json:"epochs"`       // epochs of the first-pass weights kept
	Epochs2     int     `json:"epochs2"`      // epochs of the second-pass weights kept
	DevF1       float64 `json:"dev_f1"`       // their F1 on the dev set
	Features    int     `json:"features"`     // feature rows kept
	Gazetteers  string  `json:"gazetteers"`   // checksum of the lists the features were computed with
	Clusters    string  `json:"clusters"`     // checksum of the word clusters they were computed with
	TrainTokens int     `json:"train_tokens"` // tokens in the training set
}

// Info returns how the model was trained.
func (m *Model) Info() Info { return m.info }

type scratch struct {
	p   prepared
	d   *decoder
	doc map[uint64]uint8
	buf []byte
	out []Label
	p1  []Label
	// parts: each token's entry in m.words.
	parts []*wordSums
}

func (m *Model) scratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{d: newDecoder(), doc: map[uint64]uint8{}}
}

// Tag labels one document, given as sentences of tokens. Document-level
// features need the whole document at once: tag each document in one call.
func (m *Model) Tag(sents [][]string) [][]Label {
	return m.TagInto(nil, sents)
}

// TagInto is Tag writing into dst, which it reuses when its capacity allows.
func (m *Model) TagInto(dst [][]Label, sents [][]string) [][]Label {
	s := m.scratch()
	defer m.pool.Put(s)
	s.buf = s.p.prepare(sents, m.gaz, s.doc, s.buf, contextStatic)
	n := len(s.p.toks)
	if cap(s.out) < n {
		s.out = make([]Label, n)
	}
	s.out = s.out[:n]
	if cap(s.parts) < n {
		s.parts = make([]*wordSums, n)
	}
	s.parts = s.parts[:n]
	s.d.both, s.d.edge = m.words.lookup(s.parts, sents, &s.p, m.gaz.clus, m.W, m.W2)
	s.d.parts = s.parts
	s.d.staticSums(&s.p)
	m.tag(s.d, &s.p, s.out, &s.p1)
	s.d.parts = nil
	clear(s.parts)
	if cap(dst) < len(sents) {
		dst = make([][]Label, len(sents))
	}
	dst = dst[:len(sents)]
	off := 0
	for i, w := range sents {
		dst[i] = append(dst[i][:0], s.out[off:off+len(w)]...)
		off += len(w)
	}
	return dst
}

// tag labels p into out with one or two passes; p1 is scratch space for
// the first pass's labels.
func (m *Model) tag(d *decoder, p *prepared, out []Label, p1 *[]Label) {
	if m.W2 == nil {
		d.pass = 0
		d.run(m.W, p, out, nil, nil, false)
		return
	}
	if cap(*p1) < len(out) {
		*p1 = make([]Label, len(out))
	}
	*p1 = (*p1)[:len(out)]
	d.pass = 0
	d.run(m.W, p, *p1, nil, nil, false)
	d.pass = 1
	d.run(m.W2, p, out, *p1, nil, false)
}

// Entities returns the entities of one document as spans of tokens.
func (m *Model) Entities(sents [][]string) []Span { return Spans(m.Tag(sents)) }

var (
	loadOnce sync.Once
	loaded   *Model
	loadErr  error
)

// Load returns the embedded model, decoding it on the first call only.
func Load() (*Model, error) {
	loadOnce.Do(func() {
		if len(embedded) == 0 {
			loadErr = errors.New("model: no model embedded")
			return
		}
		loaded, loadErr = Decode(embedded)
		if loadErr != nil {
			loadErr = fmt.Errorf("model: embedded model: %w", loadErr)
		}
	})
	return loaded, loadErr
}
