package plan

import (
	"errors"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
)

// fakeIndex is an in-memory Index: its nodes, filed under the keys their
// names, aliases, sameAs links and documents give them (as the store
// files them), kept up to date by apply.
type fakeIndex struct {
	nodes map[string]*Node
	err   error // returned by every call when set
	calls int
}

func newFake() *fakeIndex { return &fakeIndex{nodes: map[string]*Node{}} }

func (f *fakeIndex) Lookup(t kg.EntityType, k Key) ([]string, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	var out []string
	for id, n := range f.nodes {
		if t != "" && n.Type != t {
			continue
		}
		if slices.Contains(nodeKeys(n), k) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out, nil
}

func nodeKeys(n *Node) []Key {
	var ks []Key
	for _, d := range n.Docs {
		ks = append(ks, DocKey(d))
	}
	for name := range n.Names {
		ks = append(ks, NameKeys(n.Type, name)...)
		if o := OrgPlace(n.Type); o != "" {
			ks = append(ks, NameKeys(o, name)...)
		}
	}
	for a := range n.Aliases {
		ks = append(ks, AliasKeys(n.Type, a)...)
	}
	for s := range n.SameAs {
		ks = append(ks, SameAsKey(s))
	}
	return ks
}

func (f *fakeIndex) Node(id string) (*Node, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	return f.nodes[id], nil
}

// apply records a plan as the store would write it.
func (f *fakeIndex) apply(p *Plan, doc string) {
	for id, group := range p.Groups {
		n := NewNode(id, p.Types[id])
		for _, m := range group {
			n.Merge(m)
			delete(f.nodes, m.ID)
		}
		n.Type = p.Types[id]
		for _, dn := range p.DocNames[id] {
			n.AddName(dn.Name, doc)
			n.DocTypes[doc] = append(n.DocTypes[doc], dn.Type)
		}
		n.AddDoc(doc)
		n.Stored = []string{p.Names[id]}
		f.nodes[id] = n
	}
	for _, e := range p.Extraction.Entities {
		for _, a := range e.Aliases {
			f.nodes[e.ID].AddAlias(a, doc)
		}
		for _, s := range e.SameAs {
			f.nodes[e.ID].SameAs[s] = true
		}
	}
}

// doc makes an extraction of entities "Type:Name" (Name's id from its
// type and name), every one mentioned once.
func doc(id string, ents ...string) *kg.Extraction {
	ex := &kg.Extraction{Doc: &kg.Document{ID: id}}
	for _, s := range ents {
		i := 0
		for s[i] != ':' {
			i++
		}
		t, name := kg.EntityType(s[:i]), s[i+1:]
		ex.Entities = append(ex.Entities, kg.Entity{ID: kg.EntityID(t, name), Name: name, Type: t, Mentions: 1})
	}
	return ex
}

// ingest plans and applies documents in order and returns the nodes'
// ids and names.
func ingest(t *testing.T, pl *Planner, f *fakeIndex, docs ...*kg.Extraction) map[string]string {
	t.Helper()
	for _, ex := range docs {
		iri := "doc:" + ex.Doc.ID
		p, err := pl.Plan(f, ex, iri)
		if err != nil {
			t.Fatal(err)
		}
		f.apply(p, iri)
	}
	out := map[string]string{}
	for id, n := range f.nodes {
		out[id] = n.Stored[0]
	}
	return out
}

func TestPlanJoins(t *testing.T) {
	cases := []struct {
		name string
		docs []*kg.Extraction
		want map[string]string
	}{
		{"acronym after its expansion",
			[]*kg.Extraction{doc("a", "Organization:Korean Central News Agency"), doc("b", "Organization:KCNA")},
			map[string]string{"organization/korean-central-news-agency": "Korean Central News Agency"}},
		{"expansion after its acronym",
			[]*kg.Extraction{doc("a", "Organization:KCNA"), doc("b", "Organization:Korean Central News Agency")},
			map[string]string{"organization/korean-central-news-agency": "Korean Central News Agency"}},
		// Two letters by initials alone: neither way round (it was
		// one node when "F.C." came first, two when it came last).
		{"two-letter acronym, expansion last",
			[]*kg.Extraction{doc("a", "Organization:F.C."), doc("b", "Organization:Fahnestock & Co")},
			map[string]string{"organization/fc": "F.C.", "organization/fahnestock-co": "Fahnestock & Co"}},
		{"two-letter acronym, expansion first",
			[]*kg.Extraction{doc("a", "Organization:Fahnestock & Co"), doc("b", "Organization:F.C.")},
			map[string]string{"organization/fc": "F.C.", "organization/fahnestock-co": "Fahnestock & Co"}},
		{"an & acronym, expansion last",
			[]*kg.Extraction{doc("a", "Organization:J&J"), doc("b", "Organization:Johnson & Johnson")},
			map[string]string{"organization/johnson-johnson": "Johnson & Johnson"}},
		{"an & acronym, expansion first",
			[]*kg.Extraction{doc("a", "Organization:Johnson & Johnson"), doc("b", "Organization:J&J")},
			map[string]string{"organization/johnson-johnson": "Johnson & Johnson"}},
		{"legal form aside",
			[]*kg.Extraction{doc("a", "Organization:Siemens AG"), doc("b", "Organization:Siemens")},
			map[string]string{"organization/siemens-ag": "Siemens AG"}},
		{"a bank is not its group",
			[]*kg.Extraction{doc("a", "Organization:Barclays"), doc("b", "Organization:Barclays Bank")},
			map[string]string{"organization/barclays": "Barclays", "organization/barclays-bank": "Barclays Bank"}},
		{"name key: dots and endings folded",
			[]*kg.Extraction{doc("a", "Country:U.S."), doc("b", "Country:US")},
			map[string]string{"country/us": "U.S."}},
		{"an organization and a place of one name",
			[]*kg.Extraction{doc("a", "Organization:Kremlin"), doc("b", "Place:Kremlin"), doc("c", "Place:Kremlin")},
			map[string]string{"place/kremlin": "Kremlin"}},
		{"a transliteration with a shared person",
			[]*kg.Extraction{doc("a", "Person:Volodymyr Zelenskyy", "Person:Joe Biden"), doc("b", "Person:Volodimir Zelenskyy", "Person:Joe Biden")},
			// One document each: the tie goes to the spelling that sorts first.
			map[string]string{"person/volodimir-zelenskyy": "Volodimir Zelenskyy", "person/joe-biden": "Joe Biden"}},
		{"a transliteration with nothing shared",
			[]*kg.Extraction{doc("a", "Person:Volodymyr Zelenskyy", "Person:Joe Biden"), doc("b", "Person:Volodimir Zelenskyy", "Country:Ukraine")},
			map[string]string{"person/volodymyr-zelenskyy": "Volodymyr Zelenskyy", "person/joe-biden": "Joe Biden",
				"person/volodimir-zelenskyy": "Volodimir Zelenskyy", "country/ukraine": "Ukraine"}},
		{"short given names never",
			[]*kg.Extraction{doc("a", "Person:Jon Smith", "Person:Joe Biden"), doc("b", "Person:Jan Smith", "Person:Joe Biden")},
			map[string]string{"person/jon-smith": "Jon Smith", "person/jan-smith": "Jan Smith", "person/joe-biden": "Joe Biden"}},
		{"a longer form renames",
			[]*kg.Extraction{doc("a", "Person:Zelenskyy"), doc("b", "Person:Zelenskyy"), doc("c", "Person:Zelenskyy")},
			map[string]string{"person/zelenskyy": "Zelenskyy"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ingest(t, &Planner{}, newFake(), c.docs...); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v\nwant %v", got, c.want)
			}
		})
	}
}

// TestPlanRenames: a merge of two stored nodes is a rename of each into
// the group's id, and the plan writes the document's keys.
func TestPlanRenames(t *testing.T) {
	f := newFake()
	pl := &Planner{}
	ingest(t, pl, f, doc("a", "Organization:KCNA"), doc("b", "Organization:Korean Central News"))
	ex := doc("c", "Organization:Korean Central News Agency")
	ex.Entities[0].Aliases = []string{"KCNA"}
	p, err := pl.Plan(f, ex, "doc:c")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"organization/kcna": "organization/korean-central-news-agency"}
	if !reflect.DeepEqual(p.Renames, want) {
		t.Errorf("renames %v, want %v", p.Renames, want)
	}
	id := "organization/korean-central-news-agency"
	if p.Names[id] != "Korean Central News Agency" || len(p.Extraction.Entities) != 1 || p.Extraction.Entities[0].ID != id {
		t.Errorf("plan names %v, entities %+v", p.Names, p.Extraction.Entities)
	}
	wantKeys := []Key{{KindAcr, "KCNA"}, {KindDoc, "doc:c"}, {KindInit, "KCNA"}, {KindKey, "korean central news agency"},
		{KindOrg, "korean central news agency"}, {KindSig, "4kcna"}}
	if got := p.Keys[id]; !reflect.DeepEqual(got, wantKeys) {
		t.Errorf("keys %v\nwant %v", got, wantKeys)
	}
}

// TestPlanDistinct: nodes recorded distinct never merge.
func TestPlanDistinct(t *testing.T) {
	f := newFake()
	pl := &Planner{}
	ingest(t, pl, f, doc("a", "Organization:KCNA"))
	n := NewNode("organization/korean-central-news-agency", kg.Organization)
	n.AddName("Korean Central News Agency", "doc:x")
	n.AddDoc("doc:x")
	n.Distinct["organization/kcna"] = true
	n.Stored = []string{"Korean Central News Agency"}
	f.nodes[n.ID] = n
	got := ingest(t, pl, f, doc("b", "Organization:Korean Central News Agency"))
	if len(got) != 2 {
		t.Errorf("distinct nodes merged: %v", got)
	}
}

// TestPlanOrderFree: the same documents in every order give the same
// nodes.
func TestPlanOrderFree(t *testing.T) {
	docs := []*kg.Extraction{
		doc("a", "Person:Volodymyr Zelenskyy", "Person:Joe Biden", "Organization:KCNA"),
		doc("b", "Person:Zelenskyy", "Organization:Korean Central News Agency"),
		doc("c", "Person:Volodimir Zelenskyy", "Person:Joe Biden", "Country:U.S."),
		doc("d", "Country:US", "Organization:Siemens AG"),
		doc("e", "Organization:Siemens", "Person:Joe Biden"),
	}
	var first map[string]string
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}, {1, 3, 0, 4, 2}} {
		var in []*kg.Extraction
		for _, i := range order {
			in = append(in, docs[i])
		}
		got := ingest(t, &Planner{}, newFake(), in...)
		if first == nil {
			first = got
		} else if !reflect.DeepEqual(got, first) {
			t.Errorf("order %v: %v\nfirst order: %v", order, got, first)
		}
	}
}

// TestPlanIndexError: an index that cannot be read stops the plan.
func TestPlanIndexError(t *testing.T) {
	f := newFake()
	f.err = errors.New("disk gone")
	if _, err := (&Planner{}).Plan(f, doc("a", "Person:Joe Biden"), "doc:a"); !errors.Is(err, f.err) {
		t.Errorf("err = %v", err)
	}
}

// TestNameKey holds the planner's nameKey, made from memoised word keys,
// to resolve.Key, which it stands in for.
func TestNameKey(t *testing.T) {
	names := []string{"", " ", ",", "Putin", "Vladimir Putin", "Vladimir  Putin's", "Putin, Vladimir",
		"U.S.", "US", "Kim Jong Un's", "Kim Jong-un", "'s", "Mr. O'Neill", "José Martí", "Gdańsk",
		"People's Republic of China", "AT&T", "Zelenskyy", "Zelenskiy", "Al-Qaeda", "ÆON Ångström", "...",
		"Dmitri Petrov", "Dmitry Petrov", "the State Department", "Siemens AG"}
	var k keys
	for pass := range 2 { // the second from the memo
		for _, n := range names {
			if got, want := k.nameKey(n), resolve.Key(n); got != want {
				t.Errorf("pass %d: nameKey(%q) = %q, resolve.Key gives %q", pass, n, got, want)
			}
			if got, want := k.orgKey(n), resolve.OrgKey(n); got != want {
				t.Errorf("pass %d: orgKey(%q) = %q, resolve.OrgKey gives %q", pass, n, got, want)
			}
		}
	}
}

// TestSigRulesOutNoVariant: two people's names PersonVariant matches
// always share a signature, so looking candidates up by it loses none.
func TestSigRulesOutNoVariant(t *testing.T) {
	pairs := [][2]string{{"Volodymyr Zelenskyy", "Volodimir Zelensky"}, {"Maria Petrova", "Marina Petrova"},
		{"Oleksandr Syrskyi", "Olexandr Syrsky"}}
	var k keys
	for _, p := range pairs {
		if m := resolve.PersonVariant(p[0], p[1]); m != resolve.Variant && m != resolve.NearVariant {
			t.Fatalf("%q/%q: PersonVariant %v", p[0], p[1], m)
		}
		if a, b := k.sig(kg.Person, p[0]), k.sig(kg.Person, p[1]); a != b || a == "" {
			t.Errorf("%q/%q: signatures %q and %q", p[0], p[1], a, b)
		}
	}
}

func TestParseKey(t *testing.T) {
	for _, k := range []Key{{KindKey, "u s"}, {KindDoc, "urn:entigraph:doc/ab"}, {KindSameAs, "http://www.wikidata.org/entity/Q30"}} {
		if got, ok := ParseKey(k.String()); !ok || got != k {
			t.Errorf("ParseKey(%q) = %v, %v", k.String(), got, ok)
		}
	}
	for _, s := range []string{"", "key", "name:x"} {
		if _, ok := ParseKey(s); ok {
			t.Errorf("ParseKey(%q) ok", s)
		}
	}
}
