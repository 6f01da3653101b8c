package resolve

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

const exampleAliases = `
entities:
  - name: Volodymyr Zelenskyy
    type: Person
    aliases: [Zelenskiy, Volodimir Zelensky]
  - name: Kremlin
    type: organization
  - name: Kim Yo Jong
    type: Person
    aliases: [Kim]
never:
  - [Jon Smith, Jan Smith]
`

func TestParseAliases(t *testing.T) {
	a, err := ParseAliases([]byte(exampleAliases))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, want string }{
		{"Zelenskiy", "Volodymyr Zelenskyy"},
		{"ZELENSKYY", "Volodymyr Zelenskyy"}, // by Key: case and ending folded
		{"Volodimir Zelenskyi", "Volodymyr Zelenskyy"},
		{"the Kremlin", ""},
		{"Kremlin", "Kremlin"},
	} {
		e, ok := a.Lookup(c.name)
		if got := map[bool]string{true: e.Name}[ok]; got != c.want {
			t.Errorf("Lookup(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	if e, _ := a.Lookup("Kremlin"); e.Type != kg.Organization {
		t.Errorf("type %q not normalised", e.Type)
	}
	if !a.NeverMerge("Jan Smith", "jon smith") || a.NeverMerge("Jon Smith", "Ivan Orlov") || !a.HasNever() {
		t.Error("never pairs")
	}
	// JSON is YAML.
	j, err := ParseAliases([]byte(`{"entities": [{"name": "Kremlin", "type": "Organization", "aliases": []}], "never": []}`))
	if err != nil || len(j.Entities) != 1 {
		t.Errorf("JSON form: %v, %v", j, err)
	}
	// An empty file is an empty table; a nil table is too.
	e, err := ParseAliases(nil)
	if err != nil || e.HasNever() {
		t.Errorf("empty file: %v", err)
	}
	var none *Aliases
	if _, ok := none.Lookup("x"); ok || none.NeverMerge("a", "b") || none.Apply(&kg.Extraction{}) != 0 {
		t.Error("nil table is not empty")
	}
}

func TestParseAliasesErrors(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"entities:\n  - type: Person\n", "entities[0] (\"\"): no name"},
		{"entities:\n  - name: X\n    type: Ship\n", `type "Ship" is not Person`},
		{"entities:\n  - name: A\n    type: Person\n    aliases: [B]\n  - name: B\n    type: Person\n", `"B" is already a variant of "A"`},
		{"never:\n  - [A]\n", "never[0]: want two different names"},
		{"never:\n  - [A, a]\n", "never[0]: want two different names"},
		{"entity:\n  - name: A\n", "field entity not found"},
		{"entities: [\n", "did not find expected"},
	} {
		_, err := ParseAliases([]byte(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.file, err, c.want)
		}
	}
	path := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(path, []byte("entities:\n  - name: X\n    type: Ship\n"), 0o644)
	if _, err := LoadAliases(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadAliases error %v does not name the file", err)
	}
	if _, err := LoadAliases(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

func TestApplyAliases(t *testing.T) {
	a, err := ParseAliases([]byte(exampleAliases))
	if err != nil {
		t.Fatal(err)
	}
	ent := func(t kg.EntityType, name string, m int, aliases ...string) kg.Entity {
		return kg.Entity{ID: kg.EntityID(t, name), Name: name, Type: t, Aliases: aliases, Mentions: m, SameAs: []string{}}
	}
	ev := []kg.Evidence{{Doc: "d", Start: 0, End: 1, Sentence: "x"}}
	ex := &kg.Extraction{
		Entities: []kg.Entity{
			ent(kg.Person, "Zelenskiy", 2, "Zelenskiy"),
			ent(kg.Person, "Volodimir Zelensky", 1, "Volodimir Zelensky"),
			ent(kg.Place, "Kremlin", 3, "Kremlin"),
			ent(kg.Person, "Vladimir Putin", 1, "Putin"),
			ent(kg.Place, "Moscow", 1, "Moscow"),
			// "Kim" is an alias of an entry, but here only a part of
			// this entity's own name: no rename.
			ent(kg.Person, "Kim Jong Un", 2, "Kim", "Kim Jong Un"),
		},
		Relations: []kg.Relation{
			{Subject: "person/zelenskiy", Predicate: "met_with", Object: "person/vladimir-putin", Modality: kg.Asserted, Location: "place/kremlin", Evidence: ev},
			{Subject: "person/volodimir-zelensky", Predicate: "criticized", Object: "person/zelenskiy", Modality: kg.Asserted, Evidence: ev},
			{Subject: "place/kremlin", Predicate: "located_in", Object: "place/moscow", Modality: kg.Asserted, Evidence: ev},
			{Subject: "person/vladimir-putin", Predicate: "visited", Object: "place/kremlin", Modality: kg.Asserted, Evidence: ev},
		},
	}
	if n := a.Apply(ex); n != 3 {
		t.Errorf("renamed %d entities, want 3", n)
	}
	var ids []string
	for _, e := range ex.Entities {
		ids = append(ids, e.ID)
	}
	if want := []string{"organization/kremlin", "person/kim-jong-un", "person/vladimir-putin", "person/volodymyr-zelenskyy", "place/moscow"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("entities %v, want %v", ids, want)
	}
	z := ex.Entities[3]
	if z.Mentions != 3 || !reflect.DeepEqual(z.Aliases, []string{"Volodimir Zelensky", "Zelenskiy"}) {
		t.Errorf("merged entity %+v", z)
	}
	var rels []string
	for _, r := range ex.Relations {
		rels = append(rels, r.Subject+" "+r.Predicate+" "+r.Object+" @"+r.Location)
	}
	want := []string{
		// The Kremlin is no longer a place: the location goes.
		"person/volodymyr-zelenskyy met_with person/vladimir-putin @",
		// criticized: both ends are now one entity, dropped.
		"organization/kremlin located_in place/moscow @",
		"person/vladimir-putin visited organization/kremlin @",
	}
	if !reflect.DeepEqual(rels, want) {
		t.Errorf("relations\n%s\nwant\n%s", strings.Join(rels, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzParseAliases(f *testing.F) {
	f.Add([]byte(exampleAliases))
	f.Add([]byte(`{"entities": [{"name": "A", "type": "Place"}]}`))
	f.Add([]byte("never: [[a, b], [c]]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAliases(data)
		if err != nil {
			return
		}
		// Every entry's names look up to the entry itself.
		for _, e := range a.Entities {
			if !e.Type.Valid() {
				t.Fatalf("entry %q with type %q accepted", e.Name, e.Type)
			}
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if got, ok := a.Lookup(n); !ok || got.Name != e.Name {
					t.Fatalf("Lookup(%q) = %q, %v; want %q", n, got.Name, ok, e.Name)
				}
			}
		}
	})
}
