package export

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/piprate/json-gold/ld"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

const xsdString = "http://www.w3.org/2001/XMLSchema#string"

// ldTriples expands a JSON-LD document with json-gold and converts it to
// RDF, as N-Quads text (which must come out without error) and as a set of
// triples in a canonical text form.
func ldTriples(t *testing.T, doc []byte) map[string]bool {
	t.Helper()
	var in any
	if err := json.Unmarshal(doc, &in); err != nil {
		t.Fatalf("the JSON-LD is not JSON: %v", err)
	}
	proc := ld.NewJsonLdProcessor()
	opts := ld.NewJsonLdOptions("")
	opts.SafeMode = true // fail on anything expansion would drop
	expanded, err := proc.Expand(in, opts)
	if err != nil {
		t.Fatalf("json-gold Expand: %v", err)
	}
	if nodes, _ := in.(map[string]any)["@graph"].([]any); len(nodes) > 0 && len(expanded) == 0 {
		t.Fatal("json-gold expanded the document to nothing")
	}
	nqOpts := ld.NewJsonLdOptions("")
	nqOpts.SafeMode = true
	nqOpts.Format = "application/n-quads"
	nq, err := proc.ToRDF(in, nqOpts)
	if err != nil {
		t.Fatalf("json-gold ToRDF (N-Quads): %v", err)
	}
	if _, ok := nq.(string); !ok {
		t.Fatalf("json-gold ToRDF gave %T, not N-Quads text", nq)
	}
	res, err := proc.ToRDF(in, opts)
	if err != nil {
		t.Fatalf("json-gold ToRDF: %v", err)
	}
	ds := res.(*ld.RDFDataset)
	out := map[string]bool{}
	for name, qs := range ds.Graphs {
		if name != "@default" && len(qs) > 0 {
			t.Errorf("the JSON-LD has a named graph %q", name)
		}
		for _, q := range qs {
			out[ldNode(t, q.Subject)+" "+ldNode(t, q.Predicate)+" "+ldNode(t, q.Object)] = true
		}
	}
	return out
}

func ldNode(t *testing.T, n ld.Node) string {
	switch x := n.(type) {
	case ld.IRI:
		return "<" + x.Value + ">"
	case *ld.IRI:
		return "<" + x.Value + ">"
	case ld.Literal:
		return literal(x.Value, x.Datatype, x.Language)
	case *ld.Literal:
		return literal(x.Value, x.Datatype, x.Language)
	}
	t.Fatalf("unexpected RDF node %#v (blank nodes are not expected)", n)
	return ""
}

func literal(v, dt, lang string) string {
	if lang != "" {
		return strconv.Quote(v) + "@" + lang
	}
	if dt == "" {
		dt = xsdString
	}
	return strconv.Quote(v) + "^^<" + dt + ">"
}

// quadTriples is the same canonical form of graph.QuadsOf(g).
func quadTriples(t *testing.T, g *kg.Graph) map[string]bool {
	out := map[string]bool{}
	for _, q := range graph.QuadsOf(g) {
		out[quadNode(t, q.Subject)+" "+quadNode(t, q.Predicate)+" "+quadNode(t, q.Object)] = true
	}
	return out
}

func quadNode(t *testing.T, v quad.Value) string {
	switch x := fullValue(v).(type) {
	case quad.IRI:
		return "<" + string(x) + ">"
	case quad.String:
		return literal(string(x), "", "")
	case quad.LangString:
		return literal(string(x.Value), "", x.Lang)
	case quad.TypedString:
		return literal(string(x.Value), string(x.Type), "")
	}
	t.Fatalf("unexpected value %#v in QuadsOf", v)
	return ""
}

func iri(s string) string { return "<" + s + ">" }

func str(s string) string { return literal(s, "", "") }

// TestJSONLDIsTheStoresRDF: json-gold expands each fixture's JSON-LD and
// converts it to RDF without error, and the RDF is exactly the store's
// export form, graph.QuadsOf, entities and asserted relations included.
func TestJSONLDIsTheStoresRDF(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			g := loadFixture(t, fx)
			got := ldTriples(t, write(t, "jsonld", g))
			want := quadTriples(t, g)

			// What the brief names first: every entity (IRI, type, name,
			// aliases, sameAs) and every asserted relation triple.
			var must []string
			for _, e := range g.Entities {
				s := iri(graph.NS + e.ID)
				must = append(must, s+" "+iri(graph.RDFNS+"type")+" "+iri(graph.SchemaNS+string(e.Type)),
					s+" "+iri(graph.SchemaNS+"name")+" "+str(e.Name))
				for _, a := range e.Aliases {
					must = append(must, s+" "+iri(graph.SchemaNS+"alternateName")+" "+str(a))
				}
				for _, sa := range e.SameAs {
					must = append(must, s+" "+iri(graph.SchemaNS+"sameAs")+" "+iri(sa))
				}
			}
			for _, r := range g.Relations {
				edge := iri(graph.NS+r.Subject) + " " + iri(graph.NS+"rel/"+r.Predicate) + " " + iri(graph.NS+r.Object)
				if r.Modality == kg.Asserted {
					must = append(must, edge)
				} else if got[edge] {
					t.Errorf("a %s relation is an edge: %s", r.Modality, edge)
				}
			}
			for _, m := range must {
				if !want[m] {
					t.Errorf("QuadsOf lacks %s (the test's idea of the schema is off)", m)
				}
				if !got[m] {
					t.Errorf("the JSON-LD's RDF lacks %s", m)
				}
			}

			// And the whole: exactly QuadsOf's triples.
			var missing, extra []string
			for k := range want {
				if !got[k] {
					missing = append(missing, k)
				}
			}
			for k := range got {
				if !want[k] {
					extra = append(extra, k)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			for _, m := range missing {
				t.Errorf("JSON-LD lacks: %s", m)
			}
			for _, e := range extra {
				t.Errorf("JSON-LD has more: %s", e)
			}
			t.Logf("%d triples", len(got))
		})
	}
}

// TestJSONLDContext: the context is schema.org's vocabulary plus our terms,
// with relations as @id-typed properties in our namespace.
func TestJSONLDContext(t *testing.T) {
	var doc struct {
		Context map[string]any   `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(write(t, "jsonld", loadFixture(t, "summit")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context["@vocab"] != "http://schema.org/" {
		t.Errorf("@vocab = %v", doc.Context["@vocab"])
	}
	for _, p := range kg.Predicates {
		def, _ := doc.Context[p.ID].(map[string]any)
		if def["@id"] != "urn:entigraph:rel/"+p.ID || def["@type"] != "@id" {
			t.Errorf("context %s = %v", p.ID, doc.Context[p.ID])
		}
	}
	if def, _ := doc.Context["sameAs"].(map[string]any); def["@type"] != "@id" {
		t.Errorf("sameAs is not an @id: %v", doc.Context["sameAs"])
	}
	var trump map[string]any
	for _, n := range doc.Graph {
		if n["@id"] == "urn:entigraph:person/donald-trump" {
			trump = n
		}
	}
	if trump == nil || trump["@type"] != "Person" || trump["name"] != "Donald Trump" {
		t.Fatalf("Trump's node: %v", trump)
	}
	if met, _ := trump["met_with"].([]any); len(met) != 2 || met[1] != "urn:entigraph:person/vladimir-putin" {
		t.Errorf("Trump met_with %v", trump["met_with"])
	}
	// Statements carry their evidence nested, and the relation's details.
	var found bool
	for _, n := range doc.Graph {
		if n["@type"] == "Statement" && n["predicate"] == "met_with" && n["subject"] == "urn:entigraph:person/donald-trump" &&
			n["object"] == "urn:entigraph:person/vladimir-putin" {
			found = true
			ev, _ := n["evidence"].([]any)
			if n["location"] != "urn:entigraph:place/anchorage" || n["date"] != "2025-08-15" || n["support"] != 3.0 ||
				n["modality"] != "asserted" || len(ev) != 2 {
				t.Errorf("statement: %v", n)
			}
			e0, _ := ev[0].(map[string]any)
			if e0["document"] != "urn:entigraph:source/000_cf6b1362018f176d.txt" || e0["start"] != 1945.0 || e0["end"] != 2153.0 ||
				!strings.HasPrefix(e0["sentence"].(string), "US President Donald Trump") {
				t.Errorf("evidence: %v", e0)
			}
		}
	}
	if !found {
		t.Error("no statement for Trump met_with Putin")
	}
}

// TestJSONLDUnknownTriples: a triple the context has no term for, or whose
// value does not fit its term, is written in expanded form and survives.
func TestJSONLDUnknownTriples(t *testing.T) {
	s := quad.IRI(graph.NS + "person/x")
	qs := []quad.Quad{
		{Subject: s, Predicate: quad.IRI(graph.RDFNS + "type"), Object: quad.IRI(graph.SchemaNS + "Person")},
		{Subject: s, Predicate: quad.IRI(graph.SchemaNS + "name"), Object: quad.LangString{Value: "Iks", Lang: "pl"}},
		{Subject: s, Predicate: quad.IRI("http://example.org/new"), Object: quad.TypedString{Value: "2025-01-01", Type: "http://www.w3.org/2001/XMLSchema#date"}},
		{Subject: s, Predicate: quad.IRI(graph.NS + "mentions"), Object: quad.String("many")},
		{Subject: s, Predicate: quad.IRI(graph.RelPrefix + "met_with"), Object: quad.IRI(graph.NS + "person/y")},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(buildJSONLD(qs)); err != nil {
		t.Fatal(err)
	}
	got := ldTriples(t, buf.Bytes())
	for _, q := range qs {
		k := quadNode(t, q.Subject) + " " + quadNode(t, q.Predicate) + " " + quadNode(t, q.Object)
		if !got[k] {
			t.Errorf("lost %s in:\n%s", k, buf.String())
		}
	}
	if len(got) != len(qs) {
		t.Errorf("%d triples, want %d", len(got), len(qs))
	}
}
