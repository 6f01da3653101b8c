package export

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/view"
)

// Short names for the summit fixture's ids.
var short = map[string]string{
	"country/germany": "DE", "country/north-korea": "NK", "country/norway": "NO", "country/russia": "RU",
	"country/ukraine": "UA", "country/united-states": "US",
	"organization/blackrock": "BlackRock", "organization/kcna": "KCNA", "organization/the-voice-of-korea-radio": "VOK",
	"person/donald-trump": "Trump", "person/friedrich-merz": "Merz", "person/jonas-gahr-store": "Store",
	"person/kim-jong-un": "Kim", "person/valery-gerasimov": "Gerasimov", "person/vladimir-putin": "Putin",
	"person/volodymyr-zelenskyy": "Zelenskyy",
	"place/anchorage":            "Anchorage", "place/kursk": "Kursk", "place/washington": "Washington",
}

func shortOf(id string) string {
	if s, ok := short[id]; ok {
		return s
	}
	return id
}

func entityNames(g *kg.Graph) string {
	var out []string
	for _, e := range g.Entities {
		out = append(out, shortOf(e.ID))
	}
	return strings.Join(out, " ")
}

func relationNames(g *kg.Graph) string {
	var out []string
	for _, r := range g.Relations {
		s := shortOf(r.Subject) + " " + r.Predicate + " " + shortOf(r.Object)
		if r.Modality != kg.Asserted {
			s += " (" + r.Modality + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func TestFilter(t *testing.T) {
	g := loadFixture(t, "summit")
	allEntities := "DE NK NO RU UA US BlackRock KCNA VOK Trump Merz Store Kim Gerasimov Putin Zelenskyy Anchorage Kursk Washington"
	tests := []struct {
		name      string
		f         Filter
		entities  string
		relations string // "" none; "*N" only the count
	}{
		{"zero filter: everything, asserted relations only", Filter{}, allEntities, "*19"},
		{"all modalities", Filter{AllModalities: true}, allEntities, "*22"},
		{"type Person", Filter{Types: []kg.EntityType{kg.Person}},
			"Trump Merz Store Kim Gerasimov Putin Zelenskyy",
			"Trump met_with Merz; Trump met_with Putin; Merz spoke_with Store; Kim signed_agreement_with Putin"},
		{"type Country", Filter{Types: []kg.EntityType{kg.Country}},
			"DE NK NO RU UA US",
			"NK fought_against UA; NK fought_alongside RU; NK sent_troops_to RU"},
		{"type Place: no relation among places, places kept", Filter{Types: []kg.EntityType{kg.Place}},
			"Anchorage Kursk Washington", ""},
		{"type Place and predicate located_in: the relation filter drops unrelated places",
			Filter{Types: []kg.EntityType{kg.Place}, Predicates: []string{"located_in"}}, "", ""},
		{"two types", Filter{Types: []kg.EntityType{kg.Organization, kg.Country}},
			"DE NK NO RU UA US BlackRock KCNA VOK",
			"NK fought_against UA; NK fought_alongside RU; NK sent_troops_to RU; KCNA located_in NK"},
		{"predicate met_with", Filter{Predicates: []string{"met_with"}},
			"Trump Merz Putin", "Trump met_with Merz; Trump met_with Putin"},
		{"predicate met_with, all modalities", Filter{Predicates: []string{"met_with"}, AllModalities: true},
			"Trump Merz Putin Zelenskyy", "Trump met_with Merz; Trump met_with Putin; Putin met_with Zelenskyy (negated)"},
		{"two predicates", Filter{Predicates: []string{"signed_agreement_with", "praised"}},
			"NK Kim Putin", "Kim signed_agreement_with Putin; Putin praised NK"},
		{"min support 3", Filter{MinSupport: 3},
			"DE RU UA US Trump Merz Putin Zelenskyy",
			"Trump holds_position US; Trump met_with Putin; Merz holds_position DE; Putin holds_position RU; Zelenskyy holds_position UA"},
		{"min support 2 and type Person", Filter{MinSupport: 2, Types: []kg.EntityType{kg.Person}},
			"Trump Merz Putin", "Trump met_with Merz; Trump met_with Putin"},
		{"connected: places touch no asserted relation and go", Filter{Connected: true, Types: []kg.EntityType{kg.Place}},
			"", ""},
		{"connected drops only the unrelated", Filter{Connected: true, Types: []kg.EntityType{kg.Person}},
			"Trump Merz Store Kim Putin",
			"Trump met_with Merz; Trump met_with Putin; Merz spoke_with Store; Kim signed_agreement_with Putin"},
		{"min support 1 is a relation filter", Filter{MinSupport: 1, Types: []kg.EntityType{kg.Place}},
			"", ""},
		{"reported relations with all modalities and predicate", Filter{Predicates: []string{"visited", "criticized"}, AllModalities: true},
			"RU US VOK Kim", "VOK criticized US (reported); Kim visited RU (reported)"},
		{"ego depth 1 by alias", Filter{Entity: "Putin", Depth: 1},
			"NK RU Trump Kim Putin",
			"NK fought_alongside RU; NK sent_troops_to RU; Trump met_with Putin; Kim holds_position NK; Kim signed_agreement_with Putin; Putin holds_position RU; Putin praised NK"},
		{"ego depth 1 with the negated relation", Filter{Entity: "Putin", Depth: 1, AllModalities: true},
			"NK RU Trump Kim Putin Zelenskyy",
			"*9"},
		{"ego depth 2 by name, case-insensitive", Filter{Entity: "vladimir PUTIN", Depth: 2},
			"NK RU UA US KCNA Trump Merz Kim Gerasimov Putin Kursk",
			"NK fought_against UA; NK fought_alongside RU; NK sent_troops_to RU; NK sent_troops_to Kursk; KCNA located_in NK; " +
				"Trump holds_position US; Trump met_with Merz; Trump met_with Putin; Kim holds_position NK; Kim signed_agreement_with Putin; " +
				"Gerasimov holds_position RU; Putin holds_position RU; Putin praised NK"},
		{"ego depth 0 by id: the entity alone", Filter{Entity: "PERSON/donald-trump"}, "Trump", ""},
		{"ego by slug of a name with ø", Filter{Entity: "jonas gahr store", Depth: 1},
			"NO Merz Store", "Merz spoke_with Store; Store holds_position NO"},
		{"ego follows only kept predicates", Filter{Entity: "Trump", Depth: 2, Predicates: []string{"met_with"}},
			"Trump Merz Putin", "Trump met_with Merz; Trump met_with Putin"},
		{"ego hops through other types, then keeps the type asked", Filter{Entity: "Trump", Depth: 2, Types: []kg.EntityType{kg.Country}},
			"DE NK RU US", "NK fought_alongside RU; NK sent_troops_to RU"},
		{"ego and min support", Filter{Entity: "Donald Trump", Depth: 1, MinSupport: 3},
			"US Trump Putin", "Trump holds_position US; Trump met_with Putin"},
		{"between two entities", Filter{Between: []string{"Trump", "Putin"}},
			"Trump Putin", "Trump met_with Putin"},
		{"between three entities, by name, alias and id", Filter{Between: []string{"Vladimir Putin", "North Korea", "person/kim-jong-un"}},
			"NK Kim Putin", "Kim holds_position NK; Kim signed_agreement_with Putin; Putin praised NK"},
		{"between two unrelated entities", Filter{Between: []string{"Trump", "Germany"}}, "", ""},
		{"between, with all modalities", Filter{Between: []string{"Putin", "Volodymyr Zelenskyy"}, AllModalities: true},
			"Putin Zelenskyy", "Putin met_with Zelenskyy (negated)"},
		{"max nodes: the ends of the best supported relations that fit", Filter{MaxNodes: 3},
			"RU Trump Putin", "Trump met_with Putin; Putin holds_position RU"},
		{"max nodes above the count changes nothing", Filter{MaxNodes: 100}, allEntities, "*19"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := tc.f.Apply(g)
			if err != nil {
				t.Fatal(err)
			}
			if got := entityNames(out); got != tc.entities {
				t.Errorf("entities:\n got  %s\n want %s", got, tc.entities)
			}
			got := relationNames(out)
			if strings.HasPrefix(tc.relations, "*") {
				if n := len(out.Relations); "*"+strconv.Itoa(n) != tc.relations {
					t.Errorf("%d relations, want %s: %s", n, tc.relations[1:], got)
				}
			} else if got != tc.relations {
				t.Errorf("relations:\n got  %s\n want %s", got, tc.relations)
			}
			if out.Entities == nil || out.Relations == nil {
				t.Error("Apply returned nil slices")
			}
			// Every relation end that is an entity of g is kept.
			kept := map[string]bool{}
			for _, e := range out.Entities {
				kept[e.ID] = true
			}
			for _, r := range out.Relations {
				if !kept[r.Subject] || !kept[r.Object] {
					t.Errorf("relation %s %s %s kept without its ends", r.Subject, r.Predicate, r.Object)
				}
			}
		})
	}
}

// TestFilterSummary: ApplySummary tells how large the graph was before
// MaxNodes cut it.
func TestFilterSummary(t *testing.T) {
	g := loadFixture(t, "summit")
	out, sum, err := Filter{MaxNodes: 3, Connected: true}.ApplySummary(g)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Entities) != 3 || sum != (Summary{Entities: 17, Relations: 19}) {
		t.Errorf("%d entities, summary %+v", len(out.Entities), sum)
	}
	for _, f := range []Filter{{Between: []string{"Trump"}}, {Between: []string{"Trump", "Putin"}, Entity: "Merz"}, {Between: []string{"Trump", "Nobody"}}} {
		if _, err := f.Apply(g); err == nil {
			t.Errorf("%+v: no error", f)
		}
	}
}

func TestFilterErrors(t *testing.T) {
	g := loadFixture(t, "summit")
	if _, err := (Filter{Entity: "Boris Johnson", Depth: 1}).Apply(g); err == nil || !strings.Contains(err.Error(), `"Boris Johnson"`) {
		t.Errorf("unknown entity: err = %v", err)
	}
	if _, err := (Filter{Entity: "Trump", Depth: -1}).Apply(g); err == nil {
		t.Error("negative depth: no error")
	}
	if _, err := (Filter{Entity: "Trump"}).Apply(nil); err == nil {
		t.Error("entity in a nil graph: no error")
	}
	out, err := Filter{}.Apply(nil)
	if err != nil || len(out.Entities) != 0 || len(out.Relations) != 0 {
		t.Errorf("nil graph: %v, %v", out, err)
	}
}

func TestFilterMatchLevels(t *testing.T) {
	g := &kg.Graph{Entities: []kg.Entity{
		{ID: "person/kim-jong-un", Name: "Kim Jong Un", Type: kg.Person, Aliases: []string{"Kim"}},
		{ID: "person/kim-yo-jong", Name: "Kim Yo Jong", Type: kg.Person, Aliases: []string{"Kim"}},
		{ID: "person/kim", Name: "Kim Il Sung", Type: kg.Person},
		{ID: "country/north-korea", Name: "North Korea", Type: kg.Country, Aliases: []string{"DPRK", "Kim Jong Un"}},
	}}
	for q, want := range map[string]string{
		"PERSON/KIM":        "person/kim",                            // an id, case-insensitive
		"kim":               "person/kim-jong-un,person/kim-yo-jong", // all alias matches
		"Kim Jong Un":       "person/kim-jong-un",                    // a name beats an alias
		"dprk":              "country/north-korea",                   // an alias
		"  Kim   Yo  Jong ": "person/kim-yo-jong",                    // white space folded
		"kim-il-sung":       "person/kim",                            // the slug of a name
	} {
		if got := strings.Join(view.Match(g.Entities, q), ","); got != want {
			t.Errorf("view.Match(%q) = %s, want %s", q, got, want)
		}
	}
	// Every entity matching at the first level that matches is a centre.
	out, err := Filter{Entity: "Kim", Depth: 0}.Apply(g)
	if err != nil || len(out.Entities) != 2 || out.Entities[0].ID != "person/kim-jong-un" || out.Entities[1].ID != "person/kim-yo-jong" {
		t.Errorf("two centres: %v, %v", out, err)
	}
}

// TestFilterDeterministicAndPure: the result does not depend on the input's
// order, and the input is not changed.
func TestFilterDeterministicAndPure(t *testing.T) {
	g := loadFixture(t, "summit")
	before := loadFixture(t, "summit")
	f := Filter{Entity: "Putin", Depth: 2, AllModalities: true}
	a, err := f.Apply(g)
	if err != nil {
		t.Fatal(err)
	}
	rev := &kg.Graph{}
	for i := len(g.Entities) - 1; i >= 0; i-- {
		rev.Entities = append(rev.Entities, g.Entities[i])
	}
	for i := len(g.Relations) - 1; i >= 0; i-- {
		rev.Relations = append(rev.Relations, g.Relations[i])
	}
	b, err := f.Apply(rev)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("Apply depends on the input order")
	}
	if !reflect.DeepEqual(g, before) {
		t.Error("Apply changed its input")
	}
	if !sort.SliceIsSorted(a.Entities, func(i, j int) bool { return a.Entities[i].ID < a.Entities[j].ID }) {
		t.Error("entities not sorted")
	}
}

// TestFilterPeriod: --since/--until keep relations by their own date, else
// by the dates of the documents that state them (narrowing the evidence).
func TestFilterPeriod(t *testing.T) {
	ev := func(doc, date, sentence string) kg.Evidence {
		return kg.Evidence{Doc: doc, Date: date, Sentence: sentence}
	}
	g := &kg.Graph{
		Entities: []kg.Entity{{ID: "person/a", Name: "A", Type: kg.Person}, {ID: "person/b", Name: "B", Type: kg.Person}, {ID: "place/c", Name: "C", Type: kg.Place}},
		Relations: []kg.Relation{
			{Subject: "person/a", Predicate: "met_with", Object: "person/b", Modality: kg.Asserted, Date: "2025-08-15", Support: 1,
				Evidence: []kg.Evidence{ev("x", "2025-08-16", "s1")}},
			{Subject: "person/a", Predicate: "visited", Object: "place/c", Modality: kg.Asserted, Support: 3,
				Evidence: []kg.Evidence{ev("x", "2024-03-02", "s2"), ev("y", "2025-01-09", "s3"), ev("z", "", "s4")}},
			{Subject: "person/b", Predicate: "visited", Object: "place/c", Modality: kg.Asserted, Date: "2024", Support: 1,
				Evidence: []kg.Evidence{ev("y", "2025-01-09", "s5")}},
		},
	}
	tests := []struct {
		since, until, want string // want: predicate:subject:support per kept relation
	}{
		{"2025", "", "met_with:person/a:1 visited:person/a:1"},
		{"2025-08", "2025-08", "met_with:person/a:1"},
		{"", "2024-06", "visited:person/a:1 visited:person/b:1"},
		{"2024-12-31", "", "met_with:person/a:1 visited:person/a:1 visited:person/b:1"},
		{"2026", "", ""},
	}
	for _, tc := range tests {
		out, err := Filter{Since: tc.since, Until: tc.until}.Apply(g)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range out.Relations {
			got = append(got, r.Predicate+":"+r.Subject+":"+strconv.Itoa(r.Support))
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("since %q until %q: %v, want %s", tc.since, tc.until, got, tc.want)
		}
	}
	for _, f := range []Filter{{Since: "Aug 2025"}, {Until: "2025-13"}, {Since: "2025", Until: "2024"}} {
		if _, err := f.Apply(g); err == nil {
			t.Errorf("%+v: no error", f)
		}
	}
}
