// Package pos is a fast part-of-speech tagger: an averaged perceptron with
// greedy left-to-right decoding over Penn Treebank tags, trained on the POS
// column of the CoNLL-2003 training file and the XPOS column of UD English
// EWT's (web text; its tags spelt as CoNLL-2003 spells them, FromCoNLLU),
// early stopping on both dev files (features as in Collins 2002 and
// Honnibal's "A good POS tagger in about 200 lines": the word, its affixes
// and shape, the two words either side and the two previous tags). Words
// seen often enough in training with one tag only get that tag without
// scoring.
//
// It exists because prose's tagger runs at about 110k tokens/s on one core,
// which caps the pipeline's speed; this one tags several times faster, with
// no allocation per token. The trained model is embedded (pos.bin.zst) and
// loaded once per process by Load. A Tagger is safe for concurrent use.
package pos

import (
	_ "embed"
	"errors"
	"fmt"
	"github.com/entigraph/entigraph/internal/fhash"
	"github.com/entigraph/entigraph/internal/wfile"
	"github.com/entigraph/entigraph/internal/wtable"
	"io"
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed pos.bin.zst
var embedded []byte

// FileName is the name of the embedded model file in this package's folder.
const FileName = "pos.bin.zst"

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
// allows) and returns it. The tag strings are shared, not copied. dst may
// be words itself: the words are all read before the first tag is written.
//
// Tagging is bound by memory, not arithmetic: the weight table and the
// word cache are much bigger than the processor's caches, and in the
// pipeline other stages run between sentences, so most lookups miss. The
// work is ordered so that the misses overlap: the sentence's words are
// looked up first (dictionary, word cache), then the static rows of all
// its tokens (those that do not depend on the previous tags) are touched
// at once and added up token by token, with the features of the previous
// tags where these are known beforehand (dictionary words); the greedy
// loop, whose every step waits for the previous tag, is left with the
// other features of the previous tags, whose rows staticSums has touched
// for its guess of those tags.
func (t *Tagger) TagInto(dst []string, words []string) []string {
	s := t.scratch()
	defer t.pool.Put(s)
	s.prepare(words)
	t.words.lookup(s, words, t)
	t.staticSums(s)
	ids := t.decodeCached(s)
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
	// The rest is TagInto's (empty in training):
	// parts[i] is token i's cached word-only sums (wordCache), nil for a
	// word of the dictionary, whose tag lookup has put in out[i].
	parts [][]int32
	spare []int32          // word-only sums of words the cache has no room for
	fresh []int32          // wordCache.lookup: the tokens whose sums it adds up
	stat  [][maxTags]int32 // staticSums: each token's summed static rows
	dyn   []uint8          // staticSums: which of each token's tag keys are not in stat (dynAll...)
	skeys []uint64         // keys to touch and add up: staticSums' are...
	koff  []int32          // ...token i's being skeys[koff[i]:koff[i+1]]
	row   [maxTags]int16   // a dense row (staticSums)
	sink  uint64           // keeps wtable.Touch's reads from being optimised away
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
		t.w = fhash.String(w)
		if isASCII(w) {
			s.buf = foldASCII(s.buf[:0], w, t)
		} else {
			s.buf = fold(s.buf[:0], w, t)
		}
		t.lw = fhash.Bytes(s.buf)
		n := len(s.buf)
		if n > 0 {
			t.pre1 = fhash.Bytes(s.buf[:1])
			t.suf1 = fhash.Bytes(s.buf[n-1:])
		}
		if n > 1 {
			t.suf2 = fhash.Bytes(s.buf[n-2:])
		}
		if n > 2 {
			t.suf3 = fhash.Bytes(s.buf[n-3:])
		}
	}
	if cap(s.out) < len(words) {
		s.out = make([]uint8, len(words))
	}
	s.out = s.out[:len(words)]
}

// fold appends the lower case of w to dst and sets t's shape, digit and
// cap.
func fold(dst []byte, w string, t *tok) []byte {
	for _, r := range w {
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
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
	return dst
}

// foldASCII is fold for an ASCII w (nearly every word), without fold's
// unicode calls per rune: for ASCII those change or class only A-Z, a-z
// and 0-9.
func foldASCII(dst []byte, w string, t *tok) []byte {
	h := uint64(fhash.Offset)
	prev := -1
	for i := 0; i < len(w); i++ {
		b := w[i]
		c := b
		switch {
		case 'A' <= b && b <= 'Z':
			c = 'X'
			b += 'a' - 'A'
		case 'a' <= b && b <= 'z':
			c = 'x'
		case '0' <= b && b <= '9':
			c = 'd'
			t.digit = true
		}
		dst = append(dst, b)
		if int(c) != prev {
			h = (h ^ uint64(c)) * fhash.Prime
			prev = int(c)
		}
	}
	t.shape = h
	t.cap = len(w) > 0 && 'A' <= w[0] && w[0] <= 'Z'
	return dst
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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

// features returns the keys of token i's features, the previous tags
// being p1 and p2: its word-only keys, its tag keys and its context keys.
func (s *scratch) features(i int, p1, p2 uint8) []uint64 {
	t := &s.toks[i]
	keys := wordKeys(s.keys[:0], t)
	keys = tagKeys(keys, t.lw, p1, p2)
	return s.contextKeys(keys, i)
}

// wordKeys appends the keys of the features of t's own text (wordOnly of
// them).
func wordKeys(dst []uint64, t *tok) []uint64 {
	return append(dst,
		feat(fBias, 0),
		feat(fWord, t.w),
		feat(fLower, t.lw),
		feat(fSuf1, t.suf1),
		feat(fSuf2, t.suf2),
		feat(fSuf3, t.suf3),
		feat(fPre1, t.pre1),
		feat(fShape, t.shape),
	)
}

// tagKeys appends the keys of the features of the previous tags (of a word
// whose lower case hashes to lw).
func tagKeys(dst []uint64, lw uint64, p1, p2 uint8) []uint64 {
	return append(dst,
		feat(fPrev1, uint64(p1)),
		feat(fPrev2, uint64(p2)),
		feat(fPrev12, uint64(p1)<<8|uint64(p2)),
		feat(fPrev1Lower, fhash.Pair(uint64(p1), lw)),
	)
}

// firstCapAt is the index of fFirstCap's key in contextKeys' list.
const firstCapAt = 6

// contextKeys appends the keys of token i's features of its neighbours and
// its place in the sentence.
func (s *scratch) contextKeys(dst []uint64, i int) []uint64 {
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
	return append(dst,
		feat(fLowerM1, lw(i-1)),
		feat(fLowerM2, lw(i-2)),
		feat(fLowerP1, lw(i+1)),
		feat(fLowerP2, lw(i+2)),
		feat(fSuf3M1, suf3(i-1)),
		feat(fSuf3P1, suf3(i+1)),
		firstCapKey(&s.toks[i], i == 0),
		feat(fShapeP1, shape(i+1)),
	)
}

func firstCapKey(t *tok, first bool) uint64 {
	f := uint64(0)
	if first {
		f = 1
	}
	if t.cap {
		f |= 2
	}
	return feat(fFirstCap, fhash.Pair(f, t.shape))
}

const startTag = maxTags // "before the sentence"

// wordOnly is the number of features at the head of features' list that
// depend on nothing but the token's own text (bias, word, lower case,
// suffixes, prefix, shape): their rows add up to the same integers
// wherever the word occurs, so tagging adds them up once per distinct
// word. So does fFirstCap everywhere but at the start of a sentence; the
// cached sums include its row there (firstCapKey(t, false)), which
// staticSums swaps for the right one at the start.
const wordOnly = 8

// maxCachedWords bounds the cache (about 200 bytes a word).
const maxCachedWords = 1 << 16

// wordCache maps words to their summed word-only rows (nTags of them).
// It is a table of its own rather than a map[string][]int32 because a
// lookup misses the cache: here it reads one slot and the entry, which
// holds the word's bytes after the sums (no string header, no separate
// string, no rehashing of a growing map). A word gets an entry the second
// time it is tagged only: half the words of a corpus occur once, and the
// memory of their entries would cost more in page faults than it saves.
// Entries never change once made, so a slice of one read under the lock
// stays valid without it.
type wordCache struct {
	mu    sync.Mutex
	slots []cacheSlot // open addressing on the word's hash (tok.w)
	used  int         // slots not empty
	count int         // entries
	slabs [][]int32   // entries, slabSize int32s each
	dict  dictTable   // the Tagger's dict
}

// reset empties the cache, for new weights.
func (c *wordCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slots, c.used, c.count, c.slabs = nil, 0, 0, nil
}

// dictTable is a Tagger's dict (word hash -> its only tag) as a small
// open-addressing table, for the lookup of every token: it reads one line
// or two, fewer than a Go map's lookup.
type dictTable struct {
	keys  []uint64 // 0: empty
	tags  []uint8
	shift uint
	zero  int // the tag of key 0 plus 1, 0 if none
}

func newDictTable(m map[uint64]uint8) dictTable {
	bits := uint(4)
	for 1<<bits < 2*len(m) {
		bits++
	}
	d := dictTable{keys: make([]uint64, 1<<bits), tags: make([]uint8, 1<<bits), shift: 64 - bits}
	mask := uint64(len(d.keys) - 1)
	for k, id := range m {
		if k == 0 {
			d.zero = int(id) + 1
			continue
		}
		i := d.home(k)
		for d.keys[i] != 0 {
			i = (i + 1) & mask
		}
		d.keys[i], d.tags[i] = k, id
	}
	return d
}

// home is the slot where the probing for k starts (its top bits, once
// mixed: the low bits of the words' FNV hashes are poorly mixed).
func (d *dictTable) home(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> d.shift }

func (d *dictTable) get(k uint64) (uint8, bool) {
	if k == 0 {
		return uint8(d.zero - 1), d.zero > 0
	}
	mask := uint64(len(d.keys) - 1)
	for i := d.home(k); ; i = (i + 1) & mask {
		switch d.keys[i] {
		case k:
			return d.tags[i], true
		case 0:
			return 0, false
		}
	}
}

// cacheSlot is a slot of wordCache: the word's hash and where its entry
// is, slab<<16 | offset, plus 1; 0 for an empty slot, seen for a word
// tagged once (or, a harmless mistake, another of the same hash).
type cacheSlot struct {
	h   uint64
	ref uint32
}

const seen = ^uint32(0)

// An entry is the n sums, the word's length and its bytes, four to an
// int32.
const (
	slabSize     = 1 << 16
	maxEntryWord = 256 // longer words are not cached
)

// lookup sets s.parts[i] for each word of s (prepared from words) that
// the dictionary does not tag, and s.out[i] for each that it does.
func (c *wordCache) lookup(s *scratch, words []string, t *Tagger) {
	n := t.nTags
	if cap(s.parts) < len(words) {
		s.parts = make([][]int32, len(words))
	}
	s.parts = s.parts[:len(words)]
	s.spare = s.spare[:0]
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.slots) == 0 {
		c.slots = make([]cacheSlot, 4096)
		c.dict = newDictTable(t.dict)
	}
	// The slots of the words first, read at once so that their cache
	// misses overlap (as wtable.Touch).
	var x uint64
	mask := uint64(len(c.slots) - 1)
	for i := range words {
		tk := &s.toks[i]
		if id, ok := c.dict.get(tk.w); ok {
			s.out[i] = id
			s.parts[i] = nil
			continue
		}
		s.parts[i] = []int32{} // not nil: a word to look up
		x += uint64(c.slots[tk.w&mask].ref)
	}
	// Then the words, and the keys of those not cached, whose rows are
	// touched at once and then added up.
	keys, fresh := s.skeys[:0], s.fresh[:0]
	for i, w := range words {
		if s.parts[i] == nil {
			continue
		}
		tk := &s.toks[i]
		part, mark := c.get(tk.w, w, n)
		if part == nil {
			if mark != nil && c.count < maxCachedWords && len(w) <= maxEntryWord {
				part = c.add(mark, w, n)
			} else {
				if mark == nil && c.used < 2*maxCachedWords {
					c.mark(tk.w)
				}
				k := len(s.spare)
				s.spare = slices.Grow(s.spare, n)[:k+n]
				part = s.spare[k : k+n : k+n]
				clear(part)
			}
			keys = wordKeys(keys, tk)
			keys = append(keys, firstCapKey(tk, false))
			fresh = append(fresh, int32(i))
		}
		s.parts[i] = part
	}
	s.skeys, s.fresh = keys, fresh
	s.sink += x + t.W.Touch(keys)
	for j, i := range fresh {
		t.W.Sum(s.parts[i], keys[j*cachedKeys:(j+1)*cachedKeys])
	}
}

// cachedKeys is the number of keys whose rows a word's cached sums add up.
const cachedKeys = wordOnly + 1

// get returns the sums of word w (hash h), nil if not cached, and then
// the slot marking h as seen (nil if none).
func (c *wordCache) get(h uint64, w string, n int) ([]int32, *cacheSlot) {
	mask := uint64(len(c.slots) - 1)
	var mark *cacheSlot
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &c.slots[i]
		switch {
		case sl.ref == 0:
			return nil, mark
		case sl.h != h:
		case sl.ref == seen:
			mark = sl
		default:
			r := sl.ref - 1
			e := c.slabs[r>>16][r&0xffff:]
			if sameWord(e[n:], w) {
				return e[:n:n], nil
			}
		}
	}
}

// sameWord reports whether e holds w (its length, then its bytes).
func sameWord(e []int32, w string) bool {
	if int(e[0]) != len(w) {
		return false
	}
	e = e[1:]
	for j := 0; j < len(w); j++ {
		if byte(uint32(e[j>>2])>>(8*(j&3))) != w[j] {
			return false
		}
	}
	return true
}

// add makes an entry of zero sums for word w, its slot being mark (of
// w's hash, seen), and returns its sums.
func (c *wordCache) add(mark *cacheSlot, w string, n int) []int32 {
	size := n + 1 + (len(w)+3)/4
	last := len(c.slabs) - 1
	if last < 0 || len(c.slabs[last])+size > slabSize {
		c.slabs = append(c.slabs, make([]int32, 0, slabSize))
		last++
	}
	slab := c.slabs[last]
	off := len(slab)
	slab = slab[:off+size]
	e := slab[off:]
	e[n] = int32(len(w))
	for j := 0; j < len(w); j++ {
		e[n+1+j>>2] |= int32(uint32(w[j]) << (8 * (j & 3)))
	}
	c.slabs[last] = slab
	mark.ref = uint32(last)<<16 | uint32(off) + 1
	c.count++
	return e[:n:n]
}

// mark records h as seen.
func (c *wordCache) mark(h uint64) {
	if 4*(c.used+1) > 3*len(c.slots) {
		c.grow()
	}
	c.put(cacheSlot{h: h, ref: seen})
	c.used++
}

func (c *wordCache) put(s cacheSlot) {
	mask := uint64(len(c.slots) - 1)
	i := s.h & mask
	for c.slots[i].ref != 0 {
		i = (i + 1) & mask
	}
	c.slots[i] = s
}

func (c *wordCache) grow() {
	old := c.slots
	c.slots = make([]cacheSlot, 2*len(old))
	for _, s := range old {
		if s.ref != 0 {
			c.put(s)
		}
	}
}

// What staticSums leaves to decodeCached of a token's tag keys (tagKeys).
const (
	dynAll  = iota // all of them
	dynP2          // those of the tag before the previous one (fPrev2, fPrev12)
	dynNone        // none
)

// staticSums sets s.stat[i], for each token i not of the dictionary, to
// the sum of its static rows: the cached ones of its word, those of its
// context keys and those of its tag keys whose tags are known before
// decoding (the sentence's start, or words of the dictionary: half the
// tokens); s.dyn[i] says which tag keys are left. All these keys and the
// cached sums are touched first (wtable.Touch), so that their cache misses
// overlap. Then so are the tag keys left, for the tags the static sums
// point to: a guess, put in s.out for decodeCached to overwrite, that is
// nearly always right, so that the lookups of the greedy loop find their
// rows in cache.
func (t *Tagger) staticSums(s *scratch) {
	nt := len(s.toks)
	if cap(s.stat) < nt {
		s.stat = make([][maxTags]int32, nt)
		s.dyn = make([]uint8, nt)
	}
	s.stat, s.dyn = s.stat[:nt], s.dyn[:nt]
	known := func(j int) bool { return j < 0 || s.parts[j] == nil }
	keys := s.skeys[:0]
	koff := append(s.koff[:0], 0)
	var x uint64
	for i, p := range s.parts {
		if p != nil {
			keys = s.contextKeys(keys, i)
			if i > 0 { // fFirstCap's row is in p
				keys[len(keys)-2] = keys[len(keys)-1]
				keys = keys[:len(keys)-1]
			}
			switch {
			case known(i-1) && known(i-2):
				keys = s.tagKeysAt(keys, i)
				s.dyn[i] = dynNone
			case known(i - 1):
				k := s.tagKeysAt(keys, i)
				keys = append(k[:len(keys)], k[len(keys)], k[len(keys)+3])
				s.dyn[i] = dynP2
			default:
				s.dyn[i] = dynAll
			}
			for j := 0; j < len(p); j += 16 {
				x += uint64(p[j])
			}
		}
		koff = append(koff, int32(len(keys)))
	}
	s.skeys, s.koff = keys, koff
	x += t.W.Touch(keys)
	n := t.nTags
	for i, p := range s.parts {
		if p == nil {
			continue
		}
		acc := s.stat[i][:n]
		copy(acc, p)
		if i == 0 {
			if t.W.Row(firstCapKey(&s.toks[0], false), s.row[:]) {
				for j := range acc {
					acc[j] -= int32(s.row[j])
				}
			}
		}
		t.W.Sum(acc, keys[koff[i]:koff[i+1]])
		s.out[i] = argmax(acc)
	}
	keys = s.keys[:0]
	for i, p := range s.parts {
		if p != nil && s.dyn[i] != dynNone {
			keys = s.tagKeysAt(keys, i)
		}
	}
	s.keys = keys
	s.sink += x + t.W.Touch(keys)
}

// tagKeysAt appends token i's tag keys, the previous tags read from s.out.
func (s *scratch) tagKeysAt(dst []uint64, i int) []uint64 {
	p1, p2 := uint8(startTag), uint8(startTag)
	if i > 0 {
		p1 = s.out[i-1]
	}
	if i > 1 {
		p2 = s.out[i-2]
	}
	return tagKeys(dst, s.toks[i].lw, p1, p2)
}

// argmax returns the index of the first greatest of sc.
func argmax(sc []int32) uint8 {
	best := 0
	for j := 1; j < len(sc); j++ {
		if sc[j] > sc[best] {
			best = j
		}
	}
	return uint8(best)
}

// decodeCached tags s.toks greedily from staticSums' sums. It gives
// decode's tags: the sums are the same integers (over all of a token's
// features at most 20 weights of at most 32767 in magnitude, below 2^20),
// and decode's scores are these times a positive scale in float32, whose
// 24-bit significand keeps distinct integers of that size distinct and in
// order, so the first best is the same.
func (t *Tagger) decodeCached(s *scratch) []uint8 {
	n := t.nTags
	for i, p := range s.parts {
		if p == nil {
			continue // tagged by the dictionary
		}
		acc := s.stat[i][:n]
		switch s.dyn[i] {
		case dynAll:
			s.keys = s.tagKeysAt(s.keys[:0], i)
			t.W.Sum(acc, s.keys)
		case dynP2:
			k := s.tagKeysAt(s.keys[:0], i)
			s.keys = k
			t.W.Sum(acc, k[1:3])
		}
		s.out[i] = argmax(acc)
	}
	return s.out
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
		W.score(sc, keys)
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

const (
	magic         = "ENTPOS\x00"
	formatVersion = 2 // 2: sparse rows (wfile.Table)
)

// Encode writes the tagger as gzip'd binary: header, Info as JSON, the
// tag dictionary (sorted word hashes and tag ids), then the weights as a
// wfile.Table: sorted feature keys as varint deltas, each row's non-zero
// 16-bit weights.
func (t *Tagger) Encode(w io.Writer) error {
	info := t.info
	info.Version = formatVersion
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
	defer r.Close()
	if t.info.Version != formatVersion {
		return nil, fmt.Errorf("POS model format %d, want %d: retrain it", t.info.Version, formatVersion)
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
	// The count sizes what is read, not the map ahead of it: a damaged
	// count (up to 16M) allocated 605 MB for a file of 334 bytes. The
	// committed tagger's dictionary holds 719 words.
	t.dict = make(map[uint64]uint8, min(nd, 1<<12))
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
	tb, err := r.Table(t.nTags)
	if err != nil {
		return nil, err
	}
	t.W = &table{tb}
	return t, nil
}
