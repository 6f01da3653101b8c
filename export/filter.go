package export

import (
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"time"

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
	// Since and Until, when set (ISO 8601: 2025, 2025-08 or 2025-08-15),
	// keep only the relations of that time: a relation with a date of its
	// own is kept when that date overlaps [Since, Until]; one without is
	// kept with the evidence of the documents whose date does, its support
	// the number of distinct sentences left (evidence of an undated
	// document is dropped). Either bound may be left out. They count as a
	// relation filter.
	Since, Until string
	// MaxNodes, when above 0, keeps at most that many entities and the
	// relations among them: the ends of the best supported relations first,
	// then the entities with the most support in all (then the most
	// mentions, then by id); what a picture of a large store wants (see
	// Summary).
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
	return len(f.Predicates) > 0 || f.MinSupport > 0 || f.Connected || len(f.Between) > 0 || f.Since != "" || f.Until != ""
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

	since, until, err := f.period()
	if err != nil {
		return nil, err
	}
	// Relations that pass everything but the type and ego filters.
	var cand []kg.Relation
	for _, r := range g.Relations {
		if since != "" || until != "" {
			var ok bool
			if r, ok = inPeriod(r, since, until); !ok {
				continue
			}
		}
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

// topEntities keeps n entities of g and the relations between them,
// chosen so that the picture shows the best supported edges, not a column
// of nodes whose relations were cut: relations are taken by support (then
// in the graph's order) and both their ends kept while there is room for
// both; remaining room goes to the entities with the most support in all,
// then the most mentions, then by id.
func topEntities(g *kg.Graph, n int) *kg.Graph {
	support := map[string]int{}
	for _, r := range g.Relations {
		support[r.Subject] += r.Support
		support[r.Object] += r.Support
	}
	rels := append([]kg.Relation(nil), g.Relations...)
	sort.SliceStable(rels, func(i, j int) bool { return rels[i].Support > rels[j].Support })
	keep := map[string]bool{}
	for _, r := range rels {
		need := 0
		for _, id := range []string{r.Subject, r.Object} {
			if !keep[id] {
				need++
			}
		}
		if need > 0 && len(keep)+need <= n {
			keep[r.Subject], keep[r.Object] = true, true
		}
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
	for _, e := range ents {
		if len(keep) >= n {
			break
		}
		keep[e.ID] = true
	}
	out := &kg.Graph{Entities: []kg.Entity{}, Relations: []kg.Relation{}}
	for _, e := range g.Entities {
		if keep[e.ID] {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, r := range g.Relations {
		if keep[r.Subject] && keep[r.Object] {
			out.Relations = append(out.Relations, r)
		}
	}
	out.Entities = sortedEntities(out.Entities)
	return out
}

// Validate reports what is wrong with the filter's values (a date that is
// not ISO 8601, Since after Until, a negative Depth), as Apply would.
func (f Filter) Validate() error {
	if f.Depth < 0 {
		return fmt.Errorf("filter: depth %d is negative", f.Depth)
	}
	_, _, err := f.period()
	return err
}

// period returns the filter's bounds as days (YYYY-MM-DD): the first day
// Since covers and the last day Until covers; "" for a bound left out.
func (f Filter) period() (since, until string, err error) {
	if f.Since != "" {
		if since, _, err = dateSpan(f.Since); err != nil {
			return "", "", fmt.Errorf("filter: since: %w", err)
		}
	}
	if f.Until != "" {
		if _, until, err = dateSpan(f.Until); err != nil {
			return "", "", fmt.Errorf("filter: until: %w", err)
		}
	}
	if since != "" && until != "" && since > until {
		return "", "", fmt.Errorf("filter: since %s is after until %s", f.Since, f.Until)
	}
	return since, until, nil
}

// dateSpan returns the first and last day that an ISO 8601 date covers
// (2025 -> 2025-01-01, 2025-12-31; an interval A/B from A's first day to
// B's last), as YYYY-MM-DD strings that compare in time order.
func dateSpan(iso string) (lo, hi string, err error) {
	if a, b, ok := strings.Cut(iso, "/"); ok {
		if lo, _, err = dateSpan(a); err == nil {
			_, hi, err = dateSpan(b)
		}
		return lo, hi, err
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		t, perr := time.Parse(layout, iso)
		if perr != nil {
			continue
		}
		end := t.AddDate(1, 0, -1)
		switch layout {
		case "2006-01-02":
			end = t
		case "2006-01":
			end = t.AddDate(0, 1, -1)
		}
		return t.Format("2006-01-02"), end.Format("2006-01-02"), nil
	}
	return "", "", fmt.Errorf("%q is not an ISO 8601 date (2025, 2025-08 or 2025-08-15)", iso)
}

// overlaps reports whether the date iso lies partly in [since, until]
// (either bound "" for open); an empty or malformed date never does.
func overlaps(iso, since, until string) bool {
	lo, hi, err := dateSpan(iso)
	return err == nil && (until == "" || lo <= until) && (since == "" || hi >= since)
}

// inPeriod applies Since/Until to one relation (see Filter).
func inPeriod(r kg.Relation, since, until string) (kg.Relation, bool) {
	if r.Date != "" {
		return r, overlaps(r.Date, since, until)
	}
	var kept []kg.Evidence
	sentences := map[string]bool{}
	for _, ev := range r.Evidence {
		if overlaps(ev.Date, since, until) {
			kept = append(kept, ev)
			sentences[ev.Sentence] = true
		}
	}
	if len(kept) == 0 {
		return r, false
	}
	if len(kept) < len(r.Evidence) {
		r.Evidence = kept
		r.Support = min(r.Support, len(sentences))
	}
	return r, true
}
