package graph

import (
	"bytes"
	"context"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/entigraph/entigraph/kg"
)

func TestIRIs(t *testing.T) {
	if got := EntityIRI(putin); got != quad.IRI("urn:entigraph:person/vladimir-putin") {
		t.Errorf("EntityIRI = %v", got)
	}
	if id, ok := EntityID(quad.IRI("urn:entigraph:person/vladimir-putin")); !ok || id != putin {
		t.Errorf("EntityID = %q, %v", id, ok)
	}
	for _, v := range []quad.Value{quad.IRI("urn:entigraph:doc/abc"), quad.IRI("urn:entigraph:mentions"), quad.String("urn:entigraph:person/x"), quad.IRI("http://schema.org/Person")} {
		if id, ok := EntityID(v); ok {
			t.Errorf("EntityID(%v) = %q, want not an entity", v, id)
		}
	}
	if got := RelIRI("met_with"); got != quad.IRI("urn:entigraph:rel/met_with") {
		t.Errorf("RelIRI = %v", got)
	}
	if got := SourceIRI("news/a b#3.txt"); got != quad.IRI("urn:entigraph:source/news/a%20b%233.txt") {
		t.Errorf("SourceIRI = %v", got)
	}
	if TypeClass(kg.Country) != quad.IRI("http://schema.org/Country") || classType(quad.IRI("http://schema.org/Country")) != kg.Country {
		t.Error("TypeClass/classType")
	}
}

// writeNQuads renders quads as N-Quads text.
func writeNQuads(t *testing.T, qs []quad.Quad) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := nquads.NewWriter(&buf)
	for _, q := range qs {
		if err := w.WriteQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestQuadsOf(t *testing.T) {
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, ex := range []*kg.Extraction{anchorageDoc(t), kurskDoc(t), copyDoc(t)} {
		mustAdd(t, s, ex)
	}
	g := mustGraph(t, s)
	docs, _ := s.Documents(context.Background())

	qs := QuadsOfDocs(g, docs)
	golden(t, "export.golden.nq", writeNQuads(t, qs))

	// Parses back as N-Quads, and nothing is labelled.
	r := nquads.NewReader(bytes.NewReader(writeNQuads(t, qs)), false)
	back, err := quad.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(qs) {
		t.Errorf("%d quads read back, wrote %d", len(back), len(qs))
	}
	count := map[quad.Value]int{}
	for _, q := range qs {
		if q.Label != nil {
			t.Errorf("labelled quad in the export form: %v", q)
		}
		count[q.Predicate]++
	}
	// Exactly the asserted relations have direct edges; every relation has
	// a statement.
	asserted := 0
	for _, r := range g.Relations {
		if r.Modality == kg.Asserted {
			asserted++
		}
	}
	edges := 0
	for p, n := range count {
		if _, ok := iriSuffix(p, RelPrefix); ok {
			edges += n
		}
	}
	if edges != asserted || count[PredSupport] != len(g.Relations) || count[SchemaName] != len(g.Entities) {
		t.Errorf("edges %d (want %d), statements %d (want %d), names %d (want %d)",
			edges, asserted, count[PredSupport], len(g.Relations), count[SchemaName], len(g.Entities))
	}

	// Without document metadata, documents are named by source.
	plain := QuadsOf(g)
	found := false
	for _, q := range plain {
		if q.Subject == SourceIRI("news/kursk.txt") && q.Predicate == PredSource {
			found = true
		}
		if _, ok := iriSuffix(q.Subject, DocPrefix); ok {
			t.Errorf("QuadsOf without documents names a document by hash: %v", q)
			break
		}
	}
	if !found {
		t.Error("QuadsOf: no source-named document node for news/kursk.txt")
	}

	// A symmetric relation given in the wrong order comes out canonical.
	one := &kg.Graph{Relations: []kg.Relation{{Subject: putin, Predicate: "met_with", Object: trump, Modality: kg.Asserted, Support: 1, Evidence: []kg.Evidence{}}}}
	for _, q := range QuadsOf(one) {
		if q.Predicate == RelIRI("met_with") && q.Subject != EntityIRI(trump) {
			t.Errorf("non-canonical edge %v", q)
		}
	}
}

func TestStoreQuadsGolden(t *testing.T) {
	// The store form, as Quads() gives it for an nquads export of the
	// whole store; sorted, so it is stable.
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, anchorageDoc(t))
		qs, err := s.Quads(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "store.golden.nq", writeNQuads(t, qs))
		if st := mustStats(t, s); st.Quads != len(qs) {
			t.Errorf("Stats.Quads = %d, Quads() has %d", st.Quads, len(qs))
		}
	})
}
