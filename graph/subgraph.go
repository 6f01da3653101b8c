package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/view"
)

// SubgraphOptions narrows a walk (Subgraph, PathWith): hops follow only
// the relations these keep, and only those are returned.
type SubgraphOptions struct {
	Predicates    []string // empty: all
	AllModalities bool     // false: asserted relations only
	MinSupport    int
	MaxNodes      int // > 0: stop the walk after this many entities (closest, best supported first)
}

// keeps reports whether the options keep a relation (as export.Filter
// does: modality, support, predicate).
func (o SubgraphOptions) keeps(r kg.Relation) bool {
	if !o.AllModalities && r.Modality != kg.Asserted && r.Modality != "" {
		return false
	}
	if r.Support < o.MinSupport {
		return false
	}
	if len(o.Predicates) == 0 {
		return true
	}
	return slices.Contains(o.Predicates, r.Predicate)
}

// fetcher reads the parts of the store a walk needs through the indexes,
// each once: an entity's own quads, the statements naming it, a
// statement's quads with its evidence, a document's quads.
type fetcher struct {
	s       *Store
	ctx     context.Context
	ents    map[string]*entRec        // entity id -> its record
	stmtsOf map[string][]quad.IRI     // entity id -> statements with it as subject or object
	stQuads map[quad.IRI][]quad.Quad  // statement -> its quads and its evidence's
	docs    map[quad.IRI][]quad.Quad  // document -> its quads
	rels    map[string][]kg.Relation  // entity id -> its relations (relationsOf)
	names   map[cgraph.Ref]quad.Value // bolt: the values read (cayleyQuads.quadsOfNamed)
}

func newFetcher(ctx context.Context, s *Store) *fetcher {
	return &fetcher{s: s, ctx: ctx, ents: map[string]*entRec{}, stmtsOf: map[string][]quad.IRI{},
		stQuads: map[quad.IRI][]quad.Quad{}, docs: map[quad.IRI][]quad.Quad{}, rels: map[string][]kg.Relation{},
		names: map[cgraph.Ref]quad.Value{}}
}

// quadsOf is the store's quadsOf, on bolt each value read once a walk.
func (f *fetcher) quadsOf(dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	if c, ok := f.s.qs.(*cayleyQuads); ok {
		return c.quadsOfNamed(f.ctx, dir, v, f.names)
	}
	return f.s.qs.quadsOf(f.ctx, dir, v)
}

// entity reads an entity's record; ErrNoEntity if its quads make none.
func (f *fetcher) entity(id string) error {
	if _, ok := f.ents[id]; ok {
		return nil
	}
	rec, err := f.s.entityRec(f.ctx, id)
	if err != nil {
		return err
	}
	f.ents[id] = rec
	return nil
}

// statementsOf returns the statements naming id as subject or object,
// only their IRIs read.
func (f *fetcher) statementsOf(id string) ([]quad.IRI, error) {
	if sts, ok := f.stmtsOf[id]; ok {
		return sts, nil
	}
	vs, err := f.s.qs.subjectsOf(f.ctx, EntityIRI(id), RDFSubject, RDFObject)
	if err != nil {
		return nil, err
	}
	sts := make([]quad.IRI, 0, len(vs))
	for _, v := range vs {
		if _, ok := iriSuffix(v, StmtPrefix); ok {
			sts = append(sts, v.(quad.IRI))
		}
	}
	sort.Slice(sts, func(i, j int) bool { return sts[i] < sts[j] })
	f.stmtsOf[id] = sts
	return sts, nil
}

// statement reads a statement's quads, its evidence's and their
// documents'.
func (f *fetcher) statement(st quad.IRI) error {
	if _, ok := f.stQuads[st]; ok {
		return nil
	}
	qs, err := f.quadsOf(quad.Subject, st)
	if err != nil {
		return err
	}
	evs, err := f.s.qs.subjectsOf(f.ctx, st, PredStatement)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		eq, err := f.quadsOf(quad.Subject, ev)
		if err != nil {
			return err
		}
		qs = append(qs, eq...)
		for _, q := range eq {
			if d, ok := q.Object.(quad.IRI); ok && q.Predicate == PredDocument {
				if err := f.doc(d); err != nil {
					return err
				}
			}
		}
	}
	f.stQuads[st] = qs
	return nil
}

func (f *fetcher) doc(d quad.IRI) error {
	if _, ok := f.docs[d]; ok {
		return nil
	}
	qs, err := f.quadsOf(quad.Subject, d)
	if err != nil {
		return err
	}
	f.docs[d] = qs
	return nil
}

// addStatement files a read statement, its evidence and their documents
// in sn.
func (f *fetcher) addStatement(sn *snapshot, st quad.IRI, docs map[quad.IRI]bool) {
	for _, q := range f.stQuads[st] {
		sn.add(q)
		if d, ok := q.Object.(quad.IRI); ok && q.Predicate == PredDocument && !docs[d] {
			docs[d] = true
			for _, dq := range f.docs[d] {
				sn.add(dq)
			}
		}
	}
}

// relationsOf returns the relations of one entity, aggregated from all its
// statements as Graph aggregates them (but for the choice between two
// equally supported locations, which needs the places' names: assemble
// makes it).
func (f *fetcher) relationsOf(id string) ([]kg.Relation, error) {
	if rs, ok := f.rels[id]; ok {
		return rs, nil
	}
	sts, err := f.statementsOf(id)
	if err != nil {
		return nil, err
	}
	sn := newSnapshot()
	docs := map[quad.IRI]bool{}
	for _, st := range sts {
		if err := f.statement(st); err != nil {
			return nil, err
		}
		f.addStatement(sn, st, docs)
	}
	rs := sn.graph().Relations
	f.rels[id] = rs
	return rs, nil
}

// neighbours returns the entities one relation the options keep away
// from id, with the support of the relations to each.
func (f *fetcher) neighbours(id string, o SubgraphOptions) (map[string]int, error) {
	if !o.AllModalities && o.MinSupport <= 1 && o.MaxNodes <= 0 {
		return f.edgeNeighbours(id, o)
	}
	rs, err := f.relationsOf(id)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, r := range rs {
		if !o.keeps(r) {
			continue
		}
		switch id {
		case r.Subject:
			out[r.Object] += r.Support
		case r.Object:
			out[r.Subject] += r.Support
		}
	}
	return out, nil
}

// assemble builds the read view of the entities ents and of the relations
// that keep keeps among the statements sts, exactly as Graph gives them:
// the one aggregation (snapshot.graph) over the quads read.
func (f *fetcher) assemble(ents map[string]bool, sts []quad.IRI, keep func(kg.Relation) bool) (*kg.Graph, error) {
	sn := newSnapshot()
	ids := sortedKeys(ents)
	for _, id := range ids {
		if err := f.entity(id); err != nil {
			if isNoEntity(err) {
				continue // an end of a relation with no entity quads: Graph lists no entity either
			}
			return nil, err
		}
		sn.entities[id] = f.ents[id]
	}
	docs := map[quad.IRI]bool{}
	for _, st := range sts {
		if err := f.statement(st); err != nil {
			return nil, err
		}
		f.addStatement(sn, st, docs)
	}
	var ferr error
	sn.more = f.more(&ferr)
	g := sn.graph()
	if ferr != nil {
		return nil, ferr
	}
	kept := g.Relations[:0]
	for _, r := range g.Relations {
		if keep(r) {
			kept = append(kept, r)
		}
	}
	g.Relations = kept
	return g, nil
}

// more gives a snapshot the records of entities it does not hold (for
// snapshot.namedIn), read as needed; the first error other than
// ErrNoEntity is kept in *ferr.
func (f *fetcher) more(ferr *error) func(id string) *entRec {
	return func(id string) *entRec {
		if err := f.entity(id); err != nil {
			if !isNoEntity(err) && *ferr == nil {
				*ferr = err
			}
			return nil
		}
		return f.ents[id]
	}
}

// namesOnly is more for namedIn only: the records hold an entity's names
// and aliases, read from those quads alone (a place named in thousands of
// documents has as many mention quads).
func (f *fetcher) namesOnly(ferr *error) func(id string) *entRec {
	got := map[string]*entRec{}
	return func(id string) *entRec {
		if rec, ok := got[id]; ok {
			return rec
		}
		if rec, ok := f.ents[id]; ok {
			return rec
		}
		rec, err := f.s.entityRecordOf(f.ctx, id, SchemaName, SchemaAlternateName)
		if err != nil && *ferr == nil {
			*ferr = err
		}
		got[id] = rec
		return rec
	}
}

func isNoEntity(err error) bool { return errors.Is(err, ErrNoEntity) }

// Subgraph returns the entities within depth hops of ids and every
// relation among them that the options keep, each entity and relation
// exactly as Graph would give it (support, evidence, dates, location,
// role), reading only those entities' quads, the statements naming them
// and their evidence: Subgraph(ids, d, SubgraphOptions{}) is what
// export.Filter{Entity: ..., Depth: d} keeps of Graph. Hops follow the
// relations the options keep, either way round. An id that names no
// entity is an error wrapping ErrNoEntity.
func (s *Store) Subgraph(ctx context.Context, ids []string, depth int, o SubgraphOptions) (*kg.Graph, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	if depth < 0 {
		return nil, fmt.Errorf("graph: subgraph: depth %d is negative", depth)
	}
	f := newFetcher(ctx, s)
	dist, err := f.walk(ids, depth, o)
	if err != nil {
		return nil, err
	}
	// The statements of the relations among them: those that name two of
	// them (only their IRIs read for the rest).
	in := map[string]bool{}
	for id := range dist {
		in[id] = true
	}
	sts, err := f.statementsAmong(in)
	if err != nil {
		return nil, err
	}
	return f.assemble(in, sts, func(r kg.Relation) bool {
		return o.keeps(r) && in[r.Subject] && in[r.Object]
	})
}

// statementsAmong returns the statements that name two of the entities
// in (as subject and object), sorted: those of the relations among them.
func (f *fetcher) statementsAmong(in map[string]bool) ([]quad.IRI, error) {
	seen := map[quad.IRI]int{}
	var out []quad.IRI
	for _, id := range sortedKeys(in) {
		sts, err := f.statementsOf(id)
		if err != nil {
			return nil, err
		}
		for _, st := range sts {
			if seen[st]++; seen[st] == 2 {
				out = append(out, st)
			}
		}
	}
	return uniqueIRIs(out), nil
}

func uniqueIRIs(xs []quad.IRI) []quad.IRI {
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Path returns the entities and relations on the shortest paths (at most
// limit paths, limit <= 0: all; each at most maxHops long, maxHops <= 0:
// any) between two entities, following asserted relations either way
// round: PathWith with no options.
func (s *Store) Path(ctx context.Context, from, to string, maxHops, limit int) (*kg.Graph, error) {
	return s.PathWith(ctx, from, to, maxHops, limit, SubgraphOptions{})
}

// PathWith is Path following the relations o keeps (o.MaxNodes is not
// used). It walks breadth first from both ends at once, always the
// smaller ring, over the entities' relations read through the indexes,
// and stops at the first ring where the two walks meet. The result holds
// the entities on the paths and the relations between consecutive ones,
// each as Graph gives it; no path gives an empty graph.
func (s *Store) PathWith(ctx context.Context, from, to string, maxHops, limit int, o SubgraphOptions) (*kg.Graph, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	f := newFetcher(ctx, s)
	for _, id := range []string{from, to} {
		if err := f.entity(id); err != nil {
			return nil, err
		}
	}
	empty := &kg.Graph{Entities: []kg.Entity{}, Relations: []kg.Relation{}}
	if from == to {
		return f.assemble(map[string]bool{from: true}, nil, func(kg.Relation) bool { return false })
	}
	da, db := map[string]int{from: 0}, map[string]int{to: 0}
	// Each entity's neighbours one ring nearer its end: the way back.
	pa, pb := map[string][]string{}, map[string][]string{}
	fa, fb := []string{from}, []string{to}
	la, lb := 0, 0 // the rings reached
	hops := -1
	for hops < 0 && len(fa) > 0 && len(fb) > 0 {
		if maxHops > 0 && la+lb >= maxHops {
			return empty, nil
		}
		// Grow the smaller ring.
		grow, dist, other, level, pred := &fa, da, db, &la, pa
		if len(fb) < len(fa) {
			grow, dist, other, level, pred = &fb, db, da, &lb, pb
		}
		*level++
		var next []string
		for _, x := range *grow {
			nb, err := f.neighbours(x, o)
			if err != nil {
				return nil, err
			}
			for y := range nb {
				if dy, ok := dist[y]; ok {
					if dy == *level {
						pred[y] = append(pred[y], x)
					}
					continue
				}
				dist[y] = *level
				pred[y] = []string{x}
				next = append(next, y)
				if od, ok := other[y]; ok && (hops < 0 || *level+od < hops) {
					hops = *level + od
				}
			}
		}
		sort.Strings(next)
		*grow = next
	}
	if hops < 0 || maxHops > 0 && hops > maxHops {
		return empty, nil
	}
	// pos is an entity's place on the paths: its distance from from.
	pos := map[string]int{}
	var meet []string
	for y, a := range da {
		if b, ok := db[y]; ok && a+b == hops {
			meet = append(meet, y)
			pos[y] = a
		}
	}
	// Back from the meeting entities to each end, one ring at a time.
	back := func(dist map[string]int, pred map[string][]string, fromEnd bool) {
		ring := append([]string(nil), meet...)
		for len(ring) > 0 {
			var prev []string
			for _, y := range ring {
				for _, x := range pred[y] {
					p := dist[x]
					if !fromEnd {
						p = hops - p
					}
					if _, ok := pos[x]; !ok {
						pos[x] = p
						prev = append(prev, x)
					}
				}
			}
			sort.Strings(prev)
			ring = prev
		}
	}
	back(da, pa, true)
	back(db, pb, false)
	on := map[string]bool{}
	for id := range pos {
		on[id] = true
	}
	sts, err := f.statementsAmong(on)
	if err != nil {
		return nil, err
	}
	step := func(r kg.Relation) bool {
		a, aok := pos[r.Subject]
		b, bok := pos[r.Object]
		return aok && bok && (a-b == 1 || b-a == 1) && o.keeps(r)
	}
	g, err := f.assemble(on, sts, step)
	if err != nil {
		return nil, err
	}
	if limit > 0 {
		g = firstPaths(g, from, to, limit)
	}
	return g, nil
}

// firstPaths keeps of g, the shortest paths between from and to, the
// entities and relations of the first limit paths in view.Paths' order.
func firstPaths(g *kg.Graph, from, to string, limit int) *kg.Graph {
	on := map[string]bool{}
	steps := map[[2]string]bool{}
	for _, p := range view.Paths(g.Relations, from, to, 0, limit) {
		for i, id := range p {
			on[id] = true
			if i > 0 {
				steps[[2]string{p[i-1], id}] = true
				steps[[2]string{id, p[i-1]}] = true
			}
		}
	}
	out := &kg.Graph{Entities: []kg.Entity{}, Relations: []kg.Relation{}}
	for _, e := range g.Entities {
		if on[e.ID] {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, r := range g.Relations {
		if steps[[2]string{r.Subject, r.Object}] {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}

// Relations returns the relations the options keep that have one of ids
// as subject or object, each as Graph gives it, and the entities ids
// (o.MaxNodes is not used): what `relations --entity` lists, reading only
// those entities' statements.
func (s *Store) Relations(ctx context.Context, ids []string, o SubgraphOptions) (*kg.Graph, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	f := newFetcher(ctx, s)
	in := map[string]bool{}
	var sts []quad.IRI
	for _, id := range ids {
		if err := f.entity(id); err != nil {
			return nil, err
		}
		in[id] = true
		st, err := f.statementsOf(id)
		if err != nil {
			return nil, err
		}
		sts = append(sts, st...)
	}
	return f.assemble(in, uniqueIRIs(sts), func(r kg.Relation) bool {
		return o.keeps(r) && (in[r.Subject] || in[r.Object])
	})
}

// Names returns, for each of ids that is a stored entity, its id, name
// and type as Graph gives them (the rest of kg.Entity left empty): what a
// listing needs of the entities at the far end of relations, read
// through the subject-predicate index, not all of each entity's quads.
func (s *Store) Names(ctx context.Context, ids []string) (map[string]kg.Entity, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	return s.names(ctx, ids)
}

// names is Names under the read lock.
func (s *Store) names(ctx context.Context, ids []string) (map[string]kg.Entity, error) {
	out := make(map[string]kg.Entity, len(ids))
	for _, id := range ids {
		iri := EntityIRI(id)
		if _, ok := EntityID(iri); !ok {
			continue
		}
		names, err := s.qs.objectsOf(ctx, iri, SchemaName)
		if err != nil {
			return nil, err
		}
		types, err := s.qs.objectsOf(ctx, iri, RDFType)
		if err != nil {
			return nil, err
		}
		sn := newSnapshot()
		for _, v := range names {
			sn.add(quad.Quad{Subject: iri, Predicate: SchemaName, Object: v})
		}
		for _, v := range types {
			sn.add(quad.Quad{Subject: iri, Predicate: RDFType, Object: v})
		}
		if e := sn.entities[id]; e != nil {
			full := e.entity(id)
			out[id] = kg.Entity{ID: id, Name: full.Name, Type: full.Type}
		}
	}
	return out, nil
}

// walk returns the entities within depth hops of ids over the relations
// o keeps, with their distance, the walk stopped at o.MaxNodes entities
// (the closest, then the best supported first).
func (f *fetcher) walk(ids []string, depth int, o SubgraphOptions) (map[string]int, error) {
	dist := map[string]int{}
	var frontier []string
	for _, id := range ids {
		if _, ok := dist[id]; ok {
			continue
		}
		if err := f.entity(id); err != nil {
			return nil, err
		}
		dist[id] = 0
		frontier = append(frontier, id)
	}
	sort.Strings(frontier)
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		if o.MaxNodes > 0 && len(dist) >= o.MaxNodes {
			break
		}
		support := map[string]int{}
		for _, x := range frontier {
			nb, err := f.neighbours(x, o)
			if err != nil {
				return nil, err
			}
			for y, n := range nb {
				if _, seen := dist[y]; !seen {
					support[y] += n
				}
			}
		}
		next := make([]string, 0, len(support))
		for y := range support {
			next = append(next, y)
		}
		sort.Slice(next, func(i, j int) bool {
			a, b := next[i], next[j]
			if support[a] != support[b] {
				return support[a] > support[b]
			}
			return a < b
		})
		if o.MaxNodes > 0 && len(dist)+len(next) > o.MaxNodes {
			next = next[:o.MaxNodes-len(dist)]
		}
		sort.Strings(next)
		for _, y := range next {
			dist[y] = d
		}
		frontier = next
	}
	return dist, nil
}

// Neighbours returns the entities within depth hops of ids over the
// relations o keeps (ids included, at distance 0), each as Graph gives
// it, sorted by id, and their distances: Subgraph's walk without the
// relations among them, which a listing of neighbours does not need.
func (s *Store) Neighbours(ctx context.Context, ids []string, depth int, o SubgraphOptions) ([]kg.Entity, map[string]int, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, nil, ErrClosed
	}
	if depth < 0 {
		return nil, nil, fmt.Errorf("graph: neighbours: depth %d is negative", depth)
	}
	f := newFetcher(ctx, s)
	dist, err := f.walk(ids, depth, o)
	if err != nil {
		return nil, nil, err
	}
	in := map[string]bool{}
	for id := range dist {
		in[id] = true
	}
	g, err := f.assemble(in, nil, func(kg.Relation) bool { return false })
	if err != nil {
		return nil, nil, err
	}
	return g.Entities, dist, nil
}

// edgeNeighbours is neighbours for a walk over asserted relations whatever
// their support: the ends of the entity's direct edges (doc.go: an
// asserted relation is a labelled edge, written, moved and removed with
// its statements and evidence), read through the subject-predicate and
// object-predicate indexes instead of every statement and evidence node
// of the entity (nor its own quads: a hub's mentions, one per document).
// The support it gives counts the predicates joining the two, not
// sentences: only MaxNodes would use it, and then neighbours does not
// come here.
func (f *fetcher) edgeNeighbours(id string, o SubgraphOptions) (map[string]int, error) {
	preds := o.Predicates
	if len(preds) == 0 {
		for _, p := range kg.Predicates {
			preds = append(preds, p.ID)
		}
	}
	var iris []quad.Value
	out := map[string]int{}
	for _, p := range preds {
		iris = append(iris, RelIRI(p))
		to, err := f.s.qs.objectsOf(f.ctx, EntityIRI(id), RelIRI(p))
		if err != nil {
			return nil, err
		}
		for _, v := range to {
			if o, ok := EntityID(v); ok && o != id {
				out[o]++
			}
		}
	}
	in, err := f.s.qs.subjectsOf(f.ctx, EntityIRI(id), iris...)
	if err != nil {
		return nil, err
	}
	for _, v := range in {
		if s, ok := EntityID(v); ok && s != id {
			out[s]++
		}
	}
	return out, nil
}
