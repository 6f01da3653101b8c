// Package parse is entigraph's dependency parser: transition-based
// (arc-eager, Nivre 2003), greedy, with an averaged perceptron over the
// rich non-local features of Zhang and Nivre (2011), trained with the
// dynamic oracle and exploration of Goldberg and Nivre (2012). It labels
// arcs with the Universal Dependencies relations of UD English EWT
// (subtypes such as nsubj:pass and obl:unmarked included) and reads
// words with Penn Treebank tags, such as ner/pos gives.
//
// Use:
//
//	p, err := parse.Load() // the embedded model, decoded once per process
//	heads := make([]int, len(words))
//	labels := make([]string, len(words))
//	err = p.Parse(words, tags, heads, labels)
//
// heads[i] is the head of word i+1 in CoNLL-U's numbering: 0 for the
// root, j for words[j-1]. Parse allocates nothing per word once its
// scratch space (pooled) has grown to the longest sentence, and a Parser
// is safe for concurrent use.
//
// Features are 64-bit hashes of words, tags and word clusters (ner/model's
// clusters of GloVe vectors, as Koo, Carreras and Collins (2008) used Brown
// clusters); the weights are a
// read-only table (internal/wtable) of 16-bit weights over the actions,
// stored in parse.bin.zst (internal/wfile), embedded in the binary.
package parse

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/fhash"
	"github.com/entigraph/entigraph/internal/wfile"
	"github.com/entigraph/entigraph/internal/wtable"
	"github.com/entigraph/entigraph/ner/model"
	"github.com/entigraph/entigraph/ner/pos"
)

//go:embed parse.bin.zst
var embedded []byte

// FileName is the name of the embedded model file in this package's folder.
const FileName = "parse.bin.zst"

// POSFileName is the name of the embedded POS model (see Tagger).
const POSFileName = "pos.bin.zst"

// maxLabels bounds the label set: a label set feature is a 64-bit set, and
// the actions (2 + 2 per label) must fit wtable's rows.
const maxLabels = 64

// Parser is a trained parser.
type Parser struct {
	info      Info
	labels    []string
	nLabels   int
	nActs     int
	rootLabel int
	depLabel  int
	clus      *model.Clusters // word clusters (ner/model's)
	W         *wtable.Table
	pool      sync.Pool // *scratch
}

// Info describes how a parser was trained.
type Info struct {
	Version     int      `json:"version"`
	Seed        uint64   `json:"seed"`
	Explore     float64  `json:"explore"`      // probability of following a wrong prediction in training
	Epochs      int      `json:"epochs"`       // epochs of the weights kept
	DevUAS      float64  `json:"dev_uas"`      // their scores on the dev set
	DevLAS      float64  `json:"dev_las"`      //
	Features    int      `json:"features"`     // feature rows kept
	TrainTokens int      `json:"train_tokens"` // words in the training set
	Clusters    string   `json:"clusters"`     // SHA-256 of the word clusters' file (ner/model.Clusters.Sum)
	Labels      []string `json:"labels"`
}

// Info returns how the parser was trained.
func (p *Parser) Info() Info { return p.info }

// Labels returns the dependency labels the parser may give, sorted.
func (p *Parser) Labels() []string { return slices.Clone(p.labels) }

// Load returns the embedded parser, decoding it on the first call only.
func Load() (*Parser, error) { return loadEmbedded() }

var loadEmbedded = sync.OnceValues(func() (*Parser, error) {
	if len(embedded) == 0 {
		return nil, errors.New("parse: no model embedded")
	}
	p, err := Decode(embedded)
	if err != nil {
		return nil, fmt.Errorf("parse: embedded model: %w", err)
	}
	return p, nil
})

func newParser(labels []string) (*Parser, error) {
	if len(labels) == 0 || len(labels) > maxLabels {
		return nil, fmt.Errorf("parse: %d labels, want 1 to %d", len(labels), maxLabels)
	}
	p := &Parser{labels: labels, nLabels: len(labels), nActs: actArcs + 2*len(labels), rootLabel: -1, depLabel: -1}
	for i, l := range labels {
		switch l {
		case "root":
			p.rootLabel = i
		case "dep":
			p.depLabel = i
		}
	}
	if p.rootLabel < 0 {
		return nil, errors.New("parse: no label root")
	}
	if p.depLabel < 0 {
		p.depLabel = p.rootLabel
	}
	var err error
	if p.clus, err = model.LoadClusters(); err != nil {
		return nil, err
	}
	return p, nil
}

// scratch is one parse's working memory, pooled.
type scratch struct {
	st   state
	x    sent
	keys []uint64
	acc  []int32
	buf  []byte
	// While parsing (not training), the scores of the s0 features of
	// each word, s0acc[i*nActs:(i+1)*nActs] (valid where s0ok), and of
	// the n0 features of the buffer starting at n0b (none: not valid).
	s0acc []int32
	s0ok  []bool
	n0acc []int32
	n0b   int32
}

func (p *Parser) scratch() *scratch {
	if s, ok := p.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{acc: make([]int32, wtable.MaxLabels), n0acc: make([]int32, wtable.MaxLabels)}
}

// Parse parses one sentence: words and their Penn Treebank tags. It
// writes the head of word i+1 (0 for the root, j for words[j-1]) into
// heads[i] and its label into labels[i] (strings shared, not copied).
// All four slices must have the same length; an empty sentence is no
// error.
func (p *Parser) Parse(words, tags []string, heads []int, labels []string) error {
	n := len(words)
	if len(tags) != n || len(heads) != n || len(labels) != n {
		return fmt.Errorf("parse: %d words, %d tags, %d heads, %d labels", n, len(tags), len(heads), len(labels))
	}
	if n == 0 {
		return nil
	}
	s := p.scratch()
	defer p.pool.Put(s)
	s.buf = s.x.prepare(s.buf, words, tags, p.clus)
	p.parse(s)
	for i := 1; i <= n; i++ {
		heads[i-1] = int(s.st.head[i])
		labels[i-1] = p.labels[s.st.lab[i]]
	}
	return nil
}

// parse parses s.x greedily from the initial state. It adds up the
// same rows as training's run does at each step, but keeps the sums of
// the s0 and n0 blocks of features (see s0Features) while what they read
// is unchanged: a word's s0 block until it gets a right child, the
// buffer's n0 block until the buffer moves or n0 gets a left child. The
// sums are of integers, so the scores, and the parse, are the same.
func (p *Parser) parse(s *scratch) {
	st, W, A := &s.st, p.W, p.nActs
	n := len(s.x.w) - 1
	st.reset(n)
	s.s0acc, s.s0ok = grow(s.s0acc, (n+1)*A), grow(s.s0ok, n+1)
	s.n0b = none
	acc, n0acc := s.acc[:A], s.n0acc[:A]
	for !st.done() {
		s0 := st.s0()
		s0acc := s.s0acc[int(s0)*A : int(s0+1)*A]
		if !s.s0ok[s0] {
			s.keys = st.s0Features(s.keys[:0], &s.x, s0)
			clear(s0acc)
			W.Touch(s.keys)
			W.Sum(s0acc, s.keys)
			s.s0ok[s0] = true
		}
		if s.n0b != st.b {
			s.keys = st.n0Features(s.keys[:0], &s.x)
			clear(n0acc)
			W.Touch(s.keys)
			W.Sum(n0acc, s.keys)
			s.n0b = st.b
		}
		s.keys = st.crossFeatures(s.keys[:0], &s.x)
		for i := range acc {
			acc[i] = s0acc[i] + n0acc[i]
		}
		W.Touch(s.keys)
		W.Sum(acc, s.keys)
		a := p.best(st, acc)
		st.apply(a, p.nLabels)
		switch {
		case a >= actArcs+p.nLabels: // s0 -> b: s0 has a new right child
			s.s0ok[s0] = false
		case a >= actArcs: // s0 <- b: n0 has a new left child
			s.n0b = none
		}
	}
	st.finish(p.rootLabel, p.depLabel)
}

// run trains on s.x from the initial state (see oracle.step): every step
// scores all the features with the training weights.
func (p *Parser) run(s *scratch, W *weights, o *oracle) {
	st := &s.st
	st.reset(len(s.x.w) - 1)
	acc := s.acc[:p.nActs]
	for !st.done() {
		s.keys = st.features(s.keys[:0], &s.x)
		clear(acc)
		W.sum(acc, s.keys)
		best := o.step(p, st, acc, p.best(st, acc), s.keys)
		st.apply(best, p.nLabels)
	}
	st.finish(p.rootLabel, p.depLabel)
}

// best returns the valid action of highest score (the first of equals).
func (p *Parser) best(st *state, acc []int32) int {
	best, bs := -1, int32(0)
	try := func(a int) {
		if best < 0 || acc[a] > bs {
			best, bs = a, acc[a]
		}
	}
	s0 := st.s0()
	try(actShift) // the buffer is not empty
	if s0 != 0 && st.head[s0] != none {
		try(actReduce)
	}
	L := p.nLabels
	if s0 != 0 && st.head[s0] == none {
		for l := 0; l < L; l++ {
			if l != p.rootLabel {
				try(actArcs + l)
			}
		}
	}
	if s0 == 0 {
		if !st.rootDone {
			try(actArcs + L + p.rootLabel)
		}
	} else {
		for l := 0; l < L; l++ {
			if l != p.rootLabel {
				try(actArcs + L + l)
			}
		}
	}
	return best
}

// prepare hashes the words (lower-cased) and tags of a sentence, index 0
// being the root; buf is scratch, returned for reuse.
func (x *sent) prepare(buf []byte, words, tags []string, clus *model.Clusters) []byte {
	n := len(words) + 1
	x.w, x.p, x.suf, x.c = grow(x.w, n), grow(x.p, n), grow(x.suf, n), grow(x.c, n)
	x.w[0], x.p[0], x.suf[0], x.c[0] = rootWord, rootTag, rootWord, 1
	for i, w := range words {
		buf = lower(buf[:0], w)
		x.w[i+1] = fhash.Bytes(buf)
		x.c[i+1] = clus.Path(x.w[i+1])
		x.suf[i+1] = fhash.Bytes(buf[max(0, len(buf)-3):])
		x.p[i+1] = fhash.String(tagClass(tags[i]))
	}
	return buf
}

// tagClass folds the spellings of a tag that Penn Treebank's variants
// write differently: ner/pos writes CoNLL-2003's " ( ) and : where ner
// (for quotes) and treebanks write “ ” -LRB- -RRB- HYPH NFP.
func tagClass(t string) string {
	switch t {
	case "``", "''":
		return `"`
	case "-LRB-":
		return "("
	case "-RRB-":
		return ")"
	case "HYPH", "NFP":
		return ":"
	}
	return t
}

// lower appends the lower case of w to dst.
func lower(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(w)...)
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

const (
	magic         = "ENTPARSE\x00"
	formatVersion = 2 // 2: word-cluster features (1 had none)
)

// Encode writes the parser: wfile's header (Info, with the labels), then
// the weights as a wfile table.
func (p *Parser) Encode(w io.Writer) error {
	info := p.info
	info.Version = formatVersion
	info.Labels = p.labels
	fw, err := wfile.NewWriter(w, magic, info)
	if err != nil {
		return err
	}
	keys := p.W.Keys()
	row := make([]int16, p.nActs)
	fw.Table(keys, p.W.Scale(), p.nActs, func(i int) []int16 {
		p.W.Row(keys[i], row)
		return row
	})
	return fw.Close()
}

// Decode reads a parser written by Encode.
func Decode(data []byte) (*Parser, error) {
	var info Info
	r, err := wfile.NewReader(data, magic, "parser model", &info)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if info.Version != formatVersion {
		return nil, fmt.Errorf("parser model format %d, want %d: retrain it", info.Version, formatVersion)
	}
	p, err := newParser(info.Labels)
	if err != nil {
		return nil, err
	}
	if info.Clusters != p.clus.Sum() {
		return nil, errors.New("parser model trained on other word clusters than ner/model's: retrain it")
	}
	p.info = info
	if p.W, err = r.Table(p.nActs); err != nil {
		return nil, err
	}
	return p, nil
}

// The POS tagger the parser was trained with: ner/pos's tagger retrained on
// CoNLL-2003 and UD English EWT (syntax/parse/README.md), whose tags the
// parser reads. The pipeline's own tags stage keeps ner/pos's CoNLL-2003
// model, on which the mention rules were built; the parser tags the words
// again with this one (POSTagger).
//
//go:embed pos.bin.zst
var posModel []byte

// POSTagger returns the parser's POS tagger, decoding it on the first call.
func POSTagger() (*pos.Tagger, error) { return loadPOS() }

var loadPOS = sync.OnceValues(func() (*pos.Tagger, error) {
	t, err := pos.Decode(posModel)
	if err != nil {
		return nil, fmt.Errorf("parse: embedded POS model: %w", err)
	}
	return t, nil
})
