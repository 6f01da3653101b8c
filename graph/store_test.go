package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/internal/storetest"
	"github.com/entigraph/entigraph/kg"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// backendsUnderTest are the stores every conformance test runs against,
// like cayley's graphtest.
var backendsUnderTest = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"bolt", func(t *testing.T) string { return "bolt://" + filepath.Join(t.TempDir(), "store") }},
	{"memory", func(*testing.T) string { return "memory" }},
	{"postgres", func(t *testing.T) string { return storetest.PostgresURL(t) }},
}

func forEachBackend(t *testing.T, fn func(t *testing.T, s *Store)) {
	for _, b := range backendsUnderTest {
		t.Run(b.name, func(t *testing.T) {
			s, err := Open(context.Background(), b.url(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			fn(t, s)
		})
	}
}

func mustAdd(t *testing.T, s *Store, ex *kg.Extraction) {
	t.Helper()
	added, err := s.Add(context.Background(), ex)
	if err != nil {
		t.Fatalf("Add %s: %v", ex.Doc.ID, err)
	}
	if !added {
		t.Fatalf("Add %s: added=false for a new document", ex.Doc.ID)
	}
}

func mustGraph(t *testing.T, s *Store) *kg.Graph {
	t.Helper()
	g, err := s.Graph(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mustStats(t *testing.T, s *Store) Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func marshal(t *testing.T, v interface{}) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// golden compares got with testdata/name, or rewrites it with -update. The
// error names the first differing line.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graph -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
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
			t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s", path, i+1, g, w)
		}
	}
}

func findRel(g *kg.Graph, subj, pred, obj, modality string) *kg.Relation {
	for i, r := range g.Relations {
		if r.Subject == subj && r.Predicate == pred && r.Object == obj && r.Modality == modality {
			return &g.Relations[i]
		}
	}
	return nil
}

func findEnt(g *kg.Graph, id string) *kg.Entity {
	for i, e := range g.Entities {
		if e.ID == id {
			return &g.Entities[i]
		}
	}
	return nil
}

func hasQuad(t *testing.T, s *Store, q quad.Quad) bool {
	t.Helper()
	all, err := s.Quads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range all {
		if x == q {
			return true
		}
	}
	return false
}

func TestGolden(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		for _, ex := range []*kg.Extraction{anchorageDoc(t), kurskDoc(t), copyDoc(t)} {
			mustAdd(t, s, ex)
		}
		golden(t, "graph.golden.json", marshal(t, mustGraph(t, s)))
		if err := s.Verify(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

func TestGoldenOrderIndependent(t *testing.T) {
	// The read view does not depend on the order documents came in.
	forEachBackend(t, func(t *testing.T, s *Store) {
		for _, ex := range []*kg.Extraction{copyDoc(t), kurskDoc(t), anchorageDoc(t)} {
			mustAdd(t, s, ex)
		}
		golden(t, "graph.golden.json", marshal(t, mustGraph(t, s)))
	})
}

func TestAggregation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, copyDoc(t))
		g := mustGraph(t, s)
		r := findRel(g, trump, "met_with", putin, kg.Asserted)
		if r == nil {
			t.Fatalf("no met_with(trump, putin) in %s", marshal(t, g.Relations))
		}
		// anchorageS1 (twice: once with a line break), anchorageS2, copyS2.
		if r.Support != 3 {
			t.Errorf("support = %d, want 3", r.Support)
		}
		if len(r.Evidence) != 4 {
			t.Errorf("evidence = %d, want 4", len(r.Evidence))
		}
		// Anchorage: anchorageS1 and copyS2; the base: anchorageS2 only.
		if r.Location != anchorage || r.Date != "2025-08-15" {
			t.Errorf("location, date = %q, %q", r.Location, r.Date)
		}
		for i := 1; i < len(r.Evidence); i++ {
			a, b := r.Evidence[i-1], r.Evidence[i]
			if a.Doc > b.Doc || (a.Doc == b.Doc && a.Start > b.Start) {
				t.Errorf("evidence not sorted: %+v before %+v", a, b)
			}
		}
		// Evidence keeps the sentence exactly as the document has it
		// (ONTOLOGY: text[start:end] is the sentence), line break included,
		// while support counts the copies that differ only in white space once.
		newline := false
		for _, ev := range r.Evidence {
			newline = newline || strings.Contains(ev.Sentence, "\n")
		}
		if !newline {
			t.Errorf("evidence lost the line break its document has: %+v", r.Evidence)
		}
	})
}

func TestSymmetricCanonical(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t)) // met_with given once as (putin, trump), once as (trump, putin)
		g := mustGraph(t, s)
		if findRel(g, putin, "met_with", trump, kg.Asserted) != nil {
			t.Error("met_with stored as (putin, trump): symmetric relations must have subject < object")
		}
		r := findRel(g, trump, "met_with", putin, kg.Asserted)
		if r == nil || r.Support != 2 {
			t.Fatalf("met_with(trump, putin) = %+v, want support 2", r)
		}
		doc := DocIRI(anchorageDoc(t).Doc.Hash)
		if !hasQuad(t, s, quad.Quad{Subject: EntityIRI(trump), Predicate: RelIRI("met_with"), Object: EntityIRI(putin), Label: doc}) {
			t.Error("no direct edge trump -met_with-> putin")
		}
		if hasQuad(t, s, quad.Quad{Subject: EntityIRI(putin), Predicate: RelIRI("met_with"), Object: EntityIRI(trump), Label: doc}) {
			t.Error("direct edge putin -met_with-> trump: stored twice")
		}
		// An asymmetric predicate keeps its direction.
		if findRel(g, anchorage, "located_in", alaska, kg.Asserted) == nil {
			t.Error("located_in(anchorage, alaska) lost its direction")
		}
		if st := mustStats(t, s); st.Relations != 5 {
			// met_with, 3 holds_position, located_in
			t.Errorf("asserted edges = %d, want 5", st.Relations)
		}
	})
}

func TestEntityMerge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		g := mustGraph(t, s)
		p := findEnt(g, putin)
		if p == nil {
			t.Fatal("no Putin")
		}
		want := kg.Entity{ID: putin, Name: "Vladimir Putin", Type: kg.Person,
			Aliases: []string{"Mr Putin", "Putin", "Vladimir Putin"}, Mentions: 5, Documents: 2, SameAs: []string{}}
		if !reflect.DeepEqual(*p, want) {
			t.Errorf("Putin = %+v, want %+v", *p, want)
		}
		r := findEnt(g, russia)
		if r == nil || r.Mentions != 3 || r.Documents != 2 || !reflect.DeepEqual(r.SameAs, []string{wikidata + "Q159"}) ||
			!reflect.DeepEqual(r.Aliases, []string{"Moscow", "Russia", "Russian"}) {
			t.Errorf("Russia = %+v", r)
		}
		// One node, one name, one type.
		quads, _ := s.Quads(context.Background())
		names := 0
		for _, q := range quads {
			if q.Subject == EntityIRI(putin) && (q.Predicate == SchemaName || q.Predicate == RDFType) {
				names++
			}
		}
		if names != 2 {
			t.Errorf("Putin has %d name/type quads, want 2", names)
		}
		if st := mustStats(t, s); st.Entities != 13 || st.Documents != 2 {
			t.Errorf("stats = %+v, want 13 entities, 2 documents", st)
		}
	})
}

func TestReAddIsNoOp(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		before := mustStats(t, s)
		g1 := mustGraph(t, s)
		// Same content under another source name: still the same document.
		again := anchorageDoc(t)
		again.Doc.ID = "elsewhere/anchorage-again.txt"
		for i := range again.Relations {
			again.Relations[i].Evidence[0].Doc = again.Doc.ID
		}
		for _, ex := range []*kg.Extraction{anchorageDoc(t), again} {
			added, err := s.Add(ctx, ex)
			if err != nil || added {
				t.Fatalf("re-Add = %v, %v; want false, nil", added, err)
			}
		}
		if after := mustStats(t, s); after != before {
			t.Errorf("stats changed on re-add: %+v -> %+v", before, after)
		}
		if g2 := mustGraph(t, s); !reflect.DeepEqual(g1, g2) {
			t.Error("graph changed on re-add")
		}
	})
}

// TestHasDocument: HasDocument answers what Add would find: a document is
// stored once added, under any source name, and not before.
func TestHasDocument(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		has := func(ex *kg.Extraction) bool {
			t.Helper()
			ok, err := s.HasDocument(ctx, ex.Doc)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if has(anchorageDoc(t)) || has(kurskDoc(t)) {
			t.Fatal("an empty store holds a document")
		}
		mustAdd(t, s, anchorageDoc(t))
		again := anchorageDoc(t)
		again.Doc.ID = "elsewhere/anchorage-again.txt"
		if !has(anchorageDoc(t)) || !has(again) || has(kurskDoc(t)) {
			t.Error("after adding Anchorage: want it (under either name) and not Kursk")
		}
		bad := kurskDoc(t)
		bad.Doc.Hash = "not a hash"
		if has(bad) {
			t.Error("a document with a malformed hash is stored")
		}
		// Doc.Hash given (here upper-case) is the same document as the
		// text's SHA-256 that an empty Hash stands for.
		hashed := anchorageDoc(t)
		sum := sha256.Sum256([]byte(hashed.Doc.Text))
		hashed.Doc.Hash = strings.ToUpper(hex.EncodeToString(sum[:]))
		if hashed.Doc.Text = "other text"; !has(hashed) {
			t.Error("a document given the stored hash is not stored")
		}
	})
}

func TestNegatedHasNoEdge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		g := mustGraph(t, s)
		r := findRel(g, trump, "met_with", zelenskiy, kg.Negated) // canonical order
		if r == nil {
			t.Fatalf("no negated met_with(trump, zelenskiy) statement in %s", marshal(t, g.Relations))
		}
		if r.Support != 1 || len(r.Evidence) != 1 || r.Evidence[0].Sentence != anchorageS3 {
			t.Errorf("negated relation = %+v", r)
		}
		quads, _ := s.Quads(context.Background())
		for _, q := range quads {
			if q.Predicate == RelIRI("met_with") && (q.Object == EntityIRI(zelenskiy) || q.Subject == EntityIRI(zelenskiy)) {
				t.Errorf("negated relation has a direct edge: %v", q)
			}
		}
		// The reported one likewise (kurskDoc's visited).
		mustAdd(t, s, kurskDoc(t))
		g = mustGraph(t, s)
		if findRel(g, kim, "visited", russia, kg.Reported) == nil {
			t.Error("no reported visited(kim, russia) statement")
		}
		if hasQuad(t, s, quad.Quad{Subject: EntityIRI(kim), Predicate: RelIRI("visited"), Object: EntityIRI(russia), Label: DocIRI(kurskDoc(t).Doc.Hash)}) {
			t.Error("reported relation has a direct edge")
		}
	})
}

func TestEmptyStore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		g := mustGraph(t, s)
		if b := string(marshal(t, g)); b != "{\n  \"entities\": [],\n  \"relations\": []\n}\n" {
			t.Errorf("empty graph = %s", b)
		}
		if st := mustStats(t, s); st != (Stats{}) {
			t.Errorf("stats = %+v", st)
		}
		if err := s.Verify(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

func TestDocuments(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		for _, ex := range []*kg.Extraction{kurskDoc(t), copyDoc(t), anchorageDoc(t)} {
			mustAdd(t, s, ex)
		}
		docs, err := s.Documents(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "documents.golden.json", marshal(t, docs))
		total := 0
		for _, d := range docs {
			total += d.Quads
		}
		st := mustStats(t, s)
		if st.Documents != 3 || total >= st.Quads {
			t.Errorf("stats %+v, labelled quads %d", st, total)
		}
	})
}

func TestEmptySlicesInJSON(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ex := anchorageDoc(t)
		ex.Entities[0].Aliases = nil
		ex.Entities[0].SameAs = nil
		mustAdd(t, s, ex)
		b := string(marshal(t, mustGraph(t, s)))
		if strings.Contains(b, "null") {
			t.Errorf("null in graph JSON:\n%s", b)
		}
	})
}

func TestClosed(t *testing.T) {
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Add(context.Background(), anchorageDoc(t)); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close: %v", err)
	}
	if _, err := s.Graph(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Graph after Close: %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		done := make(chan error, 8)
		for w := 0; w < 4; w++ {
			go func(w int) {
				for i := w; i < 12; i += 4 {
					if _, err := s.Add(ctx, syntheticDoc(i, 3)); err != nil {
						done <- err
						return
					}
				}
				done <- nil
			}(w)
		}
		for r := 0; r < 4; r++ {
			go func() {
				for i := 0; i < 5; i++ {
					if _, err := s.Graph(ctx); err != nil {
						done <- err
						return
					}
					if _, err := s.Query(ctx, `g.V().All()`, 3); err != nil {
						done <- err
						return
					}
				}
				done <- nil
			}()
		}
		for i := 0; i < 8; i++ {
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
		if st := mustStats(t, s); st.Documents != 12 {
			t.Errorf("%d documents, want 12", st.Documents)
		}
		if err := s.Verify(ctx); err != nil {
			t.Error(err)
		}
	})
}

// TestLocationTieGoesToTheSpecificPlace: two sentences put the meeting in
// "Anchorage, Alaska" and two in "Alaska": the place chosen where both were
// named wins the tie.
func TestLocationTieGoesToTheSpecificPlace(t *testing.T) {
	const (
		s1 = "Trump met Putin in Anchorage, Alaska."
		s2 = "Trump and Putin met on Friday in Anchorage, Alaska, for talks."
		s3 = "Putin and Trump shake hands ahead of Alaska summit."
		s4 = "Trump greeted Putin ahead of a summit in Alaska."
	)
	forEachBackend(t, func(t *testing.T, s *Store) {
		d := newDoc("news/alaska.txt", "", "", s1+" "+s2+"\n"+s3+" "+s4)
		ex := &kg.Extraction{Doc: d,
			Entities: []kg.Entity{
				ent(kg.Person, "Donald Trump", 4, "Trump"), ent(kg.Person, "Vladimir Putin", 4, "Putin"),
				ent(kg.Place, "Anchorage", 2, "Anchorage"), ent(kg.Place, "Alaska", 4, "Alaska"),
			},
			Relations: []kg.Relation{
				rel(t, d, trump, "met_with", putin, kg.Asserted, anchorage, "", "", s1),
				rel(t, d, trump, "met_with", putin, kg.Asserted, anchorage, "", "", s2),
				rel(t, d, putin, "met_with", trump, kg.Asserted, alaska, "", "", s3),
				rel(t, d, trump, "met_with", putin, kg.Asserted, alaska, "", "", s4),
			},
		}
		mustAdd(t, s, ex)
		g, err := s.Graph(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Relations) != 1 || g.Relations[0].Location != anchorage || g.Relations[0].Support != 4 {
			t.Errorf("relations = %+v, want one met_with in Anchorage with support 4", g.Relations)
		}
	})
}
