package export

import (
	"encoding/xml"
	"sort"
	"strconv"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// The entity-level graph that GraphML and GEXF carry: one node per entity,
// one edge per relation, every value a plain attribute, so that networkx,
// Gephi, yEd or Cytoscape read the graph of who did what to whom (the
// triple-level form stays available as nquads and jsonld).

// attr is one declared attribute of nodes or edges.
type attrDef struct {
	id, title, kind string // kind: "string", "int" or "boolean"
}

var (
	nodeAttrs = []attrDef{
		{"label", "label", "string"},
		{"type", "type", "string"},
		{"aliases", "aliases", "string"},
		{"sameAs", "sameAs", "string"},
		{"mentions", "mentions", "int"},
		{"documents", "documents", "int"},
	}
	edgeAttrs = []attrDef{
		{"predicate", "predicate", "string"},
		{"label", "label", "string"},
		{"symmetric", "symmetric", "boolean"},
		{"modality", "modality", "string"},
		{"support", "support", "int"},
		{"date", "date", "string"},
		{"location", "location", "string"},
		{"location_id", "location_id", "string"},
		{"role", "role", "string"},
		{"sources", "sources", "string"},
		{"published", "published", "string"},
		{"evidence", "evidence", "string"},
	}
)

type egNode struct {
	id   string
	vals []string // in nodeAttrs' order; "" is not written
}

type egEdge struct {
	source, target string
	symmetric      bool
	vals           []string // in edgeAttrs' order
}

// entityGraph is g as nodes and edges with their attribute values, in the
// graph's order. An end of a relation that g does not list as an entity (a
// filtered view can leave one) still gets a node, named from its id.
type entityGraph struct {
	nodes []egNode
	edges []egEdge
	// allSymmetric and noneSymmetric tell whether the edges can share one
	// direction default.
	allSymmetric, noneSymmetric bool
}

func newEntityGraph(g *kg.Graph) *entityGraph {
	g = orEmpty(g)
	ents := sortedEntities(g.Entities)
	byID := make(map[string]*kg.Entity, len(ents))
	for i := range ents {
		byID[ents[i].ID] = &ents[i]
	}
	rels := sortedRelations(g.Relations)
	for _, r := range rels {
		for _, id := range []string{r.Subject, r.Object} {
			if _, ok := byID[id]; !ok {
				e := kg.Entity{ID: id, Name: nameFromID(id), Type: kg.TypeOfID(id)}
				ents = append(ents, e)
				byID[id] = &e
			}
		}
	}
	kg.SortEntities(ents)
	eg := &entityGraph{allSymmetric: true, noneSymmetric: true}
	for _, e := range ents {
		eg.nodes = append(eg.nodes, egNode{id: e.ID, vals: []string{
			clean(e.Name), string(e.Type), clean(strings.Join(e.Aliases, "; ")), strings.Join(e.SameAs, " "),
			strconv.Itoa(e.Mentions), strconv.Itoa(e.Documents),
		}})
	}
	for i := range rels {
		r := &rels[i]
		p, _ := kg.PredicateByID(r.Predicate)
		var loc string
		if r.Location != "" {
			loc = clean(locationName(r.Location, byID))
		}
		var docs, dates []string
		seen := map[string]bool{}
		for _, ev := range r.Evidence {
			if !seen[ev.Doc] {
				seen[ev.Doc] = true
				docs = append(docs, ev.Doc)
			}
			if ev.Date != "" && !seen["\x00"+ev.Date] {
				seen["\x00"+ev.Date] = true
				dates = append(dates, ev.Date)
			}
		}
		sort.Strings(docs)
		sort.Strings(dates)
		var sentence string
		if len(r.Evidence) > 0 {
			sentence = clean(r.Evidence[0].Sentence)
		}
		eg.edges = append(eg.edges, egEdge{source: r.Subject, target: r.Object, symmetric: p.Symmetric, vals: []string{
			r.Predicate, strings.Join(labelLines(r, byID), ", "), strconv.FormatBool(p.Symmetric), modalityOf(r),
			strconv.Itoa(r.Support), clean(r.Date), loc, r.Location, clean(r.Role), clean(strings.Join(docs, " ")), strings.Join(dates, " "), sentence,
		}})
		if p.Symmetric {
			eg.noneSymmetric = false
		} else {
			eg.allSymmetric = false
		}
	}
	return eg
}

// xmlText escapes s for XML character data or a double-quoted attribute.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
