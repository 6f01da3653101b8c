package graph

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
	"github.com/entigraph/entigraph/resolve/plan"
)

// simpleDoc builds a one-sentence-per-relation document: each relation is
// "subject-name predicate object-name." with its evidence; every entity
// gets one mention per sentence it is in.
type simpleRel struct {
	subj, pred, obj string // entity names, as in ents
}

func simpleDoc(t testing.TB, id string, ents []kg.Entity, rels ...simpleRel) *kg.Extraction {
	t.Helper()
	byName := map[string]kg.Entity{}
	for _, e := range ents {
		byName[e.Name] = e
	}
	var text strings.Builder
	type span struct{ start, end int }
	var spans []span
	for _, r := range rels {
		s := r.subj + " " + strings.ReplaceAll(r.pred, "_", " ") + " " + r.obj + "."
		spans = append(spans, span{text.Len(), text.Len() + len(s)})
		text.WriteString(s + " ")
	}
	for _, e := range ents {
		text.WriteString(e.Name + ". ")
	}
	d := newDoc(id, "", "", text.String())
	ex := &kg.Extraction{Doc: d, Entities: ents}
	for i, r := range rels {
		s, o := byName[r.subj], byName[r.obj]
		if s.ID == "" || o.ID == "" {
			t.Fatalf("fixture %s: unknown entity in %v", id, r)
		}
		ex.Relations = append(ex.Relations, kg.Relation{Subject: s.ID, Predicate: r.pred, Object: o.ID, Modality: kg.Asserted,
			Support: 1, Evidence: []kg.Evidence{{Doc: id, Start: spans[i].start, End: spans[i].end, Sentence: d.Text[spans[i].start:spans[i].end]}}})
	}
	return ex
}

// Two articles: one writes only "KCNA" and "Volodymyr Zelenskiy", the
// other "Korean Central News Agency (KCNA)" and "Volodimir Zelenskyy".
func kcnaDocA(t testing.TB) *kg.Extraction {
	return simpleDoc(t, "a.txt", []kg.Entity{
		ent(kg.Organization, "KCNA", 2, "KCNA"),
		ent(kg.Person, "Volodymyr Zelenskiy", 2, "Volodymyr Zelenskiy", "Zelenskiy"),
		ent(kg.Person, "Rafael Grossi", 2, "Rafael Grossi"),
	}, simpleRel{"Volodymyr Zelenskiy", "met_with", "Rafael Grossi"},
		simpleRel{"Volodymyr Zelenskiy", "criticized", "KCNA"})
}

func kcnaDocB(t testing.TB) *kg.Extraction {
	return simpleDoc(t, "b.txt", []kg.Entity{
		ent(kg.Organization, "Korean Central News Agency", 2, "KCNA", "Korean Central News Agency"),
		ent(kg.Person, "Volodimir Zelenskyy", 2, "Volodimir Zelenskyy"),
		ent(kg.Person, "Rafael Grossi", 1, "Grossi"),
	}, simpleRel{"Volodimir Zelenskyy", "criticized", "Korean Central News Agency"},
		simpleRel{"Rafael Grossi", "praised", "Volodimir Zelenskyy"})
}

func kcnaDocC(t testing.TB) *kg.Extraction {
	return simpleDoc(t, "c.txt", []kg.Entity{
		ent(kg.Organization, "KCNA", 1, "KCNA"),
		ent(kg.Person, "Volodymyr Zelenskyy", 1, "Volodymyr Zelenskyy"),
		ent(kg.Person, "Rafael Grossi", 1, "Rafael Grossi"),
	}, simpleRel{"Volodymyr Zelenskyy", "met_with", "Rafael Grossi"})
}

func ids(g *kg.Graph) []string {
	var out []string
	for _, e := range g.Entities {
		out = append(out, e.ID)
	}
	return out
}

func entityByID(g *kg.Graph, id string) (kg.Entity, bool) {
	for _, e := range g.Entities {
		if e.ID == id {
			return e, true
		}
	}
	return kg.Entity{}, false
}

func storeQuads(t *testing.T, s *Store) []string {
	t.Helper()
	qs, err := s.Quads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	return out
}

// memStore opens an in-memory store, closed when the test ends.
func memStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustVerify(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Verify(context.Background()); err != nil {
		t.Fatalf("Verify: %v", err)
	}
}

func TestResolveAcrossDocuments(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, kcnaDocA(t))
		mustAdd(t, s, kcnaDocB(t))
		mustVerify(t, s)
		g := mustGraph(t, s)
		want := []string{"organization/korean-central-news-agency", "person/rafael-grossi", "person/volodimir-zelenskyy"}
		if got := ids(g); !reflect.DeepEqual(got, want) {
			t.Fatalf("entities %v, want %v", got, want)
		}
		k, _ := entityByID(g, "organization/korean-central-news-agency")
		if k.Name != "Korean Central News Agency" || k.Documents != 2 || k.Mentions != 4 {
			t.Errorf("KCNA node: %+v", k)
		}
		z, _ := entityByID(g, "person/volodimir-zelenskyy")
		if wantA := []string{"Volodimir Zelenskyy", "Volodymyr Zelenskiy", "Zelenskiy"}; !reflect.DeepEqual(z.Aliases, wantA) || z.Documents != 2 {
			t.Errorf("Zelenskyy node: %+v", z)
		}
		// Every relation kept its evidence, under the new ids.
		var got []string
		for _, r := range g.Relations {
			got = append(got, r.Subject+" "+r.Predicate+" "+r.Object+" "+r.Evidence[0].Doc)
		}
		wantR := []string{
			"person/rafael-grossi met_with person/volodimir-zelenskyy a.txt",
			"person/rafael-grossi praised person/volodimir-zelenskyy b.txt",
			"person/volodimir-zelenskyy criticized organization/korean-central-news-agency a.txt",
		}
		if len(got) != 3 || !reflect.DeepEqual(got, wantR) {
			// criticized is stated in both documents: one relation, two evidences.
			t.Errorf("relations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantR, "\n"))
		}
		for _, r := range g.Relations {
			if r.Predicate == "criticized" && (r.Support != 2 || len(r.Evidence) != 2) {
				t.Errorf("criticized: support %d, %d evidences; want 2, 2", r.Support, len(r.Evidence))
			}
		}
		// A third article's spelling: the longest form stays, the most
		// used spelling of it wins once it leads.
		mustAdd(t, s, kcnaDocC(t))
		mustVerify(t, s)
		g = mustGraph(t, s)
		want = []string{"organization/korean-central-news-agency", "person/rafael-grossi", "person/volodymyr-zelenskyy"}
		if got := ids(g); !reflect.DeepEqual(got, want) {
			t.Fatalf("after c.txt: entities %v, want %v", got, want)
		}
	})
}

// TestResolveOrderStable adds the same documents in every order: the
// graph and the stored quads are identical.
func TestResolveOrderStable(t *testing.T) {
	docs := []func(testing.TB) *kg.Extraction{kcnaDocA, kcnaDocB, kcnaDocC, anchorageDoc, kurskDoc}
	var perms [][]int // all 120 orders
	var permute func(p []int, k int)
	permute = func(p []int, k int) {
		if k == len(p) {
			perms = append(perms, append([]int(nil), p...))
			return
		}
		for i := k; i < len(p); i++ {
			p[k], p[i] = p[i], p[k]
			permute(p, k+1)
			p[k], p[i] = p[i], p[k]
		}
	}
	permute([]int{0, 1, 2, 3, 4}, 0)
	var first []string
	var firstG []byte
	for _, p := range perms {
		s, err := Open(context.Background(), "memory")
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range p {
			mustAdd(t, s, docs[i](t))
		}
		mustVerify(t, s)
		q := storeQuads(t, s)
		g := marshal(t, mustGraph(t, s))
		s.Close()
		if first == nil {
			first, firstG = q, g
			continue
		}
		if string(g) != string(firstG) {
			t.Errorf("order %v: graph differs from order %v", p, perms[0])
		}
		if !reflect.DeepEqual(q, first) {
			for i := range min(len(q), len(first)) {
				if q[i] != first[i] {
					t.Fatalf("order %v: quads differ first at %d:\n got %s\nwant %s", p, i, q[i], first[i])
				}
			}
			t.Fatalf("order %v: %d quads, want %d", p, len(q), len(first))
		}
	}
}

// Near misses: people whose names differ by a letter stay apart unless
// what surrounds them says they are one.
func TestResolveNearMisses(t *testing.T) {
	p := func(name string) kg.Entity { return ent(kg.Person, name, 1, name) }
	o := func(name string) kg.Entity { return ent(kg.Organization, name, 1, name) }
	cases := []struct {
		name string
		docs [][]kg.Entity // entities of each document; the first meets the others
		want []string      // person ids
	}{
		{"short given names never merge, shared context or not",
			[][]kg.Entity{{p("Jon Smith"), p("Ivan Orlov")}, {p("Jan Smith"), p("Ivan Orlov")}},
			[]string{"person/ivan-orlov", "person/jan-smith", "person/jon-smith"}},
		{"one letter apart, different company: apart",
			[][]kg.Entity{{p("Maria Petrova"), p("Ivan Orlov")}, {p("Marina Petrova"), p("Oleg Sokolov")}},
			[]string{"person/ivan-orlov", "person/maria-petrova", "person/marina-petrova", "person/oleg-sokolov"}},
		{"one letter apart, one shared co-mention: still apart",
			[][]kg.Entity{{p("Maria Petrova"), p("Ivan Orlov")}, {p("Marina Petrova"), p("Ivan Orlov")}},
			[]string{"person/ivan-orlov", "person/maria-petrova", "person/marina-petrova"}},
		{"one letter apart, two shared co-mentions: one person",
			[][]kg.Entity{{p("Maria Petrova"), p("Ivan Orlov"), o("Gazprom")}, {p("Marina Petrova"), p("Ivan Orlov"), o("Gazprom")}},
			[]string{"person/ivan-orlov", "person/maria-petrova"}},
		{"transliterations, shared co-mention: one person",
			[][]kg.Entity{{p("Volodymyr Zelenskyy"), p("Rafael Grossi")}, {p("Volodimir Zelensky"), p("Rafael Grossi")}},
			[]string{"person/rafael-grossi", "person/volodimir-zelensky"}},
		{"transliterations, nothing shared: apart",
			[][]kg.Entity{{p("Volodymyr Zelenskyy"), p("Rafael Grossi")}, {p("Volodimir Zelensky"), p("Ivan Orlov")}},
			[]string{"person/ivan-orlov", "person/rafael-grossi", "person/volodimir-zelensky", "person/volodymyr-zelenskyy"}},
		{"transliterations named apart in one document: apart",
			[][]kg.Entity{{p("Volodymyr Zelenskyy"), p("Rafael Grossi")}, {p("Volodimir Zelensky"), p("Rafael Grossi"), p("Volodymyr Zelenskyy")}},
			[]string{"person/rafael-grossi", "person/volodimir-zelensky", "person/volodymyr-zelenskyy"}},
		{"one shared name part, shared context: apart",
			[][]kg.Entity{{p("Ahmed Ali"), p("Ivan Orlov"), o("Gazprom")}, {p("Ali Hassan Ali"), p("Ivan Orlov"), o("Gazprom")}},
			[]string{"person/ahmed-ali", "person/ali-hassan-ali", "person/ivan-orlov"}},
		{"same surname, other given name: apart",
			[][]kg.Entity{{p("Kim Jong Un"), p("Vladimir Putin")}, {p("Kim Yo Jong"), p("Vladimir Putin")}},
			[]string{"person/kim-jong-un", "person/kim-yo-jong", "person/vladimir-putin"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := memStore(t)
			for i, es := range c.docs {
				var rels []simpleRel
				for _, e := range es[1:] {
					if e.Type == kg.Person {
						rels = append(rels, simpleRel{es[0].Name, "met_with", e.Name})
					}
				}
				mustAdd(t, s, simpleDoc(t, string(rune('a'+i))+".txt", es, rels...))
			}
			mustVerify(t, s)
			var got []string
			for _, id := range ids(mustGraph(t, s)) {
				if kg.TypeOfID(id) == kg.Person {
					got = append(got, id)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("people %v, want %v", got, c.want)
			}
		})
	}
}

// Organization variants across documents: the legal form aside, one
// company; "&" acronyms; near misses stay apart.
func TestResolveOrgVariants(t *testing.T) {
	o := func(name string, aliases ...string) kg.Entity {
		return ent(kg.Organization, name, 1, append([]string{name}, aliases...)...)
	}
	pl := func(name string) kg.Entity { return ent(kg.Place, name, 1, name) }
	per := func(name string) kg.Entity { return ent(kg.Person, name, 1, name) }
	cases := []struct {
		name string
		docs [][]kg.Entity
		want []string // entity ids
	}{
		{"legal forms", [][]kg.Entity{{o("Hyundai Motors Corporation")}, {o("Hyundai Motors")}, {o("Siemens AG")}, {o("Siemens")}, {o("Barclays")}, {o("Barclays PLC")}},
			[]string{"organization/barclays-plc", "organization/hyundai-motors-corporation", "organization/siemens-ag"}},
		{"a broadcaster and its news division", [][]kg.Entity{{o("CBS News")}, {o("CBS")}},
			[]string{"organization/cbs-news"}},
		{"the State Department", [][]kg.Entity{{o("the State Department")}, {o("State Department")}},
			[]string{"organization/state-department"}},
		{"ampersand acronym tied in one document", [][]kg.Entity{{o("Johnson & Johnson", "J&J")}, {o("J&J")}},
			[]string{"organization/johnson-johnson"}},
		{"ampersand acronym by initials", [][]kg.Entity{{o("Johnson & Johnson")}, {o("J&J")}},
			[]string{"organization/johnson-johnson"}},
		{"misspelling, shared context: one, spelt as most documents do",
			[][]kg.Entity{{o("United Nations"), per("Antonio Guterres")}, {o("United Nations"), per("Antonio Guterres"), pl("Geneva")}, {o("Untied Nations"), per("Antonio Guterres")}},
			[]string{"organization/united-nations", "person/antonio-guterres", "place/geneva"}},
		{"misspelling, nothing shared: apart",
			[][]kg.Entity{{o("United Nations"), per("Antonio Guterres")}, {o("Untied Nations"), per("Ivan Orlov")}},
			[]string{"organization/united-nations", "organization/untied-nations", "person/antonio-guterres", "person/ivan-orlov"}},
		{"short names one letter apart: apart",
			[][]kg.Entity{{o("Fiat Group"), per("Ivan Orlov")}, {o("Fist Group"), per("Ivan Orlov")}},
			[]string{"organization/fiat-group", "organization/fist-group", "person/ivan-orlov"}},
		{"two-letter initials alone: apart", [][]kg.Entity{{o("Ogilvy and Mather")}, {o("OM")}, {o("OM Gruppen AB")}},
			[]string{"organization/ogilvy-and-mather", "organization/om", "organization/om-gruppen-ab"}},
		{"three-letter initials: one", [][]kg.Entity{{o("Islamic Salvation Front")}, {o("ISF")}},
			[]string{"organization/islamic-salvation-front"}},
		{"near misses stay apart", [][]kg.Entity{{o("Renault")}, {o("Renault-Nissan Alliance")}, {o("Bank of America")}, {pl("America")}, {o("Barclays Bank")}, {o("Barclays")}, {o("HSBC Holdings")}, {o("HSBC")}},
			[]string{"organization/bank-of-america", "organization/barclays", "organization/barclays-bank", "organization/hsbc",
				"organization/hsbc-holdings", "organization/renault", "organization/renault-nissan-alliance", "place/america"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := memStore(t)
			for i, es := range c.docs {
				mustAdd(t, s, simpleDoc(t, string(rune('a'+i))+".txt", es))
			}
			mustVerify(t, s)
			if got := ids(mustGraph(t, s)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("entities %v, want %v", got, c.want)
			}
		})
	}
}

func TestResolutionOff(t *testing.T) {
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetResolution(Resolution{Off: true})
	mustAdd(t, s, kcnaDocA(t))
	mustAdd(t, s, kcnaDocB(t))
	want := []string{"organization/kcna", "organization/korean-central-news-agency", "person/rafael-grossi",
		"person/volodimir-zelenskyy", "person/volodymyr-zelenskiy"}
	if got := ids(mustGraph(t, s)); !reflect.DeepEqual(got, want) {
		t.Errorf("entities %v, want %v", got, want)
	}
}

func TestResolveAliasesFile(t *testing.T) {
	al, err := resolve.ParseAliases([]byte(`
entities:
  - name: Volodymyr Zelenskyy
    type: Person
    aliases: [Volodimir Zelenskyy, Zelenskiy]
never:
  - [Rafael Grossi, Raphael Grossi]
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetResolution(Resolution{Aliases: al})
	mustAdd(t, s, kcnaDocB(t))
	// A variant that would merge by the rules (shared co-mention KCNA and
	// Zelenskyy) but that the file keeps apart.
	mustAdd(t, s, simpleDoc(t, "d.txt", []kg.Entity{
		ent(kg.Person, "Raphael Grossi", 1, "Raphael Grossi"),
		ent(kg.Person, "Volodymyr Zelenskiy", 1, "Volodymyr Zelenskiy"),
		ent(kg.Organization, "KCNA", 1, "KCNA"),
	}, simpleRel{"Raphael Grossi", "met_with", "Volodymyr Zelenskiy"}))
	mustVerify(t, s)
	want := []string{"organization/korean-central-news-agency", "person/rafael-grossi", "person/raphael-grossi", "person/volodymyr-zelenskyy"}
	g := mustGraph(t, s)
	if got := ids(g); !reflect.DeepEqual(got, want) {
		t.Errorf("entities %v, want %v", got, want)
	}
	if z, _ := entityByID(g, "person/volodymyr-zelenskyy"); z.Name != "Volodymyr Zelenskyy" || z.Documents != 2 {
		t.Errorf("pinned name: %+v", z)
	}
}

func TestMergeSplit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		s.SetResolution(Resolution{Off: true})
		mustAdd(t, s, kcnaDocA(t))
		mustAdd(t, s, kcnaDocB(t))
		before := mustGraph(t, s)
		evidence := func(g *kg.Graph) []string {
			var out []string
			for _, r := range g.Relations {
				for _, ev := range r.Evidence {
					out = append(out, ev.Doc+" "+ev.Sentence)
				}
			}
			sort.Strings(out)
			return out
		}
		id, err := s.Merge(ctx, "person/volodymyr-zelenskiy", "person/volodimir-zelenskyy")
		if err != nil {
			t.Fatal(err)
		}
		if id != "person/volodimir-zelenskyy" {
			t.Errorf("merged id %q", id)
		}
		mustVerify(t, s)
		g := mustGraph(t, s)
		if !reflect.DeepEqual(evidence(g), evidence(before)) {
			t.Errorf("merge lost evidence:\n%v\nwant\n%v", evidence(g), evidence(before))
		}
		z, ok := entityByID(g, id)
		if !ok || z.Documents != 2 || z.Mentions != 4 {
			t.Errorf("merged node %+v", z)
		}
		if _, ok := entityByID(g, "person/volodymyr-zelenskiy"); ok {
			t.Error("old node still there")
		}
		if _, err := s.Merge(ctx, id, "organization/kcna"); err == nil {
			t.Error("merging a person and an organization: no error")
		}
		if _, err := s.Merge(ctx, id, "person/nobody"); !errors.Is(err, ErrNoEntity) {
			t.Errorf("merge with an unknown id: %v", err)
		}

		// Split it back by one document's name.
		stayed, moved, err := s.Split(ctx, id, []string{"Volodymyr Zelenskiy"})
		if err != nil {
			t.Fatal(err)
		}
		if stayed != id || moved != "person/volodymyr-zelenskiy" {
			t.Errorf("split: %s, %s", stayed, moved)
		}
		mustVerify(t, s)
		g = mustGraph(t, s)
		if !reflect.DeepEqual(evidence(g), evidence(before)) {
			t.Errorf("split lost evidence:\n%v\nwant\n%v", evidence(g), evidence(before))
		}
		if !reflect.DeepEqual(marshal(t, g), marshal(t, before)) {
			t.Errorf("merge then split is not the identity:\n%s\nwant\n%s", marshal(t, g), marshal(t, before))
		}
		// The split is remembered: with resolution on, a new document
		// that would join them does not.
		s.SetResolution(Resolution{})
		mustAdd(t, s, kcnaDocC(t))
		g = mustGraph(t, s)
		var people []string
		for _, e := range g.Entities {
			if e.Type == kg.Person {
				people = append(people, e.ID)
			}
		}
		if len(people) != 3 {
			t.Errorf("after the split and c.txt: people %v, want Grossi and two Zelenskyys", people)
		}
		if _, _, err := s.Split(ctx, "person/rafael-grossi", []string{"Nobody"}); err == nil {
			t.Error("split by a name no document gives: no error")
		}
	})
}

// The eg:name quads record each document's own name.
func TestDocNamesStored(t *testing.T) {
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAdd(t, s, kcnaDocA(t))
	mustAdd(t, s, kcnaDocB(t))
	qs, err := s.Quads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		if q.Predicate == PredDocName {
			got = append(got, quad.StringOf(q.Subject)+" "+quad.StringOf(q.Object))
		}
	}
	want := []string{
		`<urn:entigraph:organization/korean-central-news-agency> "KCNA"`,
		`<urn:entigraph:organization/korean-central-news-agency> "Korean Central News Agency"`,
		`<urn:entigraph:person/rafael-grossi> "Rafael Grossi"`,
		`<urn:entigraph:person/rafael-grossi> "Rafael Grossi"`,
		`<urn:entigraph:person/volodimir-zelenskyy> "Volodimir Zelenskyy"`,
		`<urn:entigraph:person/volodimir-zelenskyy> "Volodymyr Zelenskiy"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("eg:name quads:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestResolveContextChange: two spellings of one person, each mentioned
// with one name of an agency; a third document ties the agency's names
// together, and so the two spellings share context. Whichever document
// comes last, the result is one person.
func TestResolveContextChange(t *testing.T) {
	p := simpleDoc(t, "p.txt", []kg.Entity{
		ent(kg.Person, "Volodimir Zelensky", 1, "Volodimir Zelensky"),
		ent(kg.Organization, "SBU", 1, "SBU"),
	}, simpleRel{"Volodimir Zelensky", "praised", "SBU"})
	q := simpleDoc(t, "q.txt", []kg.Entity{
		ent(kg.Person, "Volodymyr Zelenskyy", 1, "Volodymyr Zelenskyy"),
		ent(kg.Organization, "Security Service of Ukraine", 1, "Security Service of Ukraine"),
	}, simpleRel{"Volodymyr Zelenskyy", "praised", "Security Service of Ukraine"})
	d := simpleDoc(t, "d.txt", []kg.Entity{
		ent(kg.Organization, "Security Service of Ukraine", 2, "SBU", "Security Service of Ukraine"),
		ent(kg.Place, "Kyiv", 1, "Kyiv"),
	})
	docs := []*kg.Extraction{p, q, d}
	var first []byte
	for _, order := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		s, err := Open(context.Background(), "memory")
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range order {
			mustAdd(t, s, copyExtraction(docs[i]))
		}
		mustVerify(t, s)
		g := mustGraph(t, s)
		s.Close()
		want := []string{"organization/security-service-of-ukraine", "person/volodimir-zelensky", "place/kyiv"}
		if got := ids(g); !reflect.DeepEqual(got, want) {
			t.Errorf("order %v: entities %v, want %v", order, got, want)
		}
		if b := marshal(t, g); first == nil {
			first = b
		} else if string(b) != string(first) {
			t.Errorf("order %v: graph differs from the first order's", order)
		}
	}
}

// TestResolveOrgPlaceVote: "Kremlin" typed an Organization in one
// document and a Place in others is one node of the type most documents
// give; a relation that type does not allow goes, in every order alike.
func TestResolveOrgPlaceVote(t *testing.T) {
	a := simpleDoc(t, "a.txt", []kg.Entity{
		ent(kg.Person, "Dmitri Peskov", 1, "Dmitri Peskov"),
		ent(kg.Organization, "Kremlin", 1, "Kremlin"),
	}, simpleRel{"Dmitri Peskov", "holds_position", "Kremlin"})
	a.Relations[0].Role = "spokesman"
	b := simpleDoc(t, "b.txt", []kg.Entity{
		ent(kg.Person, "Vladimir Putin", 1, "Vladimir Putin"),
		ent(kg.Place, "Kremlin", 1, "Kremlin"),
	}, simpleRel{"Vladimir Putin", "visited", "Kremlin"})
	c := simpleDoc(t, "c.txt", []kg.Entity{
		ent(kg.Person, "Donald Trump", 1, "Donald Trump"),
		ent(kg.Place, "the Kremlin", 1, "Kremlin"),
	}, simpleRel{"Donald Trump", "visited", "the Kremlin"})
	c.Entities[1].ID = "place/kremlin" // "the" is no part of the id
	c.Entities[1].Name = "Kremlin"
	c.Relations[0].Object = "place/kremlin"

	summary := func(g *kg.Graph) []string {
		var out []string
		for _, e := range g.Entities {
			out = append(out, e.ID)
		}
		for _, r := range g.Relations {
			out = append(out, r.Subject+" "+r.Predicate+" "+r.Object)
		}
		return out
	}
	for _, c := range []struct {
		docs []*kg.Extraction
		want []string
	}{
		{[]*kg.Extraction{a, b}, []string{"organization/kremlin", "person/dmitri-peskov", "person/vladimir-putin",
			"person/dmitri-peskov holds_position organization/kremlin", "person/vladimir-putin visited organization/kremlin"}},
		{[]*kg.Extraction{b, a}, []string{"organization/kremlin", "person/dmitri-peskov", "person/vladimir-putin",
			"person/dmitri-peskov holds_position organization/kremlin", "person/vladimir-putin visited organization/kremlin"}},
		{[]*kg.Extraction{a, b, c}, []string{"person/dmitri-peskov", "person/donald-trump", "person/vladimir-putin", "place/kremlin",
			"person/donald-trump visited place/kremlin", "person/vladimir-putin visited place/kremlin"}},
		{[]*kg.Extraction{c, b, a}, []string{"person/dmitri-peskov", "person/donald-trump", "person/vladimir-putin", "place/kremlin",
			"person/donald-trump visited place/kremlin", "person/vladimir-putin visited place/kremlin"}},
	} {
		s, err := Open(context.Background(), "memory")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range c.docs {
			mustAdd(t, s, copyExtraction(d))
		}
		mustVerify(t, s)
		if got := summary(mustGraph(t, s)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%d documents: got\n%s\nwant\n%s", len(c.docs), strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
		s.Close()
	}
}

// TestIndexMatchesStore: the index Add keeps up to date is the one a new
// process would build from the store, so decisions do not depend on
// whether the documents came in one run or several.
func TestIndexMatchesStore(t *testing.T) {
	docs := []*kg.Extraction{kcnaDocA(t), anchorageDoc(t), kcnaDocB(t), kurskDoc(t), kcnaDocC(t), copyDoc(t)}
	forEachBackend(t, func(t *testing.T, s *Store) { testIndexMatchesStore(t, s, docs) })
	// Many documents naming the same entities in several ways, so that
	// nodes are renamed and merged while being added to (the index is
	// the same code on every backend: memory is enough).
	t.Run("synthetic", func(t *testing.T) {
		s, err := Open(context.Background(), "memory")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		testIndexMatchesStore(t, s, syntheticCorpus(300))
	})
}

func testIndexMatchesStore(t *testing.T, s *Store, docs []*kg.Extraction) {
	for _, d := range docs {
		mustAdd(t, s, d)
	}
	ctx := context.Background()
	kept := s.idx.nodes
	fresh := &storeIndex{s: s, ctx: ctx, nodes: map[string]*plan.Node{}}
	for id, n := range kept {
		f, err := fresh.Node(id)
		if err != nil {
			t.Fatal(err)
		}
		if n == nil || f == nil {
			if n != f {
				t.Errorf("%s: kept %+v, from the store %+v", id, n, f)
			}
			continue
		}
		norm := func(n *plan.Node) plan.Node {
			c := *n
			for d, ts := range c.DocTypes {
				ts = append([]kg.EntityType(nil), ts...)
				sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
				c.DocTypes[d] = ts
			}
			return c
		}
		if got, want := norm(n), norm(f); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: kept %+v\nfrom the store %+v", id, got, want)
		}
	}
	if len(kept) == 0 {
		t.Error("no node kept")
	}
	for k, ids := range s.idx.keys {
		fresh := &storeIndex{s: s, ctx: ctx, nodes: map[string]*plan.Node{}}
		want, err := fresh.Lookup("", k)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ids, want) && (len(ids) > 0 || len(want) > 0) {
			t.Errorf("key %v: kept %v, from the store %v", k, ids, want)
		}
	}
	// The lookup keys written are those the documents' names give.
	mustClean(t, s)
}

// TestMergeSameDocument merges two nodes one document names both of:
// their labelled quads in it collide (one eg:type, mentions added up),
// the relation between them goes, and the counts stay exact.
func TestMergeSameDocument(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, kcnaDocA(t))
		mustAdd(t, s, kcnaDocB(t))
		id, err := s.Merge(ctx, "person/rafael-grossi", "person/volodimir-zelenskyy")
		if err != nil {
			t.Fatal(err)
		}
		mustVerify(t, s)
		g := mustGraph(t, s)
		e, ok := entityByID(g, id)
		if !ok || e.Mentions != 7 || e.Documents != 2 {
			t.Errorf("merged node %+v", e)
		}
		for _, r := range g.Relations {
			if r.Subject == r.Object {
				t.Errorf("relation to itself kept: %+v", r)
			}
		}
		if len(g.Relations) != 1 || g.Relations[0].Predicate != "criticized" || len(g.Relations[0].Evidence) != 2 {
			t.Errorf("relations %+v", g.Relations)
		}
	})
}

// TestCanonicalOneName checks canonicalName's short cut for groups whose
// uses all have one name against resolve.Canonical itself: white space,
// commas and case as written.
func TestCanonicalOneName(t *testing.T) {
	s := &Store{}
	for _, name := range []string{
		"Vladimir Putin", "  Vladimir   Putin ", "Putin, Vladimir", "Putin ,Vladimir,", "KCNA",
		"Kim\u00a0Jong Un", "Kim\tJong\nUn", "U.S.", ",", " ", "", "Ólafur Ragnar Grímsson", "al-Assad",
	} {
		for _, uses := range [][]resolve.NameUse{
			{{Name: name, Docs: 1}},
			{{Name: name, Docs: 3}, {Name: name, Docs: 0}},
		} {
			if got, want := s.canonicalName(uses), resolve.Canonical(uses); got != want {
				t.Errorf("canonicalName(%+v) = %q, resolve.Canonical %q", uses, got, want)
			}
		}
	}
}

// TestResolveAcronymOrderFree: an acronym and the expansions its initials
// could stand for, in every order, give the same nodes. One expansion:
// one node; two: the acronym links to neither (a link made while there
// was one is undone when the second comes), unless a document tied it to
// one of them, which it then stays with.
func TestResolveAcronymOrderFree(t *testing.T) {
	o := func(name string, aliases ...string) kg.Entity {
		return ent(kg.Organization, name, 1, append([]string{name}, aliases...)...)
	}
	cases := []struct {
		name string
		docs [][]kg.Entity
		want []string
	}{
		{"one expansion", [][]kg.Entity{{o("S&P")}, {o("Socialist Party")}, {o("S&P"), o("Santos")}},
			[]string{"organization/santos", "organization/socialist-party"}},
		{"two expansions", [][]kg.Entity{{o("S&P")}, {o("Socialist Party")}, {o("Shining Path")}, {o("S&P"), o("Santos")}},
			[]string{"organization/s-p", "organization/santos", "organization/shining-path", "organization/socialist-party"}},
		{"two expansions, one tied", [][]kg.Entity{{o("S&P")}, {o("Socialist Party")}, {o("Shining Path", "S&P")}},
			[]string{"organization/shining-path", "organization/socialist-party"}},
		{"three letters", [][]kg.Entity{{o("ISF")}, {o("Islamic Salvation Front")}, {o("International Sailing Federation")}},
			[]string{"organization/international-sailing-federation", "organization/isf", "organization/islamic-salvation-front"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, order := range permutations(len(c.docs)) {
				s := memStore(t)
				for _, i := range order {
					mustAdd(t, s, simpleDoc(t, string(rune('a'+i))+".txt", c.docs[i]))
				}
				mustVerify(t, s)
				mustClean(t, s)
				if got := ids(mustGraph(t, s)); !reflect.DeepEqual(got, c.want) {
					t.Errorf("order %v: entities %v, want %v", order, got, c.want)
				}
			}
		})
	}
}

// permutations returns every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}
