package model

import (
	"github.com/entigraph/entigraph/internal/fhash"
	"github.com/entigraph/entigraph/internal/wtable"
)

// weights maps feature keys to rows of NumLabels weights.
type weights struct {
	idx map[uint64]int32
	w   []float32
	// Training only: u accumulates c*delta for averaging, c counts
	// examples.
	u []float64
	c float64
}

func newWeights() *weights { return &weights{idx: map[uint64]int32{}} }

// score adds the rows of keys to sc.
func (W *weights) score(sc *[NumLabels]float32, keys []uint64) {
	for _, k := range keys {
		r, ok := W.idx[k]
		if !ok {
			continue
		}
		row := W.w[int(r)*NumLabels : int(r)*NumLabels+NumLabels]
		for j := range sc {
			sc[j] += row[j]
		}
	}
}

func (W *weights) row(k uint64) int {
	r, ok := W.idx[k]
	if !ok {
		r = int32(len(W.w) / NumLabels)
		W.idx[k] = r
		W.w = append(W.w, make([]float32, NumLabels)...)
		W.u = append(W.u, make([]float64, NumLabels)...)
	}
	return int(r) * NumLabels
}

// update moves the weights of keys towards gold and away from pred.
func (W *weights) update(keys []uint64, gold, pred Label) {
	for _, k := range keys {
		r := W.row(k)
		W.w[r+int(gold)]++
		W.u[r+int(gold)] += W.c
		W.w[r+int(pred)]--
		W.u[r+int(pred)] -= W.c
	}
}

// averaged returns the averaged weights, sharing nothing with W.
func (W *weights) averaged() *weights {
	a := &weights{idx: make(map[uint64]int32, len(W.idx)), w: make([]float32, len(W.w))}
	for k, r := range W.idx {
		a.idx[k] = r
	}
	c := W.c
	if c == 0 {
		c = 1
	}
	for i, w := range W.w {
		a.w[i] = float32(float64(w) - W.u[i]/c)
	}
	return a
}

// prepared is a document with its per-token information and static
// features computed: all of them (staticFeatures), or, for tagging with
// the word cache, only the context ones (contextFeatures).
type prepared struct {
	toks   []tokinfo
	sents  [][2]int32 // token ranges
	soff   []int32    // static features of token i: static[soff[i]:soff[i+1]]
	static []uint64
}

// Which static features prepare computes.
const (
	allStatic     = true
	contextStatic = false
)

// prepare fills p from a document's sentences of words, reusing p's
// slices, with all static features (and the words' clusters) or
// (contextStatic) the context ones; doc and buf are scratch space.
func (p *prepared) prepare(words [][]string, g *gazetteer, doc map[uint64]uint8, buf []byte, all bool) []byte {
	p.toks, p.sents, p.soff, p.static = p.toks[:0], p.sents[:0], p.soff[:0], p.static[:0]
	clear(doc)
	for _, s := range words {
		start := int32(len(p.toks))
		letters, upper := 0, 0
		for i, w := range s {
			p.toks = append(p.toks, tokinfo{})
			t := &p.toks[len(p.toks)-1]
			buf = analyse(t, w, buf)
			t.first = i == 0
			if t.cap != capNone {
				letters++
				if t.cap == capAll {
					upper++
				}
			}
		}
		end := int32(len(p.toks))
		head := letters > 0 && upper == letters
		for i := start; i < end; i++ {
			t := &p.toks[i]
			t.headline = head
			switch {
			case t.cap == capLower:
				doc[t.lw] |= seenLower
			case t.cap == capInit && !t.first && !head:
				doc[t.lw] |= seenCapMid
			}
		}
		p.sents = append(p.sents, [2]int32{start, end})
	}
	for i := range p.toks {
		p.toks[i].docFlags = doc[p.toks[i].lw]
	}
	p.soff = append(p.soff, 0)
	for _, s := range p.sents {
		toks := p.toks[s[0]:s[1]]
		g.match(toks)
		if all {
			for i := range toks {
				g.clus.cluster(&toks[i])
			}
		}
		for i := range toks {
			if all {
				p.static = staticFeatures(p.static, toks, i)
			} else {
				p.static = contextFeatures(p.static, toks, i)
			}
			p.soff = append(p.soff, int32(len(p.static)))
		}
	}
	return buf
}

// decoder holds the scratch state of tagging one document.
type decoder struct {
	hist     map[uint64][NumTypes + 1]uint16
	docCount map[uint64][NumTypes + 1]uint16
	hlab     []Label // labels the history features read
	keys     []uint64
	sc       [NumLabels]float32 // scores of the current token (here, not on the stack: scorer is an interface)
	// parts, when not nil, holds each token's summed word-only rows
	// (wordCache), edge the rows of positions beyond the sentence, and
	// pass says which of them run's scorer, a *packed, takes: the token's
	// other features are then all it looks up.
	parts []*wordSums
	edge  *wordSums
	pass  int
	both  *wtable.Table       // with parts: both passes' weights (mergePasses)
	stat  [][bothLabels]int32 // with parts: each token's summed static rows (staticSums)
	sink  uint64              // keeps wtable.Touch's reads from being optimised away
	acc   [bothLabels]int32
}

func newDecoder() *decoder {
	return &decoder{
		hist:     map[uint64][NumTypes + 1]uint16{},
		docCount: map[uint64][NumTypes + 1]uint16{},
	}
}

const startLabel = NumLabels // "before the sentence" in label features

func capitalised(t *tokinfo) bool { return t.cap == capInit || t.cap == capAll }

// typeFeatures appends features of label counts c: one for each entity
// type seen, and one for "only ever O".
func typeFeatures(keys []uint64, tp tmpl, c *[NumTypes + 1]uint16, shape uint64) []uint64 {
	any := false
	for i := 1; i <= NumTypes; i++ {
		if c[i] > 0 {
			any = true
			keys = append(keys, feat(tp, uint64(i)), feat(tp, fhash.Pair(uint64(i), shape)))
		}
	}
	if m, ok := majority(c); ok && any {
		keys = append(keys, feat(tp, uint64(100+m)))
	}
	if !any && c[0] > 0 {
		keys = append(keys, feat(tp, 0), feat(tp, fhash.Pair(0, shape)))
	}
	return keys
}

// run tags p greedily into out (len(p.toks)). When pass1 is not nil, it
// holds a first pass's labels of the same document, and the features of
// the second pass read them: the labels the token's other occurrences got,
// and the next tokens' labels. When gold is not nil, run trains W on the
// way: every wrong label updates the weights; the history features then
// follow the gold labels if goldHistory, else the predictions.
func (d *decoder) run(W scorer, p *prepared, out, pass1, gold []Label, goldHistory bool) {
	clear(d.hist)
	if cap(d.hlab) < len(p.toks) {
		d.hlab = make([]Label, len(p.toks))
	}
	hlab := d.hlab[:len(p.toks)]
	if pass1 != nil {
		clear(d.docCount)
		for i := range p.toks {
			t := &p.toks[i]
			if capitalised(t) {
				c := d.docCount[t.lw]
				c[pass1[i].Type()+1]++
				d.docCount[t.lw] = c
			}
		}
	}
	for _, s := range p.sents {
		for i := s[0]; i < s[1]; i++ {
			t := &p.toks[i]
			var keys []uint64
			if d.parts != nil {
				keys = d.keys[:0]
			} else {
				keys = append(d.keys[:0], p.static[p.soff[i]:p.soff[i+1]]...)
			}
			p1, p2 := Label(startLabel), Label(startLabel)
			if i > s[0] {
				p1 = hlab[i-1]
			}
			if i > s[0]+1 {
				p2 = hlab[i-2]
			}
			keys = append(keys,
				feat(tPrev1, uint64(p1)),
				feat(tPrev2, uint64(p2)),
				feat(tPrev12, uint64(p1)*32+uint64(p2)),
				feat(tPrev1Lower, fhash.Pair(uint64(p1), t.lw)),
				feat(tPrev1Shape, fhash.Pair(uint64(p1), t.shape)),
			)
			if capitalised(t) {
				if c, ok := d.hist[t.lw]; ok {
					keys = typeFeatures(keys, tHistMaj, &c, t.shape)
				}
			}
			if pass1 != nil {
				if capitalised(t) {
					c := d.docCount[t.lw]
					c[pass1[i].Type()+1]--
					keys = typeFeatures(keys, tDocMaj, &c, t.shape)
				}
				n1, n2 := uint64(startLabel), uint64(startLabel)
				if i+1 < s[1] {
					n1 = uint64(pass1[i+1])
				}
				if i+2 < s[1] {
					n2 = uint64(pass1[i+2])
				}
				keys = append(keys, feat(tPrev1Next, n1), feat(tPrev1Next, 64+n1*32+n2), feat(tDocMajShape, uint64(pass1[i])))
			}
			d.keys = keys
			sc := &d.sc
			*sc = [NumLabels]float32{}
			if d.parts != nil {
				d.acc = d.stat[i]
				d.both.Sum(d.acc[:], keys)
				half, scale := d.acc[d.pass*NumLabels:], W.(*packed).scale
				for j := range sc {
					sc[j] = float32(half[j]) * scale
				}
			} else {
				W.score(sc, keys)
			}
			prev := O
			if i > s[0] {
				prev = hlab[i-1]
			}
			last := i == s[1]-1
			best, bs := Label(0), float32(0)
			first := true
			for l := Label(0); l < NumLabels; l++ {
				if !allowed(prev, l, last) {
					continue
				}
				if first || sc[l] > bs {
					best, bs, first = l, sc[l], false
				}
			}
			out[i] = best
			hl := best
			if gold != nil {
				tw := W.(*weights)
				tw.c++
				if best != gold[i] {
					tw.update(keys, gold[i], best)
				}
				if goldHistory {
					hl = gold[i]
				}
			}
			hlab[i] = hl
			if capitalised(t) {
				c := d.hist[t.lw]
				c[hl.Type()+1]++
				d.hist[t.lw] = c
			}
		}
	}
}

// staticSums sets d.stat[i] to the summed rows, in both passes, of all
// the static features of token i of p: the cached ones of the word and its
// neighbours, and the others looked up. Done for the whole document before
// the greedy loops, whose every step waits for the previous label, these
// lookups of tokens independent of each other overlap their cache misses.
func (d *decoder) staticSums(p *prepared) {
	if cap(d.stat) < len(p.toks) {
		d.stat = make([][bothLabels]int32, len(p.toks))
	}
	d.stat = d.stat[:len(p.toks)]
	// All the document's keys (p holds the context ones only) first,
	// touched at once (wtable.Touch), then added up token by token.
	d.sink += d.both.Touch(p.static)
	for _, s := range p.sents {
		for i := s[0]; i < s[1]; i++ {
			acc := &d.stat[i]
			d.cachedSums(acc, i, s)
			d.both.Sum(acc[:], p.static[p.soff[i]:p.soff[i+1]])
		}
	}
}

// cachedSums sets acc to the sum of the cached rows of token i of sentence
// s (a token range): its own word-only rows and its four neighbours' (or
// the sentence edge's).
func (d *decoder) cachedSums(acc *[bothLabels]int32, i int32, s [2]int32) {
	*acc = d.parts[i][roleSelf]
	for role, off := range [numRoles]int32{roleM2: -2, roleM1: -1, roleP1: 1, roleP2: 2} {
		if role == roleSelf {
			continue
		}
		src := d.edge
		if j := i + off; j >= s[0] && j < s[1] {
			src = d.parts[j]
		}
		row := &src[role]
		for k := range acc {
			acc[k] += row[k]
		}
	}
}
