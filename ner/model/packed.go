package model

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/entigraph/entigraph/hugepage"
	"github.com/entigraph/entigraph/internal/wtable"
)

// scorer adds the weight rows of features to a score vector.
type scorer interface {
	score(sc *[NumLabels]float32, keys []uint64)
}

// packed is the read-only form of one pass's trained weights: 16-bit
// weights in rows of NumLabels, kept sparse (wtable). A decoded two-pass
// model keeps both passes in one table, rows side by side (see
// mergePasses), and each pass's packed is a view of its half. It is what
// Decode builds and what tagging reads.
type packed struct {
	t     *wtable.Table
	off   int     // the pass's weights are at [off:off+NumLabels] of t's rows
	n     int     // keys with a weight in the pass
	scale float32 // a weight is a row's value * scale
}

// row returns the weights of key k, or nil.
func (p *packed) row(k uint64) *[NumLabels]int16 {
	var buf [bothLabels]int16
	if !p.t.Row(k, buf[:]) {
		return nil
	}
	r := (*[NumLabels]int16)(buf[p.off:])
	if *r == ([NumLabels]int16{}) {
		return nil // a key of the other pass
	}
	return r
}

// keys returns the pass's feature keys, sorted.
func (p *packed) keys() []uint64 {
	if p.t.N() == NumLabels {
		return p.t.Keys()
	}
	var out []uint64
	for _, k := range p.t.Keys() {
		if p.row(k) != nil {
			out = append(out, k)
		}
	}
	return out
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
	p, err := newPacked(keys, rows, scale)
	if err != nil {
		panic(err) // the keys of a map are distinct, and feat never returns 0
	}
	return p
}

func quantise(x, scale float32) int16 {
	return int16(max(-32767, min(32767, math.Round(float64(x/scale)))))
}

// newPacked builds the lookup table over sorted keys and their dense rows.
func newPacked(keys []uint64, rows []int16, scale float32) (*packed, error) {
	t, err := wtable.New(NumLabels, keys, rows, scale)
	if err != nil {
		return nil, err
	}
	return &packed{t: t, n: len(keys), scale: scale}, nil
}

func (p *packed) score(sc *[NumLabels]float32, keys []uint64) {
	var acc [NumLabels]int32
	p.sum(&acc, keys)
	for j := range sc {
		sc[j] += float32(acc[j]) * p.scale
	}
}

// sum adds the rows of keys to acc.
func (p *packed) sum(acc *[NumLabels]int32, keys []uint64) {
	if p.t.N() == NumLabels {
		p.t.Sum(acc[:], keys)
		return
	}
	var both [bothLabels]int32
	p.t.Sum(both[:], keys)
	for j, x := range both[p.off : p.off+NumLabels] {
		acc[j] += x
	}
}

// Word-only features. Of a token's static features (staticFeatures),
// those of its own text (wordFeatures) and those its neighbours' texts
// give it (their lower case and shape in their roles, neighbourKeys) add
// up to the same integers wherever the words occur, so tagging adds them
// up once per distinct word and role (wordCache) and looks up only the
// others per token (contextFeatures).

// Roles of a word in its wordSums: the token being tagged itself, or its
// neighbour two or one before it, or one or two after it.
const (
	roleSelf = iota
	roleM2
	roleM1
	roleP1
	roleP2
	numRoles
)

// neighbourTmpl are the templates of a word's features in each neighbour
// role: its lower case, its shape and its cluster.
var neighbourTmpl = [numRoles][3]tmpl{
	roleM2: {tLowerM2, tShapeM2, tClusM2},
	roleM1: {tLowerM1, tShapeM1, tClusM1},
	roleP1: {tLowerP1, tShapeP1, tClusP1},
	roleP2: {tLowerP2, tShapeP2, tClusP2},
}

// edgeTok stands for a neighbour position beyond the sentence.
var edgeTok = tokinfo{lw: beyondSentence, shape: beyondSentence}

// neighbourTok returns the role neighbour of token i of toks (a
// sentence), or edgeTok.
func neighbourTok(toks []tokinfo, i, role int) *tokinfo {
	j := i + [numRoles]int{roleM2: -2, roleM1: -1, roleP1: 1, roleP2: 2}[role]
	if j < 0 || j >= len(toks) {
		return &edgeTok
	}
	return &toks[j]
}

// neighbourKeys appends the features word t gives the token it is the
// role neighbour of: its lower case and shape, and next to it, its
// cluster.
func neighbourKeys(dst []uint64, role int, t *tokinfo) []uint64 {
	tp := neighbourTmpl[role]
	dst = append(dst, feat(tp[0], t.lw), feat(tp[1], t.shape))
	if t.clus != 0 && (role == roleM1 || role == roleP1) {
		for _, n := range neighbourPrefixes {
			dst = append(dst, clusterFeature(tp[2], t.clus, n))
		}
	}
	return dst
}

// bothLabels is the width of a row of both passes' weights side by side:
// pass p's weights are at [p*NumLabels:(p+1)*NumLabels].
const bothLabels = 2 * NumLabels

// mergePasses returns the passes' weights, given as sorted keys and dense
// rows of NumLabels each, as one table with the rows side by side: pass p's
// weights at [p*NumLabels:(p+1)*NumLabels]. One lookup of a feature then
// finds its weights for both passes (the static features are the same in
// both), and tagging is bound by the latency of these lookups. The
// weights keep each pass's quantisation, so the table's scale is 1 and
// each pass's packed view has its own.
func mergePasses(keys1 []uint64, rows1 []int16, keys2 []uint64, rows2 []int16) (*wtable.Table, error) {
	// The union of the sorted keys, and where each key's rows are.
	keys := make([]uint64, 0, max(len(keys1), len(keys2)))
	from := make([][2]int32, 0, cap(keys)) // row in pass 1 and 2, -1: none
	i, j := 0, 0
	for i < len(keys1) || j < len(keys2) {
		var k uint64
		switch {
		case j == len(keys2) || i < len(keys1) && keys1[i] < keys2[j]:
			k = keys1[i]
		default:
			k = keys2[j]
		}
		f := [2]int32{-1, -1}
		if i < len(keys1) && keys1[i] == k {
			f[0] = int32(i)
			i++
		}
		if j < len(keys2) && keys2[j] == k {
			f[1] = int32(j)
			j++
		}
		keys = append(keys, k)
		from = append(from, f)
	}
	nz := 0
	for _, rows := range [][]int16{rows1, rows2} {
		for _, w := range rows {
			if w != 0 {
				nz++
			}
		}
	}
	return wtable.NewFunc(bothLabels, keys, nz, func(r int, dst []int16) {
		if f := from[r][0]; f >= 0 {
			copy(dst, rows1[int(f)*NumLabels:int(f+1)*NumLabels])
		}
		if f := from[r][1]; f >= 0 {
			copy(dst[NumLabels:], rows2[int(f)*NumLabels:int(f+1)*NumLabels])
		}
	}, 1)
}

// merged returns one table of both passes' weights side by side (W's, and
// W2's when not nil): the table of Decode's views, or a new one for a model
// just trained.
func merged(W, W2 *packed) *wtable.Table {
	if W2 == nil || W.t == W2.t {
		return W.t
	}
	dense := func(p *packed) ([]uint64, []int16) {
		keys := p.keys()
		rows := make([]int16, 0, len(keys)*NumLabels)
		for _, k := range keys {
			rows = append(rows, p.row(k)[:]...)
		}
		return keys, rows
	}
	k1, r1 := dense(W)
	k2, r2 := dense(W2)
	t, err := mergePasses(k1, r1, k2, r2)
	if err != nil {
		panic(err) // keys come from tables: distinct and not 0
	}
	return t
}

// wordSums are a word's summed rows of both passes, by role: for roleSelf
// its own word-only features, for the others the features it gives the
// token it is that neighbour of.
type wordSums [numRoles][bothLabels]int32

// edgeSums returns, for each neighbour role, the rows of the neighbour
// features of a position beyond the sentence.
func edgeSums(both *wtable.Table) *wordSums {
	ws := new(wordSums)
	var k []uint64
	for role := roleM2; role < numRoles; role++ {
		k = neighbourKeys(k[:0], role, &edgeTok)
		both.Sum(ws[role][:], k)
	}
	return ws
}

// maxCachedWords bounds the cache (about 700 bytes a word).
const maxCachedWords = 1 << 16

// wordCache maps words to their wordSums. Entries never change once
// made, so a pointer read under the lock stays valid without it. It also
// holds what the first lookup makes: the merged weights and the sums of
// positions beyond the sentence.
type wordCache struct {
	mu   sync.Mutex
	m    map[string]*wordSums
	both *wtable.Table // mergePasses
	edge *wordSums     // edgeSums
	free []wordSums    // where the next entries go (newSums)
	keys []uint64      // lookup's scratch space: the new words' keys
	news []newWord     // and where each one's end
	sink uint64        // keeps wtable.Touch's reads from being optimised away
}

// newWord is a word new to the cache: its entry, and the ends of its keys
// in lookup's list by role (its word features, then those of each
// neighbour role).
type newWord struct {
	ws  *wordSums
	end [numRoles]int32
}

// wordSlab is the number of entries allocated at once: about 8 MB, on huge
// pages (hugepage.Make), since every token reads five of them.
const wordSlab = 12 << 10

// newSums returns a zeroed entry for the cache.
func (c *wordCache) newSums() *wordSums {
	if len(c.free) == 0 {
		c.free = hugepage.Make[wordSums](min(wordSlab, maxCachedWords-len(c.m)))
	}
	ws := &c.free[0]
	c.free = c.free[1:]
	return ws
}

// lookup sets parts[i] to the sums of token i of p (whose words, sentence
// by sentence, are sents) under the passes' weights W and W2 (nil for a
// one-pass model), looking up the clusters (table clus) of the words new
// to the cache, and returns the merged weights and the sums of
// positions beyond the sentence.
//
// The sums of the words new to the cache are made in two steps: all their
// keys first, touched at once (wtable.Touch) so that the cache misses of
// these independent lookups overlap, then added up word by word.
func (c *wordCache) lookup(parts []*wordSums, sents [][]string, p *prepared, clus *gazetteer, W, W2 *packed) (both *wtable.Table, edge *wordSums) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*wordSums{}
		c.both = merged(W, W2)
		c.edge = edgeSums(c.both)
	}
	keys, news := c.keys[:0], c.news[:0]
	i := int32(0)
	for _, s := range sents {
		for _, w := range s {
			ws := c.m[w]
			if ws == nil {
				if len(c.m) < maxCachedWords {
					ws = c.newSums()
					c.m[strings.Clone(w)] = ws
				} else {
					ws = new(wordSums)
				}
				t := &p.toks[i]
				clus.cluster(t)
				nw := newWord{ws: ws}
				keys = wordFeatures(keys, t)
				nw.end[roleSelf] = int32(len(keys))
				for role := roleM2; role < numRoles; role++ {
					keys = neighbourKeys(keys, role, t)
					nw.end[role] = int32(len(keys))
				}
				news = append(news, nw)
			}
			parts[i] = ws
			i++
		}
	}
	c.sink += c.both.Touch(keys)
	start := int32(0)
	for _, nw := range news {
		for role := roleSelf; role < numRoles; role++ {
			c.both.Sum(nw.ws[role][:], keys[start:nw.end[role]])
			start = nw.end[role]
		}
	}
	c.keys, c.news = keys, news
	return c.both, c.edge
}
