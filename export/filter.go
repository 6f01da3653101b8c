package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
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
}

// relationFilter reports whether the filter narrows relations by what they
// say (predicate or support). When it does, an entity is kept only when a
// kept relation touches it; when it does not, every entity that passes the
// type and ego filters is kept, related or not.
func (f Filter) relationFilter() bool {
	return len(f.Predicates) > 0 || f.MinSupport > 0 || f.Connected
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
	if f.Entity != "" {
		if f.Depth < 0 {
			return nil, fmt.Errorf("filter: depth %d is negative", f.Depth)
		}
		seeds := matchEntity(g.Entities, f.Entity)
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

// matchEntity returns the ids of the entities that q names, from the first
// level that matches: id, name, alias, slug of the name.
func matchEntity(ents []kg.Entity, q string) []string {
	q = strings.Join(strings.Fields(q), " ")
	levels := []func(e *kg.Entity) bool{
		func(e *kg.Entity) bool { return strings.EqualFold(e.ID, q) },
		func(e *kg.Entity) bool { return strings.EqualFold(e.Name, q) },
		func(e *kg.Entity) bool {
			for _, a := range e.Aliases {
				if strings.EqualFold(a, q) {
					return true
				}
			}
			return false
		},
		func(e *kg.Entity) bool {
			s := kg.Slug(q)
			if s == "" {
				return false
			}
			if kg.Slug(e.Name) == s {
				return true
			}
			for _, a := range e.Aliases {
				if kg.Slug(a) == s {
					return true
				}
			}
			return false
		},
	}
	for _, match := range levels {
		var ids []string
		for i := range ents {
			if match(&ents[i]) {
				ids = append(ids, ents[i].ID)
			}
		}
		if len(ids) > 0 {
			sort.Strings(ids)
			return ids
		}
	}
	return nil
}

// egoSet returns the ids within depth hops of the seeds, reading every
// relation as an undirected edge.
func egoSet(seeds []string, rels []kg.Relation, depth int) map[string]bool {
	adj := map[string][]string{}
	for _, r := range rels {
		adj[r.Subject] = append(adj[r.Subject], r.Object)
		adj[r.Object] = append(adj[r.Object], r.Subject)
	}
	seen := map[string]bool{}
	frontier := []string{}
	for _, s := range seeds {
		if !seen[s] {
			seen[s] = true
			frontier = append(frontier, s)
		}
	}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		var next []string
		for _, id := range frontier {
			for _, n := range adj[id] {
				if !seen[n] {
					seen[n] = true
					next = append(next, n)
				}
			}
		}
		frontier = next
	}
	return seen
}
