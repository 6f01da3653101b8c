// Package export writes a kg.Graph in the formats a person or a program
// reads: json, dot, svg, png, jsonld, nquads, graphml, gexf and csv.
//
// Each format is its own file that registers a Format by name from its init
// function, as Cayley's quad formats do; the command line looks formats up by
// name and never knows their details. Every writer reads the graph and never
// changes it, and every writer is deterministic: the same graph gives the
// same bytes, so outputs diff cleanly and golden tests hold.
//
// Filter narrows a graph before it is written (entity types, predicates, the
// ego graph of one entity, minimum support, modalities).
package export

import (
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/entigraph/entigraph/kg"
)

// Format is one output format.
type Format struct {
	Name string // the name the command line takes: "json", "dot", ...
	Ext  string // the file extension, with its dot: ".json"
	Mime string // the media type: "application/json"
	// Write writes g to w. It never changes g. An error is the writer's or
	// the encoder's; a nil graph is written as an empty one.
	Write func(w io.Writer, g *kg.Graph) error
}

var (
	regMu   sync.RWMutex
	formats = map[string]Format{}
)

// Register adds a format. It panics on an empty name, a nil Write or a
// name registered twice: all of those are programming errors caught at init.
func Register(f Format) {
	if f.Name == "" || f.Write == nil {
		panic("export: Register needs a name and a Write function")
	}
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := formats[f.Name]; dup {
		panic("export: format " + f.Name + " registered twice")
	}
	formats[f.Name] = f
}

// Lookup returns the format registered under name.
func Lookup(name string) (Format, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	f, ok := formats[name]
	return f, ok
}

// Names returns the registered format names, sorted.
func Names() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// orEmpty returns g, or an empty graph when g is nil.
func orEmpty(g *kg.Graph) *kg.Graph {
	if g == nil {
		return &kg.Graph{}
	}
	return g
}

// sortedRelations returns a copy of rels (never nil) in the graph's order
// (kg.RelationLess).
func sortedRelations(rels []kg.Relation) []kg.Relation {
	out := make([]kg.Relation, len(rels))
	copy(out, rels)
	kg.SortRelations(out)
	return out
}

// sortedEntities returns a copy of ents sorted by id (never nil).
func sortedEntities(ents []kg.Entity) []kg.Entity {
	out := make([]kg.Entity, len(ents))
	copy(out, ents)
	kg.SortEntities(out)
	return out
}

// modalityOf returns the relation's modality, "asserted" when it is empty.
func modalityOf(r *kg.Relation) string {
	if r.Modality == "" {
		return kg.Asserted
	}
	return r.Modality
}

// writeErr wraps an error with the format's name.
func writeErr(format string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("export %s: %w", format, err)
}
