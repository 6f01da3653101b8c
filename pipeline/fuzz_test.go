package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/internal/isodate"
	"github.com/entigraph/entigraph/kg"
)

// FuzzProcess runs the whole pipeline (tokens, tags, parse, mentions, relations)
// over arbitrary text with an arbitrary document date. No stage may fail
// or panic (the pipeline turns a panic into an error); every relation's
// ends are entities of the document, of types its predicate takes, its
// evidence a range of the text, and its date ISO 8601 or empty.
func FuzzProcess(f *testing.F) {
	for _, name := range []string{"001_69babd1dea0934bf.txt", "004_111b9e2c7f64e5cc.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "news", name))
		if err != nil {
			f.Fatal(err)
		}
		// The first paragraphs: whole articles make slow fuzzing.
		text := string(b)
		if len(text) > 1500 {
			text = text[:strings.LastIndex(text[:1500], "\n")+1]
		}
		f.Add(text, "2025-04-28")
	}
	for _, s := range []string{
		"Trump met Putin in Anchorage on Friday. He said Kim Jong Un would visit Moscow next week.",
		"North Korean troops fought alongside Russian forces in Kursk last year, South Korea's spy agency said.",
		"President Donald Trump praised Chinese President Xi Jinping, who met Putin in Moscow on May 9.",
		"\xff\xfe Trump \xc3 met Putin in 1980-88 and from 1931 to 1945.",
		"Kim\n\nPutin\n\"met\" (Reuters) - U.S.-led talks; Zelenskiy's envoy, Witkoff, visited Kyiv.",
	} {
		f.Add(s, "1996-08-30")
		f.Add(s, "")
	}
	p := pipe(f)
	f.Fuzz(func(t *testing.T, text, date string) {
		ex, err := p.Process(&kg.Document{ID: "fuzz.txt", Date: date, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		types := map[string]kg.EntityType{}
		for _, e := range ex.Entities {
			types[e.ID] = e.Type
		}
		for _, r := range ex.Relations {
			what := r.Subject + " " + r.Predicate + " " + r.Object
			pr, ok := kg.PredicateByID(r.Predicate)
			st, sok := types[r.Subject]
			ot, ook := types[r.Object]
			switch {
			case !ok:
				t.Fatalf("%s: unknown predicate", what)
			case !sok || !ook:
				t.Fatalf("%s: an end is not among the document's entities", what)
			case !pr.Allows(st, ot):
				t.Fatalf("%s: %s does not take a %s and a %s", what, pr.ID, st, ot)
			case r.Subject == r.Object:
				t.Fatalf("%s: subject and object are one entity", what)
			case r.Date != "" && !isodate.Valid(r.Date):
				t.Fatalf("%s: date %q (document date %q) is not ISO 8601", what, r.Date, date)
			}
			for _, e := range r.Evidence {
				if e.Start < 0 || e.End > len(text) || e.Start > e.End {
					t.Fatalf("%s: evidence [%d, %d) outside the text (%d bytes)", what, e.Start, e.End, len(text))
				}
			}
		}
	})
}
