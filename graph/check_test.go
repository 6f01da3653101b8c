package graph

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"
)

// findings returns Check's findings as "check: problem" lines.
func findings(t *testing.T, s *Store) []string {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Check+": "+f.Problem)
	}
	return out
}

func mustClean(t *testing.T, s *Store) {
	t.Helper()
	if f := findings(t, s); len(f) > 0 {
		t.Fatalf("Check found:\n%s", strings.Join(f, "\n"))
	}
}

func quadsOfDoc(t *testing.T, s *Store, label quad.Value) []quad.Quad {
	t.Helper()
	var out []quad.Quad
	for _, q := range mustQuads(t, s) {
		if q.Label == label {
			out = append(out, q)
		}
	}
	return out
}

func mustQuads(t *testing.T, s *Store) []quad.Quad {
	t.Helper()
	qs, err := s.Quads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func TestCheckCleanStores(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustClean(t, s)
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		mustAdd(t, s, copyDoc(t))
		mustClean(t, s)
		if _, err := s.Merge(context.Background(), "person/donald-trump", "person/vladimir-putin"); err != nil {
			t.Fatal(err)
		}
		mustClean(t, s)
	})
}

// TestHalfDocument writes half of a document's quads around Add (as a
// crash in the middle of a write that was not one transaction would
// leave them): Check names the document, Repair leaves it without Drop
// and removes it whole with Drop, and the document can then be added
// again.
func TestHalfDocument(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		other, err := Open(ctx, "memory")
		if err != nil {
			t.Fatal(err)
		}
		mustAdd(t, other, kurskDoc(t))
		ks := quadsOfDoc(t, other, DocIRI(kurskDoc(t).Doc.Hash))
		other.Close()
		half := ks[:len(ks)/2]
		if err := s.qs.apply(nil, half); err != nil {
			t.Fatal(err)
		}
		f := findings(t, s)
		if len(f) == 0 || !strings.HasPrefix(f[0], "document: document news/kursk.txt") || !strings.Contains(f[0], "but its count says") {
			t.Fatalf("findings = %q, want one naming the half document first", f)
		}
		before := len(mustQuads(t, s))
		res, err := s.Repair(ctx, RepairOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Left) != 1 || len(res.Done) != 0 || len(mustQuads(t, s)) != before {
			t.Fatalf("Repair without Drop: done %d, left %d, quads %d -> %d", len(res.Done), len(res.Left), before, len(mustQuads(t, s)))
		}
		if _, err := s.Repair(ctx, RepairOptions{Drop: true}); err != nil {
			t.Fatal(err)
		}
		mustClean(t, s)
		if got := len(mustQuads(t, s)); got != before-len(half) {
			t.Errorf("after Repair with Drop: %d quads, want %d", got, before-len(half))
		}
		mustAdd(t, s, kurskDoc(t))
		mustClean(t, s)
	})
}

// TestMissingEvidence removes one evidence node's quads: its document is
// no longer whole and a relation has lost its evidence.
func TestMissingEvidence(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		// an evidence node of an asserted statement, so an edge loses it
		asserted := map[quad.Value]bool{}
		all := mustQuads(t, s)
		for _, q := range all {
			if q.Predicate == PredModality && q.Object == quad.String("asserted") {
				asserted[q.Subject] = true
			}
		}
		var ev quad.Value
		for _, q := range all {
			if ev == nil && q.Predicate == PredStatement && asserted[q.Object] {
				ev = q.Subject
			}
		}
		var rm []quad.Quad
		for _, q := range all {
			if q.Subject == ev {
				rm = append(rm, q)
			}
		}
		if err := s.qs.apply(rm, nil); err != nil {
			t.Fatal(err)
		}
		f := strings.Join(findings(t, s), "\n")
		for _, want := range []string{"quads labelled with it, but its count says", "has no evidence from it"} {
			if !strings.Contains(f, want) {
				t.Errorf("findings lack %q:\n%s", want, f)
			}
		}
		if _, err := s.Repair(ctx, RepairOptions{Drop: true}); err != nil {
			t.Fatal(err)
		}
		mustClean(t, s)
	})
}

// TestWrongName gives an entity a name its documents do not: Repair
// recomputes it without being told to drop anything.
func TestWrongName(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		want := mustGraph(t, s)
		e := EntityIRI("person/donald-trump")
		err := s.qs.apply([]quad.Quad{{Subject: e, Predicate: SchemaName, Object: quad.String("Donald Trump")}},
			[]quad.Quad{{Subject: e, Predicate: SchemaName, Object: quad.String("The Donald")}})
		if err != nil {
			t.Fatal(err)
		}
		f := findings(t, s)
		if len(f) != 1 || !strings.Contains(f[0], `entity person/donald-trump is named ["The Donald"]; its documents' names make it "Donald Trump"`) {
			t.Fatalf("findings = %q", f)
		}
		if _, err := s.Repair(ctx, RepairOptions{}); err != nil {
			t.Fatal(err)
		}
		mustClean(t, s)
		if got := mustGraph(t, s); string(marshal(t, got)) != string(marshal(t, want)) {
			t.Error("graph after Repair differs from the graph before the damage")
		}
	})
}

// TestBrokenIndex deletes an entry of Cayley's subject index in the bolt
// file: Check sees the index disagree with the quad log, Repair rebuilds
// the file from its quads and keeps the old one.
func TestBrokenIndex(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAdd(t, s, anchorageDoc(t))
	mustAdd(t, s, kurskDoc(t))
	want := marshal(t, mustGraph(t, s))
	c := s.qs.(*cayleyQuads)
	err = c.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("sp"))
		k, _ := b.Cursor().First()
		return b.Delete(k)
	})
	if err != nil {
		t.Fatal(err)
	}
	f := findings(t, s)
	if len(f) == 0 || !strings.HasPrefix(f[0], "index: the subject index lists") {
		t.Fatalf("findings = %q, want an index one", f)
	}
	res, err := s.Repair(ctx, RepairOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Rebuilt {
		t.Fatal("Repair did not rebuild the file")
	}
	if _, err := os.Stat(res.Backup); err != nil {
		t.Errorf("the old file is not kept: %v", err)
	}
	mustClean(t, s)
	if got := marshal(t, mustGraph(t, s)); string(got) != string(want) {
		t.Error("graph after the rebuild differs from the graph before the damage")
	}
	mustAdd(t, s, copyDoc(t))
	mustClean(t, s)
}

// TestWrongKeys loses one of an entity's lookup keys and gives another a
// key its documents do not give (each document's quad count kept right,
// so that only the keys are wrong): Check names both, Repair rebuilds
// them, and a later document finds the entity through the rebuilt key.
func TestWrongKeys(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		before := mustQuads(t, s)
		docs, err := s.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		doc := DocIRI(docs[0].Hash)
		trump, putin := EntityIRI("person/donald-trump"), EntityIRI("person/vladimir-putin")
		lost := quad.Quad{Subject: trump, Predicate: PredLookup, Object: quad.String("key:donald trump"), Label: doc}
		bogus := quad.Quad{Subject: putin, Predicate: PredLookup, Object: quad.String("key:donald trump"), Label: doc}
		if err := s.qs.apply([]quad.Quad{lost}, []quad.Quad{bogus}); err != nil {
			t.Fatal(err)
		}
		f := findings(t, s)
		want := []string{
			`keys: entity person/donald-trump lacks resolution keys (["key:donald trump"])`,
			`keys: entity person/vladimir-putin has resolution keys its documents do not give (["key:donald trump"])`,
		}
		if strings.Join(f, "\n") != strings.Join(want, "\n") {
			t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(f, "\n"), strings.Join(want, "\n"))
		}
		if _, err := s.Repair(ctx, RepairOptions{}); err != nil {
			t.Fatal(err)
		}
		mustClean(t, s)
		if after := mustQuads(t, s); !reflect.DeepEqual(after, before) {
			t.Error("quads after Repair differ from those before the damage")
		}
	})
}

// TestKeysOfOldStore: a store written before there were lookup keys
// checks clean, gets its keys on the next Add (or from Repair), and
// resolves the new document against what it held.
func TestKeysOfOldStore(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		var keys []quad.Quad
		for _, q := range mustQuads(t, s) {
			if q.Predicate == PredLookup {
				keys = append(keys, q)
			}
		}
		// Take the keys out as an old version never wrote them, counts
		// and all.
		counts := map[quad.Value]int{}
		for _, q := range keys {
			counts[q.Label]++
		}
		rm := append([]quad.Quad(nil), keys...)
		var add []quad.Quad
		for l, n := range counts {
			vs, err := s.objects(ctx, l, PredQuads)
			if err != nil || len(vs) != 1 {
				t.Fatal(vs, err)
			}
			rm = append(rm, quad.Quad{Subject: l, Predicate: PredQuads, Object: vs[0], Label: l})
			add = append(add, quad.Quad{Subject: l, Predicate: PredQuads, Object: quad.Int(num(vs[0]) - n), Label: l})
		}
		if err := s.qs.apply(rm, add); err != nil {
			t.Fatal(err)
		}
		s.idx = nil
		mustClean(t, s)
		mustAdd(t, s, kurskDoc(t))
		mustClean(t, s)
		for _, q := range keys {
			if !slices.Contains(mustQuads(t, s), q) {
				t.Errorf("key not rebuilt: %v", q)
			}
		}
	})
}
