package ner

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/entigraph/entigraph/internal/corpustest"
	"github.com/entigraph/entigraph/kg"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// stages runs ner's three stages in order, as the pipeline does (which
// also names the document and the stage in errors: see pipeline's tests).
// The mention rules' methods are the embedded Annotator's.
type stages struct {
	*Annotator
	tok *Tokenizer
	tag Tagger
}

func newStages(tag Tagger) (*stages, error) {
	tok, err := NewTokenizer()
	if err != nil {
		return nil, err
	}
	men, err := New()
	if err != nil {
		return nil, err
	}
	return &stages{Annotator: men, tok: tok, tag: tag}, nil
}

// Annotate runs the stages over a new kg.Annotated of doc.
func (s *stages) Annotate(doc *kg.Document) (*kg.Annotated, error) {
	ann := &kg.Annotated{Doc: doc}
	for _, st := range []Tagger{s.tok, s.tag, s.Annotator} {
		if err := st.Annotate(ann); err != nil {
			return nil, err
		}
	}
	return ann, nil
}

var (
	testAnnOnce sync.Once
	testAnn     *stages
	testAnnErr  error
)

// annotator returns ner's stages with the default tagger, ModelTagger,
// for all tests.
func annotator(t testing.TB) *stages {
	t.Helper()
	testAnnOnce.Do(func() {
		var m *ModelTagger
		if m, testAnnErr = NewModelTagger(); testAnnErr == nil {
			testAnn, testAnnErr = newStages(m)
		}
	})
	if testAnnErr != nil {
		t.Fatal(testAnnErr)
	}
	return testAnn
}

var (
	proseAnnOnce sync.Once
	proseAnn     *stages
	proseAnnErr  error
)

// proseAnnotator returns ner's stages with ProseTagger for all tests
// (loading prose takes 0.3 s).
func proseAnnotator(t testing.TB) *stages {
	t.Helper()
	proseAnnOnce.Do(func() { proseAnn, proseAnnErr = newStages(NewProseTagger()) })
	if proseAnnErr != nil {
		t.Fatal(proseAnnErr)
	}
	return proseAnn
}

// seeds returns the news seeds of the repository's testdata.
func seeds(t testing.TB) []*kg.Document {
	t.Helper()
	return corpustest.Docs(t, "../testdata/news")
}

type goldenEntity struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases"`
	Mentions int      `json:"mentions"`
	SameAs   []string `json:"sameAs,omitempty"`
}

type golden struct {
	Sentences  int            `json:"sentences"`
	Duplicates int            `json:"duplicates"`
	Tokens     int            `json:"tokens"`
	Entities   []goldenEntity `json:"entities"`
	Mentions   []string       `json:"mentions"`
}

func goldenOf(ann *kg.Annotated) golden {
	g := golden{Sentences: len(ann.Sentences), Tokens: len(ann.Tokens), Entities: []goldenEntity{}, Mentions: []string{}}
	for _, s := range ann.Sentences {
		if s.Duplicate {
			g.Duplicates++
		}
	}
	for _, e := range ann.Entities {
		g.Entities = append(g.Entities, goldenEntity{ID: e.ID, Type: string(e.Type), Aliases: e.Aliases, Mentions: e.Mentions, SameAs: e.SameAs})
	}
	for _, m := range ann.Mentions {
		if ann.Sentences[m.Sentence].Duplicate {
			continue
		}
		s := fmt.Sprintf("%d %q %s %s %s", m.Start, m.Text, m.Type, m.Kind, m.Entity)
		if m.Title != "" {
			s += fmt.Sprintf(" title=%q", m.Title)
		}
		g.Mentions = append(g.Mentions, s)
	}
	return g
}

// TestGolden compares each seed's entities and mentions with
// testdata/<seed>.golden.json (the default NER, the model) and
// testdata/prose/<seed>.golden.json (ProseTagger); go test -update
// rewrites them.
func TestGolden(t *testing.T) {
	t.Run("model", func(t *testing.T) { testGolden(t, annotator(t), "testdata") })
	t.Run("prose", func(t *testing.T) { testGolden(t, proseAnnotator(t), filepath.Join("testdata", "prose")) })
}

func testGolden(t *testing.T, a *stages, dir string) {
	for _, doc := range seeds(t) {
		t.Run(doc.ID, func(t *testing.T) {
			ann, err := a.Annotate(doc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(goldenOf(ann), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join(dir, strings.TrimSuffix(doc.ID, ".txt")+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(gl) || i < len(wl); i++ {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Fatalf("%s: first difference at line %d:\n got: %s\nwant: %s\n(go test -update rewrites)", path, i+1, g, w)
					}
				}
			}
		})
	}
}
