package graph

import (
	"context"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
)

// gizmoStore is the quad store Gizmo queries run on: the backend's, with
// changes that keep Cayley v0.7.7's shape optimiser from crashing the
// process (in the query's goroutine, where no caller can recover). The
// optimiser runs three passes: node values are resolved (a value not in
// the store gives a nil shape), then generic rewrites, then the store's
// own. Two kinds of shape keep a nil member where a later step
// dereferences it: an Except whose exclusion resolved to nothing, in the
// second pass (`g.V().Except(g.V("<nobody>"))`), and a Union or Intersect
// whose member came to nothing in the last pass (`g.V().Has("<nobody>",
// "x").Both("<p>")`). Here a value not in the store is a missingRef,
// never nil, so the first pass makes no nil; and the last pass, which is
// this store's, drops missingRefs and empty members itself.
type gizmoStore struct {
	graph.QuadStore
}

// missingRef stands for a value not in the store: it matches nothing.
type missingRef struct{ v string }

func (m missingRef) Key() interface{} { return m }

func (g gizmoStore) ValueOf(v quad.Value) graph.Ref {
	if r := g.QuadStore.ValueOf(v); r != nil {
		return r
	}
	// nil too: g.V("") looks up a nil value.
	return missingRef{quad.StringOf(v)}
}

func (g gizmoStore) NameOf(r graph.Ref) quad.Value {
	if _, ok := r.(missingRef); ok {
		return nil
	}
	return g.QuadStore.NameOf(r)
}

func (g gizmoStore) Quad(r graph.Ref) quad.Quad {
	if _, ok := r.(missingRef); ok {
		return quad.Quad{}
	}
	return g.QuadStore.Quad(r)
}

func (g gizmoStore) QuadIterator(d quad.Direction, r graph.Ref) graph.Iterator {
	if _, ok := r.(missingRef); ok {
		return iterator.NewNull()
	}
	return g.QuadStore.QuadIterator(d, r)
}

func (g gizmoStore) QuadIteratorSize(ctx context.Context, d quad.Direction, r graph.Ref) (graph.Size, error) {
	if _, ok := r.(missingRef); ok {
		return graph.Size{Size: 0, Exact: true}, nil
	}
	return g.QuadStore.QuadIteratorSize(ctx, d, r)
}

func (g gizmoStore) QuadDirection(r graph.Ref, d quad.Direction) graph.Ref {
	if _, ok := r.(missingRef); ok {
		return nil
	}
	return g.QuadStore.QuadDirection(r, d)
}

// OptimizeShape drops missingRefs from fixed sets, takes an Except whose
// exclusion came to nothing for the nodes it excluded from, drops the
// empty members of a Union and empties an Intersect with one, and passes
// the result to the backend's optimiser; an Except that is left becomes a
// clampedExcept.
func (g gizmoStore) OptimizeShape(s shape.Shape) (shape.Shape, bool) {
	opt := false
	switch x := s.(type) {
	case shape.Fixed:
		kept := make(shape.Fixed, 0, len(x))
		for _, r := range x {
			if _, ok := r.(missingRef); !ok {
				kept = append(kept, r)
			}
		}
		if len(kept) == 0 {
			return shape.Null{}, true
		}
		if len(kept) < len(x) {
			s, opt = kept, true
		}
	case shape.Except:
		if shape.IsNull(x.Exclude) {
			if x.From == nil {
				return shape.AllNodes{}, true
			}
			return x.From, true
		}
	case shape.Union:
		kept := make(shape.Union, 0, len(x))
		for _, m := range x {
			if !shape.IsNull(m) {
				kept = append(kept, m)
			}
		}
		switch {
		case len(kept) == 0:
			return shape.Null{}, true
		case len(kept) < len(x):
			s, opt = kept, true
		}
	case shape.Intersect:
		for _, m := range x {
			if shape.IsNull(m) {
				return shape.Null{}, true
			}
		}
	}
	if o, ok := g.QuadStore.(shape.Optimizer); ok {
		if ns, nopt := o.OptimizeShape(s); nopt {
			return backendShape{ns, g.QuadStore}, true
		}
	}
	if x, ok := s.(shape.Except); ok {
		return clampedExcept{x}, true
	}
	return s, opt
}

// backendShape is a shape the backend's optimiser made: it is built on
// the backend's store itself (the bolt store's index scans take no
// other).
type backendShape struct {
	shape.Shape
	qs graph.QuadStore
}

func (b backendShape) BuildIterator(graph.QuadStore) graph.Iterator {
	return b.Shape.BuildIterator(b.qs)
}

func (b backendShape) Optimize(shape.Optimizer) (shape.Shape, bool) { return b, false }
