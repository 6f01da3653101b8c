package export

import (
	"encoding/json"
	"io"

	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "json", Ext: ".json", Mime: "application/json", Write: WriteJSON})
}

// WriteJSON writes g in the machine-readable form of docs/ONTOLOGY.md:
// encoding/json of kg.Graph, indented by two spaces, with a trailing
// newline. Every list is an array, never null, however empty; entities are
// sorted by id and relations in the graph's order. HTML characters (<, >, &)
// are written as they are, not as \u escapes.
func WriteJSON(w io.Writer, g *kg.Graph) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return writeErr("json", enc.Encode(normalized(g)))
}

// normalized returns a sorted copy of g whose nil slices are empty ones.
func normalized(g *kg.Graph) *kg.Graph {
	g = orEmpty(g)
	out := &kg.Graph{
		Entities:  sortedEntities(g.Entities),
		Relations: sortedRelations(g.Relations),
	}
	if out.Entities == nil {
		out.Entities = []kg.Entity{}
	}
	if out.Relations == nil {
		out.Relations = []kg.Relation{}
	}
	for i := range out.Entities {
		e := &out.Entities[i]
		if e.Aliases == nil {
			e.Aliases = []string{}
		}
		if e.SameAs == nil {
			e.SameAs = []string{}
		}
	}
	for i := range out.Relations {
		if out.Relations[i].Evidence == nil {
			out.Relations[i].Evidence = []kg.Evidence{}
		}
	}
	return out
}
