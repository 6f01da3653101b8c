package export

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/entigraph/entigraph/graph"
)

// TestNQuadsAreQuadsOf: the N-Quads read back (Cayley's reader) are
// graph.QuadsOf's quads, in order, with short IRIs in full; and the same
// triples as the JSON-LD's RDF.
func TestNQuadsAreQuadsOf(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			g := loadFixture(t, fx)
			out := write(t, "nquads", g)
			if bytes.Contains(out, []byte("<schema:")) {
				t.Error("the N-Quads have a short schema: IRI")
			}
			r := nquads.NewReader(bytes.NewReader(out), true)
			var got []string
			for {
				q, err := r.ReadQuad()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("reading our N-Quads back: %v", err)
				}
				got = append(got, q.String())
			}
			want := graph.QuadsOf(g)
			if len(got) != len(want) {
				t.Fatalf("%d quads read back, QuadsOf has %d", len(got), len(want))
			}
			for i, q := range want {
				if w := fullQuad(q).String(); got[i] != w {
					t.Errorf("quad %d: got %s, want %s", i, got[i], w)
				}
			}
			ldSet := ldTriples(t, write(t, "jsonld", g))
			for _, q := range want {
				k := quadNode(t, q.Subject) + " " + quadNode(t, q.Predicate) + " " + quadNode(t, q.Object)
				if !ldSet[k] {
					t.Errorf("the JSON-LD lacks the N-Quad %s", fullQuad(q))
				}
			}
			if len(ldSet) != len(want) {
				t.Errorf("JSON-LD has %d triples, N-Quads %d", len(ldSet), len(want))
			}
		})
	}
}

func TestGraphML(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			g := loadFixture(t, fx)
			out := write(t, "graphml", g)
			d := xml.NewDecoder(bytes.NewReader(out))
			d.Strict = true
			nodes, edges := map[string]string{}, 0
			var curNode string
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("the GraphML is not XML: %v", err)
				}
				switch x := tok.(type) {
				case xml.StartElement:
					switch x.Name.Local {
					case "node":
						curNode = attr(x, "id")
					case "edge":
						edges++
						for _, end := range []string{attr(x, "source"), attr(x, "target")} {
							if _, ok := nodes[end]; !ok {
								t.Errorf("edge end %s is not a node written before it", end)
							}
						}
					}
				case xml.CharData:
					if curNode != "" {
						nodes[curNode] += string(x)
					}
				case xml.EndElement:
					if x.Name.Local == "node" {
						curNode = ""
					}
				}
			}
			qs := graph.QuadsOf(g)
			if edges != len(qs) {
				t.Errorf("%d edges, QuadsOf has %d quads", edges, len(qs))
			}
			values := map[string]bool{}
			for _, q := range qs {
				values[fullValue(q.Subject).String()] = true
				values[fullValue(q.Object).String()] = true
			}
			if len(nodes) != len(values) {
				t.Errorf("%d nodes, QuadsOf has %d distinct values", len(nodes), len(values))
			}
			for _, desc := range nodes {
				if !values[desc] {
					t.Errorf("node %q is no value of QuadsOf", desc)
				}
			}
			for _, e := range g.Entities {
				if !values[quad.IRI(graph.NS+e.ID).String()] || !strings.Contains(string(out), "&lt;urn:entigraph:"+e.ID+"&gt;") {
					t.Errorf("entity %s has no node", e.ID)
				}
			}
		})
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
