package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestJSONLStreams: a JSONL file's records become documents as they are
// read, not all at once: taking the first of 20,000 records allocates
// about the file's bytes (read whole), not its 20,000 cleaned documents.
// (200,000 records held at once took 450 MB; docs/reliability.md,
// "Runaway inputs".)
func TestJSONLStreams(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, `{"id": "r%d", "text": "Kim Jong Un met Vladimir Putin in Vladivostok on Tuesday, the %dth time. They spoke of trade."}`+"\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "many.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	size := uint64(b.Len())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	for doc, err := range Read([]string{path}, nil) {
		if err != nil || doc.ID != "r0" {
			t.Fatalf("first record: %v, %v", doc, err)
		}
		n++
		break
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; n != 1 || alloc > 2*size {
		t.Errorf("taking the first of 20000 records allocated %d bytes, for a file of %d", alloc, size)
	} else {
		t.Logf("taking the first of 20000 records allocated %d bytes, for a file of %d", alloc, size)
	}
	n = 0
	for _, err := range Read([]string{path}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 20000 {
		t.Errorf("%d documents, want 20000", n)
	}
}
