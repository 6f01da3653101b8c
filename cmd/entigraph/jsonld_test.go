package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/piprate/json-gold/ld"

	"github.com/entigraph/entigraph/graph"
)

// TestJSONLDMatchesStore ingests the seeds, exports JSON-LD, has json-gold
// expand it and convert it to RDF, and checks that the RDF holds exactly
// the entities (type, name, aliases, sameAs) and asserted relation edges
// that the store's own quads hold.
func TestJSONLDMatchesStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if _, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", newsDir); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	out, stderr, code := entigraph(t, "", "--db", db, "export", "--format", "jsonld")
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	proc := ld.NewJsonLdProcessor()
	opts := ld.NewJsonLdOptions("")
	opts.SafeMode = true
	if _, err := proc.Expand(doc, opts); err != nil {
		t.Fatalf("json-gold Expand: %v", err)
	}
	res, err := proc.ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("json-gold ToRDF: %v", err)
	}
	fromLD := map[string]bool{}
	for _, qs := range res.(*ld.RDFDataset).Graphs {
		for _, q := range qs {
			if tr, ok := kept(ldValue(q.Subject), ldValue(q.Predicate), ldValue(q.Object)); ok {
				fromLD[tr] = true
			}
		}
	}

	st, err := graph.OpenExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	quads, err := st.Quads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fromStore := map[string]bool{}
	for _, q := range quads {
		if tr, ok := kept(storeValue(q.Subject), storeValue(q.Predicate), storeValue(q.Object)); ok {
			fromStore[tr] = true
		}
	}
	t.Logf("%d entity and relation triples in the store, %d in the JSON-LD", len(fromStore), len(fromLD))
	if len(fromStore) < 100 {
		t.Fatalf("only %d entity and relation triples in the store", len(fromStore))
	}
	if missing := diff(fromStore, fromLD); len(missing) > 0 {
		t.Errorf("%d store triples missing from the JSON-LD's RDF, e.g. %v", len(missing), missing[:min(5, len(missing))])
	}
	if extra := diff(fromLD, fromStore); len(extra) > 0 {
		t.Errorf("%d JSON-LD triples not in the store, e.g. %v", len(extra), extra[:min(5, len(extra))])
	}
}

// kept keeps the triples that describe entities and the asserted edges
// between them, in one text form.
func kept(s, p, o string) (string, bool) {
	isEntity := false
	for _, typ := range []string{"person/", "country/", "organization/", "place/"} {
		if strings.HasPrefix(s, "<"+graph.NS+typ) {
			isEntity = true
		}
	}
	if !isEntity {
		return "", false
	}
	switch {
	case p == "<"+string(graph.RDFType)+">", p == "<"+string(graph.SchemaName)+">",
		p == "<"+string(graph.SchemaAlternateName)+">", p == "<"+string(graph.SchemaSameAs)+">",
		strings.HasPrefix(p, "<"+graph.RelPrefix):
		return s + " " + p + " " + o, true
	}
	return "", false
}

func ldValue(n ld.Node) string {
	switch x := n.(type) {
	case ld.IRI:
		return "<" + x.Value + ">"
	case *ld.IRI:
		return "<" + x.Value + ">"
	case ld.Literal:
		return `"` + x.Value + `"`
	case *ld.Literal:
		return `"` + x.Value + `"`
	case ld.BlankNode:
		return "_:" + x.Attribute
	case *ld.BlankNode:
		return "_:" + x.Attribute
	}
	return "?"
}

func storeValue(v quad.Value) string {
	switch x := v.(type) {
	case quad.IRI:
		return "<" + string(x.Full()) + ">"
	case quad.String:
		return `"` + string(x) + `"`
	}
	return "?" + v.String()
}

func diff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
