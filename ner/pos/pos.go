// Package pos is a fast part-of-speech tagger: an averaged perceptron with
// greedy left-to-right decoding over Penn Treebank tags, trained on the POS
// column of the CoNLL-2003 files (features as in Collins 2002 and
// Honnibal's "A good POS tagger in about 200 lines": the word, its affixes
// and shape, the two words either side and the two previous tags). Words
// seen often enough in training with one tag only get that tag without
// scoring.
//
// It exists because prose's tagger runs at about 110k tokens/s on one core,
// which caps the pipeline's speed; this one tags several times faster, with
// no allocation per token. The trained model is embedded (pos.bin.gz) and
// loaded once per process by Load. A Tagger is safe for concurrent use.
package pos

import (
	_ "embed"
	"errors"
	"fmt"
	"github.com/entigraph/entigraph/ner/internal/fhash"
	"github.com/entigraph/entigraph/ner/internal/wfile"
	"github.com/entigraph/entigraph/ner/internal/wtable"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed pos.bin.gz
var embedded []byte

// FileName is the name of the embedded model file in this package's folder.
const FileName = "pos.bin.gz"

// maxTags bounds the tag set.
const maxTags = 64

// Tagger is a trained tagger.
type Tagger struct {
	info  Info
	tags  []string
	W     *table
	dict  map[uint64]uint8 // word hash -> its only tag
	nTags int
	pool  sync.Pool
	words wordCache // summed word-only rows of the words tagged so far
}

// Info describes how a tagger was trained.
type Info struct {
	Version int      `json:"version"`
	Seed    uint64   `json:"seed"`
	Epochs  int      `json:"epochs"`
	DevAcc  float64  `json:"dev_accuracy"`
	Tags    []string `json:"tags"`
}

// Info returns how the tagger was trained.
func (t *Tagger) Info() Info { return t.info }

var (
	once   sync.Once
	loaded *Tagger
	lerr   error
)

// Load returns the embedded tagger, decoding it on the first call only.
func Load() (*Tagger, error) {
	once.Do(func() {
		if len(embedded) == 0 {
			lerr = errors.New("pos: no model embedded")
			return
		}
		loaded, lerr = Decode(embedded)
		if lerr != nil {
			lerr = fmt.Errorf("pos: embedded model: %w", lerr)
		}
	})
	return loaded, lerr
}

// Tag returns one sentence's tags.
func (t *Tagger) Tag(words []string) []string { return t.TagInto(nil, words) }

// TagInto writes one sentence's tags into dst (reused when its capacity
// allows) and returns it. The tag strings are shared, not copied.
func (t *Tagger) TagInto(dst []string, words []string) []string {
	s := t.scratch()
	defer t.pool.Put(s)
	s.prepare(words)
	if cap(s.parts) < len(words) {
		s.parts = make([][]int32, len(words))
	}
	s.parts = s.parts[:len(words)]
	t.words.lookup(s, words, t)
	ids := t.decode(s, t.W, nil)
	clear(s.parts)
	s.parts = s.parts[:0]
	if cap(dst) < len(words) {
		dst = make([]string, len(words))
	}
	dst = dst[:len(words)]
	for i, id := range ids {
		dst[i] = t.tags[id]
	}
	return dst
}

type scratch struct {
	toks []tok
	out  []uint8
	keys []uint64
	buf  []byte
	sc   [maxTags]float32
	// parts holds, while TagInto runs, each token's summed word-only rows
	// (wordCache; nil for a word of the dictionary): decode then looks up
	// only the other features. Empty otherwise (training).
	parts [][]int32
	acc   [maxTags]int32
}

func (t *Tagger) scratch() *scratch {
	if s, ok := t.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// tok is what the features need of a word.
type tok struct {
	w, lw, shape uint64
	pre1, suf1   uint64
	suf2, suf3   uint64
	cap, digit   bool
}

func (s *scratch) prepare(words []string) {
	s.toks = s.toks[:0]
	for _, w := range words {
		s.toks = append(s.toks, tok{})
		t := &s.toks[len(s.toks)-1]
		t.w = hashString(w)
		s.buf = s.buf[:0]
		for _, r := range w {
			s.buf = utf8.AppendRune(s.buf, unicode.ToLower(r))
		}
		t.lw = hashBytes(s.buf)
		n := len(s.buf)
		if n > 0 {
			t.pre1 = hashBytes(s.buf[:1])
			t.suf1 = hashBytes(s.buf[n-1:])
		}
		if n > 1 {
			t.suf2 = hashBytes(s.buf[n-2:])
		}
		if n > 2 {
			t.suf3 = hashBytes(s.buf[n-3:])
		}
		h := uint64(fhash.Offset)
		prev := rune(-1)
		for _, r := range w {
			c := r
			switch {
			case unicode.IsUpper(r):
				c = 'X'
			case unicode.IsLower(r):
				c = 'x'
			case unicode.IsDigit(r):
				c = 'd'
				t.digit = true
			case r >= utf8.RuneSelf:
				c = 'o'
			}
			if c != prev {
				h = (h ^ uint64(c)) * fhash.Prime
				prev = c
			}
		}
		t.shape = h
		r, _ := utf8.DecodeRuneInString(w)
		t.cap = unicode.IsUpper(r)
	}
	if cap(s.out) < len(words) {
		s.out = make([]uint8, len(words))
	}
	s.out = s.out[:len(words)]
}

// Feature templates; part of the model: append, never renumber.
const (
	fBias = iota
	fWord
	fLower
	fSuf1
	fSuf2
	fSuf3
	fPre1
	fShape
	fPrev1
	fPrev2
	fPrev12
	fPrev1Lower
	fLowerM1
	fLowerM2
	fLowerP1
	fLowerP2
	fSuf3M1
	fSuf3P1
	fFirstCap
	fShapeP1
)

const none = 0x5bd1e995

func (s *scratch) features(i int, p1, p2 uint8) []uint64 {
	t := &s.toks[i]
	lw := func(j int) uint64 {
		if j < 0 || j >= len(s.toks) {
			return none
		}
		return s.toks[j].lw
	}
	suf3 := func(j int) uint64 {
		if j < 0 || j >= len(s.toks) {
			return none
		}
		return s.toks[j].suf3 | 1
	}
	shape := func(j int) uint64 {
		if j < 0 || j >= len(s.toks) {
			return none
		}
		return s.toks[j].shape
	}
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	if t.cap {
		first |= 2
	}
	return append(s.keys[:0],
		feat(fBias, 0),
		feat(fWord, t.w),
		feat(fLower, t.lw),
		feat(fSuf1, t.suf1),
		feat(fSuf2, t.suf2),
		feat(fSuf3, t.suf3),
		feat(fPre1, t.pre1),
		feat(fShape, t.shape),
		feat(fPrev1, uint64(p1)),
		feat(fPrev2, uint64(p2)),
		feat(fPrev12, uint64(p1)<<8|uint64(p2)),
		feat(fPrev1Lower, fhash.Pair(uint64(p1), t.lw)),
		feat(fLowerM1, lw(i-1)),
		feat(fLowerM2, lw(i-2)),
		feat(fLowerP1, lw(i+1)),
		feat(fLowerP2, lw(i+2)),
		feat(fSuf3M1, suf3(i-1)),
		feat(fSuf3P1, suf3(i+1)),
		feat(fFirstCap, fhash.Pair(first, t.shape)),
		feat(fShapeP1, shape(i+1)),
	)
}

const startTag = maxTags // "before the sentence"

// wordOnly is the number of features at the head of features' list that
// depend on nothing but the token's own text (bias, word, lower case,
// suffixes, prefix, shape): their rows add up to the same integers
// wherever the word occurs, so tagging adds them up once per distinct
// word.
const wordOnly = 8

// maxCachedWords bounds the cache (about 250 bytes a word).
const maxCachedWords = 1 << 16

// wordCache maps words to their summed word-only rows (nTags of them).
// Entries never change once made, so a slice read under the lock stays
// valid without it.
type wordCache struct {
	mu   sync.Mutex
	m    map[string][]int32
	slab []int32 // where new entries are cut from
}

// lookup sets s.parts[i] for each word of s (prepared from words) that
// the dictionary does not tag.
func (c *wordCache) lookup(s *scratch, words []string, t *Tagger) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string][]int32{}
	}
	n := t.nTags
	for i, w := range words {
		if _, ok := t.dict[s.toks[i].w]; ok {
			continue
		}
		part := c.m[w]
		if part == nil {
			if len(c.slab) < n {
				c.slab = make([]int32, 1024*n)
			}
			part, c.slab = c.slab[:n:n], c.slab[n:]
			t.W.Sum(part, s.features(i, 0, 0)[:wordOnly])
			if len(c.m) < maxCachedWords {
				c.m[strings.Clone(w)] = part
			}
		}
		s.parts[i] = part
	}
}

// scorer is the training weights or the packed table.
type scorer interface {
	score(sc []float32, keys []uint64)
}

// decode tags s.toks greedily; with gold it trains W (a *weights) on the
// way, the previous-tag features reading the gold tags.
func (t *Tagger) decode(s *scratch, W scorer, gold []uint8) []uint8 {
	for i := range s.toks {
		p1, p2 := uint8(startTag), uint8(startTag)
		if i > 0 {
			p1 = s.out[i-1]
		}
		if i > 1 {
			p2 = s.out[i-2]
		}
		if gold == nil {
			if id, ok := t.dict[s.toks[i].w]; ok {
				s.out[i] = id
				continue
			}
		}
		keys := s.features(i, p1, p2)
		s.keys = keys
		sc := s.sc[:t.nTags]
		clear(sc)
		if i < len(s.parts) && s.parts[i] != nil {
			copy(s.acc[:], s.parts[i])
			W.(*table).scoreFrom(sc, &s.acc, keys[wordOnly:])
		} else {
			W.score(sc, keys)
		}
		best := 0
		for j := 1; j < len(sc); j++ {
			if sc[j] > sc[best] {
				best = j
			}
		}
		if gold != nil {
			tw := W.(*weights)
			tw.c++
			if uint8(best) != gold[i] {
				tw.update(keys, int(gold[i]), best)
			}
			best = int(gold[i])
		}
		s.out[i] = uint8(best)
	}
	return s.out
}

func feat(t int, v uint64) uint64 {
	k := fhash.Mix(v ^ uint64(t+1)*0xd6e8feb86659fd93)
	if k == 0 {
		k = 1
	}
	return k
}

func hashBytes(b []byte) uint64 {
	h := uint64(fhash.Offset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fhash.Prime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fhash.Offset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fhash.Prime
	}
	return h
}

// weights are the training weights: rows of nTags per feature.
type weights struct {
	n   int
	idx map[uint64]int32
	w   []float32
	u   []float64
	c   float64
}

func (W *weights) score(sc []float32, keys []uint64) {
	for _, k := range keys {
		if r, ok := W.idx[k]; ok {
			row := W.w[int(r)*W.n : int(r)*W.n+W.n]
			for j := range sc {
				sc[j] += row[j]
			}
		}
	}
}

func (W *weights) update(keys []uint64, gold, pred int) {
	for _, k := range keys {
		r, ok := W.idx[k]
		if !ok {
			r = int32(len(W.w) / W.n)
			W.idx[k] = r
			W.w = append(W.w, make([]float32, W.n)...)
			W.u = append(W.u, make([]float64, W.n)...)
		}
		b := int(r) * W.n
		W.w[b+gold]++
		W.u[b+gold] += W.c
		W.w[b+pred]--
		W.u[b+pred] -= W.c
	}
}

func (W *weights) averaged() *weights {
	a := &weights{n: W.n, idx: W.idx, w: make([]float32, len(W.w))}
	c := max(W.c, 1)
	for i, w := range W.w {
		a.w[i] = float32(float64(w) - W.u[i]/c)
	}
	return a
}

// table is the packed, read-only weights (wtable: sparse rows of nTags).
type table struct{ *wtable.Table }

func (p table) score(sc []float32, keys []uint64) {
	var acc [maxTags]int32
	p.scoreFrom(sc, &acc, keys)
}

// scoreFrom is score starting from the sums of rows already added up in
// acc (integers: the result is the same as adding all the rows here).
func (p table) scoreFrom(sc []float32, acc *[maxTags]int32, keys []uint64) {
	p.Sum(acc[:], keys)
	scale := p.Scale()
	for j := range sc {
		sc[j] += float32(acc[j]) * scale
	}
}

// row returns the dense row of k (nil when absent).
func (p table) row(k uint64) []int16 {
	r := make([]int16, p.N())
	if !p.Row(k, r) {
		return nil
	}
	return r
}

func quantise(x, scale float32) int16 {
	return int16(max(-32767, min(32767, math.Round(float64(x/scale)))))
}

func pack(W *weights) *table {
	maxAbs := float32(0)
	for _, x := range W.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = maxAbs / 32767
	}
	var keys []uint64
	for k, r := range W.idx {
		for _, x := range W.w[int(r)*W.n : int(r)*W.n+W.n] {
			if quantise(x, scale) != 0 {
				keys = append(keys, k)
				break
			}
		}
	}
	slices.Sort(keys)
	rows := make([]int16, len(keys)*W.n)
	for i, k := range keys {
		r := int(W.idx[k]) * W.n
		for j := 0; j < W.n; j++ {
			rows[i*W.n+j] = quantise(W.w[r+j], scale)
		}
	}
	t, err := newTable(W.n, keys, rows, scale)
	if err != nil {
		panic(err) // the keys of a map are distinct, and feat never returns 0
	}
	return t
}

func newTable(n int, keys []uint64, rows []int16, scale float32) (*table, error) {
	t, err := wtable.New(n, keys, rows, scale)
	if err != nil {
		return nil, err
	}
	return &table{t}, nil
}

const magic = "ENTPOS\x00"

// Encode writes the tagger as gzip'd binary: header, Info as JSON, the
// tag dictionary (sorted word hashes and tag ids), then the sorted feature
// keys as varint deltas and the 16-bit weights, tag by tag.
func (t *Tagger) Encode(w io.Writer) error {
	info := t.info
	info.Version = 1
	info.Tags = t.tags
	fw, err := wfile.NewWriter(w, magic, info)
	if err != nil {
		return err
	}
	dk := make([]uint64, 0, len(t.dict))
	for k := range t.dict {
		dk = append(dk, k)
	}
	slices.Sort(dk)
	fw.Uvarint(uint64(len(dk)))
	prev := uint64(0)
	for _, k := range dk {
		fw.Uvarint(k - prev)
		prev = k
		fw.Byte(t.dict[k])
	}
	keys := t.W.Keys()
	fw.Table(keys, t.W.Scale(), t.nTags, func(i int) []int16 { return t.W.row(keys[i]) })
	return fw.Close()
}

// Decode reads a tagger written by Encode.
func Decode(data []byte) (*Tagger, error) {
	t := &Tagger{}
	r, err := wfile.NewReader(data, magic, "POS model", &t.info)
	if err != nil {
		return nil, err
	}
	t.tags = t.info.Tags
	t.nTags = len(t.tags)
	if t.nTags == 0 || t.nTags > maxTags {
		return nil, fmt.Errorf("%d tags", t.nTags)
	}
	nd, err := r.Uvarint()
	if err != nil || nd > 1<<24 {
		return nil, errors.New("bad dictionary size")
	}
	t.dict = make(map[uint64]uint8, nd)
	k := uint64(0)
	for i := 0; i < int(nd); i++ {
		d, err := r.Uvarint()
		if err != nil {
			return nil, err
		}
		k += d
		id, err := r.Byte()
		if err != nil {
			return nil, err
		}
		if int(id) >= t.nTags {
			return nil, errors.New("bad tag id")
		}
		t.dict[k] = id
	}
	keys, rows, scale, err := r.Table(t.nTags)
	if err != nil {
		return nil, err
	}
	if t.W, err = newTable(t.nTags, keys, rows, scale); err != nil {
		return nil, err
	}
	return t, nil
}
