package boltkv

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/kvtest"
	bolt "go.etcd.io/bbolt"
)

// TestConformance runs hidalgo's shared test suite for kv backends.
func TestConformance(t *testing.T) {
	kvtest.RunTestLocal(t, func(dir string) (kv.KV, error) {
		return Open(filepath.Join(dir, "test.bolt"), nil)
	})
}

// TestBatch: inside a batch the writes of one transaction are seen by
// the next, reading or writing, and reach the file only at Commit; a
// writing transaction given up inside the batch makes Commit roll the
// whole batch back; Rollback drops it.
func TestBatch(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "test.bolt"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := func(s string) kv.Key { return kv.Key{[]byte("b"), []byte(s)} }
	put := func(k string, commit bool) {
		t.Helper()
		tx, err := db.Tx(true)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Put(key(k), []byte(k)); err != nil {
			t.Fatal(err)
		}
		if commit {
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// has reads k in a transaction of its own (a view of the batch, if one
	// is open).
	has := func(k string) bool {
		t.Helper()
		tx, err := db.Tx(false)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Close()
		_, err = tx.Get(ctx, key(k))
		if err != nil && err != kv.ErrNotFound {
			t.Fatal(err)
		}
		return err == nil
	}
	// stored reads k from the file, past any batch.
	stored := func(k string) bool {
		t.Helper()
		found := false
		if err := db.Bolt().View(func(tx *bolt.Tx) error {
			if b := tx.Bucket([]byte("b")); b != nil {
				found = b.Get([]byte(k)) != nil
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return found
	}

	if err := db.Begin(); err != nil {
		t.Fatal(err)
	}
	put("a", true)
	put("b", true)
	if !has("a") || !has("b") {
		t.Error("a batch's later transactions do not see its earlier writes")
	}
	if stored("a") {
		t.Error("a batch's write reached the file before Commit")
	}
	rtx, _ := db.Tx(false)
	if err := rtx.Put(key("c"), []byte("c")); err != kv.ErrReadOnly {
		t.Errorf("Put in a reading view of a batch: %v, want kv.ErrReadOnly", err)
	}
	rtx.Close()
	if err := db.Commit(); err != nil {
		t.Fatal(err)
	}
	if !stored("a") || !stored("b") {
		t.Error("committed batch: its writes are not in the file")
	}

	if err := db.Begin(); err != nil {
		t.Fatal(err)
	}
	put("c", true)
	put("d", false) // given up half way
	if err := db.Commit(); err != ErrBatchFailed {
		t.Errorf("Commit of a batch with a failed write: %v, want ErrBatchFailed", err)
	}
	if stored("c") || stored("d") {
		t.Error("a failed batch left writes in the file")
	}

	if err := db.Begin(); err != nil {
		t.Fatal(err)
	}
	put("e", true)
	if err := db.Rollback(); err != nil {
		t.Fatal(err)
	}
	if stored("e") || has("e") {
		t.Error("a rolled back batch left writes in the file")
	}
	// Outside a batch, transactions are bbolt's own again.
	put("f", true)
	if !stored("f") {
		t.Error("a write after the batches is not in the file")
	}
}
