package parse

import (
	"github.com/entigraph/entigraph/internal/fhash"
	"github.com/entigraph/entigraph/ner/model"
)

// The feature templates of Zhang and Nivre (2011), "Transition-based
// Dependency Parsing with Rich Non-local Features", table 1, for the
// arc-eager system: s0 is the top of the stack, n0..n2 the front of the
// buffer, h a head, l/r the leftmost/rightmost child (l2/r2 the second),
// w the lower-cased word, p its POS tag, l (after a position) its arc
// label, d the distance from s0 to n0, vl/vr the number of left/right
// children, sl/sr the set of their labels. Then a few of s1, the word
// under s0, and n3, and the word clusters of s0, its head, n0 and n1 (after
// Koo, Carreras and Collins 2008, "Simple Semi-supervised Dependency
// Parsing": a word's full path, a 6-bit prefix of it, and conjunctions
// with the other word's cluster or tag). Part of the model: append, never
// renumber.
const (
	tBias = iota
	// single words
	tS0wp
	tS0w
	tS0p
	tN0wp
	tN0w
	tN0p
	tN1wp
	tN1w
	tN1p
	tN2wp
	tN2w
	tN2p
	// word pairs
	tS0wpN0wp
	tS0wpN0w
	tS0wN0wp
	tS0wpN0p
	tS0pN0wp
	tS0wN0w
	tS0pN0p
	tN0pN1p
	// three words
	tN0pN1pN2p
	tS0pN0pN1p
	tS0hpS0pN0p
	tS0pS0lpN0p
	tS0pS0rpN0p
	tS0pN0pN0lp
	// distance
	tS0wd
	tS0pd
	tN0wd
	tN0pd
	tS0wN0wd
	tS0pN0pd
	// valency
	tS0wvr
	tS0pvr
	tS0wvl
	tS0pvl
	tN0wvl
	tN0pvl
	// unigrams
	tS0hw
	tS0hp
	tS0l
	tS0lw
	tS0lp
	tS0ll
	tS0rw
	tS0rp
	tS0rl
	tN0lw
	tN0lp
	tN0ll
	// third order
	tS0h2w
	tS0h2p
	tS0hl
	tS0l2w
	tS0l2p
	tS0l2l
	tS0r2w
	tS0r2p
	tS0r2l
	tN0l2w
	tN0l2p
	tN0l2l
	tS0pS0lpS0l2p
	tS0pS0rpS0r2p
	tS0pS0hpS0h2p
	tN0pN0lpN0l2p
	// label sets
	tS0wsr
	tS0psr
	tS0wsl
	tS0psl
	tN0wsl
	tN0psl
	// beyond Zhang and Nivre
	tS1wp
	tS1pS0pN0p
	tN3p
	tN0sufP
	tS0sufP
	// word clusters (Koo, Carreras and Collins 2008): c the word's path
	// in ner/model's tree of GloVe clusters, c6 its first 6 bits
	tS0c
	tS0c6
	tS0hc
	tN0c
	tN0c6
	tN1c
	tN0c6N1c6
	tS0cN0c
	tS0c6N0c6
	tS0c6N0p
	tS0pN0c6
	numTemplates
)

// Hashes of the positions that are not there, and of the root.
const (
	noWord   = 0x2545f4914f6cdd1d
	noTag    = 0x9e6c63d0676a9a99
	rootWord = 0x6a09e667f3bcc908
	rootTag  = 0xbb67ae8584caa73b
)

// sent is what the features read of a sentence's words: index 0 is the
// root.
type sent struct {
	w, p, suf []uint64 // lower-cased word, tag, three-letter suffix (hashes)
	c         []uint16 // cluster path (ner/model.Clusters; 0: none)
}

// Cluster features take the path of a word, or its prefix of
// clusterBits bits.
const clusterBits = 6

// clus returns the feature value of word i's cluster path, and of its
// first clusterBits bits.
func (x *sent) clus(i int32) (uint64, uint64) {
	if i < 0 {
		return noWord, noWord
	}
	c := x.c[i]
	return uint64(c), uint64(model.ClusterPrefix(c, clusterBits))
}

func (x *sent) word(i int32) uint64 {
	if i < 0 {
		return noWord
	}
	return x.w[i]
}

func (x *sent) tag(i int32) uint64 {
	if i < 0 {
		return noTag
	}
	return x.p[i]
}

func (x *sent) suffix(i int32) uint64 {
	if i < 0 {
		return noWord
	}
	return x.suf[i]
}

// key is the feature key of template t with value v (never 0).
func key(t int, v uint64) uint64 {
	k := fhash.Mix(v ^ uint64(t+1)*0xd6e8feb86659fd93)
	if k == 0 {
		k = 1
	}
	return k
}

func p2(a, b uint64) uint64    { return fhash.Pair(a, b) }
func p3(a, b, c uint64) uint64 { return fhash.Pair(fhash.Pair(a, b), c) }

// The features fall into three blocks by what they read, so that parsing
// (not training, whose weights change at every step) can keep the scores
// of the first two while what they read stays the same:
//
//   - s0Features read s0 alone: its word, its head and the head's head
//     (fixed while s0 is on the stack: a word there got its head when
//     pushed, or gets it only by being popped), its left children (fixed
//     once it left the buffer) and its right children (which change only
//     by a right arc from it);
//   - n0Features read the buffer alone: n0..n3 and n0's left children
//     (which change only by a left arc to it);
//   - crossFeatures read both, or s1.
//
// features is all three, in that order.
func (s *state) features(dst []uint64, x *sent) []uint64 {
	s0 := s.s0()
	dst = s.s0Features(dst, x, s0)
	dst = s.n0Features(dst, x)
	return s.crossFeatures(dst, x)
}

func (s *state) at(a []int32, i int32) int32 {
	if i < 0 {
		return none
	}
	return a[i]
}

// labf is the feature value of word i's label: 0 when it has none.
func (s *state) labf(i int32) uint64 {
	if i <= 0 || s.head[i] == none {
		return 0
	}
	return uint64(s.lab[i]) + 1
}

// buf returns word k of the buffer (0: its front), none when the buffer
// is shorter.
func (s *state) buf(k int32) int32 {
	if int(s.b+k) <= s.n {
		return s.b + k
	}
	return none
}

// s0Features appends the keys of the features of word s0 as the top of
// the stack.
func (s *state) s0Features(dst []uint64, x *sent, s0 int32) []uint64 {
	s0h := int32(none)
	if s0 > 0 {
		s0h = s.head[s0]
	}
	s0h2 := s.at(s.head, s0h)
	if s0h == 0 {
		s0h2 = none
	}
	s0l, s0l2, s0r, s0r2 := s.at(s.lc1, s0), s.at(s.lc2, s0), s.at(s.rc1, s0), s.at(s.rc2, s0)
	s0w, s0p := x.word(s0), x.tag(s0)
	s0wp := p2(s0w, s0p)
	s0hp, s0lp, s0rp := x.tag(s0h), x.tag(s0l), x.tag(s0r)
	s0vl, s0vr, s0sl, s0sr := uint64(s.nl[s0]), uint64(s.nr[s0]), s.lset[s0], s.rset[s0]
	s0c, s0c6 := x.clus(s0)
	s0hc, _ := x.clus(s0h)
	return append(dst,
		key(tS0wp, s0wp),
		key(tS0w, s0w),
		key(tS0p, s0p),

		key(tS0wvr, p2(s0w, s0vr)),
		key(tS0pvr, p2(s0p, s0vr)),
		key(tS0wvl, p2(s0w, s0vl)),
		key(tS0pvl, p2(s0p, s0vl)),

		key(tS0hw, x.word(s0h)),
		key(tS0hp, s0hp),
		key(tS0l, s.labf(s0)),
		key(tS0lw, x.word(s0l)),
		key(tS0lp, s0lp),
		key(tS0ll, s.labf(s0l)),
		key(tS0rw, x.word(s0r)),
		key(tS0rp, s0rp),
		key(tS0rl, s.labf(s0r)),

		key(tS0h2w, x.word(s0h2)),
		key(tS0h2p, x.tag(s0h2)),
		key(tS0hl, s.labf(s0h)),
		key(tS0l2w, x.word(s0l2)),
		key(tS0l2p, x.tag(s0l2)),
		key(tS0l2l, s.labf(s0l2)),
		key(tS0r2w, x.word(s0r2)),
		key(tS0r2p, x.tag(s0r2)),
		key(tS0r2l, s.labf(s0r2)),
		key(tS0pS0lpS0l2p, p3(s0p, s0lp, x.tag(s0l2))),
		key(tS0pS0rpS0r2p, p3(s0p, s0rp, x.tag(s0r2))),
		key(tS0pS0hpS0h2p, p3(s0p, s0hp, x.tag(s0h2))),

		key(tS0wsr, p2(s0w, s0sr)),
		key(tS0psr, p2(s0p, s0sr)),
		key(tS0wsl, p2(s0w, s0sl)),
		key(tS0psl, p2(s0p, s0sl)),

		key(tS0sufP, p2(x.suffix(s0), s0p)),

		key(tS0c, s0c),
		key(tS0c6, s0c6),
		key(tS0hc, s0hc),
	)
}

// n0Features appends the keys of the features of the buffer (and the
// bias).
func (s *state) n0Features(dst []uint64, x *sent) []uint64 {
	n0, n1, n2, n3 := s.buf(0), s.buf(1), s.buf(2), s.buf(3)
	n0l, n0l2 := s.at(s.lc1, n0), s.at(s.lc2, n0)
	n0w, n0p := x.word(n0), x.tag(n0)
	n1w, n1p, n2w, n2p := x.word(n1), x.tag(n1), x.word(n2), x.tag(n2)
	n0lp := x.tag(n0l)
	var n0vl, n0sl uint64
	if n0 >= 0 {
		n0vl, n0sl = uint64(s.nl[n0]), s.lset[n0]
	}
	n0c, n0c6 := x.clus(n0)
	n1c, n1c6 := x.clus(n1)
	return append(dst,
		key(tBias, 0),
		key(tN0wp, p2(n0w, n0p)),
		key(tN0w, n0w),
		key(tN0p, n0p),
		key(tN1wp, p2(n1w, n1p)),
		key(tN1w, n1w),
		key(tN1p, n1p),
		key(tN2wp, p2(n2w, n2p)),
		key(tN2w, n2w),
		key(tN2p, n2p),
		key(tN0pN1p, p2(n0p, n1p)),
		key(tN0pN1pN2p, p3(n0p, n1p, n2p)),

		key(tN0wvl, p2(n0w, n0vl)),
		key(tN0pvl, p2(n0p, n0vl)),

		key(tN0lw, x.word(n0l)),
		key(tN0lp, n0lp),
		key(tN0ll, s.labf(n0l)),
		key(tN0l2w, x.word(n0l2)),
		key(tN0l2p, x.tag(n0l2)),
		key(tN0l2l, s.labf(n0l2)),
		key(tN0pN0lpN0l2p, p3(n0p, n0lp, x.tag(n0l2))),

		key(tN0wsl, p2(n0w, n0sl)),
		key(tN0psl, p2(n0p, n0sl)),

		key(tN3p, x.tag(n3)),
		key(tN0sufP, p2(x.suffix(n0), n0p)),

		key(tN0c, n0c),
		key(tN0c6, n0c6),
		key(tN1c, n1c),
		key(tN0c6N1c6, p2(n0c6, n1c6)),
	)
}

// crossFeatures appends the keys of the features that read both s0 and
// the buffer, or s1.
func (s *state) crossFeatures(dst []uint64, x *sent) []uint64 {
	s0, n0, n1 := s.s0(), s.buf(0), s.buf(1)
	s1 := int32(none)
	if len(s.stack) > 1 {
		s1 = s.stack[len(s.stack)-2]
	}
	s0h := int32(none)
	if s0 > 0 {
		s0h = s.head[s0]
	}
	s0w, s0p, n0w, n0p, n1p := x.word(s0), x.tag(s0), x.word(n0), x.tag(n0), x.tag(n1)
	s0wp, n0wp := p2(s0w, s0p), p2(n0w, n0p)
	s0hp := x.tag(s0h)
	s0lp, s0rp, n0lp := x.tag(s.at(s.lc1, s0)), x.tag(s.at(s.rc1, s0)), x.tag(s.at(s.lc1, n0))
	s0c, s0c6 := x.clus(s0)
	n0c, n0c6 := x.clus(n0)
	d := uint64(0)
	if n0 >= 0 {
		d = uint64(min(n0-s0, 15))
	}
	return append(dst,
		key(tS0wpN0wp, p2(s0wp, n0wp)),
		key(tS0wpN0w, p2(s0wp, n0w)),
		key(tS0wN0wp, p2(s0w, n0wp)),
		key(tS0wpN0p, p2(s0wp, n0p)),
		key(tS0pN0wp, p2(s0p, n0wp)),
		key(tS0wN0w, p2(s0w, n0w)),
		key(tS0pN0p, p2(s0p, n0p)),

		key(tS0pN0pN1p, p3(s0p, n0p, n1p)),
		key(tS0hpS0pN0p, p3(s0hp, s0p, n0p)),
		key(tS0pS0lpN0p, p3(s0p, s0lp, n0p)),
		key(tS0pS0rpN0p, p3(s0p, s0rp, n0p)),
		key(tS0pN0pN0lp, p3(s0p, n0p, n0lp)),

		key(tS0wd, p2(s0w, d)),
		key(tS0pd, p2(s0p, d)),
		key(tN0wd, p2(n0w, d)),
		key(tN0pd, p2(n0p, d)),
		key(tS0wN0wd, p3(s0w, n0w, d)),
		key(tS0pN0pd, p3(s0p, n0p, d)),

		key(tS1wp, p2(x.word(s1), x.tag(s1))),
		key(tS1pS0pN0p, p3(x.tag(s1), s0p, n0p)),

		key(tS0cN0c, p2(s0c, n0c)),
		key(tS0c6N0c6, p2(s0c6, n0c6)),
		key(tS0c6N0p, p2(s0c6, n0p)),
		key(tS0pN0c6, p2(s0p, n0c6)),
	)
}
