package graph

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entigraph/entigraph/kg"
)

// TestReadersDuringIngest reads the store every 100 ms, each time opening
// it read-only as the commands do, while another handle adds documents
// one by one (Add) or in batches of 8 (AddBatch, one transaction each):
// every read gets in while the writer is still going, and the writer
// finishes (readers that keep coming leave it WriteSlice a turn). The
// figures for the 946 CoNLL documents, with the commands as readers, are
// scripts/readers-during-ingest's (docs/reliability.md).
func TestReadersDuringIngest(t *testing.T) {
	for _, size := range []int{1, 8} {
		t.Run(fmt.Sprintf("batch=%d", size), func(t *testing.T) { testReadersDuringIngest(t, size) })
	}
}

func testReadersDuringIngest(t *testing.T, size int) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	w, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	// The writer goes on until three reads have come in while it ran (or
	// maxDocs, should they never): on an idle machine 80 documents took
	// 0.4 s, too short for the reader's ticks to be sure of three.
	const minDocs, maxDocs = 80, 20000
	enough := make(chan struct{})
	var written atomic.Int64
	done := make(chan error, 1)
	go func() {
		for i := 0; i < maxDocs; i += size {
			if i >= minDocs {
				select {
				case <-enough:
					done <- w.Close() // as ingest does at its end
					return
				default:
				}
			}
			if size == 1 {
				if _, err := w.Add(ctx, syntheticDoc(i, 5)); err != nil {
					done <- err
					return
				}
			} else {
				var batch []*kg.Extraction
				for j := i; j < i+size; j++ {
					batch = append(batch, syntheticDoc(j, 5))
				}
				for _, r := range w.AddBatch(ctx, batch) {
					if r.Err != nil {
						done <- r.Err
						return
					}
				}
			}
			written.Store(int64(i + size))
			time.Sleep(time.Duration(size) * time.Millisecond) // a pipeline's pace, more or less
		}
		done <- w.Close()
	}()
	var (
		mu      sync.Mutex
		waits   []time.Duration
		midway  int
		lastDoc int
	)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				w.Close()
				t.Fatal(err)
			}
			running = false
		case <-tick.C:
			start := time.Now()
			r, err := OpenReadOnly(ctx, dir)
			if err != nil {
				t.Fatalf("a read during the ingest: %v", err)
			}
			wait := time.Since(start)
			st, err := r.Stats(ctx)
			r.Close()
			if err != nil {
				t.Fatalf("a read during the ingest: %v", err)
			}
			mu.Lock()
			waits = append(waits, wait)
			if st.Documents < lastDoc {
				t.Errorf("documents went down: %d after %d", st.Documents, lastDoc)
			}
			lastDoc = st.Documents
			if st.Documents > 0 && st.Documents < maxDocs {
				midway++
				if midway == 3 {
					close(enough)
				}
			}
			mu.Unlock()
		}
	}
	if midway < 2 {
		t.Errorf("%d of %d reads came in while the ingest ran (waits %v)", midway, len(waits), waits)
	}
	r, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if st, n := mustStats(t, r), int(written.Load()); st.Documents != n {
		t.Errorf("the writer stored %d documents, want %d", st.Documents, n)
	}
	t.Logf("%d reads, %d while the writer ran; waits to open %v", len(waits), midway, waits)
}

// TestWriterWaitsForReaders: a writer that opens a store a reader has
// open waits for the reader (beyond LockTimeout), where a second writer
// is refused after LockTimeout.
func TestWriterWaitsForReaders(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	w, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, w, anchorageDoc(t))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	hold := LockTimeout + 500*time.Millisecond
	go func() {
		time.Sleep(hold)
		r.Close()
	}()
	start := time.Now()
	w, err = Open(ctx, dir)
	if err != nil {
		t.Fatalf("a writer while a reader has the store: %v", err)
	}
	if waited := time.Since(start); waited < hold-100*time.Millisecond {
		t.Errorf("the writer got in after %v, while the reader held the store for %v", waited, hold)
	}
	defer w.Close()
	if _, err := Open(ctx, dir); !errors.Is(err, ErrLocked) {
		t.Errorf("a second writer: %v, want ErrLocked", err)
	}
}
