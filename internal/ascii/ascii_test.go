package ascii

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The definitions the fast paths must agree with.
func refSkip(s string, i int, sp bool) int {
	if j := strings.IndexFunc(s[i:], func(r rune) bool { return unicode.IsSpace(r) != sp }); j >= 0 {
		return i + j
	}
	return len(s)
}

var cases = []string{"", " ", "plain words", "  \t lead", "trail \r\n", "nbsp\u00a0em\u2003nel\u0085x", "Zürich İstanbul",
	"\xff\xfe bad \xc3", "\x00\x01 ctrl \x7f", "\u3000ideographic\u2028line", "ſ K"}

func check(t *testing.T, s string) {
	for i := 0; i <= len(s); i++ { // from every byte: invalid UTF-8 and rune middles too
		if got, want := SkipSpace(s, i), refSkip(s, i, true); got != want {
			t.Errorf("SkipSpace(%q, %d) = %d, want %d", s, i, got, want)
		}
		if got, want := SkipNonSpace(s, i), refSkip(s, i, false); got != want {
			t.Errorf("SkipNonSpace(%q, %d) = %d, want %d", s, i, got, want)
		}
	}
	if got, want := AnySpace(s), strings.IndexFunc(s, unicode.IsSpace) >= 0; got != want {
		t.Errorf("AnySpace(%q) = %v", s, got)
	}
	if got, want := AllSpace(s), strings.TrimFunc(s, unicode.IsSpace) == ""; got != want {
		t.Errorf("AllSpace(%q) = %v", s, got)
	}
	m := map[string]bool{strings.ToLower(s): true}
	if !InLower(m, s) || InLower(map[string]bool{}, s) {
		t.Errorf("InLower(%q) disagrees with strings.ToLower", s)
	}
}

func TestAgainstUnicode(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := IsSpace(byte(c)), c < utf8.RuneSelf && unicode.IsSpace(rune(c)); got != want {
			t.Errorf("IsSpace(%#x) = %v, want %v", c, got, want)
		}
	}
	for _, s := range cases {
		check(t, s)
	}
	if Is("Zürich") || !Is("Zurich") {
		t.Error("Is")
	}
}

func FuzzAgainstUnicode(f *testing.F) {
	for _, s := range cases {
		f.Add(s)
	}
	f.Fuzz(check)
}
