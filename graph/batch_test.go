package graph

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
)

// batchCorpus is a corpus whose documents resolve against each other:
// a.txt, b.txt and c.txt rename and merge each other's nodes (an acronym
// and its expansion, two spellings of a name), the others share places
// and people, and the synthetic ones share Trump, Putin and Anchorage.
func batchCorpus(t *testing.T) []*kg.Extraction {
	return []*kg.Extraction{kcnaDocA(t), anchorageDoc(t), kcnaDocB(t), syntheticDoc(0, 3), kurskDoc(t),
		kcnaDocC(t), copyDoc(t), syntheticDoc(1, 3), syntheticDoc(2, 2)}
}

// addBatches adds docs to s with AddBatch, size documents a call, and
// fails the test unless each is added.
func addBatches(t *testing.T, s *Store, docs []*kg.Extraction, size int) {
	t.Helper()
	for start := 0; start < len(docs); start += size {
		part := docs[start:min(start+size, len(docs))]
		for i, r := range s.AddBatch(context.Background(), part) {
			if r.Err != nil || !r.Added {
				t.Fatalf("AddBatch: %s: added %v, %v", part[i].Doc.ID, r.Added, r.Err)
			}
		}
	}
}

// TestAddBatchLikeAdd: whatever the size of the batches, AddBatch leaves
// the store that Add leaves one document at a time: the same quads, on
// every backend, also when the time bound cuts a batch into several
// transactions. Documents of one batch resolve against each other as they
// would in separate transactions (each sees what the ones before it
// wrote). A document already stored, or twice in a batch, is skipped.
func TestAddBatchLikeAdd(t *testing.T) {
	ctx := context.Background()
	one := memStore(t)
	for _, d := range batchCorpus(t) {
		mustAdd(t, one, d)
	}
	want := storeQuads(t, one)
	for _, b := range backendsUnderTest {
		t.Run(b.name, func(t *testing.T) {
			// size 0: one call, each transaction cut short by the time
			// bound after its first document.
			for _, size := range []int{1, 2, 3, 100, 0} {
				s, err := Open(ctx, b.url(t))
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if size == 0 {
					size, s.batchTime = 100, 0
				}
				addBatches(t, s, batchCorpus(t), size)
				if got := storeQuads(t, s); !reflect.DeepEqual(got, want) {
					t.Fatalf("batches of %d: the store differs from Add's one at a time: %s", size, firstQuadDiff(got, want))
				}
				mustVerify(t, s)
				again := append(batchCorpus(t), kcnaDocA(t))
				for i, r := range s.AddBatch(ctx, again) {
					if r.Err != nil || r.Added {
						t.Errorf("batches of %d: %s again: added %v, %v; want skipped", size, again[i].Doc.ID, r.Added, r.Err)
					}
				}
			}
			s, err := Open(ctx, b.url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			twice := s.AddBatch(ctx, []*kg.Extraction{kcnaDocA(t), kcnaDocA(t)})
			if twice[0].Err != nil || !twice[0].Added || twice[1].Err != nil || twice[1].Added {
				t.Errorf("a document twice in a batch: %+v; want added, then skipped", twice)
			}
		})
	}
}

// firstQuadDiff says where two sorted quad lists first differ.
func firstQuadDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("quad %d:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d quads, want %d", len(got), len(want))
}

// failDoc is a quad storage whose writes of one document (its quads are
// labelled bad) fail inside the backend's transaction, as a removal of a
// quad not held makes them fail; it counts the batches begun.
type failDoc struct {
	quadStore
	bad   quad.Value
	begun *int
}

func (f *failDoc) apply(rm, add []quad.Quad) error {
	for _, q := range add {
		if q.Label == f.bad {
			ghost := quad.Quad{Subject: quad.IRI(NS + "ghost"), Predicate: quad.IRI(NS + "ghost"), Object: quad.String("ghost")}
			return f.quadStore.apply(append(rm[:len(rm):len(rm)], ghost), add)
		}
	}
	return f.quadStore.apply(rm, add)
}

func (f *failDoc) batches() bool {
	b, ok := f.quadStore.(batcher)
	return ok && b.batches()
}

func (f *failDoc) beginBatch(ctx context.Context) error {
	*f.begun++
	return f.quadStore.(batcher).beginBatch(ctx)
}

func (f *failDoc) endBatch(commit bool) error { return f.quadStore.(batcher).endBatch(commit) }

// failing makes s's writes of the document bad fail, also after the
// store is reopened (as Store does after a failed write); it returns the
// count of batches begun.
func failing(s *Store, bad *kg.Extraction) *int {
	hash, _ := docHash(bad.Doc)
	n := new(int)
	wrap := func(qs quadStore) quadStore { return &failDoc{quadStore: qs, bad: DocIRI(hash), begun: n} }
	open := s.be.open
	s.be.open = func(ctx context.Context, addr string, o OpenOptions) (quadStore, error) {
		qs, err := open(ctx, addr, o)
		if err != nil {
			return nil, err
		}
		return wrap(qs), nil
	}
	s.qs = wrap(s.qs)
	return n
}

// TestAddBatchBadDocument: a document whose write fails inside a batch
// costs only itself: the batch is rolled back and its documents written
// again one transaction each; the bad one's result names it, and the
// store holds the others as Add one at a time leaves them. A document
// refused before any write (invalid) is refused alone, the batch written
// as one.
func TestAddBatchBadDocument(t *testing.T) {
	ctx := context.Background()
	forEachPersistent(t, func(t *testing.T, url func(*testing.T) string) {
		docs := batchCorpus(t)
		bad := 2 // b.txt: its write would rename a.txt's nodes
		s, err := Open(ctx, url(t))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.batchTime = time.Hour // one transaction, however slow the machine
		batches := failing(s, docs[bad])
		res := s.AddBatch(ctx, docs)
		for i, r := range res {
			switch {
			case i == bad && (r.Err == nil || r.Added || !strings.Contains(r.Err.Error(), docs[bad].Doc.ID)):
				t.Errorf("the bad document: added %v, %v; want an error naming %s", r.Added, r.Err, docs[bad].Doc.ID)
			case i != bad && (r.Err != nil || !r.Added):
				t.Errorf("%s, in a batch with a bad document: added %v, %v", docs[i].Doc.ID, r.Added, r.Err)
			}
		}
		if *batches != 2 {
			t.Errorf("%d batches begun; want 2 (the one that failed, its documents then one transaction each, and one for the documents after it)", *batches)
		}
		one := memStore(t)
		for i, d := range batchCorpus(t) {
			if i != bad {
				mustAdd(t, one, d)
			}
		}
		if got, want := storeQuads(t, s), storeQuads(t, one); !reflect.DeepEqual(got, want) {
			t.Fatalf("after the bad batch: %s", firstQuadDiff(got, want))
		}
		mustVerify(t, s)

		// An invalid document: refused before the batch, which is
		// written as one.
		t.Run("invalid", func(t *testing.T) {
			s, err := Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.batchTime = time.Hour
			batches := failing(s, kcnaDocA(t)) // (not in this batch)
			invalid := kcnaDocB(t)
			invalid.Relations[0].Predicate = "no_such_predicate"
			res := s.AddBatch(ctx, []*kg.Extraction{anchorageDoc(t), invalid, kurskDoc(t)})
			if res[0].Err != nil || !res[0].Added || !errors.Is(res[1].Err, ErrInvalid) || res[2].Err != nil || !res[2].Added {
				t.Errorf("a batch with an invalid document: %+v", res)
			}
			if *batches != 1 {
				t.Errorf("%d batches begun; want 1", *batches)
			}
		})
	})
}
