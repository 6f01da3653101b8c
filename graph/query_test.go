package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestGizmo(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		cases := []struct {
			name, query string
			limit       int
			want        string // JSON of the results
		}{
			{"out", `g.V("<urn:entigraph:person/donald-trump>").Out("<urn:entigraph:rel/met_with>").All()`, 0,
				`[{"id":"<urn:entigraph:person/vladimir-putin>"}]`},
			// Symmetric edges are stored once (subject < object): from
			// Putin's side it takes In, or Both.
			{"out from the other end", `g.V("<urn:entigraph:person/vladimir-putin>").Out("<urn:entigraph:rel/met_with>").All()`, 0,
				`[]`},
			{"both", `g.V("<urn:entigraph:person/vladimir-putin>").Both("<urn:entigraph:rel/met_with>").All()`, 0,
				`[{"id":"<urn:entigraph:person/donald-trump>"}]`},
			{"literal and tags", `g.V("<urn:entigraph:person/kim-jong-un>").Tag("who").Out("<urn:entigraph:rel/signed_agreement_with>").Out("<http://schema.org/name>").All()`, 0,
				`[{"id":"Vladimir Putin","who":"<urn:entigraph:person/kim-jong-un>"}]`},
			{"ints", `g.V("<urn:entigraph:person/vladimir-putin>").Out("<urn:entigraph:mentions>").All()`, 0,
				`[{"id":2},{"id":3}]`},
			{"emit", `g.Emit({n: g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://schema.org/Person>").Count()})`, 0,
				`[{"n":4}]`},
			{"limit", `g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://schema.org/Person>").All()`, 2,
				``},
			// Negated statements: which documents say Trump did not meet someone.
			{"negated", `g.V().Has("<urn:entigraph:modality>", "negated").Out("<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>").All()`, 0,
				`[{"id":"<urn:entigraph:person/volodymyr-zelenskiy>"}]`},
		}
		for _, c := range cases {
			res, err := s.Query(ctx, c.query, c.limit)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if c.name == "ints" {
				sortByID(res)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep "<iri>" readable
			if err := enc.Encode(res); err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			b := bytes.TrimSpace(buf.Bytes())
			if c.limit > 0 {
				if len(res) != c.limit {
					t.Errorf("%s: %d results, want %d", c.name, len(res), c.limit)
				}
				continue
			}
			if string(b) != c.want {
				t.Errorf("%s: got %s, want %s", c.name, b, c.want)
			}
		}
		// Results are maps of tag -> value, values strings ("<iri>" or the
		// literal) or int64.
		res, _ := s.Query(ctx, `g.V("<urn:entigraph:person/donald-trump>").Out("<urn:entigraph:rel/met_with>").All()`, 0)
		if want := []interface{}{map[string]interface{}{"id": "<urn:entigraph:person/vladimir-putin>"}}; !reflect.DeepEqual(res, want) {
			t.Errorf("Go value = %#v, want %#v", res, want)
		}
	})
}

func sortByID(res []interface{}) {
	for i := 1; i < len(res); i++ {
		for j := i; j > 0; j-- {
			a := res[j-1].(map[string]interface{})["id"].(int64)
			b := res[j].(map[string]interface{})["id"].(int64)
			if a > b {
				res[j-1], res[j] = res[j], res[j-1]
			}
		}
	}
}

func TestGizmoErrors(t *testing.T) {
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Query(context.Background(), `g.V(`, 0); err == nil || !strings.HasPrefix(err.Error(), "gizmo: ") {
		t.Errorf("syntax error: %v", err)
	}
	if _, err := s.Query(context.Background(), `g.V().Nonesuch()`, 0); err == nil {
		t.Error("unknown method: no error")
	}
	// A runaway query stops when its context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.Query(ctx, `while (true) {}`, 0)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("endless query: no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("endless query did not stop on context timeout")
	}
}
