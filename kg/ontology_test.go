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
