package model

import (
	"github.com/entigraph/entigraph/internal/fhash"
	"unicode"
	"unicode/utf8"
)

// Features are 64-bit hashes: a template number mixed with the hash of the
// value (a word, a shape, a conjunction of both...). Nothing on the hot path
// builds a string: words are hashed byte by byte as they are lowercased into
// a reused buffer.

// feat returns the feature key of template t with value v; never 0.
func feat(t tmpl, v uint64) uint64 {
	k := fhash.Mix(v ^ uint64(t)*0xd6e8feb86659fd93)
	if k == 0 {
		k = 1
	}
	return k
}

// lowerHash lowercases w into buf and returns its hash and the buffer.
func lowerHash(w string, buf []byte) (uint64, []byte) {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			buf = buf[:0]
			for _, r := range w {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			}
			return fhash.Bytes(buf), buf
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return fhash.Bytes(buf), buf
}

// Capitalisation classes.
const (
	capNone  = iota // no letter
	capLower        // first letter lower case
	capInit         // first letter upper case, some lower case letter
	capAll          // letters all upper case
)

// tokinfo is what the features need of one token, computed once per
// document.
type tokinfo struct {
	w, lw, shape uint64
	affix        [8]uint64 // prefixes 1-4 then suffixes 1-4 of the lowercased word; 0 if too short
	cap          uint8
	first        bool // first token of its sentence
	headline     bool // in a sentence whose words are all upper case
	docFlags     uint8
	gaz          [numGaz]uint8
	clus         uint16 // path of the word's cluster (clusters.go); 0: none
}

// Document-level flags of a token's lowercased form.
const (
	seenLower  = 1 << iota // occurs in lower case somewhere in the document
	seenCapMid             // occurs capitalised, not sentence-initial, outside headlines
)

// analyse fills t from word w; buf is scratch space returned for reuse.
func analyse(t *tokinfo, w string, buf []byte) []byte {
	t.w = fhash.String(w)
	t.lw, buf = lowerHash(w, buf[:0])
	// Affixes, over runes of the lowercased word.
	t.affix = [8]uint64{}
	n := utf8.RuneCount(buf)
	h := uint64(fhash.Offset)
	i, k := 0, 0
	for k < 4 && i < len(buf) {
		_, sz := utf8.DecodeRune(buf[i:])
		for _, c := range buf[i : i+sz] {
			h ^= uint64(c)
			h *= fhash.Prime
		}
		i += sz
		k++
		if n > k {
			t.affix[k-1] = h
		}
	}
	j := len(buf)
	for k = 1; k <= 4 && j > 0; k++ {
		_, sz := utf8.DecodeLastRune(buf[:j])
		j -= sz
		if n > k {
			t.affix[3+k] = fhash.Bytes(buf[j:])
		}
	}
	// Shape: X upper, x lower, d digit, other ASCII as is, runs collapsed.
	h = fhash.Offset
	var prev rune = -1
	upper, lower := 0, 0
	firstLetter := rune(0)
	for _, r := range w {
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
		case unicode.IsLower(r):
			c = 'x'
			lower++
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = r
		default:
			c = 'o'
		}
		if firstLetter == 0 && (c == 'X' || c == 'x') {
			firstLetter = c
		}
		if c != prev {
			h ^= uint64(c)
			h *= fhash.Prime
			prev = c
		}
	}
	t.shape = h
	switch {
	case upper+lower == 0:
		t.cap = capNone
	case firstLetter == 'x':
		t.cap = capLower
	case lower == 0:
		t.cap = capAll
	default:
		t.cap = capInit
	}
	return buf
}

// tmpl numbers the feature templates. The numbers are part of the model:
// append new ones, never renumber.
type tmpl uint8

const (
	tBias tmpl = iota
	tWord
	tLower
	tShape
	tPre1
	tPre2
	tPre3
	tPre4
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tLowerM2
	tLowerM1
	tLowerP1
	tLowerP2
	tShapeM2
	tShapeM1
	tShapeP1
	tShapeP2
	tBigramM1
	tBigramP1
	tShape3
	tShapeM1S0
	tShapeS0P1
	tFirstLower
	tFirstShape
	tHeadLower
	tDocFlags
	tGaz
	tGazM1
	tGazP1
	tPrev1
	tPrev2
	tPrev12
	tPrev1Lower
	tPrev1Shape
	tHistMaj
	tHistMajShape
	tDocMaj
	tDocMajShape
	tGazShape
	tLowerM1Shape
	tPOS   // unused: POS features did not help (see README.md)
	tPOSM1 // unused
	tPOSP1 // unused
	tDocFlagsLower
	tCapLower
	tPrev1Next
	tClus
	tClusM2 // unused: the clusters of the words two away did not help (see README.md)
	tClusM1
	tClusP1
	tClusP2 // unused
)

// beyondSentence is the lower case and shape hash of a neighbour position
// outside the sentence.
const beyondSentence = 0x5bd1e995

// staticFeatures appends the features of token i of toks (one sentence)
// that do not depend on predicted labels, in the order training has always
// used: the word's own head features, its neighbours' words, the context
// head, the word's own tail, the context tail. Tagging looks up the
// word-only ones once per distinct word (wordCache) and prepares only the
// context (contextFeatures).
func staticFeatures(dst []uint64, toks []tokinfo, i int) []uint64 {
	t := &toks[i]
	nb := neighboursOf(toks, i)
	dst = wordHead(dst, t)
	for role := roleM2; role < numRoles; role++ {
		dst = neighbourKeys(dst, role, neighbourTok(toks, i, role))
	}
	dst = contextHead(dst, t, &nb)
	dst = wordTail(dst, t)
	return contextTail(dst, toks, i)
}

// contextFeatures appends the static features of token i of toks that
// are neither its word's own nor its neighbours' words' (staticFeatures
// less those).
func contextFeatures(dst []uint64, toks []tokinfo, i int) []uint64 {
	nb := neighboursOf(toks, i)
	dst = contextHead(dst, &toks[i], &nb)
	return contextTail(dst, toks, i)
}

// wordFeatures appends the features of t that depend on nothing but its
// own text.
func wordFeatures(dst []uint64, t *tokinfo) []uint64 {
	return wordTail(wordHead(dst, t), t)
}

// neighbours are the lower case and shape hashes of the words around a
// token, by role (beyondSentence outside the sentence).
type neighbours struct{ lw, sh [numRoles]uint64 }

func neighboursOf(toks []tokinfo, i int) neighbours {
	var nb neighbours
	for role, off := range [numRoles]int{roleM2: -2, roleM1: -1, roleP1: 1, roleP2: 2} {
		if role == roleSelf {
			continue
		}
		nb.lw[role], nb.sh[role] = beyondSentence, beyondSentence
		if j := i + off; j >= 0 && j < len(toks) {
			nb.lw[role], nb.sh[role] = toks[j].lw, toks[j].shape
		}
	}
	return nb
}

func wordHead(dst []uint64, t *tokinfo) []uint64 {
	return append(dst,
		feat(tBias, 0),
		feat(tWord, t.w),
		feat(tLower, t.lw),
		feat(tShape, t.shape),
	)
}

func wordTail(dst []uint64, t *tokinfo) []uint64 {
	dst = append(dst, feat(tCapLower, fhash.Pair(uint64(t.cap), t.lw)))
	for k, a := range t.affix {
		if a != 0 {
			dst = append(dst, feat(tPre1+tmpl(k), a))
		}
	}
	if t.clus == 0 {
		return append(dst, feat(tClus, 0)) // not in the clusters' vocabulary
	}
	for _, n := range selfPrefixes {
		dst = append(dst, clusterFeature(tClus, t.clus, n))
	}
	return dst
}

func contextHead(dst []uint64, t *tokinfo, nb *neighbours) []uint64 {
	lm1, lp1, sm1, sp1 := nb.lw[roleM1], nb.lw[roleP1], nb.sh[roleM1], nb.sh[roleP1]
	return append(dst,
		feat(tBigramM1, fhash.Pair(lm1, t.lw)),
		feat(tBigramP1, fhash.Pair(t.lw, lp1)),
		feat(tShape3, fhash.Pair(fhash.Pair(sm1, t.shape), sp1)),
		feat(tShapeM1S0, fhash.Pair(sm1, t.shape)),
		feat(tShapeS0P1, fhash.Pair(t.shape, sp1)),
		feat(tLowerM1Shape, fhash.Pair(lm1, t.shape)),
	)
}

func contextTail(dst []uint64, toks []tokinfo, i int) []uint64 {
	t := &toks[i]
	var m1, p1 *tokinfo
	if i > 0 {
		m1 = &toks[i-1]
	}
	if i+1 < len(toks) {
		p1 = &toks[i+1]
	}
	if t.first {
		dst = append(dst, feat(tFirstLower, t.lw), feat(tFirstShape, t.shape))
	}
	if t.headline {
		dst = append(dst, feat(tHeadLower, t.lw))
	}
	fl := uint64(t.docFlags) | uint64(t.cap)<<4
	if t.first {
		fl |= 1 << 8
	}
	if t.headline {
		fl |= 1 << 9
	}
	dst = append(dst, feat(tDocFlags, fl))
	if t.cap != capLower && t.cap != capNone {
		dst = append(dst, feat(tDocFlagsLower, fhash.Pair(fl, t.lw)))
	}
	for g := 0; g < numGaz; g++ {
		if c := t.gaz[g]; c != 0 {
			dst = append(dst, feat(tGaz, uint64(g*8)+uint64(c)), feat(tGazShape, fhash.Pair(uint64(g*8)+uint64(c), t.shape)))
		}
		if m1 != nil && m1.gaz[g] != 0 {
			dst = append(dst, feat(tGazM1, uint64(g*8)+uint64(m1.gaz[g])))
		}
		if p1 != nil && p1.gaz[g] != 0 {
			dst = append(dst, feat(tGazP1, uint64(g*8)+uint64(p1.gaz[g])))
		}
	}
	return dst
}

// majority returns the most frequent entity type index+1 in counts (0 for
// O), and false when counts are all zero. Ties go to the lower index.
func majority(c *[NumTypes + 1]uint16) (int, bool) {
	best, bi, tot := uint16(0), 0, uint16(0)
	for i, n := range c {
		tot += n
		if n > best {
			best, bi = n, i
		}
	}
	return bi, tot > 0
}
