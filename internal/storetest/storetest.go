// Package storetest holds a store file for tests of the packages that
// open stores.
package storetest

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"testing"
)

//go:embed boltdb-store.bolt.gz
var boltdbStore []byte

// BoltdbStore returns the indexes.bolt of a store that entigraph wrote
// before it moved to go.etcd.io/bbolt: one seed article
// (testdata/news/000_cf6b1362018f176d.txt), ingested by
// github.com/boltdb/bolt v1.3.1. Fixed bytes: tests that cut or damage it
// see the same file every time.
func BoltdbStore(t testing.TB) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(boltdbStore))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
