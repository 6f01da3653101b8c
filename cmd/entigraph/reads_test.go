package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/view"
)

// TestIndexedReadsMatchGraph: on the seeds' store, for every entity, the
// store's indexed reads give what filtering the whole graph gives:
// Subgraph at depth 1 and 2 is export.Filter{Entity, Depth}.Apply(Graph),
// and the commands that now read through the indexes print what the
// filter over the whole graph prints.
func TestIndexedReadsMatchGraph(t *testing.T) {
	db := seedStore(t)
	ctx := context.Background()
	st, err := graph.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	g, err := st.Graph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Entities) < 30 {
		t.Fatalf("seeds store: %d entities", len(g.Entities))
	}
	js := func(v any) string {
		var b bytes.Buffer
		if err := writeJSON(&b, v); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, e := range g.Entities {
		for depth := 1; depth <= 2; depth++ {
			sub, err := st.Subgraph(ctx, []string{e.ID}, depth, graph.SubgraphOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := export.Filter{Entity: e.ID, Depth: depth}.Apply(g)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := js(sub), js(want); a != b {
				t.Fatalf("Subgraph(%s, %d):\n%s\nwant\n%s", e.ID, depth, a, b)
			}
		}
	}
	st.Close()

	// The commands, by name, against the filter over the whole graph.
	for _, e := range g.Entities {
		ids := view.Match(g.Entities, e.Name)
		if len(ids) != 1 {
			continue
		}
		want, err := export.Filter{Entity: e.Name, Depth: 2, AllModalities: true}.Apply(g)
		if err != nil {
			t.Fatal(err)
		}
		out, stderr, code := entigraph(t, "", "--db", db, "export", "-f", "json", "--entity", e.Name, "--depth", "2", "--all-modalities")
		var got kg.Graph
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
			t.Fatalf("export --entity %q: exit %d %s", e.Name, code, stderr)
		}
		if js(&got) != js(want) {
			t.Errorf("export --entity %q --depth 2 differs from the filter over the whole graph", e.Name)
		}
		out, stderr, code = entigraph(t, "", "--db", db, "relations", "-f", "json", "--evidence", "--entity", e.Name)
		var rels []kg.Relation
		if code != 0 || json.Unmarshal([]byte(out), &rels) != nil {
			t.Fatalf("relations --entity %q: exit %d %s", e.Name, code, stderr)
		}
		var wantRels []kg.Relation
		for _, r := range g.Relations {
			if r.Modality == kg.Asserted && (r.Subject == ids[0] || r.Object == ids[0]) {
				wantRels = append(wantRels, r)
			}
		}
		if js(rels) != js(orEmptyRels(wantRels)) {
			t.Errorf("relations --entity %q:\n%s\nwant\n%s", e.Name, js(rels), js(wantRels))
		}
	}
	// Two entities: the relations between them.
	out, _, code := entigraph(t, "", "--db", db, "export", "-f", "json", "--entity", "Putin", "--entity", "Kim Jong Un")
	want, err := export.Filter{Between: []string{"Putin", "Kim Jong Un"}}.Apply(g)
	if err != nil {
		t.Fatal(err)
	}
	var got kg.Graph
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || js(&got) != js(want) || len(want.Relations) == 0 {
		t.Errorf("export --entity Putin --entity \"Kim Jong Un\":\n%s\nwant\n%s", out, js(want))
	}
	// A name that names nothing: the filter's error, as before.
	if _, stderr, code := entigraph(t, "", "--db", db, "export", "--entity", "Nobody Atall"); code == 0 ||
		!strings.Contains(stderr, `no entity has the id, name or alias "Nobody Atall"`) {
		t.Errorf("export --entity of nobody: exit %d, %s", code, stderr)
	}
	// did-you-mean, from the index's candidates.
	if _, stderr, code := entigraph(t, "", "--db", db, "neighbours", "Vladimr Putin"); code == 0 ||
		!strings.Contains(stderr, "did you mean Vladimir Putin") {
		t.Errorf("neighbours of a misspelt name: exit %d, %s", code, stderr)
	}
}

func orEmptyRels(rs []kg.Relation) []kg.Relation {
	if rs == nil {
		return []kg.Relation{}
	}
	return rs
}
