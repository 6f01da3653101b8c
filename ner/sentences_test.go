package ner

import (
	"strings"
	"testing"
	"unicode"

	"github.com/entigraph/entigraph/internal/ascii"
	"github.com/entigraph/entigraph/internal/corpustest"
	"github.com/entigraph/entigraph/kg"
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

// refSentences is sentences as it was: every block through Punkt (punkt
// on all the blocks, which sentences now only gives those Punkt could
// break inside).
func refSentences(a *Tokenizer, text string, segs []kg.Span) ([]*sent, error) {
	bl := blocks(text, segs)
	if len(bl) == 0 {
		return nil, nil
	}
	return mergeAbbrev(text, a.punkt(text, bl)), nil
}

var sentenceCases = []string{
	"", "One line.", "Two sentences. On one line.", "Mr. Smith met Dr.\nWho at noon.",
	"Headline\nThe U.S. said so. Then left!", "He asked why? She said no.\n\nNext para.",
	"Ends in a quote.”", "Mr. Smith”", "Text. Mr. Smith”", "Ends with Mr.\nSmith said.", "a.b.c d e\nF g.",
	"No punctuation at all\nSecond line\n\nThird", "St. Louis\nGen. Lee", "Wait... what?\nOK.",
	"“Quoted.” He said.\n(Note.) End", "x\u00a0y. Z\u2003w. V",
}

func checkSentences(t *testing.T, a *Tokenizer, text string, segs []kg.Span) {
	got, err := a.sentences(text, segs)
	if err != nil {
		t.Fatal(err)
	}
	want, err := refSentences(a, text, segs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("sentences(%q): %d sentences, want %d", text, len(got), len(want))
	}
	for i := range got {
		if got[i].Start != want[i].Start || got[i].End != want[i].End {
			t.Fatalf("sentences(%q)[%d] = [%d,%d), want [%d,%d)", text, i, got[i].Start, got[i].End, want[i].Start, want[i].End)
		}
	}
}

func segmenterOnly(t testing.TB) *Tokenizer {
	seg, err := newSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	return &Tokenizer{seg: seg}
}

// TestSentencesEquivalent: sending only the blocks Punkt could break
// inside through it gives the sentences of sending them all.
func TestSentencesEquivalent(t *testing.T) {
	a := segmenterOnly(t)
	for _, c := range sentenceCases {
		checkSentences(t, a, c, []kg.Span{{Start: 0, End: len(c)}})
	}
	for _, d := range append(corpustest.Docs(t, "../testdata/news"), corpustest.Bench(t)...) {
		text := d.Text
		checkSentences(t, a, text, []kg.Span{{Start: 0, End: len(text)}})
		// Segments of their own, as Clean gives: one per line.
		var segs []kg.Span
		for start := 0; start < len(text); {
			end := strings.IndexByte(text[start:], '\n')
			if end < 0 {
				end = len(text)
			} else {
				end += start
			}
			segs = append(segs, kg.Span{Start: start, End: end})
			start = end + 1
		}
		checkSentences(t, a, text, segs)
	}
}

func FuzzSentences(f *testing.F) {
	for _, c := range sentenceCases {
		f.Add(c)
	}
	a := segmenterOnly(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkSentences(t, a, s, []kg.Span{{Start: 0, End: len(s)}})
	})
}

var alignCases = [][2]string{
	{"Hello world", "Hello"}, {"  Hello", "Hello"}, {"“Hi”", `"`}, {"it’s", "it's"}, {"a &rsquo; b", "'"},
	{"New  York", "New York"}, {"x\u00a0y", "x"}, {"", "a"}, {"abc", ""}, {"ab", "abc"}, {"\xffx", "\xff"},
	{"a\u2003b", "a b"}, {"word.", "word"}, {"Zürich", "Zürich"}, {"\tTab", "Tab"},
}

func checkAlign(t *testing.T, src, want string) {
	for pos := 0; pos <= len(src); pos++ {
		s, e, ok := align(src, pos, want)
		ws, we, wok := alignRunes(src, ascii.SkipSpace(src, pos), want)
		if s != ws || e != we || ok != wok {
			t.Fatalf("align(%q, %d, %q) = %d %d %v, want %d %d %v", src, pos, want, s, e, ok, ws, we, wok)
		}
	}
}

// TestAlignFast: the whole-string fast path of align agrees with the
// rune-by-rune match.
func TestAlignFast(t *testing.T) {
	for _, c := range alignCases {
		checkAlign(t, c[0], c[1])
	}
}

func FuzzAlign(f *testing.F) {
	for _, c := range alignCases {
		f.Add(c[0], c[1])
	}
	f.Fuzz(checkAlign)
}

// Where Punkt cuts a line where no sentence ends, the pieces are joined:
// a list's number, a dotted acronym standing alone, a possessive after an
// abbreviation, and the quote that opens the next sentence at a line's end.
func TestSentenceFragmentsJoined(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"1. Anna Berg (Sweden) Volvo 2 hours\n2. Piet Jansen (Netherlands) TVM",
			[]string{"1. Anna Berg (Sweden) Volvo 2 hours", "2. Piet Jansen (Netherlands) TVM"}},
		{"U.S. Ambassador Mary Hill praised the vote, saying it was fair.",
			[]string{"U.S. Ambassador Mary Hill praised the vote, saying it was fair."}},
		{"Engineers from Acme Corp.'s software unit left on Monday.",
			[]string{"Engineers from Acme Corp.'s software unit left on Monday."}},
		{"\"We will win,\" the coach said. \"\nHe smiled.",
			[]string{"\"We will win,\" the coach said. \"", "He smiled."}},
		// Real ends stay.
		{"Prices rose 2 percent. Trading was thin in the U.S. Dealers were cautious.",
			[]string{"Prices rose 2 percent.", "Trading was thin in the U.S.", "Dealers were cautious."}},
		{"He came second in 1996. The race was won by Berg.",
			[]string{"He came second in 1996.", "The race was won by Berg."}},
	}
	for _, tt := range tests {
		ann := annotate(t, tt.text)
		var got []string
		for _, s := range ann.Sentences {
			got = append(got, tt.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q:\ngot  %q\nwant %q", tt.text, got, tt.want)
		}
	}
}
