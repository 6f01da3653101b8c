package ingest

import (
	"math/bits"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// asciiPrefixes rules out, on ASCII text, the lines an anchored expression
// cannot match from their first few bytes, before the regexp engine is
// run: a boilerplate rule is tried on most short lines, and a failed match
// costs the engine far more than this test. It is a list of byte patterns
// (a set of bytes per position, at most prefixLen positions); a line may
// match only if one pattern matches its first bytes. ok false means no
// filter: the expression was too complex to list.
type asciiPrefixes struct {
	ok    bool
	pats  []prefixSeq
	first [128]uint64 // for each byte, the patterns (bits) whose first set holds it
}

// prefixLen is how many leading bytes the patterns look at.
const prefixLen = 3

// maxPrefixPatterns bounds the lists built (a case-folded word alternation
// stays well under it).
const maxPrefixPatterns = 512

// byteSet is a set of ASCII bytes.
type byteSet [2]uint64

func (s *byteSet) add(c rune) {
	if c < 128 {
		s[c>>6] |= 1 << (c & 63)
	}
}

func (s byteSet) has(c byte) bool { return c < 128 && s[c>>6]&(1<<(c&63)) != 0 }

// anyByte matches every ASCII byte; anyButNL all but '\n'.
var (
	anyByte  = byteSet{^uint64(0), ^uint64(0)}
	anyButNL = byteSet{^uint64(0) &^ (1 << '\n'), ^uint64(0)}
)

// may reports whether an ASCII line t can match the expression, as far as
// its first bytes tell.
func (p *asciiPrefixes) may(t string) bool {
	if !p.ok {
		return true
	}
	if t == "" {
		return false // every pattern needs a byte
	}
	if t[0] >= utf8.RuneSelf {
		return true // not ASCII: no filter
	}
next:
	for m := p.first[t[0]]; m != 0; m &= m - 1 {
		pat := &p.pats[bits.TrailingZeros64(m)]
		if int(pat.n) > len(t) {
			continue // the expression needs more bytes than t has
		}
		for i := 1; i < int(pat.n); i++ {
			if !pat.set[i].has(t[i]) {
				continue next
			}
		}
		return true
	}
	return false
}

// mayHead is may for any text: when t's first bytes are ASCII they are
// its first runes, and the patterns (of ASCII bytes) apply; otherwise
// there is no filter.
func (p *asciiPrefixes) mayHead(t string) bool {
	for i := 0; i < len(t) && i < prefixLen; i++ {
		if t[i] >= utf8.RuneSelf {
			return true
		}
	}
	return p.may(t)
}

// prefixesOfExpr is prefixesOf an expression's text.
func prefixesOfExpr(expr string) *asciiPrefixes {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return &asciiPrefixes{}
	}
	return prefixesOf(re.Simplify())
}

// prefixesOf lists the patterns of an expression anchored at the start of
// the text. Assertions (^, $, \b) are passed over, which only lets more
// lines through; so does a counted repeat (which Simplify leaves few of),
// whose pattern stops after its first round.
func prefixesOf(re *syntax.Regexp) *asciiPrefixes {
	ps, ok := prefixSeqs(re)
	if !ok {
		return &asciiPrefixes{}
	}
	// The match test needs no open flag: patterns that differ only in it
	// are one.
	for i := range ps {
		ps[i].open = false
	}
	ps = uniqSeqs(ps)
	if len(ps) > 64 {
		return &asciiPrefixes{} // more than the bit sets hold
	}
	out := &asciiPrefixes{ok: true, pats: ps}
	for k, p := range ps {
		if p.n == 0 {
			return &asciiPrefixes{} // the expression may match anything
		}
		for c := 0; c < 128; c++ {
			if p.set[0].has(byte(c)) {
				out.first[c] |= 1 << k
			}
		}
	}
	return out
}

// prefixSeq is one pattern being built; open means the sub-expression's
// match ends right after it, so what follows the sub-expression extends
// it. A closed pattern is full (prefixLen long) or stops where the bytes
// after it are not known.
type prefixSeq struct {
	set  [prefixLen]byteSet
	n    uint8 // sets in use
	open bool
}

func literalSet(r rune, fold bool) byteSet {
	var s byteSet
	s.add(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			s.add(f)
		}
	}
	return s
}

func classSet(ranges []rune) byteSet {
	var s byteSet
	for i := 0; i+1 < len(ranges); i += 2 {
		for c := ranges[i]; c <= ranges[i+1] && c < 128; c++ {
			s.add(c)
		}
	}
	return s
}

// extend appends the sets to p, closing it when it is full.
func (p prefixSeq) extend(sets ...byteSet) prefixSeq {
	for _, s := range sets {
		if p.n == prefixLen {
			break
		}
		p.set[p.n] = s
		p.n++
	}
	if p.n == prefixLen {
		p.open = false
	}
	return p
}

func closeAll(ps []prefixSeq) []prefixSeq {
	for i := range ps {
		ps[i].open = false
	}
	return ps
}

func prefixSeqs(re *syntax.Regexp) ([]prefixSeq, bool) {
	empty := []prefixSeq{{open: true}}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return empty, true
	case syntax.OpNoMatch:
		return nil, true
	case syntax.OpLiteral:
		p := prefixSeq{open: true}
		for _, r := range re.Rune {
			p = p.extend(literalSet(r, re.Flags&syntax.FoldCase != 0))
		}
		return []prefixSeq{p}, true
	case syntax.OpCharClass:
		return []prefixSeq{prefixSeq{open: true}.extend(classSet(re.Rune))}, true
	case syntax.OpAnyChar:
		return []prefixSeq{prefixSeq{open: true}.extend(anyByte)}, true
	case syntax.OpAnyCharNotNL:
		return []prefixSeq{prefixSeq{open: true}.extend(anyButNL)}, true
	case syntax.OpCapture:
		return prefixSeqs(re.Sub[0])
	case syntax.OpQuest:
		ps, ok := prefixSeqs(re.Sub[0])
		return append(ps, empty...), ok
	case syntax.OpStar, syntax.OpPlus:
		// One to prefixLen rounds of the sub-expression (none too for a
		// star): more rounds only add bytes past the ones looked at.
		ss, ok := prefixSeqs(re.Sub[0])
		if !ok {
			return nil, false
		}
		var out []prefixSeq
		if re.Op == syntax.OpStar {
			out = append(out, empty...)
		}
		cur := ss
		for round := 1; ; round++ {
			out = append(out, cur...)
			if round == prefixLen || !anyOpen(cur) {
				return uniqSeqs(out), true
			}
			var next []prefixSeq
			for _, c := range cur {
				if !c.open {
					continue
				}
				for _, s := range ss {
					n := c.extend(s.set[:s.n]...)
					n.open = n.open && s.open
					next = append(next, n)
				}
			}
			if len(out)+len(next) > maxPrefixPatterns {
				return nil, false
			}
			cur = next
		}
	case syntax.OpRepeat:
		ps, ok := prefixSeqs(re.Sub[0])
		ps = closeAll(ps)
		if re.Min == 0 {
			ps = append(ps, empty...)
		}
		return ps, ok
	case syntax.OpConcat:
		cur := empty
		for _, sub := range re.Sub {
			if !anyOpen(cur) {
				break // every pattern is complete: the rest adds nothing
			}
			ss, ok := prefixSeqs(sub)
			if !ok {
				return nil, false
			}
			var next []prefixSeq
			for _, c := range cur {
				if !c.open {
					next = append(next, c)
					continue
				}
				for _, s := range ss {
					n := c.extend(s.set[:s.n]...)
					n.open = n.open && s.open
					next = append(next, n)
				}
			}
			if len(next) > maxPrefixPatterns {
				return nil, false
			}
			cur = uniqSeqs(next)
		}
		return cur, true
	case syntax.OpAlternate:
		var out []prefixSeq
		for _, sub := range re.Sub {
			ss, ok := prefixSeqs(sub)
			if !ok {
				return nil, false
			}
			out = append(out, ss...)
		}
		out = uniqSeqs(out)
		if len(out) > maxPrefixPatterns {
			return nil, false
		}
		return out, true
	}
	return nil, false
}

func anyOpen(ps []prefixSeq) bool {
	for _, p := range ps {
		if p.open {
			return true
		}
	}
	return false
}

// uniqSeqs drops repeated patterns (case folds and alternatives that
// share their first bytes make many), keeping the first of each.
func uniqSeqs(ps []prefixSeq) []prefixSeq {
	if len(ps) < 2 {
		return ps
	}
	out := ps[:0]
next:
	for _, p := range ps {
		for _, q := range out { // a few dozen: a scan costs less than a map
			if q == p {
				continue next
			}
		}
		out = append(out, p)
	}
	return out
}
