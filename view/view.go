// Package view is the read layer over a graph that every command shares:
// one entity lookup (by id, name or alias, with suggestions when a name
// matches nothing or several entities), neighbours to a depth, and the
// shortest paths between two entities, all over the ontology's entities and
// relations, never through type or literal nodes.
//
// The functions read a kg.Graph (or its slices) and never change it.
package view

import (
	"fmt"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// Match returns the ids of the entities that q names, sorted, from the
// first of these levels that has a match: an id (case-insensitive), a
// canonical name, an alias (both case-insensitive), or the slug of a name
// or alias ("jonas gahr store" finds "Jonas Gahr Støre"). It returns nil
// when q names none.
func Match(ents []kg.Entity, q string) []string {
	q = strings.Join(strings.Fields(q), " ")
	if q == "" {
		return nil
	}
	slug := kg.Slug(q)
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
			if slug == "" {
				return false
			}
			if kg.Slug(e.Name) == slug {
				return true
			}
			for _, a := range e.Aliases {
				if kg.Slug(a) == slug {
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

// LookupError is Lookup's error: q named no entity, or several.
type LookupError struct {
	Query string
	// Matches are the entities q names when it names several; Suggestions
	// the nearest names when it names none.
	Matches, Suggestions []kg.Entity
}

func (e *LookupError) Error() string {
	list := func(ents []kg.Entity) string {
		var s []string
		for _, x := range ents {
			s = append(s, fmt.Sprintf("%s (%s)", x.Name, x.ID))
		}
		return strings.Join(s, ", ")
	}
	switch {
	case len(e.Matches) > 0:
		return fmt.Sprintf("%q names %d entities: %s; give an id", e.Query, len(e.Matches), list(e.Matches))
	case len(e.Suggestions) > 0:
		return fmt.Sprintf("no entity is called %q; did you mean %s?", e.Query, list(e.Suggestions))
	}
	return fmt.Sprintf("no entity is called %q", e.Query)
}

// maxSuggestions bounds the suggestions of a LookupError.
const maxSuggestions = 5

// Lookup returns the one entity that q names (see Match), or a
// *LookupError listing the entities it names when it names several, or the
// nearest names when it names none.
func Lookup(ents []kg.Entity, q string) (kg.Entity, error) {
	ids := Match(ents, q)
	byID := make(map[string]*kg.Entity, len(ents))
	for i := range ents {
		byID[ents[i].ID] = &ents[i]
	}
	switch len(ids) {
	case 1:
		return *byID[ids[0]], nil
	case 0:
		return kg.Entity{}, &LookupError{Query: q, Suggestions: Suggest(ents, q, maxSuggestions)}
	}
	err := &LookupError{Query: q}
	for _, id := range ids {
		err.Matches = append(err.Matches, *byID[id])
	}
	return kg.Entity{}, err
}

// Suggest returns up to n entities whose names come nearest to q: first
// those with a name or alias that has q's slug as a prefix of a word or as
// a part, then those within two edits of it; most mentioned first.
func Suggest(ents []kg.Entity, q string, n int) []kg.Entity {
	slug := kg.Slug(q)
	if slug == "" || n <= 0 {
		return nil
	}
	type cand struct {
		e     kg.Entity
		grade int
	}
	var cands []cand
	for _, e := range ents {
		best := 3
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			s := kg.Slug(name)
			switch {
			case strings.HasPrefix(s, slug) || strings.Contains(s, "-"+slug):
				best = min(best, 0)
			case strings.Contains(s, slug):
				best = min(best, 1)
			case editDistanceAtMost(s, slug, 2):
				best = min(best, 2)
			}
		}
		if best < 3 {
			cands = append(cands, cand{e, best})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.grade != b.grade {
			return a.grade < b.grade
		}
		if a.e.Mentions != b.e.Mentions {
			return a.e.Mentions > b.e.Mentions
		}
		return a.e.ID < b.e.ID
	})
	var out []kg.Entity
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, cands[i].e)
	}
	return out
}

// editDistanceAtMost reports whether the Levenshtein distance between a
// and b (bytes) is at most k.
func editDistanceAtMost(a, b string, k int) bool {
	if d := len(a) - len(b); d > k || -d > k {
		return false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}

// adjacency reads every relation as an undirected edge between its ends.
func adjacency(rels []kg.Relation) map[string][]string {
	adj := map[string][]string{}
	seen := map[[2]string]bool{}
	for _, r := range rels {
		if r.Subject == r.Object {
			continue
		}
		for _, e := range [][2]string{{r.Subject, r.Object}, {r.Object, r.Subject}} {
			if !seen[e] {
				seen[e] = true
				adj[e[0]] = append(adj[e[0]], e[1])
			}
		}
	}
	for k := range adj {
		sort.Strings(adj[k])
	}
	return adj
}

// Neighbours returns the entities within depth hops of the seeds over
// rels, read as undirected edges, with their distance (the seeds at 0).
func Neighbours(rels []kg.Relation, seeds []string, depth int) map[string]int {
	adj := adjacency(rels)
	dist := map[string]int{}
	var frontier []string
	for _, s := range seeds {
		if _, ok := dist[s]; !ok {
			dist[s] = 0
			frontier = append(frontier, s)
		}
	}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []string
		for _, id := range frontier {
			for _, n := range adj[id] {
				if _, ok := dist[n]; !ok {
					dist[n] = d
					next = append(next, n)
				}
			}
		}
		frontier = next
	}
	return dist
}

// Paths returns the shortest paths from one entity to another over rels,
// read as undirected edges: each path the ids from `from` to `to`, in
// lexical order of the paths, at most limit of them (limit <= 0: all). It
// returns nil when no path of at most maxHops relations joins them
// (maxHops <= 0: any length). A path from an entity to itself is the
// entity alone.
func Paths(rels []kg.Relation, from, to string, maxHops, limit int) [][]string {
	if from == to {
		return [][]string{{from}}
	}
	adj := adjacency(rels)
	// Breadth first from `from`, keeping every predecessor at the
	// previous distance, until `to` is reached.
	dist := map[string]int{from: 0}
	preds := map[string][]string{}
	frontier := []string{from}
	for d := 1; len(frontier) > 0 && (maxHops <= 0 || d <= maxHops); d++ {
		var next []string
		for _, id := range frontier {
			for _, n := range adj[id] {
				if dn, ok := dist[n]; !ok {
					dist[n] = d
					preds[n] = append(preds[n], id)
					next = append(next, n)
				} else if dn == d {
					preds[n] = append(preds[n], id)
				}
			}
		}
		if _, ok := dist[to]; ok {
			break
		}
		frontier = next
	}
	if _, ok := dist[to]; !ok {
		return nil
	}
	// Walk the predecessors back from `to`, in sorted order, so the paths
	// come out in lexical order of their reversed form; then sort them.
	var out [][]string
	var walk func(id string, suffix []string) bool
	walk = func(id string, suffix []string) bool {
		path := append([]string{id}, suffix...)
		if id == from {
			out = append(out, path)
			return limit > 0 && len(out) >= limit
		}
		ps := append([]string(nil), preds[id]...)
		sort.Strings(ps)
		for _, p := range ps {
			if walk(p, path) {
				return true
			}
		}
		return false
	}
	walk(to, nil)
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out
}

// Between returns the relations of rels whose ends are a and b, either way
// round, in rels' order.
func Between(rels []kg.Relation, a, b string) []kg.Relation {
	var out []kg.Relation
	for _, r := range rels {
		if (r.Subject == a && r.Object == b) || (r.Subject == b && r.Object == a) {
			out = append(out, r)
		}
	}
	return out
}
