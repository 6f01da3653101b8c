package ingest

import (
	"regexp/syntax"
	"unicode"
)

// firstSet is the set of runes a match of an anchored regular expression
// can start with, as rune ranges; all means any rune may (or the
// expression can match the empty string), and rules nothing out.
type firstSet struct {
	all    bool
	ranges []rune // lo, hi pairs
}

// mayStart reports whether a match can start with r.
func (f firstSet) mayStart(r rune) bool {
	if f.all {
		return true
	}
	for i := 0; i+1 < len(f.ranges); i += 2 {
		if f.ranges[i] <= r && r <= f.ranges[i+1] {
			return true
		}
	}
	return false
}

// firstRunes computes the first set of a regular expression that matches
// at the start of the text (the boilerplate rules are anchored with ^).
// It errs towards all: an expression it does not understand, or one that
// can match the empty string, gets all, so a filter built on it never
// drops a line the expression would match.
func firstRunes(expr string) firstSet {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return firstSet{all: true}
	}
	return firstRunesOf(re.Simplify())
}

// firstRunesOf is firstRunes of a parsed, simplified expression.
func firstRunesOf(re *syntax.Regexp) firstSet {
	ranges, nullable, ok := firstOf(re)
	if !ok || nullable {
		return firstSet{all: true}
	}
	return firstSet{ranges: ranges}
}

// firstOf returns the rune ranges a match of re can start with, whether re
// can match the empty string, and false when it cannot tell.
func firstOf(re *syntax.Regexp) (ranges []rune, nullable, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil, true, true
	case syntax.OpNoMatch:
		return nil, false, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, true, true
		}
		r := re.Rune[0]
		ranges = append(ranges, r, r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				ranges = append(ranges, f, f)
			}
		}
		return ranges, false, true
	case syntax.OpCharClass:
		// The parser has already added the case folds of a (?i) class.
		return append([]rune(nil), re.Rune...), false, true
	case syntax.OpCapture:
		return firstOf(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		ranges, _, ok = firstOf(re.Sub[0])
		return ranges, true, ok
	case syntax.OpPlus:
		return firstOf(re.Sub[0])
	case syntax.OpRepeat:
		ranges, nullable, ok = firstOf(re.Sub[0])
		return ranges, nullable || re.Min == 0, ok
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			rs, null, ok := firstOf(sub)
			if !ok {
				return nil, false, false
			}
			ranges = append(ranges, rs...)
			if !null {
				return ranges, false, true
			}
		}
		return ranges, true, true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			rs, null, ok := firstOf(sub)
			if !ok {
				return nil, false, false
			}
			ranges = append(ranges, rs...)
			nullable = nullable || null
		}
		return ranges, nullable, true
	}
	// OpAnyChar, OpAnyCharNotNL and anything else: no filter.
	return nil, false, false
}
