package serve

// TEMPORARY: this file stands in for the store's indexed reads
// (FindEntities, Entity, Subgraph, Path of *graph.Store, being added in
// package graph by another change) until they are merged. Then:
//   - delete this file,
//   - in source.go, add `type SubgraphOptions = graph.SubgraphOptions`,
//   - in reopen.go, give Store the four methods, each as its Query is
//     (`return with(ctx, s, func(st *graph.Store) (...) { return st.FindEntities(ctx, q, t, limit) })`),
//   - in cmd/entigraph/serve.go and bench_test.go, pass the Store (or a
//     *graph.Store) itself where WholeGraph(...) is.
//
// It loads the store's whole graph once (Graph), keeps an index of
// relations by entity, and answers with the view and export.Filter code.
// What it serves is the store as it was when it was loaded: documents
// ingested later are not seen until the server restarts.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
	"github.com/entigraph/entigraph/view"
)

// SubgraphOptions narrows a Subgraph walk: hops follow only the relations
// these keep. It is graph.SubgraphOptions of the store's contract, word
// for word, until that type is merged.
type SubgraphOptions struct {
	Predicates    []string // empty: all
	AllModalities bool     // false: asserted relations only
	MinSupport    int
	MaxNodes      int // > 0: stop the walk after this many entities (closest, best supported first)
}

// wholeReads are the reads WholeGraph needs of a store: a *graph.Store or
// a Store.
type wholeReads interface {
	Graph(ctx context.Context) (*kg.Graph, error)
	Query(ctx context.Context, q string, limit int) ([]interface{}, error)
	Stats(ctx context.Context) (graph.Stats, error)
	Documents(ctx context.Context) ([]graph.DocInfo, error)
}

// WholeGraph returns a Source over st that starts loading st's whole
// graph at once (see the top of this file: a stand-in until the store's
// indexed reads are merged). Query, Stats and Documents go to st.
func WholeGraph(st wholeReads) Source {
	w := &wholeGraph{wholeReads: st}
	go w.load(context.Background()) // requests wait for it
	return w
}

type wholeGraph struct {
	wholeReads
	once    sync.Once
	err     error
	g       *kg.Graph
	byID    map[string]int   // entity id -> index in g.Entities
	rels    map[string][]int // entity id -> indexes in g.Relations of the relations touching it
	support map[string]int   // entity id -> support of all its relations
	keys    [][]string       // per entity: the name keys of its name and aliases
}

func (w *wholeGraph) load(ctx context.Context) error {
	w.once.Do(func() {
		g, err := w.wholeReads.Graph(ctx)
		if err != nil {
			w.err = err
			return
		}
		w.g = g
		w.byID = make(map[string]int, len(g.Entities))
		w.keys = make([][]string, len(g.Entities))
		for i, e := range g.Entities {
			w.byID[e.ID] = i
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if k := resolve.Key(n); k != "" {
					w.keys[i] = append(w.keys[i], k)
				}
			}
		}
		w.rels = map[string][]int{}
		w.support = map[string]int{}
		for i, r := range g.Relations {
			w.rels[r.Subject] = append(w.rels[r.Subject], i)
			if r.Object != r.Subject {
				w.rels[r.Object] = append(w.rels[r.Object], i)
			}
			w.support[r.Subject] += r.Support
			w.support[r.Object] += r.Support
		}
	})
	return w.err
}

func (w *wholeGraph) FindEntities(ctx context.Context, q string, t kg.EntityType, limit int) ([]kg.Entity, error) {
	if err := w.load(ctx); err != nil {
		return nil, err
	}
	qk := resolve.Key(q)
	if qk == "" || limit <= 0 {
		return []kg.Entity{}, nil
	}
	type hit struct{ i, grade int }
	var hits []hit
	for i, ks := range w.keys {
		if t != "" && w.g.Entities[i].Type != t {
			continue
		}
		grade := 2
		for _, k := range ks {
			switch {
			case k == qk:
				grade = 0
			case grade > 1 && (strings.HasPrefix(k, qk) || strings.Contains(k, " "+qk)):
				grade = 1
			}
		}
		if grade < 2 {
			hits = append(hits, hit{i, grade})
		}
	}
	ents := w.g.Entities
	sort.Slice(hits, func(a, b int) bool {
		x, y := hits[a], hits[b]
		ex, ey := &ents[x.i], &ents[y.i]
		switch {
		case x.grade != y.grade:
			return x.grade < y.grade
		case w.support[ex.ID] != w.support[ey.ID]:
			return w.support[ex.ID] > w.support[ey.ID]
		case ex.Mentions != ey.Mentions:
			return ex.Mentions > ey.Mentions
		}
		return ex.ID < ey.ID
	})
	out := []kg.Entity{}
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, ents[h.i])
	}
	return out, nil
}

func (w *wholeGraph) Entity(ctx context.Context, id string) (kg.Entity, error) {
	if err := w.load(ctx); err != nil {
		return kg.Entity{}, err
	}
	i, ok := w.byID[id]
	if !ok {
		return kg.Entity{}, fmt.Errorf("%w: %s", graph.ErrNoEntity, id)
	}
	return w.g.Entities[i], nil
}

// keeps reports whether a relation passes the walk's options.
func (o SubgraphOptions) keeps(r *kg.Relation) bool {
	if !o.AllModalities && r.Modality != kg.Asserted && r.Modality != "" {
		return false
	}
	if r.Support < o.MinSupport {
		return false
	}
	if len(o.Predicates) > 0 {
		for _, p := range o.Predicates {
			if p == r.Predicate {
				return true
			}
		}
		return false
	}
	return true
}

func (w *wholeGraph) Subgraph(ctx context.Context, ids []string, depth int, o SubgraphOptions) (*kg.Graph, error) {
	if err := w.load(ctx); err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	var order []string
	add := func(id string) bool {
		if o.MaxNodes > 0 && len(order) >= o.MaxNodes {
			return false
		}
		keep[id] = true
		order = append(order, id)
		return true
	}
	for _, id := range ids {
		if _, ok := w.byID[id]; !ok {
			return nil, fmt.Errorf("%w: %s", graph.ErrNoEntity, id)
		}
		if !keep[id] {
			add(id)
		}
	}
	frontier := append([]string(nil), order...)
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// The next ring, best supported first (the support of the
		// relations joining each to the ring before), then by id.
		via := map[string]int{}
		for _, id := range frontier {
			for _, ri := range w.rels[id] {
				r := &w.g.Relations[ri]
				if !o.keeps(r) {
					continue
				}
				n := r.Object
				if n == id {
					n = r.Subject
				}
				if !keep[n] {
					via[n] += r.Support
				}
			}
		}
		next := make([]string, 0, len(via))
		for n := range via {
			next = append(next, n)
		}
		sort.Slice(next, func(a, b int) bool {
			if via[next[a]] != via[next[b]] {
				return via[next[a]] > via[next[b]]
			}
			return next[a] < next[b]
		})
		frontier = frontier[:0]
		for _, n := range next {
			if !add(n) {
				break
			}
			frontier = append(frontier, n)
		}
	}
	return w.among(keep, o.keeps), nil
}

// among returns the kept entities and the relations between them that
// pass ok, in the graph's order.
func (w *wholeGraph) among(keep map[string]bool, ok func(*kg.Relation) bool) *kg.Graph {
	out := &kg.Graph{Entities: []kg.Entity{}, Relations: []kg.Relation{}}
	seen := map[int]bool{}
	var ris []int
	for id := range keep {
		out.Entities = append(out.Entities, w.g.Entities[w.byID[id]])
		for _, ri := range w.rels[id] {
			r := &w.g.Relations[ri]
			if !seen[ri] && keep[r.Subject] && keep[r.Object] && ok(r) {
				seen[ri] = true
				ris = append(ris, ri)
			}
		}
	}
	sort.Ints(ris)
	for _, ri := range ris {
		out.Relations = append(out.Relations, w.g.Relations[ri])
	}
	kg.SortEntities(out.Entities)
	return out
}

func (w *wholeGraph) Path(ctx context.Context, from, to string, maxHops, limit int) (*kg.Graph, error) {
	if err := w.load(ctx); err != nil {
		return nil, err
	}
	for _, id := range []string{from, to} {
		if _, ok := w.byID[id]; !ok {
			return nil, fmt.Errorf("%w: %s", graph.ErrNoEntity, id)
		}
	}
	asserted := SubgraphOptions{}.keeps
	var rels []kg.Relation
	for i := range w.g.Relations {
		if asserted(&w.g.Relations[i]) {
			rels = append(rels, w.g.Relations[i])
		}
	}
	keep := map[string]bool{}
	hop := map[[2]string]bool{}
	for _, p := range view.Paths(rels, from, to, maxHops, limit) {
		for i, id := range p {
			keep[id] = true
			if i > 0 {
				hop[[2]string{p[i-1], id}], hop[[2]string{id, p[i-1]}] = true, true
			}
		}
	}
	if len(keep) == 0 {
		return &kg.Graph{Entities: []kg.Entity{}, Relations: []kg.Relation{}}, nil
	}
	return w.among(keep, func(r *kg.Relation) bool {
		return asserted(r) && (hop[[2]string{r.Subject, r.Object}] || from == to)
	}), nil
}
