package graph

import (
	"context"
	"os"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"
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

// cayleyQuads is a cayley quad store (bolt's kv store) as a quadStore.
type cayleyQuads struct {
	qs   graph.QuadStore
	db   *bolt.DB // the bolt file under qs
	file string   // its path
	// dir is the store's folder, open for its flock (readers.go); a
	// reader holds it shared while the store is open.
	dir     *os.File
	dirName string
}

func (c *cayleyQuads) has(v quad.Value) bool { return c.qs.ValueOf(v) != nil }

func (c *cayleyQuads) quadsOf(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	return guarded(c.file, func() ([]quad.Quad, error) { return c.quadsOfUnguarded(ctx, dir, v) })
}

func (c *cayleyQuads) quadsOfUnguarded(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	ref := c.qs.ValueOf(v)
	if ref == nil {
		return nil, nil
	}
	var out []quad.Quad
	err := graph.Iterate(ctx, c.qs.QuadIterator(dir, ref)).Each(func(r graph.Ref) {
		out = append(out, c.qs.Quad(r))
	})
	return out, err
}

// apply is one ApplyDeltas: on bolt one bolt transaction.
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
	bq, ok := c.qs.(graph.BatchQuadStore)
	if !ok {
		return graph.Iterate(ctx, c.qs.QuadsAllIterator()).Each(func(r graph.Ref) {
			fn(c.qs.Quad(r))
		})
	}
	const batch = 4096
	var (
		pending []graph.Ref
		names   = map[graph.Ref]quad.Value{}
		err     error
	)
	flush := func() {
		if err == nil {
			err = c.quadsOfRefs(ctx, bq, pending, names, fn)
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

// quadsOfRefs calls fn with the quads of refs (cayley's quad references),
// reading each value not in names once, in one batch, and keeping it
// there. cayley's kv Quad(ref) reads all four values of the quad from the
// store, in a transaction of its own, every time: on bolt about 13µs a
// quad. Resolving each value once, in batches, is several times faster.
func (c *cayleyQuads) quadsOfRefs(ctx context.Context, bq graph.BatchQuadStore, refs []graph.Ref, names map[graph.Ref]quad.Value, fn func(quad.Quad)) error {
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
