package export

import (
	"io"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "nquads", Ext: ".nq", Mime: "application/n-quads", Write: WriteNQuads})
}

// WriteNQuads writes g as the store's triples in its export form
// (graph.QuadsOf: entities, direct edges for asserted relations, a
// statement node per relation, evidence and document nodes; see the graph
// package's doc), one per line, in QuadsOf's sorted order, with Cayley's
// N-Quads writer. Short IRIs are written in full: Cayley types integers as
// <schema:Integer>, written here as <http://schema.org/Integer>.
func WriteNQuads(w io.Writer, g *kg.Graph) error {
	return writeErr("nquads", writeQuads(nquads.NewWriter(w), g))
}

func writeQuads(qw quad.WriteCloser, g *kg.Graph) error {
	for _, q := range exportQuads(g) {
		if err := qw.WriteQuad(q); err != nil {
			qw.Close()
			return err
		}
	}
	return qw.Close()
}

// exportQuads is graph.QuadsOf(g) with every value in full form.
func exportQuads(g *kg.Graph) []quad.Quad {
	qs := graph.QuadsOf(orEmpty(g))
	for i := range qs {
		qs[i] = fullQuad(qs[i])
	}
	return qs
}

func fullQuad(q quad.Quad) quad.Quad {
	return quad.Quad{Subject: fullValue(q.Subject), Predicate: fullValue(q.Predicate), Object: fullValue(q.Object), Label: fullValue(q.Label)}
}

// fullValue expands short IRIs ("schema:Integer") by Cayley's registered
// prefixes, in IRIs and in the datatypes of typed literals. Invalid UTF-8
// in a literal (a file name's bytes, say) becomes U+FFFD, as the JSON and
// XML writers write it: Cayley's writer would copy the bytes, and N-Quads
// are UTF-8.
func fullValue(v quad.Value) quad.Value {
	switch x := v.(type) {
	case nil:
		return nil
	case quad.IRI:
		return x.Full()
	case quad.String:
		return quad.String(strings.ToValidUTF8(string(x), "\uFFFD"))
	case quad.TypedString:
		return fullTyped(x)
	case quad.TypedStringer:
		return fullTyped(x.TypedString())
	}
	return v
}

// fullTyped writes a typed literal's datatype in full, schema:Integer as
// xsd:integer, and its value as valid UTF-8.
func fullTyped(x quad.TypedString) quad.TypedString {
	x.Value = quad.String(strings.ToValidUTF8(string(x.Value), "\uFFFD"))
	x.Type = x.Type.Full()
	if x.Type == schemaInteger {
		x.Type = xsdInteger
	}
	return x
}

var (
	schemaInteger = quad.IRI("schema:Integer").Full()
	xsdInteger    = quad.IRI(xsdInt)
)
