// Package boltkv puts hidalgo's hierarchical key-value interface (the one
// Cayley v0.7.7's kv quad store is written against) over go.etcd.io/bbolt,
// the maintained fork of the archived github.com/boltdb/bolt.
//
// The two bolts share one file format, and keys map to buckets the way
// Cayley's own "bolt" backend maps them (every part but the last names a
// nested bucket, the last is the key in it), so a store written by either
// opens with the other. The package registers the backend with Cayley as
// Name; entigraph itself opens files with Open and hands the DB to
// Cayley's kv.New.
//
// Why not hidalgo's own bbolt backend: the hidalgo version Cayley v0.7.7
// needs builds it on github.com/coreos/bbolt v1.3.2, whose pointer
// arithmetic fails Go's checkptr under -race, and the newer hidalgo
// versions the module proxy serves have another kv interface that Cayley
// v0.7.7 does not build against.
package boltkv

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/hidal-go/hidalgo/kv"
	bolt "go.etcd.io/bbolt"
)

// Name is the backend's name in Cayley's registry. The store is a
// directory holding File, Cayley's layout for bolt stores.
const Name = "entigraph-bbolt"

// File is the bolt file's name inside a store directory.
const File = "indexes.bolt"

func init() {
	open := func(dir string, _ graph.Options) (kv.KV, error) {
		return Open(filepath.Join(dir, File), &bolt.Options{Timeout: time.Second})
	}
	ckv.Register(Name, ckv.Registration{
		NewFunc: open,
		InitFunc: func(dir string, o graph.Options) (kv.KV, error) {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, err
			}
			return open(dir, o)
		},
		IsPersistent: true,
	})
}

// DB is a bbolt database as a hidalgo kv.KV. Its methods are safe for
// concurrent use as bbolt's are: one writing transaction at a time, any
// number of readers; but not during a batch (Begin).
type DB struct {
	db *bolt.DB
	// batch is the writing transaction of a batch (Begin), nil outside
	// one; failed: a writing transaction inside it was closed without
	// being committed (its writes are in batch: the batch must not be
	// committed).
	batch  *bolt.Tx
	failed bool
}

// ErrBatchFailed is returned by Commit when a writing transaction inside
// the batch was given up (closed without a commit): its writes, or part
// of them, are in the batch, which was rolled back instead.
var ErrBatchFailed = errors.New("boltkv: a write inside the batch failed; the batch was rolled back")

// Begin starts a batch: until Commit or Rollback, every transaction Tx
// begins, reading or writing, is a view of one bbolt writing transaction,
// so that the batch's later writes and reads see its earlier writes, and
// the file gets all of them in one commit or none. A view's Commit does
// nothing; closing a writing view that was not committed (a write given
// up half way, as Cayley's ApplyDeltas does when it fails) marks the
// batch failed. The caller uses the DB from one goroutine during a batch.
func (d *DB) Begin() error {
	if d.batch != nil {
		return errors.New("boltkv: a batch is already open")
	}
	t, err := d.db.Begin(true)
	if err != nil {
		return err
	}
	d.batch, d.failed = t, false
	return nil
}

// InBatch reports whether a batch is open.
func (d *DB) InBatch() bool { return d.batch != nil }

// Commit ends the batch, committing its writes to the file; if a write
// inside it failed (see Begin), it rolls them back instead and returns
// ErrBatchFailed.
func (d *DB) Commit() error {
	t, failed := d.batch, d.failed
	if t == nil {
		return errors.New("boltkv: no batch open")
	}
	d.batch, d.failed = nil, false
	if failed {
		t.Rollback()
		return ErrBatchFailed
	}
	return t.Commit()
}

// Rollback ends the batch, dropping its writes. Without a batch it does
// nothing.
func (d *DB) Rollback() error {
	t := d.batch
	if t == nil {
		return nil
	}
	d.batch, d.failed = nil, false
	return t.Rollback()
}

var _ kv.KV = (*DB)(nil)

// Open opens (creating it if missing) the bolt file at path. opts may be
// nil (bbolt's defaults: wait forever for another process's file lock).
func Open(path string, opts *bolt.Options) (*DB, error) {
	db, err := bolt.Open(path, 0o644, opts)
	if err != nil {
		return nil, err
	}
	return &DB{db: db}, nil
}

// Bolt returns the bbolt database, for what the kv interface lacks (its
// consistency check, Tx.Check).
func (d *DB) Bolt() *bolt.DB { return d.db }

// Close closes the file.
func (d *DB) Close() error { return d.db.Close() }

// Tx begins a transaction: a writing one if rw.
func (d *DB) Tx(rw bool) (kv.Tx, error) {
	if d.batch != nil {
		return &tx{t: d.batch, in: d, ro: !rw}, nil
	}
	t, err := d.db.Begin(rw)
	if err != nil {
		return nil, err
	}
	return &tx{t: t}, nil
}

type tx struct {
	t *bolt.Tx
	// in is the DB whose batch t is (Begin), nil for a transaction of
	// its own; ro: a reading view of the batch; done: committed.
	in   *DB
	ro   bool
	done bool
	// In a read-only transaction, the last bucket looked up and its
	// path: cayley reads many keys of one bucket in a row (a batch of
	// values, of quads from its log), and finding the bucket again for
	// each, from the top of the file, was a third of a read's time.
	lastPath kv.Key
	last     *bolt.Bucket
}

// bucket returns the bucket named by the parts of key before the last one
// (the top of the file for a one-part key), or nil if one is missing.
func (t *tx) bucket(key kv.Key) *bolt.Bucket {
	if len(key) <= 1 {
		return t.t.Cursor().Bucket()
	}
	path := key[:len(key)-1]
	if t.last != nil && samePath(t.lastPath, path) {
		return t.last
	}
	b := t.t.Bucket(key[0])
	for _, name := range key[1 : len(key)-1] {
		if b == nil {
			return nil
		}
		b = b.Bucket(name)
	}
	if b != nil && !t.t.Writable() {
		t.lastPath = t.lastPath[:0]
		for _, name := range path {
			t.lastPath = append(t.lastPath, bytes.Clone(name)) // the caller may reuse its key
		}
		t.last = b
	}
	return b
}

// samePath reports whether two bucket paths name the same bucket.
func samePath(a, b kv.Key) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func (t *tx) Get(_ context.Context, key kv.Key) (kv.Value, error) {
	if len(key) == 0 {
		return nil, kv.ErrNotFound
	}
	b := t.bucket(key)
	if b == nil {
		return nil, kv.ErrNotFound
	}
	v := b.Get(key[len(key)-1])
	if v == nil {
		return nil, kv.ErrNotFound
	}
	return v, nil
}

func (t *tx) GetBatch(ctx context.Context, keys []kv.Key) ([]kv.Value, error) {
	out := make([]kv.Value, len(keys))
	for i, k := range keys {
		v, err := t.Get(ctx, k)
		if err != nil && err != kv.ErrNotFound {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (t *tx) Commit(context.Context) error {
	if t.in != nil {
		t.done = true // the batch commits
		return nil
	}
	return t.t.Commit()
}

// Close rolls back a transaction not committed; closing a finished one
// is not an error (hidalgo's helpers close after committing). A writing
// view of a batch closed without a commit marks the batch failed.
func (t *tx) Close() error {
	if t.in != nil {
		if !t.ro && !t.done && t.in.batch == t.t {
			t.in.failed = true
		}
		t.done = true
		return nil
	}
	if err := t.t.Rollback(); err != nil && err != bolt.ErrTxClosed {
		return err
	}
	return nil
}

// Put writes v under key, creating the buckets the key names. A key whose
// last part and value are both empty only creates the buckets (hidalgo's
// kv.CreateBucket).
func (t *tx) Put(key kv.Key, v kv.Value) error {
	if t.ro || !t.t.Writable() {
		return kv.ErrReadOnly
	}
	if len(key) == 0 {
		return errors.New("boltkv: empty key")
	}
	b := t.t.Cursor().Bucket() // the top of the file, for a one-part key
	for _, name := range key[:len(key)-1] {
		var err error
		if b, err = b.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	last := key[len(key)-1]
	if len(last) == 0 && len(v) == 0 {
		return nil
	}
	return b.Put(last, v)
}

func (t *tx) Del(key kv.Key) error {
	if t.ro || !t.t.Writable() {
		return kv.ErrReadOnly
	}
	if len(key) == 0 {
		return nil
	}
	b := t.bucket(key)
	if b == nil {
		return nil
	}
	return b.Delete(key[len(key)-1])
}

// Scan iterates, in key order, over every value whose key starts with the
// parts of pref before its last one and continues, inside that bucket,
// with a name starting with pref's last part; nested buckets are walked
// depth first.
func (t *tx) Scan(pref kv.Key) kv.Iterator {
	it := &iter{}
	b := t.bucket(pref)
	if b == nil {
		return it
	}
	if len(pref) > 0 {
		it.base = pref[:len(pref)-1].Clone()
		it.pref = pref[len(pref)-1]
	}
	it.stack = []frame{{c: b.Cursor()}}
	return it
}

type frame struct {
	c       *bolt.Cursor
	name    []byte // the bucket's name in its parent (not for the first)
	started bool
}

type iter struct {
	base  kv.Key // the exact bucket path the scan starts in
	pref  []byte // what names at the first level start with
	stack []frame
	k, v  []byte
}

func (it *iter) Next(ctx context.Context) bool {
	for len(it.stack) > 0 {
		if ctx.Err() != nil {
			return false
		}
		top := &it.stack[len(it.stack)-1]
		var k, v []byte
		switch {
		case top.started:
			k, v = top.c.Next()
		case len(it.stack) == 1 && len(it.pref) > 0:
			k, v = top.c.Seek(it.pref)
		default:
			k, v = top.c.First()
		}
		top.started = true
		if k == nil || (len(it.stack) == 1 && !bytes.HasPrefix(k, it.pref)) {
			it.stack = it.stack[:len(it.stack)-1]
			continue
		}
		if v == nil {
			if b := top.c.Bucket().Bucket(k); b != nil {
				it.stack = append(it.stack, frame{c: b.Cursor(), name: k})
				continue
			}
		}
		it.k, it.v = k, v
		return true
	}
	it.k, it.v = nil, nil
	return false
}

func (it *iter) Key() kv.Key {
	if it.k == nil {
		return nil
	}
	k := make(kv.Key, 0, len(it.base)+len(it.stack))
	k = append(k, it.base...)
	for _, f := range it.stack[1:] {
		k = append(k, bytes.Clone(f.name))
	}
	return append(k, bytes.Clone(it.k))
}

func (it *iter) Val() kv.Value { return it.v }

func (it *iter) Err() error { return nil }

func (it *iter) Close() error {
	*it = iter{}
	return nil
}
