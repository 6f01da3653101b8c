package view

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

var ents = []kg.Entity{
	{ID: "person/donald-trump", Name: "Donald Trump", Type: kg.Person, Aliases: []string{"Trump", "Mr Trump"}, Mentions: 48},
	{ID: "person/vladimir-putin", Name: "Vladimir Putin", Type: kg.Person, Aliases: []string{"Putin"}, Mentions: 49},
	{ID: "person/kim-jong-un", Name: "Kim Jong Un", Type: kg.Person, Aliases: []string{"Kim"}, Mentions: 12},
	{ID: "person/kim-yo-jong", Name: "Kim Yo Jong", Type: kg.Person, Aliases: []string{"Kim"}, Mentions: 2},
	{ID: "person/jonas-gahr-store", Name: "Jonas Gahr Støre", Type: kg.Person, Mentions: 1},
	{ID: "country/russia", Name: "Russia", Type: kg.Country, Aliases: []string{"Moscow", "Russian"}, Mentions: 40},
	{ID: "country/north-korea", Name: "North Korea", Type: kg.Country, Mentions: 31},
	{ID: "place/anchorage", Name: "Anchorage", Type: kg.Place, Mentions: 3},
	{ID: "country/united-states", Name: "United States", Type: kg.Country, Mentions: 25},
}

func rel(s, p, o string) kg.Relation {
	return kg.Relation{Subject: s, Predicate: p, Object: o, Modality: kg.Asserted, Support: 1}
}

var rels = []kg.Relation{
	rel("person/donald-trump", "met_with", "person/vladimir-putin"),
	rel("person/kim-jong-un", "signed_agreement_with", "person/vladimir-putin"),
	rel("person/kim-jong-un", "holds_position", "country/north-korea"),
	rel("person/vladimir-putin", "holds_position", "country/russia"),
	rel("country/north-korea", "fought_alongside", "country/russia"),
	rel("person/donald-trump", "holds_position", "country/united-states"),
	rel("place/anchorage", "located_in", "country/united-states"),
}

func TestMatch(t *testing.T) {
	tests := []struct{ q, want string }{
		{"PERSON/Donald-Trump", "person/donald-trump"},
		{"donald   trump", "person/donald-trump"},
		{"Putin", "person/vladimir-putin"},
		{"moscow", "country/russia"},
		{"Kim", "person/kim-jong-un person/kim-yo-jong"},
		{"jonas gahr store", "person/jonas-gahr-store"},
		{"Mr. Trump", "person/donald-trump"},
		{"Merz", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := strings.Join(Match(ents, tc.q), " "); got != tc.want {
			t.Errorf("Match(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	e, err := Lookup(ents, "putin")
	if err != nil || e.ID != "person/vladimir-putin" {
		t.Errorf("Lookup(putin) = %v, %v", e.ID, err)
	}
	_, err = Lookup(ents, "Kim")
	var le *LookupError
	if !errors.As(err, &le) || len(le.Matches) != 2 ||
		err.Error() != `"Kim" names 2 entities: Kim Jong Un (person/kim-jong-un), Kim Yo Jong (person/kim-yo-jong); give an id` {
		t.Errorf("Lookup(Kim): %v", err)
	}
	_, err = Lookup(ents, "Vladimir Puttin")
	if err == nil || err.Error() != `no entity is called "Vladimir Puttin"; did you mean Vladimir Putin (person/vladimir-putin)?` {
		t.Errorf("Lookup(Vladimir Puttin): %v", err)
	}
	_, err = Lookup(ents, "Korea")
	if err == nil || !strings.Contains(err.Error(), "did you mean North Korea (country/north-korea)?") {
		t.Errorf("Lookup(Korea): %v", err)
	}
	_, err = Lookup(ents, "Zzyzx")
	if err == nil || err.Error() != `no entity is called "Zzyzx"` {
		t.Errorf("Lookup(Zzyzx): %v", err)
	}
}

func TestNeighbours(t *testing.T) {
	got := Neighbours(rels, []string{"person/donald-trump"}, 2)
	want := map[string]int{
		"person/donald-trump": 0, "person/vladimir-putin": 1, "country/united-states": 1,
		"person/kim-jong-un": 2, "country/russia": 2, "place/anchorage": 2,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Neighbours = %v, want %v", got, want)
	}
	if got := Neighbours(rels, []string{"person/donald-trump"}, 0); len(got) != 1 {
		t.Errorf("depth 0: %v", got)
	}
}

func TestPaths(t *testing.T) {
	join := func(ps [][]string) string {
		var s []string
		for _, p := range ps {
			s = append(s, strings.Join(p, ">"))
		}
		return strings.Join(s, " | ")
	}
	tests := []struct {
		from, to     string
		maxHops, lim int
		want         string
	}{
		{"person/donald-trump", "person/vladimir-putin", 0, 0, "person/donald-trump>person/vladimir-putin"},
		{"person/donald-trump", "country/north-korea", 0, 0,
			"person/donald-trump>person/vladimir-putin>country/russia>country/north-korea | " +
				"person/donald-trump>person/vladimir-putin>person/kim-jong-un>country/north-korea"},
		{"person/donald-trump", "country/north-korea", 0, 1, "person/donald-trump>person/vladimir-putin>country/russia>country/north-korea"},
		{"person/donald-trump", "country/north-korea", 2, 0, ""},
		{"place/anchorage", "place/anchorage", 0, 0, "place/anchorage"},
		{"place/anchorage", "person/jonas-gahr-store", 0, 0, ""},
	}
	for _, tc := range tests {
		if got := join(Paths(rels, tc.from, tc.to, tc.maxHops, tc.lim)); got != tc.want {
			t.Errorf("Paths(%s, %s, %d, %d) =\n %s\nwant\n %s", tc.from, tc.to, tc.maxHops, tc.lim, got, tc.want)
		}
	}
}

func TestBetween(t *testing.T) {
	got := Between(rels, "person/vladimir-putin", "person/donald-trump")
	if len(got) != 1 || got[0].Predicate != "met_with" {
		t.Errorf("Between = %v", got)
	}
}
