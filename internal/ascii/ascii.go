// Package ascii holds the ASCII fast paths of the text scans in ingest and
// ner: white space as unicode.IsSpace finds it, and lower-case lookups as
// strings.ToLower would key them, decided byte by byte for ASCII and by the
// unicode package for anything else, so that they always agree with it.
// News text is nearly all ASCII; these scans run over every byte of it.
package ascii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// space marks the ASCII bytes unicode.IsSpace accepts.
var space = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// IsSpace reports whether c, an ASCII byte, is white space (as
// unicode.IsSpace); false for any byte at or above utf8.RuneSelf.
func IsSpace(c byte) bool { return c < utf8.RuneSelf && space[c] }

// SkipSpace returns the index of the first rune of s at or after i that is
// not white space (len(s) if none).
func SkipSpace(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !space[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// SkipNonSpace returns the index of the first white-space rune of s at or
// after i (len(s) if none).
func SkipNonSpace(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if space[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// AnySpace reports whether s holds a white-space rune.
func AnySpace(s string) bool { return SkipNonSpace(s, 0) < len(s) }

// AllSpace reports whether s is empty or only white space.
func AllSpace(s string) bool { return SkipSpace(s, 0) == len(s) }

// Is reports whether s is all ASCII.
func Is(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// InLower reports m[strings.ToLower(s)], without the allocation when s is
// short ASCII (the word sets it is used on hold short words).
func InLower(m map[string]bool, s string) bool {
	var buf [24]byte
	if len(s) > len(buf) || !Is(s) {
		return m[strings.ToLower(s)]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return m[string(buf[:len(s)])]
}
