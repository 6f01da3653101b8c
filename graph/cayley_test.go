package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/writer" // registers the "single" quad writer
	"github.com/cayleygraph/quad"
)

// These tests pin down what the store relies on in cayley's kv (bolt)
// backend, as read in graph/kv/indexing.go: ApplyDeltas begins one bolt
// read-write transaction, applies every delta in it and commits only at
// the end, so a failing delta rolls back the deltas before it.

func openRawBolt(t *testing.T, dir string, ignoreDup bool) (graph.QuadStore, graph.QuadWriter) {
	t.Helper()
	cq, err := openBolt(context.Background(), dir, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	qs := cq.(*cayleyQuads).qs
	qw, err := graph.NewQuadWriter("single", qs, graph.Options{"ignore_duplicate": ignoreDup})
	if err != nil {
		t.Fatal(err)
	}
	return qs, qw
}

func countQuads(t *testing.T, qs graph.QuadStore) (n int, all []quad.Quad) {
	t.Helper()
	err := graph.Iterate(context.Background(), qs.QuadsAllIterator()).Each(func(r graph.Ref) {
		all = append(all, qs.Quad(r))
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(all), all
}

func TestBoltApplyDeltasIsAtomic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	qs, qw := openRawBolt(t, dir, false)
	a := quad.MakeIRI("a", "p", "b", "")
	if err := qw.AddQuad(a); err != nil {
		t.Fatal(err)
	}
	// A transaction whose first delta is new and whose second already
	// exists: with duplicates not ignored, the second fails, and the
	// first must not be there afterwards.
	tx := graph.NewTransaction()
	tx.AddQuad(quad.MakeIRI("c", "p", "d", "doc"))
	tx.AddQuad(a)
	err := qw.ApplyTransaction(tx)
	if !graph.IsQuadExist(err) {
		t.Fatalf("ApplyTransaction = %v, want a quad-exists error", err)
	}
	if n, all := countQuads(t, qs); n != 1 {
		t.Errorf("after a failed transaction the store has %d quads, want 1: %v", n, all)
	}
	// Likewise for a delete of a missing quad after an add.
	tx = graph.NewTransaction()
	tx.AddQuad(quad.MakeIRI("e", "p", "f", "doc"))
	tx.RemoveQuad(quad.MakeIRI("x", "p", "y", ""))
	if err := qw.ApplyTransaction(tx); !graph.IsQuadNotExist(err) {
		t.Fatalf("ApplyTransaction = %v, want a quad-does-not-exist error", err)
	}
	qw.Close()
	qs.Close()

	qs, qw = openRawBolt(t, dir, true)
	defer qs.Close()
	defer qw.Close()
	if n, all := countQuads(t, qs); n != 1 {
		t.Errorf("after reopening the store has %d quads, want 1: %v", n, all)
	}
}

// TestBoltStaleCacheAfterFailedWrite documents a cayley quirk and why Add
// reopens a bolt store after a failed write: the kv store puts the ids of
// nodes it creates into an in-memory cache inside the transaction, and a
// rollback does not take them out, so the next write that names such a
// node links to an id that was never stored.
func TestBoltStaleCacheAfterFailedWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	qs, qw := openRawBolt(t, dir, false)
	a := quad.MakeIRI("a", "p", "b", "")
	if err := qw.AddQuad(a); err != nil {
		t.Fatal(err)
	}
	tx := graph.NewTransaction()
	tx.AddQuad(quad.MakeIRI("ghost", "p", "b", ""))
	tx.AddQuad(a)
	if err := qw.ApplyTransaction(tx); err == nil {
		t.Fatal("want an error")
	}
	// Same handle: the new node's id comes from the stale cache.
	if err := qw.AddQuad(quad.MakeIRI("ghost", "q", "b", "")); err != nil {
		t.Fatal(err)
	}
	_, all := countQuads(t, qs)
	stale := true
	for _, q := range all {
		if q.Subject == quad.IRI("ghost") {
			stale = false
		}
	}
	qw.Close()
	qs.Close()
	if !stale {
		t.Log("cayley no longer keeps stale node ids after a failed write; Store.Add's reopen is now only a precaution")
	} else {
		t.Logf("confirmed: a failed write leaves stale node ids in the kv cache: %q", all)
	}

	// A fresh handle does not have the problem.
	dir2 := filepath.Join(t.TempDir(), "store")
	qs, qw = openRawBolt(t, dir2, false)
	if err := qw.AddQuad(a); err != nil {
		t.Fatal(err)
	}
	tx = graph.NewTransaction()
	tx.AddQuad(quad.MakeIRI("ghost", "p", "b", ""))
	tx.AddQuad(a)
	if err := qw.ApplyTransaction(tx); err == nil {
		t.Fatal("want an error")
	}
	qw.Close()
	qs.Close()
	qs, qw = openRawBolt(t, dir2, false)
	defer qs.Close()
	defer qw.Close()
	g := quad.MakeIRI("ghost", "q", "b", "")
	if err := qw.AddQuad(g); err != nil {
		t.Fatal(err)
	}
	n, all := countQuads(t, qs)
	found := false
	for _, q := range all {
		found = found || q == g
	}
	if n != 2 || !found {
		t.Errorf("after reopening: %d quads %v, want a and %v", n, all, g)
	}
}

// failingStore makes its first ApplyDeltas fail inside cayley's bolt
// transaction, after the new nodes have been given ids: it applies the
// deltas with duplicates not ignored, so the quads already stored fail it.
type failingStore struct {
	graph.QuadStore
	failed bool
}

func (f *failingStore) ApplyDeltas(ds []graph.Delta, opts graph.IgnoreOpts) error {
	if !f.failed {
		f.failed = true
		return f.QuadStore.ApplyDeltas(ds, graph.IgnoreOpts{})
	}
	return f.QuadStore.ApplyDeltas(ds, opts)
}

func TestAddRecoversFromFailedWrite(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAdd(t, s, anchorageDoc(t))
	before := mustStats(t, s)
	cq := s.qs.(*cayleyQuads)
	cq.qs = &failingStore{QuadStore: cq.qs}
	if added, err := s.Add(ctx, kurskDoc(t)); err == nil || added {
		t.Fatalf("Add through a failing writer = %v, %v; want an error", added, err)
	}
	if st := mustStats(t, s); st != before {
		t.Fatalf("failed Add changed the store: %+v -> %+v", before, st)
	}
	// Add reopened the store: the failing wrapper is gone and so are the
	// node ids cached in the failed transaction.
	mustAdd(t, s, kurskDoc(t))
	mustAdd(t, s, copyDoc(t))
	if err := s.Verify(ctx); err != nil {
		t.Error(err)
	}
	golden(t, "graph.golden.json", marshal(t, mustGraph(t, s)))
}

// TestBoltFailedBatch pins down, with the smallest batch sequences found
// (shrunk from random ones: see TestMemQuadsAsCayley), what a batch that
// fails inside cayley's kv ApplyDeltas leaves behind, and that a fresh
// handle on the same bolt file has none of it. ApplyDeltas does the
// additions first and fails at a removal of a quad not held; by then it
// has put the new nodes' ids in its value cache and the new quads' index
// entries in an in-memory buffer (kv.QuadStore.mapBucket, written out at
// the end of a transaction that succeeds). The rollback undoes the bolt
// writes, the ids are given again, and neither cache nor buffer is
// cleared: the next transaction on the handle links quads to the wrong
// nodes, or writes index entries for quads that do not exist, after which
// removing a quad the store holds fails. Hence Store reopens a bolt store
// after a failed write (Add, applyQuads), and its batches never fail in
// the first place (TestBoltMatchesMemory).
func TestBoltFailedBatch(t *testing.T) {
	n1, n2, n3 := quad.IRI("urn:n1"), quad.IRI("urn:n2"), quad.IRI("urn:n3")
	type batch struct {
		rm, add []quad.Quad
		fails   bool
	}
	for _, tc := range []struct {
		name    string
		batches []batch // the first that fails is followed by a reopen, or not
		want    []quad.Quad
	}{
		{"cached node ids", []batch{
			{rm: []quad.Quad{{Subject: n1, Predicate: n2, Object: quad.Int(1)}},
				add: []quad.Quad{{Subject: n2, Predicate: n3, Object: quad.String("s1")}}, fails: true},
			{add: []quad.Quad{{Subject: n1, Predicate: n3, Object: quad.Int(0)}}},
		}, []quad.Quad{{Subject: n1, Predicate: n3, Object: quad.Int(0)}}},
		{"buffered index entries", []batch{
			{add: []quad.Quad{{Subject: n1, Predicate: n2, Object: quad.Int(1), Label: n3}}},
			{rm: []quad.Quad{{Subject: n1, Predicate: n3, Object: quad.Int(1), Label: n3}},
				add: []quad.Quad{{Subject: n1, Predicate: n2, Object: quad.Int(1)}}, fails: true},
			{}, // writes out the buffer
			{rm: []quad.Quad{{Subject: n1, Predicate: n2, Object: quad.Int(1), Label: n3}}},
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(reopen bool) (held []quad.Quad, err error) {
				ctx := context.Background()
				dir := filepath.Join(t.TempDir(), "store")
				qs, err := openBolt(ctx, dir, OpenOptions{})
				if err != nil {
					t.Fatal(err)
				}
				defer func() { qs.close() }()
				for i, b := range tc.batches {
					err := qs.apply(b.rm, b.add)
					if b.fails != (err != nil) {
						return nil, fmt.Errorf("batch %d: %v", i, err)
					}
					if err != nil && reopen {
						qs.close()
						if qs, err = openBolt(ctx, dir, OpenOptions{}); err != nil {
							t.Fatal(err)
						}
					}
				}
				return allQuads(t, qs), nil
			}
			held, err := run(true)
			if err != nil || !reflect.DeepEqual(held, tc.want) {
				t.Errorf("reopened after the failed batch: holds %v, %v; want %v", held, err, tc.want)
			}
			if held, err := run(false); err == nil && reflect.DeepEqual(held, tc.want) {
				t.Log("cayley's kv store no longer keeps state from a failed batch: Store's reopen after one is now only a precaution")
			} else {
				t.Logf("confirmed: on the same handle: holds %v, %v; want %v", held, err, tc.want)
			}
		})
	}
}
