package export

import (
	"fmt"
	"math/bits"
	"sort"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/view"
)

// Filter narrows a graph before it is written. The zero Filter keeps every
// entity and every asserted relation.
type Filter struct {
	// Types keeps only entities of these types, and only relations whose
	// subject and object both are of these types. Empty: every type.
	Types []kg.EntityType
	// Predicates keeps only relations with these predicate ids. Empty: all.
	Predicates []string
	// Entity, when set, keeps the ego graph of the entity whose id, name or
	// alias it matches (case-insensitive; see Apply): the entities within
	// Depth hops of it and the relations among them. Depth 0 is the entity
	// alone. Hops follow the relations that the modality, support and
	// predicate filters keep, whatever their ends' types, so "countries
	// within two hops of Trump" works; the type filter then applies to the
	// entities found.
	Entity string
	Depth  int
	// Between, with two or more queries, keeps only the relations between
	// the entities they name (each matched as Entity is): a relation is kept
	// when one end is named by one query and the other end by another. It
	// is a relation filter, and cannot be combined with Entity.
	Between []string
	// MinSupport keeps only relations stated by at least that many distinct
	// sentences. 0 and 1 keep all (every relation has support >= 1), but a
	// value above 0 counts as a relation filter (see Apply).
	MinSupport int
	// AllModalities keeps negated and reported relations too. By default
	// only asserted relations are kept, as docs/ONTOLOGY.md asks of
	// pictures and counts.
	AllModalities bool
	// Connected drops the entities that no kept relation touches: what a
	// picture of who did what to whom wants. It counts as a relation filter.
	Connected bool
	// MaxNodes, when above 0, keeps at most that many entities: those that
	// the kept relations touch with the most support in all (then the most
	// mentions, then by id), and the relations among them; what a picture
	// of a large store wants (see Summary).
	MaxNodes int
}

// Summary says what MaxNodes left out of the last graph: the number of
// entities and relations that passed every other filter.
type Summary struct {
	Entities, Relations int
}

// relationFilter reports whether the filter narrows relations by what they
// say (predicate or support). When it does, an entity is kept only when a
// kept relation touches it; when it does not, every entity that passes the
// type and ego filters is kept, related or not.
func (f Filter) relationFilter() bool {
	return len(f.Predicates) > 0 || f.MinSupport > 0 || f.Connected || len(f.Between) > 0
}

// Apply returns the part of g that the filter keeps, as a new graph whose
// slices g does not share (the entities' alias and sameAs slices are
// shared: treat both graphs as read-only). Entities come out sorted by id
// and relations in the graph's order, whatever order g had, so the result
// is deterministic.
//
// A relation is kept when its modality, support and predicate pass, both
// its ends pass the type filter and, with Entity set, both its ends are in
// the ego graph. An entity is kept when a kept relation touches it, or, when
// no relation filter applies (no Predicates, MinSupport 0), when it passes
// the type filter and lies in the ego graph. A relation's location is not
// one of its ends: the location's id stays in the relation even when the
// filter drops the location's entity.
//
// Entity matches, in this order, the first level that has a match: an id
// (case-insensitive), a canonical name, an alias (both case-insensitive),
// or the name's slug ("jonas gahr store" finds "Jonas Gahr Støre"); every
// entity matching at that level is a centre of the ego graph. Apply returns
// an error when Entity matches nothing, or when Depth is negative.
func (f Filter) Apply(g *kg.Graph) (*kg.Graph, error) {
	out, _, err := f.ApplySummary(g)
	return out, err
}

// ApplySummary is Apply, and also returns the size of the graph before
// MaxNodes cut it (equal to the result's when it did not).
func (f Filter) ApplySummary(g *kg.Graph) (*kg.Graph, Summary, error) {
	out, err := f.apply(g)
	if err != nil {
		return nil, Summary{}, err
	}
	sum := Summary{Entities: len(out.Entities), Relations: len(out.Relations)}
	if f.MaxNodes > 0 && len(out.Entities) > f.MaxNodes {
		out = topEntities(out, f.MaxNodes)
	}
	return out, sum, nil
}

func (f Filter) apply(g *kg.Graph) (*kg.Graph, error) {
	g = orEmpty(g)
	byID := make(map[string]*kg.Entity, len(g.Entities))
	for i := range g.Entities {
		byID[g.Entities[i].ID] = &g.Entities[i]
	}
	typeOf := func(id string) kg.EntityType {
		if e, ok := byID[id]; ok {
			return e.Type
		}
		return kg.TypeOfID(id)
	}
	types := map[kg.EntityType]bool{}
	for _, t := range f.Types {
		types[t] = true
	}
	typeOK := func(id string) bool { return len(types) == 0 || types[typeOf(id)] }
	preds := map[string]bool{}
	for _, p := range f.Predicates {
		preds[p] = true
	}

	// Relations that pass everything but the type and ego filters.
	var cand []kg.Relation
	for _, r := range g.Relations {
		if !f.AllModalities && modalityOf(&r) != kg.Asserted {
			continue
		}
		if r.Support < f.MinSupport {
			continue
		}
		if len(preds) > 0 && !preds[r.Predicate] {
			continue
		}
		cand = append(cand, r)
	}

	// The ego graph: nil means no ego filter.
	var ego map[string]bool
	if len(f.Between) > 0 {
		if f.Entity != "" || len(f.Between) < 2 || len(f.Between) > 64 {
			return nil, fmt.Errorf("filter: the relations between entities need 2 to 64 of them, and no ego entity")
		}
		group := map[string]uint64{} // entity id -> bit set of the queries naming it
		for i, q := range f.Between {
			ids := view.Match(g.Entities, q)
			if len(ids) == 0 {
				return nil, fmt.Errorf("filter: no entity has the id, name or alias %q", q)
			}
			for _, id := range ids {
				group[id] |= 1 << i
			}
		}
		var between []kg.Relation
		for _, r := range cand {
			// Kept when one query names one end and another query the
			// other: both ends named, by two queries at least in all.
			gs, gob := group[r.Subject], group[r.Object]
			if gs != 0 && gob != 0 && bits.OnesCount64(gs|gob) >= 2 {
				between = append(between, r)
			}
		}
		cand = between
	}
	if f.Entity != "" {
		if f.Depth < 0 {
			return nil, fmt.Errorf("filter: depth %d is negative", f.Depth)
		}
		seeds := view.Match(g.Entities, f.Entity)
		if len(seeds) == 0 {
			return nil, fmt.Errorf("filter: no entity has the id, name or alias %q", f.Entity)
		}
		ego = egoSet(seeds, cand, f.Depth)
	}
	inEgo := func(id string) bool { return ego == nil || ego[id] }

	out := &kg.Graph{Entities: []kg.Entity{}, Relations: []kg.Relation{}}
	touched := map[string]bool{}
	for _, r := range cand {
		if !typeOK(r.Subject) || !typeOK(r.Object) || !inEgo(r.Subject) || !inEgo(r.Object) {
			continue
		}
		out.Relations = append(out.Relations, r)
		touched[r.Subject] = true
		touched[r.Object] = true
	}
	rel := f.relationFilter()
	for _, e := range g.Entities {
		if touched[e.ID] || (!rel && typeOK(e.ID) && inEgo(e.ID)) {
			out.Entities = append(out.Entities, e)
		}
	}
	out.Entities = sortedEntities(out.Entities)
	out.Relations = sortedRelations(out.Relations)
	return out, nil
}

// egoSet returns the ids within depth hops of the seeds, reading every
// relation as an undirected edge.
func egoSet(seeds []string, rels []kg.Relation, depth int) map[string]bool {
	set := map[string]bool{}
	for id := range view.Neighbours(rels, seeds, depth) {
		set[id] = true
	}
	return set
}

// topEntities keeps the n entities of g with the most support in the
// relations touching them (then mentions, then id), and the relations
// between them.
func topEntities(g *kg.Graph, n int) *kg.Graph {
	support := map[string]int{}
	for _, r := range g.Relations {
		support[r.Subject] += r.Support
		support[r.Object] += r.Support
	}
	ents := append([]kg.Entity(nil), g.Entities...)
	sort.SliceStable(ents, func(i, j int) bool {
		a, b := &ents[i], &ents[j]
		if support[a.ID] != support[b.ID] {
			return support[a.ID] > support[b.ID]
		}
		if a.Mentions != b.Mentions {
			return a.Mentions > b.Mentions
		}
		return a.ID < b.ID
	})
	ents = ents[:n]
	keep := map[string]bool{}
	for _, e := range ents {
		keep[e.ID] = true
	}
	out := &kg.Graph{Entities: sortedEntities(ents), Relations: []kg.Relation{}}
	for _, r := range g.Relations {
		if keep[r.Subject] && keep[r.Object] {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}
