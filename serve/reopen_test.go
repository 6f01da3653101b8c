package serve

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entigraph/entigraph/graph"
)

// TestStoreIdle: the store is opened by the first request, kept while
// requests come, closed after idle, and opened again by the next.
func TestStoreIdle(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	w, err := graph.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	var opens atomic.Int32
	s := NewStore(func(ctx context.Context) (*graph.Store, error) {
		opens.Add(1)
		return graph.OpenReadOnly(ctx, dir)
	}, 150*time.Millisecond)
	defer s.Close()
	for range 3 {
		if _, err := s.Stats(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := opens.Load(); n != 1 {
		t.Errorf("%d opens for three requests within the idle time, want 1", n)
	}
	time.Sleep(400 * time.Millisecond)
	// Closed: a writer gets the store at once (it would wait for a reader,
	// here a second before failing).
	defer func(w time.Duration) { graph.WriterWait = w }(graph.WriterWait)
	graph.WriterWait = time.Second
	start := time.Now()
	w, err = graph.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Errorf("the writer waited %v for the idle server's store", el)
	}
	w.Close()
	if _, err := s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	if n := opens.Load(); n != 2 {
		t.Errorf("%d opens after the idle time, want 2", n)
	}
}
