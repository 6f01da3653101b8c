package graph

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestSearchCheck: a store whose documents lack their search keys (as one
// written before the index) or carry a key their names do not give is
// reported by Check, per document, and Repair rewrites the keys and the
// documents' quad counts; FindEntities then finds the entities again.
func TestSearchCheck(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		before := mustQuads(t, s)
		// Drop every search key of the anchorage document, its count
		// made to match (a document written before the index), and add
		// a stray key to the other.
		doc := DocIRI(anchorageDoc(t).Doc.Hash)
		other := DocIRI(kurskDoc(t).Doc.Hash)
		var rm, add []quad.Quad
		n := 0
		for _, q := range before {
			if q.Predicate == PredSearch && q.Label == doc {
				rm = append(rm, q)
				n++
			}
		}
		for _, q := range before {
			switch {
			case q.Predicate == PredQuads && q.Label == doc:
				rm = append(rm, q)
				add = append(add, quad.Quad{Subject: doc, Predicate: PredQuads, Object: quad.Int(num(q.Object) - n), Label: doc})
			case q.Predicate == PredQuads && q.Label == other:
				rm = append(rm, q)
				add = append(add, quad.Quad{Subject: other, Predicate: PredQuads, Object: quad.Int(num(q.Object) + 1), Label: other})
			}
		}
		add = append(add, quad.Quad{Subject: EntityIRI(kim), Predicate: PredSearch, Object: quad.String("zzz"), Label: other})
		if n == 0 {
			t.Fatal("the document has no search keys")
		}
		if err := s.qs.apply(rm, add); err != nil {
			t.Fatal(err)
		}
		mustVerify(t, s) // whole documents, as far as counts go
		if got := findIDs(t, s, "trump", "", 0); len(got) != 0 {
			t.Fatalf("without its keys Trump is still found: %v", got)
		}
		f := findings(t, s)
		if len(f) != 2 || !strings.Contains(f[0]+f[1], "search index keys missing") ||
			!strings.Contains(strings.Join(f, "\n"), "0 search index keys missing, 1 that its names do not give") {
			t.Fatalf("findings = %q", f)
		}
		if _, err := s.Repair(ctx, RepairOptions{}); err != nil {
			t.Fatal(err)
		}
		mustClean(t, s)
		if got := storeQuads(t, s); !reflect.DeepEqual(got, nqs(before)) {
			t.Errorf("after Repair the store differs from the store as written")
		}
		if got := findIDs(t, s, "trump", "", 0); !reflect.DeepEqual(got, []string{trump}) {
			t.Errorf("after Repair, trump: %v", got)
		}
	})
}

func nqs(qs []quad.Quad) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	return out
}

// TestUnindexedStore: a store written before the search index (the
// boltdb-era fixture) is read by scanning, Check does not count the
// missing index as a fault, and Repair builds it: then the same answers
// come from the index, and the graph is unchanged.
func TestUnindexedStore(t *testing.T) {
	ctx := context.Background()
	s := boltdbFixture(t)
	if s.qs.has(PredSearch) {
		t.Fatal("the fixture has a search index")
	}
	g := mustGraph(t, s)
	if len(g.Entities) < 5 {
		t.Fatalf("fixture: %d entities", len(g.Entities))
	}
	e := g.Entities[len(g.Entities)/2]
	before := findIDs(t, s, e.Name, "", 0)
	if len(before) == 0 || before[0] != e.ID {
		t.Fatalf("scanning, %q: %v", e.Name, before)
	}
	mustClean(t, s)
	res, err := s.Repair(ctx, RepairOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Done) == 0 || !strings.Contains(res.Done[0].Problem, "search index keys missing") {
		t.Fatalf("Repair did %+v", res.Done)
	}
	if !s.qs.has(PredSearch) {
		t.Fatal("Repair built no index")
	}
	mustClean(t, s)
	if got := findIDs(t, s, e.Name, "", 0); !reflect.DeepEqual(got, before) {
		t.Errorf("from the index, %q: %v, want %v", e.Name, got, before)
	}
	if a, b := marshal(t, mustGraph(t, s)), marshal(t, g); string(a) != string(b) {
		t.Error("Repair changed the graph")
	}
}
