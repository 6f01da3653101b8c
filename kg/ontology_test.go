package kg

import "testing"

func TestEntityID(t *testing.T) {
	cases := []struct {
		typ  EntityType
		name string
		want string
	}{
		{Person, "Vladimir Putin", "person/vladimir-putin"},
		{Person, "Jonas Gahr Støre", "person/jonas-gahr-store"},
		{Person, "Volodymyr Zelenskyy", "person/volodymyr-zelenskyy"},
		{Country, "Democratic People's Republic of Korea", "country/democratic-peoples-republic-of-korea"},
		{Country, "U.S.", "country/us"},
		{Place, "Joint Base Elmendorf-Richardson", "place/joint-base-elmendorf-richardson"},
		{Organization, "  KCNA ", "organization/kcna"},
		{Person, "Lim Eul-chul", "person/lim-eul-chul"},
		{Place, "Zaporizhzhia", "place/zaporizhzhia"},
		{Person, "Émile Zola", "person/emile-zola"},
	}
	for _, c := range cases {
		if got := EntityID(c.typ, c.name); got != c.want {
			t.Errorf("EntityID(%s, %q) = %q, want %q", c.typ, c.name, got, c.want)
		}
		if got := TypeOfID(EntityID(c.typ, c.name)); got != c.typ {
			t.Errorf("TypeOfID(%q) = %q", EntityID(c.typ, c.name), got)
		}
	}
}

func TestPredicates(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Predicates {
		if seen[p.ID] {
			t.Errorf("duplicate predicate %s", p.ID)
		}
		seen[p.ID] = true
	}
	if len(Predicates) != 22 {
		t.Errorf("ontology has 22 predicates, table has %d", len(Predicates))
	}
	p, ok := PredicateByID("met_with")
	if !ok || !p.Symmetric || !p.Allows(Person, Country) || p.Allows(Place, Person) {
		t.Errorf("met_with = %+v", p)
	}
	if p, _ := PredicateByID("fought_in"); p.Allows(Country, Person) {
		t.Error("fought_in must not take a Person object")
	}
}

func TestSortRelations(t *testing.T) {
	rs := []Relation{
		{Subject: "b", Predicate: "met_with", Object: "c"},
		{Subject: "a", Predicate: "met_with", Object: "c", Modality: Negated},
		{Subject: "a", Predicate: "met_with", Object: "c", Modality: Asserted, Location: "place/z"},
		{Subject: "a", Predicate: "met_with", Object: "c", Modality: Asserted, Location: "place/y"},
		{Subject: "a", Predicate: "holds_position", Object: "d", Role: "president"},
		{Subject: "a", Predicate: "holds_position", Object: "d", Role: "leader"},
	}
	SortRelations(rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.Subject+" "+r.Predicate+" "+r.Modality+" "+r.Role+" "+r.Location)
	}
	want := []string{
		"a holds_position  leader ", "a holds_position  president ",
		"a met_with asserted  place/y", "a met_with asserted  place/z", "a met_with negated  ", "b met_with   ",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %q, want %q", got, want)
		}
	}
}
