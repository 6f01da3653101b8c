package relation

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// nerStages are the pipeline's stages before this one: tokens, tags
// (ner.ModelTagger), mentions.
type nerStages []interface{ Annotate(*kg.Annotated) error }

// Annotate runs the stages over a new kg.Annotated of doc.
func (s nerStages) Annotate(doc *kg.Document) (*kg.Annotated, error) {
	a := &kg.Annotated{Doc: doc}
	for _, st := range s {
		if err := st.Annotate(a); err != nil {
			return nil, err
		}
	}
	return a, nil
}

var (
	nerOnce sync.Once
	nerAnn  nerStages
	nerErr  error
)

func annotator(t testing.TB) nerStages {
	t.Helper()
	nerOnce.Do(func() {
		tok, err := ner.NewTokenizer()
		if err != nil {
			nerErr = err
			return
		}
		tag, err := ner.NewModelTagger()
		if err != nil {
			nerErr = err
			return
		}
		men, err := ner.New()
		nerAnn, nerErr = nerStages{tok, tag, men}, err
	})
	if nerErr != nil {
		t.Fatal(nerErr)
	}
	return nerAnn
}

// TestGolden runs the seeds end to end (ingest.Parse -> ner's stages ->
// Extract) and
// compares the relations with testdata/<seed>.golden.json. Regenerate with
// go test ./relation -update, then read the diff as a careful reader: every
// edge must be one the evidence sentence states.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/news/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	x := newX(t)
	an := annotator(t)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// The documents the pipeline sees: cleaned, dated by ingest.
			docs, errs := ingest.Parse(filepath.Base(f), b)
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("ingest: %d documents, errors %v", len(docs), errs)
			}
			a, err := an.Annotate(docs[0])
			if err != nil {
				t.Fatal(err)
			}
			rels := x.Extract(a)
			checkInvariants(t, a, rels)
			got, err := json.MarshalIndent(rels, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./relation -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the extraction; first difference:\n%s", golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts with its number.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(none)"
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// checkInvariants holds for every extraction: evidence slices the text
// exactly and is a non-duplicate sentence, types fit the predicate,
// subject differs from object, symmetric pairs are ordered, modality is
// known, ids are the document's entities.
func checkInvariants(t *testing.T, a *kg.Annotated, rels []kg.Relation) {
	t.Helper()
	types := map[string]kg.EntityType{}
	for _, m := range a.Mentions {
		types[m.Entity] = m.Type
	}
	// With the ner stage's entity list, every id must be one of them (the
	// store checks it too).
	if len(a.Entities) > 0 {
		ents := map[string]bool{}
		for _, e := range a.Entities {
			ents[e.ID] = true
		}
		for _, r := range rels {
			for _, id := range []string{r.Subject, r.Object, r.Location} {
				if id != "" && !ents[id] {
					t.Errorf("%s is not among the document's entities: %+v", id, r)
				}
			}
		}
	}
	sents := map[[2]int]kg.Sentence{}
	for _, s := range a.Sentences {
		sents[[2]int{s.Start, s.End}] = s
	}
	for _, r := range rels {
		p, ok := kg.PredicateByID(r.Predicate)
		if !ok {
			t.Errorf("unknown predicate: %+v", r)
			continue
		}
		st, ot := types[r.Subject], types[r.Object]
		if st == "" || ot == "" {
			t.Errorf("subject or object is not an entity of the document: %+v", r)
		}
		if !p.Allows(st, ot) {
			t.Errorf("%s does not allow %s -> %s: %+v", r.Predicate, st, ot, r)
		}
		if r.Subject == r.Object {
			t.Errorf("subject == object: %+v", r)
		}
		if p.Symmetric && r.Subject > r.Object {
			t.Errorf("symmetric relation not in canonical order: %+v", r)
		}
		if r.Location != "" {
			if lt := types[r.Location]; lt != kg.Place && lt != kg.Country {
				t.Errorf("location %s is a %q: %+v", r.Location, lt, r)
			}
		}
		switch r.Modality {
		case kg.Asserted, kg.Negated, kg.Reported:
		default:
			t.Errorf("modality %q: %+v", r.Modality, r)
		}
		if r.Support != 1 || len(r.Evidence) != 1 {
			t.Errorf("want support 1 and one evidence: %+v", r)
			continue
		}
		e := r.Evidence[0]
		if e.Doc != a.Doc.ID || e.Start < 0 || e.End > len(a.Doc.Text) || e.Start > e.End || a.Doc.Text[e.Start:e.End] != e.Sentence {
			t.Errorf("evidence does not slice the text: %+v", e)
		}
		s, ok := sents[[2]int{e.Start, e.End}]
		if !ok {
			t.Errorf("evidence is not a sentence: %+v", e)
		} else if s.Duplicate {
			t.Errorf("evidence is a duplicate sentence: %+v", e)
		}
	}
}
