package export

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad/nquads"

	"github.com/entigraph/entigraph/graph"
)

// TestNQuadsAreQuadsOf: the N-Quads read back (Cayley's reader) are
// graph.QuadsOf's quads, in order, with short IRIs in full; and the same
// triples as the JSON-LD's RDF.
func TestNQuadsAreQuadsOf(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			g := loadFixture(t, fx)
			out := write(t, "nquads", g)
			if bytes.Contains(out, []byte("<schema:")) {
				t.Error("the N-Quads have a short schema: IRI")
			}
			r := nquads.NewReader(bytes.NewReader(out), true)
			var got []string
			for {
				q, err := r.ReadQuad()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("reading our N-Quads back: %v", err)
				}
				got = append(got, q.String())
			}
			want := graph.QuadsOf(g)
			if len(got) != len(want) {
				t.Fatalf("%d quads read back, QuadsOf has %d", len(got), len(want))
			}
			for i, q := range want {
				if w := fullQuad(q).String(); got[i] != w {
					t.Errorf("quad %d: got %s, want %s", i, got[i], w)
				}
			}
			ldSet := ldTriples(t, write(t, "jsonld", g))
			for _, q := range want {
				k := quadNode(t, q.Subject) + " " + quadNode(t, q.Predicate) + " " + quadNode(t, q.Object)
				if !ldSet[k] {
					t.Errorf("the JSON-LD lacks the N-Quad %s", fullQuad(q))
				}
			}
			if len(ldSet) != len(want) {
				t.Errorf("JSON-LD has %d triples, N-Quads %d", len(ldSet), len(want))
			}
		})
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestRapper parses the N-Quads with Raptor's rapper (Debian raptor2-utils),
// a reader that checks the syntax strictly: every quad is read, and the
// integers are xsd:integer.
func TestRapper(t *testing.T) {
	if _, err := exec.LookPath("rapper"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("rapper not found (apt-get install raptor2-utils)")
		}
		t.Skip("rapper not found (apt-get install raptor2-utils)")
	}
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			out := write(t, "nquads", loadFixture(t, fx))
			f := filepath.Join(t.TempDir(), fx+".nq")
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			cmd := exec.Command("rapper", "-q", "-i", "nquads", "-o", "nquads", f)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil || stderr.Len() > 0 {
				t.Fatalf("rapper: %v\n%s", err, stderr.String())
			}
			lines := func(b []byte) int { return bytes.Count(b, []byte("\n")) }
			if lines(stdout.Bytes()) != lines(out) {
				t.Errorf("rapper read %d quads, the file has %d", lines(stdout.Bytes()), lines(out))
			}
			if bytes.Contains(stdout.Bytes(), []byte("schema.org/Integer")) {
				t.Error("an integer is typed schema:Integer")
			}
			if fx != "empty" && !bytes.Contains(stdout.Bytes(), []byte("^^<http://www.w3.org/2001/XMLSchema#integer>")) {
				t.Error("no xsd:integer literal")
			}
		})
	}
}
