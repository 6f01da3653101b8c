package export

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "jsonld", Ext: ".jsonld", Mime: "application/ld+json", Write: WriteJSONLD})
}

// WriteJSONLD writes g as JSON-LD with the schema.org vocabulary for
// entities and entigraph's own terms (under graph.NS) for relations,
// statements, evidence and documents; docs/jsonld.md documents every term.
//
// The document says exactly what the store's export form says: its RDF
// (after JSON-LD expansion and conversion to RDF) is the set of triples of
// graph.QuadsOf(g), with short IRIs in full. It is built from those triples
// and only arranged for reading: one node object per entity (name,
// alternateName, sameAs, counts, and one property per relation it is the
// subject of, asserted relations only), one per statement with its
// evidence nested in it, one per document. Nodes are sorted (entities and
// documents by @id, statements by subject, predicate, object, modality and
// role), so the output is deterministic. A triple that the context has no
// term for is still written, under its full predicate IRI in expanded
// form, so nothing QuadsOf says is lost.
func WriteJSONLD(w io.Writer, g *kg.Graph) error {
	doc := buildJSONLD(exportQuads(g))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return writeErr("jsonld", err)
	}
	_, err := w.Write(buf.Bytes())
	return writeErr("jsonld", err)
}

// The IRIs the context names.
const (
	schemaNS   = graph.SchemaNS
	rdfNS      = graph.RDFNS
	xsdInt     = "http://www.w3.org/2001/XMLSchema#integer" // exported integers (fullValue)
	ldIDType   = "@id"
	ldVocab    = "@vocab"
	rdfTypeIRI = rdfNS + "type"
)

// term is one context entry for a property.
type term struct {
	Name string // the term ("name", "met_with")
	IRI  string // the full IRI it stands for
	Type string // "@id", "@vocab", a datatype IRI, or "" for plain strings
	// Reverse makes the term a reverse property: "evidence" inside a
	// statement lists the evidence nodes whose eg:statement is it.
	Reverse bool
	// Set writes the values as an array even when there is one.
	Set bool
}

// propertyTerms are the non-relation terms, in the order their properties
// are written inside a node.
var propertyTerms = []term{
	{Name: "name", IRI: schemaNS + "name"},
	{Name: "alternateName", IRI: schemaNS + "alternateName", Set: true},
	{Name: "sameAs", IRI: schemaNS + "sameAs", Type: ldIDType, Set: true},
	{Name: "mentions", IRI: graph.NS + "mentions", Type: xsdInt},
	{Name: "documents", IRI: graph.NS + "documents", Type: xsdInt},
	{Name: "subject", IRI: rdfNS + "subject", Type: ldIDType},
	{Name: "predicate", IRI: rdfNS + "predicate", Type: ldVocab},
	{Name: "object", IRI: rdfNS + "object", Type: ldIDType},
	{Name: "modality", IRI: graph.NS + "modality"},
	{Name: "role", IRI: graph.NS + "role"},
	{Name: "location", IRI: graph.NS + "location", Type: ldIDType},
	{Name: "date", IRI: graph.NS + "date"},
	{Name: "support", IRI: graph.NS + "support", Type: xsdInt},
	{Name: "document", IRI: graph.NS + "document", Type: ldIDType},
	{Name: "start", IRI: graph.NS + "start", Type: xsdInt},
	{Name: "end", IRI: graph.NS + "end", Type: xsdInt},
	{Name: "sentence", IRI: graph.NS + "text"},
	{Name: "statement", IRI: graph.NS + "statement", Type: ldIDType},
	{Name: "source", IRI: graph.NS + "source"},
	{Name: "sha256", IRI: graph.NS + "sha256"},
	{Name: "datePublished", IRI: schemaNS + "datePublished"},
	{Name: "headline", IRI: schemaNS + "headline"},
	{Name: "url", IRI: schemaNS + "url"},
	{Name: "quads", IRI: graph.NS + "quads", Type: xsdInt},
	{Name: "evidence", IRI: graph.NS + "statement", Reverse: true, Set: true},
}

// classTerms name the classes that are not schema.org's (schema.org's,
// Person, Country, Organization and Place, come from @vocab).
var classTerms = []struct{ Name, IRI string }{
	{"Statement", rdfNS + "Statement"},
	{"Evidence", graph.NS + "Evidence"},
	{"Document", graph.NS + "Document"},
}

// relationTerms are one term per ontology predicate, named by its id.
func relationTerms() []term {
	ts := make([]term, len(kg.Predicates))
	for i, p := range kg.Predicates {
		ts[i] = term{Name: p.ID, IRI: string(graph.RelIRI(p.ID)), Type: ldIDType, Set: true}
	}
	return ts
}

// jsonldContext is the @context of every document WriteJSONLD writes.
func jsonldContext() obj {
	c := obj{{"@vocab", schemaNS}}
	for _, t := range classTerms {
		c = append(c, kv{t.Name, t.IRI})
	}
	for _, t := range append(append([]term{}, propertyTerms...), relationTerms()...) {
		if t.Type == "" && !t.Reverse {
			if t.IRI == schemaNS+t.Name {
				continue // @vocab gives it
			}
			c = append(c, kv{t.Name, t.IRI})
			continue
		}
		def := obj{}
		if t.Reverse {
			def = append(def, kv{"@reverse", t.IRI})
		} else {
			def = append(def, kv{"@id", t.IRI})
		}
		if t.Type != "" {
			def = append(def, kv{"@type", t.Type})
		}
		c = append(c, kv{t.Name, def})
	}
	return c
}

// node is the triples of one subject.
type node struct {
	id    string
	types []string
	props map[string][]quad.Value // predicate IRI -> objects, in QuadsOf order
	kids  []*node                 // evidence nested in a statement
}

func (n *node) first(pred string) string {
	if vs := n.props[pred]; len(vs) > 0 {
		return valueKey(vs[0])
	}
	return ""
}

func (n *node) is(class string) bool {
	for _, t := range n.types {
		if t == class {
			return true
		}
	}
	return false
}

func valueKey(v quad.Value) string {
	switch x := v.(type) {
	case quad.IRI:
		return string(x)
	case quad.String:
		return string(x)
	case quad.TypedString:
		return string(x.Value)
	}
	return quad.StringOf(v)
}

func buildJSONLD(qs []quad.Quad) obj {
	nodes := map[string]*node{}
	var order []string
	for _, q := range qs {
		s := valueKey(q.Subject)
		n := nodes[s]
		if n == nil {
			n = &node{id: s, props: map[string][]quad.Value{}}
			nodes[s] = n
			order = append(order, s)
		}
		p := valueKey(q.Predicate)
		if p == rdfTypeIRI {
			if iri, ok := q.Object.(quad.IRI); ok {
				n.types = append(n.types, string(iri))
				continue
			}
		}
		n.props[p] = append(n.props[p], q.Object)
	}

	const stmtClass, evClass = rdfNS + "Statement", graph.NS + "Evidence"
	var ents, stmts, docs, other []*node
	for _, id := range order {
		n := nodes[id]
		switch {
		case n.is(evClass) && len(n.props[graph.NS+"statement"]) == 1 && nodes[n.first(graph.NS+"statement")] != nil:
			st := nodes[n.first(graph.NS+"statement")]
			st.kids = append(st.kids, n)
			delete(n.props, graph.NS+"statement") // said by the nesting
		case n.is(stmtClass):
			stmts = append(stmts, n)
		case n.is(graph.NS + "Document"):
			docs = append(docs, n)
		case isEntity(n):
			ents = append(ents, n)
		default:
			other = append(other, n)
		}
	}
	byID := func(ns []*node) {
		sort.Slice(ns, func(i, j int) bool { return ns[i].id < ns[j].id })
	}
	byID(ents)
	byID(docs)
	byID(other)
	stmtKey := func(n *node) []string {
		return []string{n.first(rdfNS + "subject"), n.first(rdfNS + "predicate"), n.first(rdfNS + "object"),
			n.first(graph.NS + "modality"), n.first(graph.NS + "role"), n.id}
	}
	sort.Slice(stmts, func(i, j int) bool { return lessStrings(stmtKey(stmts[i]), stmtKey(stmts[j])) })
	for _, st := range stmts {
		evKey := func(n *node) []string {
			return []string{n.first(graph.NS + "document"), pad(n.first(graph.NS + "start")), pad(n.first(graph.NS + "end")), n.id}
		}
		sort.Slice(st.kids, func(i, j int) bool { return lessStrings(evKey(st.kids[i]), evKey(st.kids[j])) })
	}

	terms := termsByIRI()
	out := []any{}
	for _, group := range [][]*node{ents, stmts, docs, other} {
		for _, n := range group {
			out = append(out, nodeObject(n, terms))
		}
	}
	return obj{{"@context", jsonldContext()}, {"@graph", out}}
}

func isEntity(n *node) bool {
	for _, t := range n.types {
		if strings.HasPrefix(t, schemaNS) && kg.EntityType(strings.TrimPrefix(t, schemaNS)).Valid() {
			return true
		}
	}
	return false
}

// pad makes non-negative integers sort as numbers.
func pad(s string) string {
	if len(s) < 20 {
		return strings.Repeat("0", 20-len(s)) + s
	}
	return s
}

func lessStrings(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// termsByIRI maps a predicate IRI to the term written for it (not the
// reverse ones).
func termsByIRI() map[string]term {
	m := map[string]term{}
	for _, t := range append(append([]term{}, propertyTerms...), relationTerms()...) {
		if !t.Reverse {
			m[t.IRI] = t
		}
	}
	return m
}

// typeName is the compact form of a class IRI.
func typeName(iri string) string {
	for _, t := range classTerms {
		if t.IRI == iri {
			return t.Name
		}
	}
	if rest := strings.TrimPrefix(iri, schemaNS); rest != iri && !strings.ContainsAny(rest, ":/#") {
		return rest
	}
	return iri
}

func nodeObject(n *node, terms map[string]term) obj {
	o := obj{{"@id", n.id}}
	switch len(n.types) {
	case 0:
	case 1:
		o = append(o, kv{"@type", typeName(n.types[0])})
	default:
		var ts []string
		for _, t := range n.types {
			ts = append(ts, typeName(t))
		}
		o = append(o, kv{"@type", ts})
	}
	// Known terms in their order, then the rest by IRI.
	var preds []string
	for _, t := range append(append([]term{}, propertyTerms...), relationTerms()...) {
		if _, ok := n.props[t.IRI]; ok && !t.Reverse {
			preds = append(preds, t.IRI)
		}
	}
	var rest []string
	for p := range n.props {
		if _, ok := terms[p]; !ok {
			rest = append(rest, p)
		}
	}
	sort.Strings(rest)
	preds = append(preds, rest...)

	for _, p := range preds {
		vs := n.props[p]
		t, known := terms[p]
		var compact []any
		fits := known
		for _, v := range vs {
			c, ok := compactValue(v, t)
			if !ok {
				fits = false
				break
			}
			compact = append(compact, c)
		}
		if !fits {
			// Expanded form under the full IRI: always right.
			var exp []any
			for _, v := range vs {
				exp = append(exp, expandedValue(v))
			}
			o = append(o, kv{p, exp})
			continue
		}
		if len(compact) == 1 && !t.Set {
			o = append(o, kv{t.Name, compact[0]})
		} else {
			o = append(o, kv{t.Name, compact})
		}
	}
	if len(n.kids) > 0 {
		var kids []any
		for _, k := range n.kids {
			kids = append(kids, nodeObject(k, terms))
		}
		o = append(o, kv{"evidence", kids})
	}
	return o
}

// compactValue writes v as the term's coercion expects, or reports that it
// cannot.
func compactValue(v quad.Value, t term) (any, bool) {
	switch t.Type {
	case ldIDType:
		iri, ok := v.(quad.IRI)
		return string(iri), ok
	case ldVocab:
		iri, ok := v.(quad.IRI)
		if !ok {
			return nil, false
		}
		if rel, isRel := strings.CutPrefix(string(iri), graph.RelPrefix); isRel {
			if _, known := kg.PredicateByID(rel); known {
				return rel, true
			}
		}
		// An absolute IRI stays itself under @vocab coercion.
		return string(iri), strings.Contains(string(iri), ":")
	case "":
		s, ok := v.(quad.String)
		return string(s), ok
	default:
		ts, ok := v.(quad.TypedString)
		if !ok || string(ts.Type) != t.Type {
			return nil, false
		}
		if t.Type == xsdInt {
			// A JSON number: expansion types it with the term's datatype.
			if n, err := strconv.ParseInt(string(ts.Value), 10, 64); err == nil && strconv.FormatInt(n, 10) == string(ts.Value) {
				return n, true
			}
		}
		return obj{{"@value", string(ts.Value)}, {"@type", t.Type}}, true
	}
}

// expandedValue writes v in JSON-LD's expanded value form.
func expandedValue(v quad.Value) obj {
	switch x := v.(type) {
	case quad.IRI:
		return obj{{"@id", string(x)}}
	case quad.BNode:
		return obj{{"@id", "_:" + string(x)}}
	case quad.String:
		return obj{{"@value", string(x)}}
	case quad.LangString:
		return obj{{"@value", string(x.Value)}, {"@language", x.Lang}}
	case quad.TypedString:
		return obj{{"@value", string(x.Value)}, {"@type", string(x.Type)}}
	}
	return obj{{"@value", quad.StringOf(v)}}
}

// obj is a JSON object that keeps its keys in order.
type obj []kv

type kv struct {
	K string
	V any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encodeNoEscape(&b, e.K); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := encodeNoEscape(&b, e.V); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func encodeNoEscape(b *bytes.Buffer, v any) error {
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	return nil
}
