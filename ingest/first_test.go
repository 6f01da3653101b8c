package ingest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/ascii"
)

func TestFirstRunes(t *testing.T) {
	for _, tc := range []struct {
		expr       string
		may, never string // runes a match may start with, runes it never does
		all        bool
	}{
		{expr: `(?i)^(?:ad|ads)$`, may: "aA", never: "bdZ1 "},
		{expr: `(?i)^(?:(?:updated\s*)?(?:\d+|an?) ago)$`, may: "uUaA09", never: "bx "},
		{expr: `(?i)^(?:listen\W*)$`, may: "lL", never: "mM"},
		{expr: `(?i)^(?:k)$`, may: "kK\u212a", never: "j"},
		{expr: `(?i)^(?:s)$`, may: "sS\u017f", never: "t"},
		{expr: `^[-–•]\s*x$`, may: "-–•", never: "x "},
		{expr: `^(?:x?)$`, all: true},  // matches the empty string
		{expr: `^(?:.*x)$`, all: true}, // any rune
		{expr: `^(?:\bx|\s+y)$`, may: "x \t", never: "y"},
	} {
		f := firstRunes(tc.expr)
		if f.all != tc.all {
			t.Errorf("%s: all = %v, want %v", tc.expr, f.all, tc.all)
		}
		for _, r := range tc.may {
			if !f.mayStart(r) {
				t.Errorf("%s: %q ruled out", tc.expr, r)
			}
		}
		for _, r := range tc.never {
			if f.mayStart(r) {
				t.Errorf("%s: %q not ruled out", tc.expr, r)
			}
		}
	}
}

// TestBoilerplateFilters checks that the cheap tests in front of the
// boilerplate expressions never rule out a line an expression matches.
func TestBoilerplateFilters(t *testing.T) {
	lines := []string{
		"Advertisement", "ADVERTISEMENT", "Read more: the story", "3 hours ago", "Updated 5 mins ago",
		"© 2024 Acme", "Copyright Reuters", "Share this article", "Listen to this article 3:02 min",
		"Tags: politics", "Editor's picks", "Comments (12)", "We use cookies to improve your experience",
		"Please enable JavaScript to view this content", "Adjust your privacy settings", "ſhare this",
		"Cooᴋies", "We use COOKIES on our site", "Reporting by Jane Doe", "Photo credit: AP",
		"The minister said on Thursday the talks would go on.", "Kelvin \u212aookies", "sign up now",
	}
	for _, l := range lines {
		isASCII := ascii.Is(l)
		if cookieWordRe().MatchString(l) && isASCII && !strings.Contains(strings.ToLower(l), "cookie") {
			t.Errorf("%q: cookie filter rules out a match", l)
		}
		if consentRe().MatchString(l) && isASCII && !slices.ContainsFunc(consentPhrases, func(p string) bool { return strings.Contains(strings.ToLower(l), p) }) {
			t.Errorf("%q: consent filter rules out a match", l)
		}
		first, _ := utf8.DecodeRuneInString(l)
		for _, r := range boilerplateRules {
			if r.re.MatchString(l) && !r.first.mayStart(first) {
				t.Errorf("%q: rule %s matches but its first set rules it out", l, r.re)
			}
		}
	}
	// The filters must leave every rule something to do.
	for _, r := range boilerplateRules {
		if r.first.all {
			continue
		}
		if r.first.mayStart('\u2603') {
			t.Errorf("rule %s: first set lets a snowman through", r.re)
		}
	}
}

// TestPrefixesSound: a line a rule matches always passes the rule's
// prefix filter, and the filter rules out most lines of the seeds.
func TestPrefixesSound(t *testing.T) {
	for _, r := range boilerplateRules {
		if !r.pre.ok {
			t.Errorf("rule %q: no prefix filter", r.re)
		}
	}
	lines := append([]string(nil), lineCases...)
	lines = append(lines, "related", "Most read", "YOU MAY ALSO LIKE", "3 hours ago", "an hour ago", "just now",
		"Comments", "12 comments", "(c) 2024 x", "copyright 2024", "Photo credit: AP", "source: x", "listen",
		"Listen 3:20 min", "Tags: a, b", "ad", "Ads", "share this", "sign up", "log in", "login", "m ago", "7 d ago",
		"Try our AI features!", "explore what x can do for you", "more to come", "editors picks", "Top stories",
		"Saturday, May 10th 2025", "sat 10 may 2025", "Sept. 1, 2025", "1st June 2024", "Thurs. June 5, 2025", "ſat, 10 May 2025")
	entries, _ := os.ReadDir(seedDir)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(seedDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	for _, l := range lines {
		for _, d := range []struct {
			re  *regexp.Regexp
			pre *asciiPrefixes
		}{{dmyDateRe, dmyDatePre}, {mdyDateRe, mdyDatePre}} {
			if !d.pre.ok {
				t.Fatalf("%q: no prefix filter", d.re)
			}
			if d.re.MatchString(l) && !d.pre.mayHead(l) {
				t.Errorf("%q matches %q, which its prefix filter rules out", d.re, l)
			}
		}
	}
	tried, passed := 0, 0
	for _, l := range lines {
		if !ascii.Is(l) {
			continue
		}
		for _, r := range boilerplateRules {
			tried++
			may := r.pre.may(l)
			if may {
				passed++
			}
			if r.re.MatchString(l) && !may {
				t.Errorf("rule %q matches %q, which its prefix filter rules out", r.re, l)
			}
		}
	}
	if passed*2 > tried {
		t.Errorf("prefix filter passes %d of %d (line, rule) pairs", passed, tried)
	}
}

func FuzzPrefixes(f *testing.F) {
	for _, s := range []string{"related", "3 hours ago", "Comments (12)", "share this", "hello"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, l string) {
		if !ascii.Is(l) {
			return
		}
		for _, r := range boilerplateRules {
			if r.re.MatchString(l) && !r.pre.may(l) {
				t.Fatalf("rule %q matches %q, which its prefix filter rules out", r.re, l)
			}
		}
	})
}
