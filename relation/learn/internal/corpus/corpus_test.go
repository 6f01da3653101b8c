package corpus

import (
	"fmt"
	"slices"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

func keys(ds []*Doc) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Key)
	}
	return out
}

// TestSplit: the split depends on the keys only, not on their order; the
// two parts are disjoint and cover the input; a longer list keeps each
// document's side (the order is by each key's own hash).
func TestSplit(t *testing.T) {
	var docs []*Doc
	for i := range 300 {
		docs = append(docs, &Doc{Key: fmt.Sprintf("train-%04d.txt", i)})
	}
	train, dev := Split(docs, 60)
	if len(train) != 240 || len(dev) != 60 {
		t.Fatalf("%d train, %d dev", len(train), len(dev))
	}
	rev := slices.Clone(docs)
	slices.Reverse(rev)
	train2, dev2 := Split(rev, 60)
	if !slices.Equal(keys(train), keys(train2)) || !slices.Equal(keys(dev), keys(dev2)) {
		t.Error("the split depends on the input order")
	}
	all := append(keys(train), keys(dev)...)
	slices.Sort(all)
	if !slices.Equal(all, keys(docs)) {
		t.Error("the parts do not cover the input exactly")
	}
}

// TestGraph: entities of several documents merge by id with their aliases
// joined; relations are kept, sorted.
func TestGraph(t *testing.T) {
	d1 := &Doc{Key: "a.txt", A: &kg.Annotated{Entities: []kg.Entity{{ID: "person/x", Name: "X", Type: kg.Person, Aliases: []string{"X"}}}}}
	d2 := &Doc{Key: "b.txt", A: &kg.Annotated{Entities: []kg.Entity{{ID: "person/x", Name: "X", Type: kg.Person, Aliases: []string{"Mr X"}},
		{ID: "country/y", Name: "Y", Type: kg.Country, Aliases: []string{"Y"}}}}}
	g := Graph([]*Doc{d1, d2}, func(i int) []kg.Relation {
		return []kg.Relation{{Subject: "person/x", Predicate: "visited", Object: "country/y", Modality: kg.Asserted,
			Evidence: []kg.Evidence{{Doc: []string{"a.txt", "b.txt"}[i]}}}}
	})
	if len(g.Entities) != 2 || g.Entities[1].ID != "person/x" || !slices.Equal(g.Entities[1].Aliases, []string{"X", "Mr X"}) {
		t.Errorf("entities %+v", g.Entities)
	}
	if len(g.Relations) != 2 {
		t.Errorf("relations %+v", g.Relations)
	}
}
