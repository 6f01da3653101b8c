package export

import (
	"bufio"
	"fmt"
	"io"

	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "gexf", Ext: ".gexf", Mime: "application/gexf+xml", Write: WriteGEXF})
}

// WriteGEXF writes g as a GEXF 1.2 graph, Gephi's own format: the nodes
// and edges of WriteGraphML with the same attributes, node labels and edge
// labels and weights (support). Symmetric relations are undirected edges:
// a graph of only symmetric or only directed relations has that as its
// default edge type; a graph that mixes them defaults to directed and marks
// each symmetric edge type="undirected", which Gephi reads as a mixed graph
// (networkx reads only the unmixed ones).
func WriteGEXF(w io.Writer, g *kg.Graph) error {
	bw := bufio.NewWriter(w)
	eg := newEntityGraph(g)
	def := "directed"
	if eg.allSymmetric && len(eg.edges) > 0 {
		def = "undirected"
	}
	mixed := !eg.allSymmetric && !eg.noneSymmetric
	fmt.Fprint(bw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprint(bw, `<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">`+"\n")
	fmt.Fprint(bw, "  <meta>\n    <creator>entigraph</creator>\n  </meta>\n")
	fmt.Fprintf(bw, `  <graph mode="static" defaultedgetype="%s">`+"\n", def)
	writeGEXFAttrs(bw, "node", nodeAttrs[1:])
	writeGEXFAttrs(bw, "edge", edgeAttrs)
	fmt.Fprint(bw, "    <nodes>\n")
	for _, n := range eg.nodes {
		fmt.Fprintf(bw, `      <node id="%s" label="%s">`+"\n", xmlText(n.id), xmlText(n.vals[0]))
		writeGEXFValues(bw, nodeAttrs[1:], n.vals[1:])
		fmt.Fprint(bw, "      </node>\n")
	}
	fmt.Fprint(bw, "    </nodes>\n    <edges>\n")
	for i, e := range eg.edges {
		typ := ""
		if mixed && e.symmetric {
			typ = ` type="undirected"`
		}
		// vals[1] is the label, vals[4] the support (edgeAttrs' order).
		fmt.Fprintf(bw, `      <edge id="e%d" source="%s" target="%s"%s label="%s" weight="%s">`+"\n",
			i, xmlText(e.source), xmlText(e.target), typ, xmlText(e.vals[1]), e.vals[4])
		writeGEXFValues(bw, edgeAttrs, e.vals)
		fmt.Fprint(bw, "      </edge>\n")
	}
	fmt.Fprint(bw, "    </edges>\n  </graph>\n</gexf>\n")
	return writeErr("gexf", bw.Flush())
}

func writeGEXFAttrs(w *bufio.Writer, class string, attrs []attrDef) {
	fmt.Fprintf(w, `    <attributes class="%s">`+"\n", class)
	for _, a := range attrs {
		kind := a.kind
		if kind == "int" {
			kind = "integer"
		}
		fmt.Fprintf(w, `      <attribute id="%s" title="%s" type="%s"/>`+"\n", a.id, a.title, kind)
	}
	fmt.Fprint(w, "    </attributes>\n")
}

func writeGEXFValues(w *bufio.Writer, attrs []attrDef, vals []string) {
	fmt.Fprint(w, "        <attvalues>\n")
	for i, a := range attrs {
		if vals[i] == "" {
			continue
		}
		fmt.Fprintf(w, `          <attvalue for="%s" value="%s"/>`+"\n", a.id, xmlText(vals[i]))
	}
	fmt.Fprint(w, "        </attvalues>\n")
}
