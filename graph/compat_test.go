package graph

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/entigraph/entigraph/internal/storetest"
)

// unpackStore writes data as the indexes.bolt of a new store directory
// and returns the directory.
func unpackStore(t *testing.T, data []byte) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "indexes.bolt"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOpensBoltdbStore opens a store that entigraph wrote with
// github.com/boltdb/bolt v1.3.1 (one seed article, ingested before the
// move to go.etcd.io/bbolt): the file format is the same, so it reads as
// it did, passes Verify, and takes new documents.
func TestOpensBoltdbStore(t *testing.T) {
	ctx := context.Background()
	s := boltdbFixture(t)
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	golden(t, "boltdb-store.golden.json", marshal(t, mustGraph(t, s)))
}

// boltdbFixture opens the store that entigraph wrote with boltdb/bolt
// (see TestOpensBoltdbStore), closed when the test ends.
func boltdbFixture(t *testing.T) *Store {
	t.Helper()
	s, err := OpenExisting(context.Background(), unpackStore(t, storetest.BoltdbStore(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
