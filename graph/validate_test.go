package graph

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

func TestAddInvalidWritesNothing(t *testing.T) {
	cases := []struct {
		name    string
		corrupt func(ex *kg.Extraction)
		msg     string
	}{
		{"unknown subject", func(ex *kg.Extraction) { ex.Relations[1].Subject = "person/nobody" }, `subject "person/nobody" is not among`},
		{"unknown object", func(ex *kg.Extraction) { ex.Relations[1].Object = "person/nobody" }, `object "person/nobody" is not among`},
		{"bad predicate", func(ex *kg.Extraction) { ex.Relations[6].Predicate = "lives_in" }, `unknown predicate "lives_in"`},
		{"types the predicate does not take", func(ex *kg.Extraction) { ex.Relations[6].Predicate = "holds_position" }, "does not take a Place subject"},
		{"bad modality", func(ex *kg.Extraction) { ex.Relations[0].Modality = "maybe" }, `unknown modality "maybe"`},
		{"location not an entity", func(ex *kg.Extraction) { ex.Relations[0].Location = "place/nowhere" }, `location "place/nowhere"`},
		{"location a person", func(ex *kg.Extraction) { ex.Relations[0].Location = zelenskiy }, "not a Place or Country"},
		{"self relation", func(ex *kg.Extraction) { ex.Relations[0].Object = putin }, "same entity"},
		{"no evidence", func(ex *kg.Extraction) { ex.Relations[2].Evidence = nil }, "no evidence"},
		{"offsets outside the text", func(ex *kg.Extraction) { ex.Relations[2].Evidence[0].End = 1 << 20 }, "outside the text"},
		{"evidence of another document", func(ex *kg.Extraction) { ex.Relations[2].Evidence[0].Doc = "other.txt" }, `evidence names document "other.txt"`},
		{"bad entity type", func(ex *kg.Extraction) { ex.Entities[3].Type = "City" }, `unknown type "City"`},
		{"id of another type", func(ex *kg.Extraction) { ex.Entities[3].ID = "country/anchorage" }, "is not a Place id"},
		{"duplicate entity", func(ex *kg.Extraction) { ex.Entities = append(ex.Entities, ex.Entities[0]) }, "listed twice"},
		{"bad sameAs", func(ex *kg.Extraction) { ex.Entities[6].SameAs = []string{"Q30"} }, "not an IRI"},
		{"bad hash", func(ex *kg.Extraction) { ex.Doc.Hash = "abc" }, "not a hex SHA-256"},
		{"no source name", func(ex *kg.Extraction) { ex.Doc.ID = "" }, "empty document ID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				ctx := context.Background()
				mustAdd(t, s, kurskDoc(t)) // the store is not empty
				before := mustStats(t, s)
				ex := anchorageDoc(t)
				c.corrupt(ex)
				added, err := s.Add(ctx, ex)
				if added || err == nil {
					t.Fatalf("Add = %v, %v; want an error", added, err)
				}
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.msg) {
					t.Errorf("error %q: want ErrInvalid and %q", err, c.msg)
				}
				if after := mustStats(t, s); after != before {
					t.Errorf("a refused extraction wrote: %+v -> %+v", before, after)
				}
				// The fixed extraction still goes in afterwards.
				mustAdd(t, s, anchorageDoc(t))
				if err := s.Verify(ctx); err != nil {
					t.Error(err)
				}
			})
		})
	}
	if _, err := validate(nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil extraction: %v", err)
	}
}

func TestDocHash(t *testing.T) {
	d := &kg.Document{ID: "x", Text: "abc"}
	h, err := docHash(d)
	if err != nil || h != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("docHash of an unhashed document = %q, %v", h, err)
	}
	d.Hash = strings.ToUpper(h)
	if h2, err := docHash(d); err != nil || h2 != h {
		t.Errorf("upper-case hash = %q, %v", h2, err)
	}
}

func TestMostSupported(t *testing.T) {
	set := func(ss ...string) map[string]bool {
		m := map[string]bool{}
		for _, s := range ss {
			m[s] = true
		}
		return m
	}
	cases := []struct {
		in   map[string]map[string]bool
		want string
	}{
		{map[string]map[string]bool{}, ""},
		{map[string]map[string]bool{"place/b": set("s1", "s2"), "place/a": set("s3")}, "place/b"},
		{map[string]map[string]bool{"place/b": set("s1"), "place/a": set("s3")}, "place/a"}, // tie: smallest
	}
	for _, c := range cases {
		if got := mostSupported(c.in); got != c.want {
			t.Errorf("mostSupported(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormSentence(t *testing.T) {
	if got := normSentence("  Trump\n and\tPutin  met. "); got != "Trump and Putin met." {
		t.Errorf("normSentence = %q", got)
	}
}
