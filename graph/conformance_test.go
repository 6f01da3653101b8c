package graph

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/entigraph/entigraph/internal/storetest"
	"github.com/entigraph/entigraph/kg"
)

// The conformance suite, in the way of Cayley's graphtest: every test
// that takes its store from forEachBackend runs on each backend of
// backendsUnderTest (memory, bolt, PostgreSQL), and the tests below on
// each store that outlives its handle (forEachPersistent): reopening,
// crashes, failed writes, and the same quads as the memory store after
// the same writes. PostgreSQL tests get a schema of their own from
// storetest.PostgresURL, which skips them by name without a server
// (ENTIGRAPH_TEST_POSTGRES) and fails them under CI=true.

// persistentBackends are the backends whose stores outlive their handle:
// url gives a new, empty store's URL, the same store each time it is
// called in one test.
var persistentBackends = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"bolt", func(t *testing.T) string { return "bolt://" + filepath.Join(t.TempDir(), "store") }},
	{"postgres", func(t *testing.T) string { return storetest.PostgresURL(t) }},
}

// forEachPersistent runs fn as a subtest for each persistent backend,
// with a function giving the URL of a new store, made once for each test
// or subtest that asks (and gone when it ends): asked again by the same
// test, it gives the same URL.
func forEachPersistent(t *testing.T, fn func(t *testing.T, url func(*testing.T) string)) {
	for _, b := range persistentBackends {
		t.Run(b.name, func(t *testing.T) {
			var mu sync.Mutex
			made := map[*testing.T]string{}
			fn(t, func(t *testing.T) string {
				mu.Lock()
				defer mu.Unlock()
				if _, ok := made[t]; !ok {
					made[t] = b.url(t)
				}
				return made[t]
			})
		})
	}
}

// TestSQLOpenModes: an empty database is no store for OpenExisting and
// OpenReadOnly (and they make no tables); Open makes one; a read-only
// handle reads it and refuses writes; the tables of another program, or
// only some of the store's, are not a store.
func TestSQLOpenModes(t *testing.T) {
	ctx := context.Background()
	url := storetest.PostgresURL(t)
	for name, open := range map[string]func(context.Context, string) (*Store, error){"OpenExisting": OpenExisting, "OpenReadOnly": OpenReadOnly} {
		if _, err := open(ctx, url); !errors.Is(err, ErrNotExist) {
			t.Errorf("%s on an empty database: %v, want ErrNotExist", name, err)
		}
	}
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, anchorageDoc(t))
	want := marshal(t, mustGraph(t, s))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got := marshal(t, mustGraph(t, ro)); string(got) != string(want) {
		t.Errorf("read-only handle reads %s, want %s", got, want)
	}
	if _, err := ro.Add(ctx, kurskDoc(t)); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Add on a read-only handle: %v", err)
	}
	if got := marshal(t, mustGraph(t, ro)); string(got) != string(want) {
		t.Error("a refused Add changed the store")
	}

	// A URL naming no sslmode reaches a server without SSL, as libpq's
	// default "prefer" does (lib/pq alone requires SSL).
	if noSSL := strings.NewReplacer("sslmode=disable&", "", "&sslmode=disable", "", "?sslmode=disable", "").Replace(url); noSSL != url {
		s, err := OpenReadOnly(ctx, noSSL)
		if err != nil {
			t.Errorf("without sslmode: %v", err)
		} else {
			s.Close()
		}
	}

	// Only Cayley's tables, not entigraph's: not a store for a reader.
	other := storetest.PostgresURL(t)
	s2, err := Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	sq := s2.qs.(*sqlQuads)
	if _, err := sq.db.Exec(`DROP TABLE entigraph_lock`); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if _, err := OpenReadOnly(ctx, other); !errors.Is(err, ErrNotStore) {
		t.Errorf("OpenReadOnly on a database with 3 of the 4 tables: %v, want ErrNotStore", err)
	}
	// A writer makes what is missing.
	s2, err = Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s2, kurskDoc(t))
	s2.Close()
}

// TestSQLConcurrentWriters: several handles on one database, each with
// its own connections and resolver index (as separate processes have),
// add overlapping shares of one corpus at the same time; the store they
// end with is the one a single handle makes from the corpus, and the
// memory store's: every document whole, every entity once. Without the
// write lock and the write counter (lockWrites), handles resolve against
// indexes that miss each other's documents and the stores differ.
func TestSQLConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	url := storetest.PostgresURL(t)
	n := 120
	if testing.Short() {
		n = 48
	}
	docs := append([]*kg.Extraction{kcnaDocA(t), anchorageDoc(t), kcnaDocB(t), kurskDoc(t), kcnaDocC(t), copyDoc(t)}, syntheticCorpus(n)...)
	const writers = 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		// Writer w takes documents from w*len/4 for half the corpus,
		// wrapping round: each document is sent by two writers.
		var share []*kg.Extraction
		for i := range len(docs) / 2 {
			share = append(share, docs[(w*len(docs)/writers+i)%len(docs)])
		}
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, d := range share {
				if _, err := s.Add(ctx, copyExtraction(d)); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	shared, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	single, mem := openPair(t, storetest.PostgresURL(t))
	for _, d := range docs {
		mustAdd(t, single, copyExtraction(d))
		mustAdd(t, mem, copyExtraction(d))
	}
	sameStores(t, "one writer", single, mem)
	sameStores(t, fmt.Sprintf("%d writers", writers), shared, mem)
}

// TestGizmoPaths: Gizmo paths of several steps give every backend's
// answer without crashing the process. Cayley's SQL optimiser's
// iterators crashed on the first (FuzzQuery on PostgreSQL), so the
// PostgreSQL store runs Gizmo on Cayley's generic iterators.
func TestGizmoPaths(t *testing.T) {
	want := map[string]string{}
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		for _, q := range []string{
			`g.Emit(g.V().Out().Out().Out().Count())`,
			`g.Emit(g.V("<urn:entigraph:person/vladimir-putin>").Both().Both().Count())`,
			`g.Emit(g.V().Has("<http://schema.org/name>", "Vladimir Putin").In().Count())`,
		} {
			got, err := s.Query(ctx, q, 0)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			g := fmt.Sprint(got)
			if w, ok := want[q]; ok && g != w {
				t.Errorf("%s = %s; the first backend gave %s", q, g, w)
			}
			want[q] = g
		}
	})
}
