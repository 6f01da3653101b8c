package ner

import (
	"strings"
	"testing"
	"unicode"
)

// refNormSentence is normSentence's definition, rune by rune.
func refNormSentence(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '“' || r == '”':
			r = '"'
		case r == '‘' || r == '’':
			r = '\''
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var normSentenceCases = []string{"", " ", "Plain ASCII Sentence.", "  Tabs\tand\nNEWLINES\r\n end  ",
	"“Curly” ‘quotes’ Zürich İstanbul ΣΑΣ", "nbsp\u00a0em\u2003nel\u0085x", "\xff\xfe bad \xc3", "\x00\x01 ctrl \x7f", "K Kelvin ſ"}

func TestNormSentence(t *testing.T) {
	for _, s := range normSentenceCases {
		if got, want := normSentence(s), refNormSentence(s); got != want {
			t.Errorf("normSentence(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNormSentence(f *testing.F) {
	for _, s := range normSentenceCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normSentence(s), refNormSentence(s); got != want {
			t.Errorf("normSentence(%q) = %q, want %q", s, got, want)
		}
	})
}
