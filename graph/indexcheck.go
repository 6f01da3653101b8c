package graph

import (
	"fmt"
	"sort"

	"github.com/cayleygraph/quad"
)

// indexed reports whether the store has a search index at all: one
// written before it has none, and is read by scanning (FindEntities)
// until Repair builds it.
func indexed(all []quad.Quad) bool {
	for _, q := range all {
		if q.Predicate == PredSearch {
			return true
		}
	}
	return false
}

// searchCheck checks the type-ahead index (PredSearch) against the names
// it is made from: in each whole document, an entity's search keys are
// those of the names (eg:name) and aliases the document gave it, no more,
// no fewer. (A store written before the index has none: Check then says
// nothing, and Repair builds it.) The fix rewrites the document's keys and its quad count
// (FixRebuild). Documents found broken are left to the document check.
func searchCheck(all []quad.Quad, broken map[quad.Value][]string) []Finding {
	type key struct {
		s     quad.Value
		k     string
		label quad.Value
	}
	want := map[key]bool{}
	have := map[key]bool{}
	counts := map[quad.Value]quad.Value{}
	for _, q := range all {
		if q.Label == nil || broken[q.Label] != nil {
			continue
		}
		if q.Predicate == PredQuads && q.Subject == q.Label {
			counts[q.Label] = q.Object
		}
		if _, ok := EntityID(q.Subject); !ok {
			continue
		}
		switch q.Predicate {
		case PredDocName, SchemaAlternateName:
			for _, k := range searchKeys(str(q.Object)) {
				want[key{q.Subject, k, q.Label}] = true
			}
		case PredSearch:
			have[key{q.Subject, str(q.Object), q.Label}] = true
		}
	}
	type fix struct {
		rm, add []quad.Quad
	}
	byDoc := map[quad.Value]*fix{}
	get := func(l quad.Value) *fix {
		if byDoc[l] == nil {
			byDoc[l] = &fix{}
		}
		return byDoc[l]
	}
	for k := range want {
		if !have[k] {
			f := get(k.label)
			f.add = append(f.add, quad.Quad{Subject: k.s, Predicate: PredSearch, Object: quad.String(k.k), Label: k.label})
		}
	}
	for k := range have {
		if !want[k] {
			f := get(k.label)
			f.rm = append(f.rm, quad.Quad{Subject: k.s, Predicate: PredSearch, Object: quad.String(k.k), Label: k.label})
		}
	}
	labels := make([]quad.Value, 0, len(byDoc))
	for l := range byDoc {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool { return str(labels[i]) < str(labels[j]) })
	var out []Finding
	for _, l := range labels {
		f := byDoc[l]
		sortQuads(f.rm)
		sortQuads(f.add)
		rm, add := f.rm, f.add
		if c, ok := counts[l]; ok {
			rm = append(rm, quad.Quad{Subject: l, Predicate: PredQuads, Object: c, Label: l})
			add = append(add, quad.Quad{Subject: l, Predicate: PredQuads, Object: quad.Int(num(c) + len(f.add) - len(f.rm)), Label: l})
		}
		out = append(out, Finding{Check: "search", Fix: FixRebuild, rm: rm, add: add, Problem: fmt.Sprintf(
			"document %s: %d search index keys missing, %d that its names do not give (written before the index, or by another program?)",
			quad.StringOf(l), len(f.add), len(f.rm))})
	}
	return out
}
