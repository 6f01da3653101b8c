package relation

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/isodate"
	"github.com/entigraph/entigraph/kg"
)

// fuzzTag is a crude tagger for fuzzed words: enough for the date rules,
// which read words, numbers and a few tags.
func fuzzTag(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case strings.Trim(w, "0123456789") == "" || strings.TrimRight(strings.TrimLeft(w, "0123456789"), "stndrhSTNDRH") == "" && w[0] >= '0' && w[0] <= '9':
		return "CD"
	case len(w) == 1 && unicode.IsPunct(r):
		return w
	case unicode.IsUpper(r):
		return "NNP"
	}
	switch strings.ToLower(w) {
	case "met", "visited", "attacked", "said":
		return "VBD"
	case "meet", "visit":
		return "VB"
	case "will", "would":
		return "MD"
	case "on", "in", "at", "from", "between", "of", "after", "by", "since", "until", "through":
		return "IN"
	case "the", "a", "an", "this", "that":
		return "DT"
	case "last", "next", "early", "late", "mid":
		return "JJ"
	case "ago", "yesterday", "today", "tomorrow":
		return "RB"
	case "and":
		return "CC"
	case "to":
		return "TO"
	}
	return "NN"
}

// fuzzSentence annotates "Trump met Putin " + rest as one sentence:
// tokens split at white space and around punctuation, Trump and Putin
// the two mentions.
func fuzzSentence(date, rest string) *kg.Annotated {
	text := "Trump met Putin " + rest
	a := &kg.Annotated{Doc: &kg.Document{ID: "fuzz.txt", Date: date, Text: text}}
	add := func(b, e int) {
		a.Tokens = append(a.Tokens, kg.Token{Start: b, End: e, Text: text[b:e], Tag: fuzzTag(text[b:e])})
	}
	start := -1
	for i, r := range text {
		switch {
		case unicode.IsSpace(r):
			if start >= 0 {
				add(start, i)
				start = -1
			}
		case unicode.IsPunct(r) && r != '-' && r != '\'':
			if start >= 0 {
				add(start, i)
				start = -1
			}
			add(i, i+utf8.RuneLen(r))
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		add(start, len(text))
	}
	a.Sentences = []kg.Sentence{{Start: 0, End: len(text), TokStart: 0, TokEnd: len(a.Tokens)}}
	a.Mentions = []kg.Mention{
		{Start: 0, End: 5, Text: "Trump", Type: kg.Person, Kind: kg.KindSurname, Entity: "person/donald-trump"},
		{Start: 10, End: 15, Text: "Putin", Type: kg.Person, Kind: kg.KindSurname, Entity: "person/vladimir-putin", TitleStart: 10},
	}
	return a
}

// FuzzDates reads every token of a fuzzed sentence as the start of a date
// against a fuzzed document date, then extracts the sentence's relations:
// no panic, every date span within the sentence, every date in ISO 8601.
func FuzzDates(f *testing.F) {
	x := newX(f)
	for _, c := range []struct{ doc, rest string }{
		{"1996-08-30", "on Friday."},
		{"1996-08-30", "last week in Moscow."},
		{"1996-08-30", "in December."},
		{"1996-08-30", "on May 9, 1994 and again on Aug. 3-4."},
		{"1996-08-30", "from 1931 to 1945, in the 1990s and at the start of 1995."},
		{"1996-08-30", "six years ago, three months ago and two days ago."},
		{"1996-08-28", "this week, next Thursday, last night and yesterday."},
		{"", "on September 3 and 4."},
		{"0001-01-01", "in December, last year and 9 May."},
		{"9999-12-31", "next year in March, on Saturday."},
		{"2024-02-29", "on February 29 and in 1980-88."},
	} {
		f.Add(c.doc, c.rest, false)
		f.Add(c.doc, c.rest, true)
	}
	f.Fuzz(func(t *testing.T, date, rest string, future bool) {
		a := fuzzSentence(date, rest)
		v := x.newView(a, 0)
		for i := range v.toks {
			d, n := v.dateAt(i, future)
			if n < 0 || i+n > len(v.toks) || n == 0 && d != "" {
				t.Fatalf("dateAt(%d) = %q, %d tokens of %d", i, d, n, len(v.toks))
			}
			if d != "" && !isodate.Valid(d) {
				t.Fatalf("dateAt(%d) = %q (document date %q), not ISO 8601", i, d, date)
			}
		}
		for _, r := range x.Extract(a) {
			if r.Date != "" && !isodate.Valid(r.Date) {
				t.Fatalf("relation %s %s %s dated %q (document date %q), not ISO 8601", r.Subject, r.Predicate, r.Object, r.Date, date)
			}
			for _, e := range r.Evidence {
				if e.Start < 0 || e.End > len(a.Doc.Text) || e.Start > e.End {
					t.Fatalf("evidence [%d, %d) outside the text (%d bytes)", e.Start, e.End, len(a.Doc.Text))
				}
			}
		}
	})
}
