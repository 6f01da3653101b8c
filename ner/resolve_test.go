package ner

import "testing"

// TestResolutionIssue5 covers the within-document cases of issue 5 that
// TestResolution does not: an acronym after a possessive expansion, the
// spellings of one country, and a title in front of a surname.
func TestResolutionIssue5(t *testing.T) {
	tests := []struct {
		text    string
		mention string
		n       int
		entity  string
	}{
		{"The Security Service of Ukraine's (SBU) operation knocked out targets. Later the SBU said more.", "SBU", 1, "organization/security-service-of-ukraine"},
		{"The Korean Central News Agency (KCNA) reported it. KCNA added that troops were back.", "KCNA", 1, "organization/korean-central-news-agency"},
		{"The United States and the USA are one. The U.S. said so, and US officials agreed.", "USA", 0, "country/united-states"},
		{"The United States and the USA are one. The U.S. said so, and US officials agreed.", "U.S.", 0, "country/united-states"},
		{"The Democratic People's Republic of Korea, or DPRK, is North Korea.", "DPRK", 0, "country/north-korea"},
		{"The Democratic People's Republic of Korea, or DPRK, is North Korea.", "Democratic People's Republic of Korea", 0, "country/north-korea"},
		{"German Chancellor Friedrich Merz arrived. Chancellor Merz spoke.", "Merz", 0, "person/friedrich-merz"},
		{"Kim Jong Un's troops left. Kim Yo Jong's statement followed.", "Kim Jong Un", 0, "person/kim-jong-un"},
		{"Kim Jong Un's troops left. Kim Yo Jong's statement followed.", "Kim Yo Jong", 0, "person/kim-yo-jong"},
	}
	for _, tt := range tests {
		ann := annotate(t, tt.text)
		m, ok := mentionOf(ann, tt.mention, tt.n)
		if !ok {
			t.Errorf("%q: no mention %q (have %v)", tt.text, tt.mention, texts(ann))
			continue
		}
		if m.Entity != tt.entity {
			t.Errorf("%q: %q -> %s, want %s", tt.text, tt.mention, m.Entity, tt.entity)
		}
	}
}

func TestParenAfter(t *testing.T) {
	// The text after a name ending at byte 4, and where an acronym in
	// parentheses would start (-1: none can).
	for s, want := range map[string]int{"Name (SBU)": 6, "Name's (SBU)": 8, "Name’s (SBU)": 10, "Name ( SBU )": 7,
		"Name\n(\tX": 7, "Name, (SBU)": -1, "Name": -1, "Name's": -1, "Name(": 5} {
		got, ok := parenAfter(s, 4)
		if !ok {
			got = -1
		}
		if got != want {
			t.Errorf("parenAfter(%q, 4) = %d, want %d", s, got, want)
		}
	}
}
