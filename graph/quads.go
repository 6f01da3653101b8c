package graph

import (
	"context"
	"os"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/entigraph/entigraph/graph/boltkv"
)

// quadStore is the quad storage under a Store: the few operations that
// resolution (resolve.go, rewrite.go), the read view (read.go) and Add need.
// Everything above it is one code path for every backend; only this part
// differs: cayleyQuads for bolt, memQuads for "memory".
type quadStore interface {
	// has reports whether some quad holds v, in any direction (cayley's
	// ValueOf(v) != nil). On bolt it may stay true for a value whose
	// quads are all gone (see deltas), so it is only a shortcut before
	// quadsOf.
	has(v quad.Value) bool
	// quadsOf returns the quads with v in direction dir: memQuads in the
	// order they were written, bolt in its index order.
	quadsOf(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error)
	// subjectsOf returns the subjects of the quads (*, p, obj, *) with p
	// one of preds, each once: one index look-up, and only the subjects'
	// values read.
	subjectsOf(ctx context.Context, obj quad.Value, preds ...quad.Value) ([]quad.Value, error)
	// objectsOf returns the objects of the quads (subj, pred, *, *), each
	// once, likewise.
	objectsOf(ctx context.Context, subj, pred quad.Value) ([]quad.Value, error)
	// apply writes one batch, all or nothing where the backend can: the
	// removals (a quad both removed and added is left alone; removing a
	// quad the store does not hold fails the batch), then the additions
	// in order (quads already held are skipped). After a failed apply a
	// cayleyQuads must be closed and opened again before any other use:
	// cayley's kv store keeps in memory node ids and index entries of the
	// rolled-back transaction, and the next write on the same handle
	// links quads to the wrong nodes or indexes quads that do not exist
	// (TestBoltFailedBatch). Store does so.
	apply(rm, add []quad.Quad) error
	// scan calls fn with every quad, in the order they were written.
	scan(ctx context.Context, fn func(quad.Quad)) error
	// cayley returns a cayley quad store holding the same quads, for
	// Gizmo queries. It may build one (memQuads): the caller holds the
	// Store's lock for writing.
	cayley() graph.QuadStore
	close() error
}

// batcher is a quadStore that can hold several writes (apply) and the
// reads between them in one transaction: a batch (Store.AddBatch). Inside
// a batch, reads see the batch's writes; endBatch commits them all, or
// none: it rolls back when told to, or when a write inside the batch
// failed (it then returns an error). After an endBatch that did not
// commit, a persistent store is reopened as after a failed apply.
type batcher interface {
	// batches reports whether this store takes batches.
	batches() bool
	beginBatch(ctx context.Context) error
	endBatch(commit bool) error
}

// cayleyQuads is a cayley quad store (bolt's kv store) as a quadStore.
type cayleyQuads struct {
	qs   graph.QuadStore
	kv   *boltkv.DB // the bolt file under qs, for batches
	db   *bolt.DB   // the same, bbolt's handle
	file string     // its path
	// dir is the store's folder, open for its flock (readers.go); a
	// reader holds it shared while the store is open.
	dir     *os.File
	dirName string
}

func (c *cayleyQuads) has(v quad.Value) bool { return c.qs.ValueOf(v) != nil }

func (c *cayleyQuads) quadsOf(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	return guarded(c.file, func() ([]quad.Quad, error) { return c.quadsOfUnguarded(ctx, dir, v, nil) })
}

// quadsOfNamed is quadsOf reading the values through names, a cache of
// the values read (resolve) that the caller keeps over many calls: the
// predicates, modalities and entities of a hundred statements are read
// once, not once a statement.
func (c *cayleyQuads) quadsOfNamed(ctx context.Context, dir quad.Direction, v quad.Value, names map[graph.Ref]quad.Value) ([]quad.Quad, error) {
	return guarded(c.file, func() ([]quad.Quad, error) { return c.quadsOfUnguarded(ctx, dir, v, names) })
}

// quadsOfUnguarded is quadsOf; names, if not nil, caches the values read.
func (c *cayleyQuads) quadsOfUnguarded(ctx context.Context, dir quad.Direction, v quad.Value, names map[graph.Ref]quad.Value) ([]quad.Quad, error) {
	ref := c.qs.ValueOf(v)
	if ref == nil {
		return nil, nil
	}
	var refs []graph.Ref
	if err := graph.Iterate(ctx, c.qs.QuadIterator(dir, ref)).Each(func(r graph.Ref) {
		refs = append(refs, r)
	}); err != nil {
		return nil, err
	}
	if len(refs) == 0 {
		return nil, nil
	}
	if names == nil {
		names = map[graph.Ref]quad.Value{}
	}
	names[ref] = v
	out := make([]quad.Quad, 0, len(refs))
	err := c.resolve(ctx, refs, names, func(q quad.Quad) { out = append(out, q) })
	return out, err
}

func (c *cayleyQuads) subjectsOf(ctx context.Context, obj quad.Value, preds ...quad.Value) ([]quad.Value, error) {
	return guarded(c.file, func() ([]quad.Value, error) {
		ref := c.qs.ValueOf(obj)
		if ref == nil {
			return nil, nil
		}
		seen := map[graph.Ref]bool{}
		var subjects []graph.Ref
		for _, p := range preds {
			pref := c.qs.ValueOf(p)
			if pref == nil {
				continue
			}
			err := c.quadRefs(ctx, quad.Object, ref, pref, func(r graph.Ref) {
				if s := c.qs.QuadDirection(r, quad.Subject); !seen[s] {
					seen[s] = true
					subjects = append(subjects, s)
				}
			})
			if err != nil {
				return nil, err
			}
		}
		return c.values(ctx, subjects)
	})
}

func (c *cayleyQuads) objectsOf(ctx context.Context, subj, pred quad.Value) ([]quad.Value, error) {
	return guarded(c.file, func() ([]quad.Value, error) {
		ref, pref := c.qs.ValueOf(subj), c.qs.ValueOf(pred)
		if ref == nil || pref == nil {
			return nil, nil
		}
		seen := map[graph.Ref]bool{}
		var objects []graph.Ref
		err := c.quadRefs(ctx, quad.Subject, ref, pref, func(r graph.Ref) {
			if o := c.qs.QuadDirection(r, quad.Object); !seen[o] {
				seen[o] = true
				objects = append(objects, o)
			}
		})
		if err != nil {
			return nil, err
		}
		return c.values(ctx, objects)
	})
}

// quadRefs calls fn with the quads that have ref in direction dir and
// pred as predicate: one scan of the kv store's index on (dir, predicate)
// where it has one (cayley's defaults: subject-predicate and
// object-predicate-subject), else dir's quads filtered.
func (c *cayleyQuads) quadRefs(ctx context.Context, dir quad.Direction, ref, pred graph.Ref, fn func(graph.Ref)) error {
	if o, ok := c.qs.(interface {
		OptimizeShape(shape.Shape) (shape.Shape, bool)
	}); ok {
		sh, ok := o.OptimizeShape(shape.QuadsAction{Filter: map[quad.Direction]graph.Ref{dir: ref, quad.Predicate: pred}})
		if nf, isNF := sh.(shape.NodesFrom); ok && isNF {
			if scan, isScan := nf.Quads.(kv.IndexScan); isScan {
				return graph.Iterate(ctx, scan.BuildIterator(c.qs)).Each(fn)
			}
		}
	}
	return graph.Iterate(ctx, c.qs.QuadIterator(dir, ref)).Each(func(r graph.Ref) {
		if c.qs.QuadDirection(r, quad.Predicate) == pred {
			fn(r)
		}
	})
}

// values reads the values of refs, in one batch where the store can.
func (c *cayleyQuads) values(ctx context.Context, refs []graph.Ref) ([]quad.Value, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	if bq, ok := c.qs.(graph.BatchQuadStore); ok {
		return bq.ValuesOf(ctx, refs)
	}
	out := make([]quad.Value, len(refs))
	for i, r := range refs {
		out[i] = c.qs.NameOf(r)
	}
	return out, nil
}

// resolve calls fn with the quads of refs, in order, reading each node's
// value once (names caches them, and may be given values known already):
// cayley's kv Quad(ref) reads all four values of the quad from the store,
// in a transaction of its own, every time (on bolt about 13µs a quad),
// where ValuesOf reads many in one.
func (c *cayleyQuads) resolve(ctx context.Context, refs []graph.Ref, names map[graph.Ref]quad.Value, fn func(quad.Quad)) error {
	bq, ok := c.qs.(graph.BatchQuadStore)
	if !ok {
		for _, r := range refs {
			fn(c.qs.Quad(r))
		}
		return nil
	}
	var want []graph.Ref
	for _, r := range refs {
		for _, d := range quad.Directions {
			n := c.qs.QuadDirection(r, d)
			if _, seen := names[n]; !seen && n != nil {
				names[n] = nil
				want = append(want, n)
			}
		}
	}
	if len(want) > 0 {
		vals, err := bq.ValuesOf(ctx, want)
		if err != nil {
			return err
		}
		for i, n := range want {
			names[n] = vals[i]
		}
	}
	for _, r := range refs {
		fn(quad.Quad{
			Subject:   names[c.qs.QuadDirection(r, quad.Subject)],
			Predicate: names[c.qs.QuadDirection(r, quad.Predicate)],
			Object:    names[c.qs.QuadDirection(r, quad.Object)],
			Label:     names[c.qs.QuadDirection(r, quad.Label)],
		})
	}
	return nil
}

// beginBatch starts a bolt transaction that every later one joins until
// endBatch (boltkv.DB.Begin): each apply inside the batch is one
// ApplyDeltas, and the batch one bolt commit.
func (c *cayleyQuads) beginBatch(context.Context) error { return c.kv.Begin() }

func (c *cayleyQuads) batches() bool { return c.kv != nil }

func (c *cayleyQuads) endBatch(commit bool) error {
	if !commit {
		return c.kv.Rollback()
	}
	_, err := guarded(c.file, func() (struct{}, error) { return struct{}{}, c.kv.Commit() })
	return err
}

// apply is one ApplyDeltas: on bolt one bolt transaction (or part of a
// batch's).
func (c *cayleyQuads) apply(rm, add []quad.Quad) error {
	_, err := guarded(c.file, func() (struct{}, error) {
		return struct{}{}, c.qs.ApplyDeltas(deltas(rm, add), graph.IgnoreOpts{IgnoreDup: true})
	})
	return err
}

func (c *cayleyQuads) scan(ctx context.Context, fn func(quad.Quad)) error {
	_, err := guarded(c.file, func() (struct{}, error) { return struct{}{}, c.scanUnguarded(ctx, fn) })
	return err
}

func (c *cayleyQuads) scanUnguarded(ctx context.Context, fn func(quad.Quad)) error {
	// In batches, each node's value read once (resolve).
	const batch = 4096
	var (
		pending []graph.Ref
		names   = map[graph.Ref]quad.Value{}
		err     error
	)
	flush := func() {
		if err == nil && len(pending) > 0 {
			err = c.resolve(ctx, pending, names, fn)
		}
		pending = pending[:0]
	}
	ierr := graph.Iterate(ctx, c.qs.QuadsAllIterator()).Each(func(r graph.Ref) {
		pending = append(pending, r)
		if len(pending) == batch {
			flush()
		}
	})
	flush()
	if ierr != nil {
		return ierr
	}
	return err
}

func (c *cayleyQuads) cayley() graph.QuadStore { return c.qs }

func (c *cayleyQuads) close() error {
	err := c.qs.Close()
	if c.dir != nil {
		c.dir.Close()
	}
	return err
}

// deltas turns removals and additions into one batch for ApplyDeltas: a
// quad both removed and added is left alone, removals come first (cayley's
// memory store applies deltas in order).
//
// Cayley's kv store (bolt) counts references per value over the whole
// batch, and a value whose count goes down is not resolved for the
// batch's additions: they would be written with an empty value in its
// place (a renamed entity's mentions, say: two eg:mentions quads removed,
// one added). So for each such value an addition that uses it is
// repeated until its count no longer goes down; the repeats are
// duplicates, which the store skips, and the value's reference count may
// then stay too high, which only keeps an unused value in the store.
func deltas(rm, add []quad.Quad) []graph.Delta {
	if len(rm) == 0 {
		// Nothing removed (the common case): no count can go down, so
		// the batch is the additions, each once, in order.
		out := make([]graph.Delta, 0, len(add))
		seen := make(map[quad.Quad]bool, len(add))
		for _, q := range add {
			if !seen[q] {
				seen[q] = true
				out = append(out, graph.Delta{Quad: q, Action: graph.Add})
			}
		}
		return out
	}
	adding := make(map[quad.Quad]bool, len(add))
	for _, q := range add {
		adding[q] = true
	}
	removing := make(map[quad.Quad]bool, len(rm))
	var out []graph.Delta
	net := map[graph.ValueHash]int{}
	count := func(q quad.Quad, n int) {
		for _, d := range quad.Directions {
			if v := q.Get(d); v != nil {
				net[graph.HashOf(v)] += n
			}
		}
	}
	for _, q := range rm {
		if adding[q] || removing[q] {
			continue
		}
		removing[q] = true
		out = append(out, graph.Delta{Quad: q, Action: graph.Delete})
		count(q, -1)
	}
	seen := map[quad.Quad]bool{}
	var adds []quad.Quad
	for _, q := range add {
		if seen[q] {
			continue
		}
		seen[q] = true
		if removing[q] {
			continue
		}
		adds = append(adds, q)
		out = append(out, graph.Delta{Quad: q, Action: graph.Add})
		count(q, +1)
	}
	for _, q := range adds {
		for _, d := range quad.Directions {
			v := q.Get(d)
			if v == nil {
				continue
			}
			h := graph.HashOf(v)
			for net[h] < 0 {
				out = append(out, graph.Delta{Quad: q, Action: graph.Add})
				count(q, +1)
			}
		}
	}
	return out
}
