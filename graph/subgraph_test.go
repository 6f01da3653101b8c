package graph

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/view"
)

// egoGraph is what export.Filter{Entity: id, Depth: depth} keeps of g with
// options o (Filter's rules, over view.Neighbours as Filter does: the
// export package imports this one, so the test cannot call it; the cmd
// tests compare with Filter itself).
func egoGraph(g *kg.Graph, ids []string, depth int, o SubgraphOptions) *kg.Graph {
	var rels []kg.Relation
	for _, r := range g.Relations {
		if o.keeps(r) {
			rels = append(rels, r)
		}
	}
	ego := view.Neighbours(rels, ids, depth)
	out := &kg.Graph{Entities: []kg.Entity{}, Relations: []kg.Relation{}}
	for _, e := range g.Entities {
		if _, ok := ego[e.ID]; ok {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, r := range rels {
		_, a := ego[r.Subject]
		_, b := ego[r.Object]
		if a && b {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}

// readsStore is a store with renames, merges, negated and reported
// relations, locations and dates: the fixtures, the KCNA articles (whose
// nodes are renamed as they come) and the synthetic corpus.
func readsStore(t *testing.T, s *Store, synthetic int) {
	t.Helper()
	for _, ex := range []*kg.Extraction{anchorageDoc(t), kurskDoc(t), copyDoc(t), kcnaDocA(t), kcnaDocB(t), kcnaDocC(t)} {
		mustAdd(t, s, ex)
	}
	for _, ex := range syntheticCorpus(synthetic) {
		mustAdd(t, s, ex)
	}
}

// sampleStride is how many entities a test over every entity of the reads
// store steps by: 1, except on PostgreSQL, where each look-up is a round
// trip to the server and all of them took minutes: there every 7th.
func sampleStride(t *testing.T) int {
	if strings.HasSuffix(t.Name(), "/postgres") {
		return 7
	}
	return 1
}

// TestSubgraphMatchesGraph: for every entity, depth 1 and 2, with and
// without options, Subgraph gives byte for byte what filtering Graph
// gives.
func TestSubgraphMatchesGraph(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		readsStore(t, s, 120)
		g := mustGraph(t, s)
		if len(g.Entities) < 100 || len(g.Relations) < 100 {
			t.Fatalf("store too small: %d entities, %d relations", len(g.Entities), len(g.Relations))
		}
		opts := []SubgraphOptions{{}, {AllModalities: true}, {Predicates: []string{"met_with", "criticized"}}, {MinSupport: 2, AllModalities: true}}
		stride := sampleStride(t)
		for i, e := range g.Entities {
			if i%stride != 0 {
				continue
			}
			for depth := 0; depth <= 2; depth++ {
				if depth == 2 && i%5 != 0 {
					continue
				}
				for oi, o := range opts {
					if oi > 0 && i%3 != 0 {
						continue
					}
					got, err := s.Subgraph(ctx, []string{e.ID}, depth, o)
					if err != nil {
						t.Fatalf("Subgraph(%s, %d, %+v): %v", e.ID, depth, o, err)
					}
					want := egoGraph(g, []string{e.ID}, depth, o)
					if a, b := marshal(t, got), marshal(t, want); string(a) != string(b) {
						t.Fatalf("Subgraph(%s, %d, %+v):\n%s\nwant\n%s", e.ID, depth, o, a, b)
					}
				}
			}
			one, err := s.Entity(ctx, e.ID)
			if err != nil || !reflect.DeepEqual(one, e) {
				t.Fatalf("Entity(%s) = %+v, %v; want %+v", e.ID, one, err, e)
			}
		}
		// Several centres at once.
		ids := []string{trump, kim, "organization/korean-central-news-agency"}
		got, err := s.Subgraph(ctx, ids, 1, SubgraphOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if a, b := marshal(t, got), marshal(t, egoGraph(g, ids, 1, SubgraphOptions{})); string(a) != string(b) {
			t.Fatalf("Subgraph(%v):\n%s\nwant\n%s", ids, a, b)
		}
		if _, err := s.Subgraph(ctx, []string{"person/nobody"}, 1, SubgraphOptions{}); !errors.Is(err, ErrNoEntity) {
			t.Errorf("Subgraph of an unknown id: %v", err)
		}
		if _, err := s.Entity(ctx, "organization/kcna"); !errors.Is(err, ErrNoEntity) {
			t.Errorf("Entity of a renamed node's old id: %v", err)
		}
		if _, err := s.Entity(ctx, "not an id"); !errors.Is(err, ErrNoEntity) {
			t.Errorf("Entity of a malformed id: %v", err)
		}
	})
}

// TestSubgraphMaxNodes: the walk stops at MaxNodes entities, keeping the
// centre and the best supported neighbours.
func TestSubgraphMaxNodes(t *testing.T) {
	s := memStore(t)
	readsStore(t, s, 60)
	ctx := context.Background()
	g := mustGraph(t, s)
	// The entity with the most neighbours.
	nb := map[string]map[string]bool{}
	for _, r := range g.Relations {
		if r.Modality != kg.Asserted {
			continue
		}
		for _, p := range [][2]string{{r.Subject, r.Object}, {r.Object, r.Subject}} {
			if nb[p[0]] == nil {
				nb[p[0]] = map[string]bool{}
			}
			nb[p[0]][p[1]] = true
		}
	}
	hub := ""
	for id, m := range nb {
		if hub == "" || len(m) > len(nb[hub]) || len(m) == len(nb[hub]) && id < hub {
			hub = id
		}
	}
	if len(nb[hub]) < 6 {
		t.Fatalf("hub %s has %d neighbours", hub, len(nb[hub]))
	}
	got, err := s.Subgraph(ctx, []string{hub}, 2, SubgraphOptions{MaxNodes: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entities) != 5 {
		t.Fatalf("MaxNodes 5: %d entities", len(got.Entities))
	}
	support := map[string]int{}
	for _, r := range g.Relations {
		if r.Modality == kg.Asserted && (r.Subject == hub || r.Object == hub) {
			support[r.Subject] += r.Support
			support[r.Object] += r.Support
		}
	}
	delete(support, hub)
	var ranked []string
	for id := range support {
		ranked = append(ranked, id)
	}
	sort.Slice(ranked, func(i, j int) bool {
		if support[ranked[i]] != support[ranked[j]] {
			return support[ranked[i]] > support[ranked[j]]
		}
		return ranked[i] < ranked[j]
	})
	want := append([]string{hub}, ranked[:4]...)
	sort.Strings(want)
	if got := ids(got); !reflect.DeepEqual(got, want) {
		t.Errorf("MaxNodes 5 kept %v, want %v", got, want)
	}
}

// TestPathMatchesGraph: Path's graph holds exactly the shortest paths
// view.Paths finds over the whole graph, for many pairs.
func TestPathMatchesGraph(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		readsStore(t, s, 80)
		g := mustGraph(t, s)
		var asserted []kg.Relation
		for _, r := range g.Relations {
			if r.Modality == kg.Asserted {
				asserted = append(asserted, r)
			}
		}
		pairs, found := 0, 0
		for i := 0; i < len(g.Entities); i += 7 * sampleStride(t) {
			for j := 3; j < len(g.Entities); j += 11 {
				a, b := g.Entities[i].ID, g.Entities[j].ID
				for _, limit := range []int{0, 2} {
					want := view.Paths(asserted, a, b, 0, limit)
					pg, err := s.Path(ctx, a, b, 0, limit)
					if err != nil {
						t.Fatalf("Path(%s, %s): %v", a, b, err)
					}
					got := view.Paths(pg.Relations, a, b, 0, 0)
					if a == b {
						got = [][]string{{a}}
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("Path(%s, %s, limit %d) paths\n%v\nwant\n%v", a, b, limit, got, want)
					}
					// Its relations are Graph's, whole.
					for _, r := range pg.Relations {
						if !containsRelation(g.Relations, r) {
							t.Fatalf("Path(%s, %s): relation %+v is not Graph's", a, b, r)
						}
					}
					if len(want) > 0 && a != b {
						found++
						if len(pg.Entities) == 0 || len(pg.Relations) == 0 {
							t.Fatalf("Path(%s, %s): empty graph", a, b)
						}
					}
				}
				pairs++
			}
		}
		if found < pairs/4 {
			t.Fatalf("only %d of %d pairs joined: too sparse a test", found, 2*pairs)
		}
		// maxHops cuts.
		long := view.Paths(asserted, g.Entities[0].ID, g.Entities[len(g.Entities)-1].ID, 0, 1)
		if len(long) > 0 && len(long[0]) > 2 {
			pg, err := s.Path(ctx, g.Entities[0].ID, g.Entities[len(g.Entities)-1].ID, len(long[0])-2, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(pg.Relations) != 0 {
				t.Errorf("maxHops below the distance: %d relations", len(pg.Relations))
			}
		}
		if _, err := s.Path(ctx, trump, "person/nobody", 0, 0); !errors.Is(err, ErrNoEntity) {
			t.Errorf("Path to an unknown id: %v", err)
		}
	})
}

func containsRelation(rs []kg.Relation, r kg.Relation) bool {
	for _, x := range rs {
		if reflect.DeepEqual(x, r) {
			return true
		}
	}
	return false
}

func findIDs(t *testing.T, s *Store, q string, typ kg.EntityType, limit int) []string {
	t.Helper()
	es, err := s.FindEntities(context.Background(), q, typ, limit)
	if err != nil {
		t.Fatalf("FindEntities(%q): %v", q, err)
	}
	out := []string{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestFindEntities(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		readsStore(t, s, 0)
		g := mustGraph(t, s)
		for _, c := range []struct {
			q     string
			typ   kg.EntityType
			limit int
			want  []string
		}{
			{"Vladimir Putin", "", 0, []string{putin}},
			{"vladimir putin", "", 0, []string{putin}},
			{"Puti", "", 0, []string{putin}},
			{"pu", "", 0, []string{putin}},
			{"p", kg.Person, 1, []string{putin}},
			{"Mr Putin", "", 0, []string{putin}}, // an alias
			{"Ms Putin", "", 0, []string{}},
			{"Putin", kg.Country, 0, []string{}},
			{"trump", "", 0, []string{trump}},
			{"donald t", "", 0, []string{trump}},
			{"Korean", "", 0, []string{"organization/korean-central-news-agency", nkorea}},
			{"KCNA", "", 0, []string{"organization/korean-central-news-agency"}}, // an alias
			{"Zelensk", kg.Person, 0, []string{"person/volodymyr-zelenskiy"}},
			{"Zelenskyy", kg.Person, 0, []string{"person/volodymyr-zelenskiy"}}, // an alias, whole
			{"Russ", "", 0, []string{russia}},
			{"a", "", 2, []string{"organization/korean-central-news-agency", anchorage}}, // agency; by documents, then mentions (Anchorage 2, 3 mentions; Alaska 2, fewer),
			{"Joint Base Elmendorf", "", 0, []string{jber}},
			{"jong u", "", 0, []string{kim}},
			{"kim jong un", kg.Person, 0, []string{kim}},
			{"jong kim", "", 0, []string{}},
			{"elmendorf", "", 0, []string{jber}},
			{"", "", 0, []string{}},
			{"!!", "", 0, []string{}},
		} {
			got := findIDs(t, s, c.q, c.typ, c.limit)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("FindEntities(%q, %q, %d) = %v, want %v", c.q, c.typ, c.limit, got, c.want)
			}
		}
		// An exact name comes before a word of another's, whatever
		// their support.
		if got := findIDs(t, s, "korean", "", 1); !reflect.DeepEqual(got, []string{"organization/korean-central-news-agency"}) {
			t.Errorf("korean, limit 1: %v", got)
		}
		if got := findIDs(t, s, "north korea", "", 0); !reflect.DeepEqual(got, []string{nkorea}) {
			t.Errorf("north korea: %v", got)
		}
		_ = g
	})
}

// TestFindEntitiesAfterRewrites: the index follows a renamed, a merged and
// a split entity.
func TestFindEntitiesAfterRewrites(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, kcnaDocA(t))
		if got := findIDs(t, s, "kcna", "", 0); !reflect.DeepEqual(got, []string{"organization/kcna"}) {
			t.Fatalf("before the rename: %v", got)
		}
		mustAdd(t, s, kcnaDocB(t)) // renames organization/kcna
		want := []string{"organization/korean-central-news-agency"}
		for _, q := range []string{"kcna", "KCNA", "korean central", "News Agency", "agen"} {
			if got := findIDs(t, s, q, "", 0); !reflect.DeepEqual(got, want) {
				t.Errorf("after the rename, %q: %v, want %v", q, got, want)
			}
		}
		if got := findIDs(t, s, "Volodymyr", "", 0); !reflect.DeepEqual(got, []string{"person/volodimir-zelenskyy"}) {
			t.Errorf("a renamed person by its old name: %v", got)
		}
		mustClean(t, s)

		// Merge and split, resolution off.
		m := memStore(t)
		m.SetResolution(Resolution{Off: true})
		mustAdd(t, m, kcnaDocA(t))
		mustAdd(t, m, kcnaDocB(t))
		id, err := m.Merge(ctx, "person/volodymyr-zelenskiy", "person/volodimir-zelenskyy")
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"Volodymyr Zelenskiy", "volodimir", "zelenskiy"} {
			if got := findIDs(t, m, q, "", 0); !reflect.DeepEqual(got, []string{id}) {
				t.Errorf("after the merge, %q: %v, want [%s]", q, got, id)
			}
		}
		mustClean(t, m)
		_, moved, err := m.Split(ctx, id, []string{"Volodymyr Zelenskiy"})
		if err != nil {
			t.Fatal(err)
		}
		if got := findIDs(t, m, "volodymyr", "", 0); !reflect.DeepEqual(got, []string{moved}) {
			t.Errorf("after the split, volodymyr: %v, want [%s]", got, moved)
		}
		if got := findIDs(t, m, "volodimir", "", 0); !reflect.DeepEqual(got, []string{id}) {
			t.Errorf("after the split, volodimir: %v, want [%s]", got, id)
		}
		// (Check finds two statements left without evidence by Split,
		// with or without the search index: not this test's business.)
		mustVerify(t, m)
	})
}

func TestSearchKeys(t *testing.T) {
	for _, c := range []struct {
		name string
		want []string
	}{
		{"Bill Clinton", []string{"bil", "cli"}},
		{"Kim Jong-un", []string{"kim", "jon", "un"}},
		{"U.S.", []string{"us"}},
		{"Jonas Gahr Støre", []string{"jon", "gah", "sto"}},
		{"Ana Ana", []string{"ana"}},
		{"", nil},
	} {
		if got := searchKeys(c.name); !reflect.DeepEqual(got, c.want) {
			t.Errorf("searchKeys(%q) = %v, want %v", c.name, got, c.want)
		}
	}
	if got := searchKeysFor("pu"); len(got) != 1+len(keyAlphabet) || got[0] != "pu" || got[1] != "pua" {
		t.Errorf("searchKeysFor(pu) = %v", got)
	}
	if got := searchKeysFor("put"); !reflect.DeepEqual(got, []string{"put"}) {
		t.Errorf("searchKeysFor(put) = %v", got)
	}
}

// TestLookupEntity: MatchEntities and LookupEntity answer as view.Match
// and view.Lookup over every entity do, from the index's candidates.
func TestLookupEntity(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		readsStore(t, s, 40)
		g := mustGraph(t, s)
		queries := []string{"Putin", "putin", "Vladimir Putin", "person/vladimir-putin", "PERSON/VLADIMIR-PUTIN", "KCNA",
			"Zelenskiy", "volodymyr zelenskyy", "Joint Base Elmendorf-Richardson", "Anchorage", "US", "u.s.", "Putn",
			"Vladimr Putin", "nobody at all", "Korean", "Anna Adler", "ANNA ADLER", "Republic of Costa"}
		for i, e := range g.Entities {
			if i%sampleStride(t) != 0 {
				continue
			}
			queries = append(queries, e.Name, e.ID)
			queries = append(queries, e.Aliases...)
		}
		for _, q := range queries {
			want, wantErr := view.Lookup(g.Entities, q)
			got, err := s.LookupEntity(ctx, q)
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Errorf("LookupEntity(%q): %v; view.Lookup: %v", q, err, wantErr)
				continue
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("LookupEntity(%q) = %+v, want %+v", q, got, want)
			}
			ms, _ := s.MatchEntities(ctx, q)
			var ids []string
			for _, e := range ms {
				ids = append(ids, e.ID)
			}
			if wantIDs := view.Match(g.Entities, q); !reflect.DeepEqual(ids, wantIDs) {
				t.Errorf("MatchEntities(%q) = %v, want %v", q, ids, wantIDs)
			}
		}
	})
}
