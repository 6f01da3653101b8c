package graph

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"sort"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// TestTopRelationsMatchGraph: for every entity, TopRelations gives the
// relations Graph gives of it, the best supported first, with the same
// support, location and date; all of them and all their evidence with no
// bounds, and with bounds the first max of that order, each with at most
// evidence sentences (its latest statements'), and the total.
func TestTopRelationsMatchGraph(t *testing.T) {
	// Several goroutines for the least of entities (parallel).
	defer func(n int) { perWorker = n }(perWorker)
	perWorker = 1
	if runtime.GOMAXPROCS(0) < 2 {
		t.Log("GOMAXPROCS is 1: TopRelations' reads run on one goroutine")
	}
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		readsStore(t, s, 120)
		g := mustGraph(t, s)
		names := map[string]kg.Entity{}
		for _, e := range g.Entities {
			names[e.ID] = kg.Entity{ID: e.ID, Name: e.Name, Type: e.Type}
		}
		opts := []SubgraphOptions{{}, {AllModalities: true}, {Predicates: []string{"met_with"}, MinSupport: 2}}
		stride := sampleStride(t)
		hubs := 0
		for i, e := range g.Entities {
			if i%stride != 0 {
				continue
			}
			for _, o := range opts {
				var want []kg.Relation
				for _, r := range g.Relations {
					if (r.Subject == e.ID || r.Object == e.ID) && o.keeps(r) {
						want = append(want, r)
					}
				}
				sort.SliceStable(want, func(i, j int) bool { return want[i].Support > want[j].Support })
				all, err := s.TopRelations(ctx, e.ID, o, -1, -1)
				if err != nil {
					t.Fatalf("TopRelations(%s, %+v): %v", e.ID, o, err)
				}
				if all.Total != len(want) || len(all.Relations) != len(want) || all.Entity.ID != e.ID || all.Entity.Mentions != e.Mentions {
					t.Fatalf("TopRelations(%s, %+v): %d of %d relations, entity %+v; want %d, entity %+v", e.ID, o, len(all.Relations), all.Total, all.Entity, len(want), e)
				}
				for j, r := range all.Relations {
					evs := append([]kg.Evidence(nil), r.Evidence...)
					sortEvidence(evs)
					r.Evidence = evs
					if a, b := marshal(t, r), marshal(t, want[j]); string(a) != string(b) {
						t.Fatalf("TopRelations(%s, %+v) relation %d:\n%s\nwant\n%s", e.ID, o, j, a, b)
					}
					for _, x := range []string{r.Subject, r.Object, r.Location} {
						if x != "" && x != e.ID && !reflect.DeepEqual(all.Names[x], names[x]) {
							t.Fatalf("TopRelations(%s): name of %s %+v, want %+v", e.ID, x, all.Names[x], names[x])
						}
					}
				}
				if len(want) < 3 {
					continue
				}
				hubs++
				top, err := s.TopRelations(ctx, e.ID, o, 2, 1)
				if err != nil {
					t.Fatal(err)
				}
				if top.Total != len(want) || len(top.Relations) != 2 {
					t.Fatalf("TopRelations(%s, max 2): %d of %d, want 2 of %d", e.ID, len(top.Relations), top.Total, len(want))
				}
				for j, r := range top.Relations {
					if len(r.Evidence) != 1 {
						t.Fatalf("TopRelations(%s, evidence 1): %d sentences", e.ID, len(r.Evidence))
					}
					full := all.Relations[j]
					if r.Evidence[0] != full.Evidence[0] {
						t.Errorf("TopRelations(%s, evidence 1): %+v, want the first of all: %+v", e.ID, r.Evidence[0], full.Evidence[0])
					}
					r.Evidence, full.Evidence = nil, nil
					if a, b := marshal(t, r), marshal(t, full); string(a) != string(b) {
						t.Fatalf("TopRelations(%s, max 2) relation %d:\n%s\nwant\n%s", e.ID, j, a, b)
					}
				}
			}
		}
		if hubs == 0 {
			t.Fatal("no entity with 3 relations or more: the bounds went untested")
		}
		if _, err := s.TopRelations(ctx, "person/nobody", SubgraphOptions{}, 10, 3); !errors.Is(err, ErrNoEntity) {
			t.Errorf("TopRelations of an unknown id: %v", err)
		}
	})
}

// TestReadOnlyRecordCache: a bolt store opened read-only keeps the
// entity records it reads (recordCache); its reads give what Graph gives,
// the first time and again from the cache.
func TestReadOnlyRecordCache(t *testing.T) {
	ctx := context.Background()
	dir := "bolt://" + t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	readsStore(t, s, 60)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ro.recs == nil {
		t.Fatal("a read-only bolt store keeps no record cache")
	}
	g := mustGraph(t, ro)
	for pass := range 2 {
		for _, e := range g.Entities {
			got, err := ro.Entity(ctx, e.ID)
			if err != nil || !reflect.DeepEqual(got, e) {
				t.Fatalf("pass %d: Entity(%s) = %+v, %v; want %+v", pass, e.ID, got, err, e)
			}
			found, err := ro.FindEntities(ctx, e.Name, e.Type, 0)
			if err != nil {
				t.Fatal(err)
			}
			ok := false
			for _, f := range found {
				ok = ok || reflect.DeepEqual(f, e)
			}
			if !ok {
				t.Fatalf("pass %d: FindEntities(%q) = %+v, without %+v", pass, e.Name, found, e)
			}
		}
		if len(ro.recs.parts) == 0 {
			t.Fatalf("pass %d: nothing cached", pass)
		}
	}
}
