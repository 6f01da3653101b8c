package ner

import (
	"github.com/entigraph/entigraph/kg"
	"strings"
	"testing"
)

func TestSplitLong(t *testing.T) {
	for _, c := range []struct {
		text string
		max  int
		want []string
	}{
		{"short one", 20, []string{"short one"}},
		{"aaa bbb ccc ddd", 8, []string{"aaa bbb", "ccc ddd"}},
		{"aaa  bbb\tccc", 4, []string{"aaa", "bbb", "ccc"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"ééééé", 3, []string{"é", "é", "é", "é", "é"}}, // never inside a rune
		{"日本語", 2, []string{"日", "本", "語"}},             // a rune longer than max stays whole
		{"a bcdefghij k", 5, []string{"a", "bcdef", "ghij", "k"}},
	} {
		ss := splitLong(c.text, []*sent{{Start: 0, End: len(c.text)}}, c.max)
		var got []string
		for _, s := range ss {
			got = append(got, c.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("splitLong(%q, %d) = %q, want %q", c.text, c.max, got, c.want)
		}
	}
}

// TestMaxSentence: a document that is one long sentence is annotated in
// pieces no longer than the limit, every offset matching the text.
func TestMaxSentence(t *testing.T) {
	tok, err := NewTokenizer(WithMaxSentence(200))
	if err != nil {
		t.Fatal(err)
	}
	a := *annotator(t)
	a.tok = tok
	text := strings.Repeat("Vladimir Putin met Kim Jong Un in Pyongyang and ", 100)
	ann, err := a.Annotate(&kg.Document{ID: "long", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if len(ann.Sentences) < len(text)/200 {
		t.Fatalf("%d sentences, want at least %d", len(ann.Sentences), len(text)/200)
	}
	for _, s := range ann.Sentences {
		if s.End-s.Start > 200 {
			t.Errorf("sentence [%d,%d) is %d bytes, over 200", s.Start, s.End, s.End-s.Start)
		}
	}
	checkOffsets(t, ann)
	if len(ann.Mentions) == 0 {
		t.Error("no mentions")
	}
}
