package ner

import (
	"unicode"
	"unicode/utf8"
)

// DefaultMaxSentence is the longest sentence the annotator keeps whole, in
// bytes. Real sentences are far shorter (the longest of the 946-document
// benchmark corpus is under 1,000 bytes); text with no sentence end for
// longer (a table, a list, a page flattened to one line) is cut into
// pieces of at most this length at white space. Every relation carries its
// sentence as evidence, so a sentence's cost grows with its length times
// the relations in it: the limit keeps the work per document linear.
const DefaultMaxSentence = 4096

// TokenizerOption configures NewTokenizer.
type TokenizerOption func(*Tokenizer)

// WithMaxSentence sets the longest sentence in bytes (0: DefaultMaxSentence;
// < 0: no limit, at a cost that grows with the square of the longest
// sentence). Longer ones are cut at the last white space before the limit,
// or inside a word at a rune boundary when there is none.
func WithMaxSentence(n int) TokenizerOption {
	return func(t *Tokenizer) { t.max = maxSentence(n) }
}

// maxSentence is the Tokenizer's max field for WithMaxSentence(n): 0 for
// no limit.
func maxSentence(n int) int {
	switch {
	case n == 0:
		return DefaultMaxSentence
	case n < 0:
		return 0
	}
	return n
}

// splitLong cuts the sentences of ss longer than max bytes into pieces of
// at most max bytes, trimmed of white space; max 0 is no limit.
func splitLong(text string, ss []*sent, max int) []*sent {
	if max <= 0 {
		return ss
	}
	long := false
	for _, s := range ss {
		if s.End-s.Start > max {
			long = true
			break
		}
	}
	if !long {
		return ss
	}
	out := make([]*sent, 0, len(ss)+8)
	for _, s := range ss {
		if s.End-s.Start <= max {
			out = append(out, s)
			continue
		}
		for start := s.Start; start < s.End; {
			end := cutAt(text, start, s.End, max)
			b, e := trimSpan(text, start, end)
			if b < e {
				out = append(out, &sent{Start: b, End: e})
			}
			start = end
		}
	}
	return out
}

// cutAt returns where the piece of text[start:end] starting at start ends:
// end when the rest fits in max bytes, else just after the last white
// space within max bytes, else (one long word) the last rune boundary
// within them (at least one rune).
func cutAt(text string, start, end, max int) int {
	if end-start <= max {
		return end
	}
	limit := start + max
	for i := limit; i > start; {
		r, n := utf8.DecodeLastRuneInString(text[start:i])
		if unicode.IsSpace(r) {
			return i
		}
		i -= n
	}
	i := limit
	for i > start && !utf8.RuneStart(text[i]) {
		i--
	}
	if i == start {
		_, n := utf8.DecodeRuneInString(text[start:])
		return start + n
	}
	return i
}
