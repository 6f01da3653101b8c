package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixtures are the graphs under testdata/ that every format is tested on.
var fixtures = []string{"summit", "escapes", "empty"}

func loadFixture(t testing.TB, name string) *kg.Graph {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var g kg.Graph
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	return &g
}

func write(t testing.TB, format string, g *kg.Graph) []byte {
	t.Helper()
	f, ok := Lookup(format)
	if !ok {
		t.Fatalf("format %q is not registered", format)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf, g); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./export -update rewrites it): %s", path, firstDiff(got, want))
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d:\n  got:  %q\n  want: %q", i+1, gl, wl)
		}
	}
	return "no line differs (line endings?)"
}

func TestRegistry(t *testing.T) {
	want := []string{"csv", "dot", "gexf", "graphml", "json", "jsonld", "nquads", "png", "svg"}
	if got := Names(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for _, n := range want {
		f, ok := Lookup(n)
		if !ok || f.Name != n || f.Write == nil || !strings.HasPrefix(f.Ext, ".") || !strings.Contains(f.Mime, "/") {
			t.Errorf("Lookup(%q) = %+v, %v", n, f, ok)
		}
	}
	if _, ok := Lookup("yaml"); ok {
		t.Error("Lookup(yaml) found a format")
	}
	mustPanic := func(what string, f Format) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("Register(%s) did not panic", what)
			}
		}()
		Register(f)
	}
	mustPanic("a duplicate", Format{Name: "json", Write: WriteJSON})
	mustPanic("no name", Format{Write: WriteJSON})
	mustPanic("no writer", Format{Name: "x"})
}

// goldenExt is the golden file extension of each text format. png has no
// golden file: it is checked by decoding it (render_test.go).
var goldenExt = map[string]string{
	"json": "json", "dot": "dot", "svg": "svg", "jsonld": "jsonld", "nquads": "nq", "graphml": "graphml", "gexf": "gexf", "csv": "csv",
}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		g := loadFixture(t, fx)
		for format, ext := range goldenExt {
			t.Run(fx+"/"+format, func(t *testing.T) {
				golden(t, fx+".golden."+ext, write(t, format, g))
			})
		}
	}
}

// TestDeterministic shuffles the graph's entities, relations and evidence
// order and expects the same bytes from every format.
func TestDeterministic(t *testing.T) {
	g := loadFixture(t, "summit")
	want := map[string][]byte{}
	for _, f := range Names() {
		want[f] = write(t, f, g)
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 3; i++ {
		s := &kg.Graph{
			Entities:  append([]kg.Entity(nil), g.Entities...),
			Relations: append([]kg.Relation(nil), g.Relations...),
		}
		r.Shuffle(len(s.Entities), func(i, j int) { s.Entities[i], s.Entities[j] = s.Entities[j], s.Entities[i] })
		r.Shuffle(len(s.Relations), func(i, j int) { s.Relations[i], s.Relations[j] = s.Relations[j], s.Relations[i] })
		for _, f := range Names() {
			if got := write(t, f, s); !bytes.Equal(got, want[f]) {
				t.Errorf("%s: shuffled input gives other bytes: %s", f, firstDiff(got, want[f]))
			}
		}
	}
}

// TestNilGraph: every format writes a nil graph as an empty one.
func TestNilGraph(t *testing.T) {
	for _, f := range Names() {
		if got, want := write(t, f, nil), write(t, f, &kg.Graph{}); !bytes.Equal(got, want) {
			t.Errorf("%s: nil graph and empty graph differ", f)
		}
	}
}

func TestJSONIsTheOntologyForm(t *testing.T) {
	// The fixture is written in the ontology's form, so writing it back
	// gives the same bytes.
	src, err := os.ReadFile("testdata/summit.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := write(t, "json", loadFixture(t, "summit")); !bytes.Equal(got, src) {
		t.Errorf("json of summit.json is not summit.json: %s", firstDiff(got, src))
	}
	// Nil slices are written as empty arrays, never null.
	g := &kg.Graph{
		Entities:  []kg.Entity{{ID: "person/a-b", Name: "A & B <x>", Type: kg.Person}},
		Relations: []kg.Relation{{Subject: "person/a-b", Predicate: "met_with", Object: "person/a-b", Modality: kg.Asserted, Support: 1}},
	}
	got := string(write(t, "json", g))
	want := `{
  "entities": [
    {
      "id": "person/a-b",
      "name": "A & B <x>",
      "type": "Person",
      "aliases": [],
      "mentions": 0,
      "documents": 0,
      "sameAs": []
    }
  ],
  "relations": [
    {
      "subject": "person/a-b",
      "predicate": "met_with",
      "object": "person/a-b",
      "modality": "asserted",
      "location": "",
      "date": "",
      "role": "",
      "support": 1,
      "evidence": []
    }
  ]
}
`
	if got != want {
		t.Errorf("json:\n%s\nwant:\n%s", got, want)
	}
	if got := string(write(t, "json", nil)); got != "{\n  \"entities\": [],\n  \"relations\": []\n}\n" {
		t.Errorf("json of nil graph = %q", got)
	}
	// The writer never changes its input.
	if g.Entities[0].Aliases != nil || g.Relations[0].Evidence != nil {
		t.Error("WriteJSON changed the graph it was given")
	}
}
