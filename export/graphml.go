package export

import (
	"bufio"
	"fmt"
	"io"

	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "graphml", Ext: ".graphml", Mime: "application/graphml+xml", Write: WriteGraphML})
}

// WriteGraphML writes g as an entity-level GraphML graph: one node per
// entity (its id as the node id; label, type, aliases, sameAs, mentions,
// documents), one edge per relation (predicate, label, symmetric, modality,
// support, date, location, location_id, role, sources, published (the
// dates of the documents that state it), evidence), every
// attribute declared with its type.
//
// Symmetric predicates (met_with, spoke_with, ...) are undirected: a graph
// whose edges are all symmetric is written with edgedefault="undirected".
// A graph that mixes them is written directed, each symmetric relation once,
// from the smaller id to the larger, with symmetric=true: GraphML readers
// such as networkx refuse graphs whose edges mix the two kinds, so the
// attribute says what the direction cannot.
func WriteGraphML(w io.Writer, g *kg.Graph) error {
	bw := bufio.NewWriter(w)
	eg := newEntityGraph(g)
	fmt.Fprint(bw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprint(bw, `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">`+"\n")
	for _, a := range nodeAttrs {
		fmt.Fprintf(bw, `  <key id="n_%s" for="node" attr.name="%s" attr.type="%s"/>`+"\n", a.id, a.title, a.kind)
	}
	for _, a := range edgeAttrs {
		fmt.Fprintf(bw, `  <key id="e_%s" for="edge" attr.name="%s" attr.type="%s"/>`+"\n", a.id, a.title, a.kind)
	}
	dir := "directed"
	if eg.allSymmetric && len(eg.edges) > 0 {
		dir = "undirected"
	}
	fmt.Fprintf(bw, `  <graph id="entigraph" edgedefault="%s">`+"\n", dir)
	for _, n := range eg.nodes {
		fmt.Fprintf(bw, `    <node id="%s">`+"\n", xmlText(n.id))
		writeGraphMLData(bw, "n_", nodeAttrs, n.vals)
		fmt.Fprint(bw, "    </node>\n")
	}
	for i, e := range eg.edges {
		fmt.Fprintf(bw, `    <edge id="e%d" source="%s" target="%s">`+"\n", i, xmlText(e.source), xmlText(e.target))
		writeGraphMLData(bw, "e_", edgeAttrs, e.vals)
		fmt.Fprint(bw, "    </edge>\n")
	}
	fmt.Fprint(bw, "  </graph>\n</graphml>\n")
	return writeErr("graphml", bw.Flush())
}

func writeGraphMLData(w *bufio.Writer, prefix string, attrs []attrDef, vals []string) {
	for i, a := range attrs {
		if vals[i] == "" {
			continue
		}
		fmt.Fprintf(w, `      <data key="%s%s">%s</data>`+"\n", prefix, a.id, xmlText(vals[i]))
	}
}
