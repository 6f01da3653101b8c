package model

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// scorer adds the weight rows of features to a score vector.
type scorer interface {
	score(sc *[NumLabels]float32, keys []uint64)
}

// packed is the read-only form of trained weights: 16-bit weights in rows
// of NumLabels, found through an open-addressing table of the feature
// keys. It is what Decode builds and what tagging reads.
//
// The table holds the keys alone, eight to a cache line, so that probing
// for a feature the model does not have (most lookups) stays in a small
// array; the rows are a parallel array, read only on a hit.
type packed struct {
	keys  []uint64 // sorted
	scale float32  // a weight is a row's value * scale
	table []uint64 // len a power of two, at most 3/4 full; 0: empty (feature keys are never 0)
	rows  []int16  // rows[i*NumLabels:(i+1)*NumLabels]: the row of table[i]
	mask  uint64
}

// row returns the weights of key k, or nil.
func (p *packed) row(k uint64) *[NumLabels]int16 {
	for i := k & p.mask; ; i = (i + 1) & p.mask {
		switch p.table[i] {
		case k:
			return (*[NumLabels]int16)(p.rows[i*NumLabels:])
		case 0:
			return nil
		}
	}
}

// pack quantises W: the largest weight maps to 32767; rows whose weights
// all round to zero are dropped.
func pack(W *weights) *packed {
	maxAbs := float32(0)
	for _, x := range W.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = maxAbs / 32767
	}
	keys := make([]uint64, 0, len(W.idx))
	for k, r := range W.idx {
		for _, x := range W.w[int(r)*NumLabels : int(r)*NumLabels+NumLabels] {
			if quantise(x, scale) != 0 {
				keys = append(keys, k)
				break
			}
		}
	}
	slices.Sort(keys)
	rows := make([]int16, len(keys)*NumLabels)
	for i, k := range keys {
		r := int(W.idx[k]) * NumLabels
		for j := 0; j < NumLabels; j++ {
			rows[i*NumLabels+j] = quantise(W.w[r+j], scale)
		}
	}
	return newPacked(keys, rows, scale)
}

func quantise(x, scale float32) int16 {
	return int16(max(-32767, min(32767, math.Round(float64(x/scale)))))
}

// newPacked builds the lookup table over sorted keys and their rows.
func newPacked(keys []uint64, rows []int16, scale float32) *packed {
	n := 1024
	for n*3 < 4*len(keys) {
		n *= 2
	}
	p := &packed{keys: keys, scale: scale, table: make([]uint64, n), rows: make([]int16, n*NumLabels), mask: uint64(n - 1)}
	for r, k := range keys {
		i := k & p.mask
		for p.table[i] != 0 {
			i = (i + 1) & p.mask
		}
		p.table[i] = k
		copy(p.rows[i*NumLabels:(i+1)*NumLabels], rows[r*NumLabels:r*NumLabels+NumLabels])
	}
	return p
}

func (p *packed) score(sc *[NumLabels]float32, keys []uint64) {
	var acc [NumLabels]int32
	p.scoreFrom(sc, &acc, keys)
}

// scoreFrom is score starting from the sums of rows already added up in
// acc (integers: the result is the same as adding all the rows here).
func (p *packed) scoreFrom(sc *[NumLabels]float32, base *[NumLabels]int32, keys []uint64) {
	acc := *base
	p.sum(&acc, keys)
	for j := range sc {
		sc[j] += float32(acc[j]) * p.scale
	}
}

// sum adds the rows of keys to acc.
func (p *packed) sum(acc *[NumLabels]int32, keys []uint64) {
	table, mask := p.table, p.mask
	for _, k := range keys {
		i := k & mask
		for {
			t := table[i]
			if t == k {
				row := (*[NumLabels]int16)(p.rows[i*NumLabels:])
				for j := range acc {
					acc[j] += int32(row[j])
				}
				break
			}
			if t == 0 {
				break
			}
			i = (i + 1) & mask
		}
	}
}

// Word-only features. The first static features of a token (see
// staticFeatures) that depend on nothing but its own text are the first
// four (bias, word, lower case, shape), the one at capLowerAt and the
// affixes that follow it; a word's rows for them add up to the same
// integers wherever it occurs, so tagging adds them up once per distinct
// word (wordCache) and looks up only the other features per token.
const (
	wordOnlyHead = 4  // static[0:4]
	capLowerAt   = 18 // static[18], then the affixes
)

// wordOnlyEnd returns the end of a token's word-only features that follow
// capLowerAt: its affixes come right after.
func wordOnlyEnd(t *tokinfo) int {
	n := capLowerAt + 1
	for _, a := range t.affix {
		if a != 0 {
			n++
		}
	}
	return n
}

// contextKeys appends the static features of a token that are not
// word-only.
func contextKeys(dst, static []uint64, t *tokinfo) []uint64 {
	dst = append(dst, static[wordOnlyHead:capLowerAt]...)
	return append(dst, static[wordOnlyEnd(t):]...)
}

// wordSums are a word's summed word-only rows, one per pass.
type wordSums [2][NumLabels]int32

// maxCachedWords bounds the cache (about 150 bytes a word).
const maxCachedWords = 1 << 16

// wordCache maps words to their wordSums. Entries never change once
// made, so a pointer read under the lock stays valid without it.
type wordCache struct {
	mu sync.Mutex
	m  map[string]*wordSums
}

// lookup sets parts[i] to the sums of token i of p (whose words, sentence
// by sentence, are sents) under the passes' weights W and W2 (nil for a
// one-pass model).
func (c *wordCache) lookup(parts []*wordSums, sents [][]string, p *prepared, W, W2 *packed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*wordSums{}
	}
	i := 0
	for _, s := range sents {
		for _, w := range s {
			ws := c.m[w]
			if ws == nil {
				ws = new(wordSums)
				st := p.static[p.soff[i]:p.soff[i+1]]
				end := wordOnlyEnd(&p.toks[i])
				for pass, P := range []*packed{W, W2} {
					if P != nil {
						P.sum(&ws[pass], st[:wordOnlyHead])
						P.sum(&ws[pass], st[capLowerAt:end])
					}
				}
				if len(c.m) < maxCachedWords {
					c.m[strings.Clone(w)] = ws
				}
			}
			parts[i] = ws
			i++
		}
	}
}
