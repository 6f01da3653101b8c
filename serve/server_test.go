package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

const (
	putin = "person/vladimir-putin"
	trump = "person/donald-trump"
	kim   = "person/kim-jong-un"
)

// wireStory is a JSONL record ingested beside the seeds: a document with
// a URL and a date, for the evidence's links.
const wireStory = `{"id":"wire/summit","title":"Summit in Alaska","url":"https://news.example/summit","date":"2025-08-16","text":"US President Donald Trump met Russian President Vladimir Putin in Anchorage, Alaska, on Friday.\n"}` + "\n"

var (
	seedOnce  sync.Once
	seedStore *graph.Store
	seedErr   error
)

// seeds returns a memory store holding the seed articles under
// testdata/news and wireStory, ingested once for the package's tests.
func seeds(t testing.TB) *graph.Store {
	t.Helper()
	seedOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "serve-seeds-")
		if err != nil {
			seedErr = err
			return
		}
		defer os.RemoveAll(dir)
		wire := filepath.Join(dir, "wire.jsonl")
		if seedErr = os.WriteFile(wire, []byte(wireStory), 0o644); seedErr != nil {
			return
		}
		st, err := graph.Open(ctx, "memory")
		if err != nil {
			seedErr = err
			return
		}
		p, err := pipeline.New()
		if err != nil {
			seedErr = err
			return
		}
		var errs []error
		_, err = pipeline.Ingest(ctx, st, p.Run(ctx, ingest.Read([]string{"../testdata/news", wire}, nil), 0), func(err error) { errs = append(errs, err) }, nil)
		if err == nil && len(errs) > 0 {
			err = errs[0]
		}
		seedStore, seedErr = st, err
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedStore
}

// quiet is a logger that writes nowhere, or to t's log with -v.
func quiet(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(tWriter{t}, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func newServer(t testing.TB, src Source, o Options) *Server {
	t.Helper()
	if o.Logger == nil {
		o.Logger = quiet(t)
	}
	s, err := New(context.Background(), src, o)
	if err != nil {
		t.Fatal(err)
	}
	for s.counting.Load() { // the first count, for /api/stats
		time.Sleep(time.Millisecond)
	}
	return s
}

func seedServer(t testing.TB) *Server { return newServer(t, seeds(t), Options{}) }

// do sends one request to h and returns the recorded answer.
func do(t testing.TB, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

// getJSON GETs target, checks the status, and decodes the body into v.
func getJSON(t *testing.T, h http.Handler, target string, status int, v any) {
	t.Helper()
	w := do(t, h, http.MethodGet, target)
	if w.Code != status {
		t.Fatalf("GET %s: status %d, want %d: %s", target, w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("GET %s: %v: %s", target, err, w.Body)
	}
}

type errorBody struct {
	Error string `json:"error"`
}

// wantError GETs target and checks the status and that the message says
// what it should.
func wantError(t *testing.T, h http.Handler, target string, status int, says string) {
	t.Helper()
	var e errorBody
	getJSON(t, h, target, status, &e)
	if !strings.Contains(e.Error, says) {
		t.Errorf("GET %s: error %q does not say %q", target, e.Error, says)
	}
}

type entityOut = kg.Entity

type searchBody struct {
	Query    string      `json:"query"`
	Type     string      `json:"type"`
	Entities []entityOut `json:"entities"`
}

func ids(ents []kg.Entity) []string {
	var out []string
	for _, e := range ents {
		out = append(out, e.ID)
	}
	return out
}

func TestStats(t *testing.T) {
	s := seedServer(t)
	var got counts
	getJSON(t, s, "/api/stats", 200, &got)
	if got.Documents != 6 || got.Entities == 0 || got.Quads == 0 || time.Since(got.At) > time.Minute {
		t.Errorf("stats: %+v", got)
	}
}

func TestSearch(t *testing.T) {
	s := seedServer(t)
	var got searchBody
	getJSON(t, s, "/api/search?q=Putin", 200, &got)
	if len(got.Entities) != 1 || got.Entities[0].ID != putin || got.Entities[0].Name != "Vladimir Putin" || got.Query != "Putin" {
		t.Errorf("search Putin: %+v", got)
	}
	// A prefix of a word: "kor" finds North and South Korea and the news
	// agency, North Korea (most supported) first.
	getJSON(t, s, "/api/search?q=kor&limit=3", 200, &got)
	if len(got.Entities) != 3 || got.Entities[0].ID != "country/north-korea" {
		t.Errorf("search kor: %v", ids(got.Entities))
	}
	getJSON(t, s, "/api/search?q=kor&type=Organization", 200, &got)
	if len(got.Entities) != 1 || got.Entities[0].ID != "organization/korean-central-news-agency" || got.Type != "Organization" {
		t.Errorf("search kor Organization: %v", ids(got.Entities))
	}
	getJSON(t, s, "/api/search?q=Putin&type=Country", 200, &got)
	if got.Entities == nil || len(got.Entities) != 0 {
		t.Errorf("search Putin Country: %+v, want an empty list", got.Entities)
	}
	wantError(t, s, "/api/search", 400, "parameter q is required")
	wantError(t, s, "/api/search?q=a&limit=0", 400, "parameter limit must be a whole number from 1 to 100")
	wantError(t, s, "/api/search?q=a&limit=101", 400, "from 1 to 100")
	wantError(t, s, "/api/search?q=a&limit=x", 400, `not "x"`)
	wantError(t, s, "/api/search?q=a&type=Planet", 400, `unknown entity type "Planet"`)
}

type relationBody struct {
	kg.Relation
	Evidence []evidenceOut `json:"evidence"`
}

type graphBody struct {
	Entities  []kg.Entity    `json:"entities"`
	Relations []relationBody `json:"relations"`
	Truncated bool           `json:"truncated"`
}

func TestEntity(t *testing.T) {
	s := seedServer(t)
	var got entityBody
	getJSON(t, s, "/api/entity?id="+putin, 200, &got)
	if got.Entity.ID != putin || got.Entity.Type != kg.Person || !contains(got.Entity.Aliases, "Putin") {
		t.Errorf("entity: %+v", got.Entity)
	}
	met := false
	for _, r := range got.Relations {
		if r.Subject != putin && r.Object != putin {
			t.Errorf("relation %s %s %s does not touch Putin", r.Subject, r.Predicate, r.Object)
		}
		if r.Modality != kg.Asserted {
			t.Errorf("relation %+v: not asserted, by default", r.Relation)
		}
		met = met || (r.Predicate == "met_with" && r.Subject == trump)
	}
	if !met {
		t.Errorf("no Trump met_with Putin among %d relations", len(got.Relations))
	}
	if !contains(ids(got.Neighbours), trump) || contains(ids(got.Neighbours), putin) {
		t.Errorf("neighbours: %v", ids(got.Neighbours))
	}
	if got.Total != len(got.Relations) || got.Truncated {
		t.Errorf("total %d, truncated %v, with %d relations (fewer than the limit)", got.Total, got.Truncated, len(got.Relations))
	}
	for i, r := range got.Relations {
		if i > 0 && r.Support > got.Relations[i-1].Support {
			t.Errorf("relation %d (support %d) after one of support %d: not the best supported first", i, r.Support, got.Relations[i-1].Support)
		}
	}
	all := got
	getJSON(t, s, "/api/entity?id="+putin+"&predicate=thanked", 200, &got)
	if len(got.Relations) != 1 || got.Relations[0].Object != kim || got.Total != 1 {
		t.Errorf("thanked: %+v, total %d", got.Relations, got.Total)
	}
	if len(got.Neighbours) != 1 || got.Neighbours[0].ID != kim || got.Neighbours[0].Name != "Kim Jong Un" {
		t.Errorf("thanked: neighbours %+v", got.Neighbours)
	}
	getJSON(t, s, "/api/entity?id="+putin+"&limit=0", 200, &got)
	if got.Entity.ID != putin || len(got.Relations) != 0 || got.Total != all.Total || !got.Truncated {
		t.Errorf("limit=0: entity %s, %d relations of %d, truncated %v; want none of %d", got.Entity.ID, len(got.Relations), got.Total, got.Truncated, all.Total)
	}
	// Filters that read every relation before the cut.
	getJSON(t, s, "/api/entity?id="+putin+"&type=Person&limit=1", 200, &got)
	if len(got.Relations) != 1 || got.Total < 2 || !got.Truncated {
		t.Errorf("type=Person, limit=1: %d relations of %d", len(got.Relations), got.Total)
	}
	for _, r := range got.Relations {
		if kg.TypeOfID(r.Subject) != kg.Person || kg.TypeOfID(r.Object) != kg.Person {
			t.Errorf("type=Person: %s %s %s", r.Subject, r.Predicate, r.Object)
		}
	}
	getJSON(t, s, "/api/entity?id="+putin+"&since=2025-08-16&until=2025-08-16", 200, &got)
	if got.Total != len(got.Relations) || got.Total == 0 || got.Total >= all.Total {
		t.Errorf("since=until=2025-08-16: %d relations of %d, of %d in all", len(got.Relations), got.Total, all.Total)
	}
	wantError(t, s, "/api/entity?id=person/nobody", 404, "no such entity")
	wantError(t, s, "/api/entity?id="+putin+"&limit=-1", 400, "parameter limit must be")
	wantError(t, s, "/api/entity", 400, "parameter id is required")
	wantError(t, s, "/api/entity?id="+putin+"&modality=maybe", 400, "modality must be")
}

type entityBody struct {
	Entity     kg.Entity      `json:"entity"`
	Neighbours []kg.Entity    `json:"neighbours"`
	Relations  []relationBody `json:"relations"`
	Total      int            `json:"total"`
	Truncated  bool           `json:"truncated"`
}

// TestEntityBounds: a hub with more relations than the limit gives the
// best supported ones and says how many there are; each relation gives at
// most evidence sentences, while its support counts them all.
func TestEntityBounds(t *testing.T) {
	s := seedServer(t)
	var all, top entityBody
	getJSON(t, s, "/api/entity?id="+putin+"&evidence=100", 200, &all)
	if all.Total < 5 {
		t.Fatalf("Putin has %d relations: too few to test the limit", all.Total)
	}
	var multi int // a relation with several sentences
	for i, r := range all.Relations {
		if len(r.Evidence) > 1 {
			multi = i
			break
		}
	}
	if len(all.Relations[multi].Evidence) < 2 {
		t.Fatalf("no relation of Putin has two sentences: %+v", all.Relations)
	}
	getJSON(t, s, "/api/entity?id="+putin+"&limit=3&evidence=1", 200, &top)
	if top.Total != all.Total || !top.Truncated || len(top.Relations) != 3 {
		t.Fatalf("limit=3: %d relations of %d (truncated %v); want 3 of %d", len(top.Relations), top.Total, top.Truncated, all.Total)
	}
	for i, r := range top.Relations {
		want := all.Relations[i]
		if r.Subject != want.Subject || r.Predicate != want.Predicate || r.Object != want.Object || r.Support != want.Support {
			t.Errorf("limit=3: relation %d is %s %s %s (%d), want %s %s %s (%d)", i, r.Subject, r.Predicate, r.Object, r.Support, want.Subject, want.Predicate, want.Object, want.Support)
		}
		if len(r.Evidence) != 1 {
			t.Errorf("evidence=1: relation %d has %d sentences", i, len(r.Evidence))
		}
	}
	for _, n := range top.Neighbours {
		found := false
		for _, r := range top.Relations {
			found = found || n.ID == r.Subject || n.ID == r.Object || n.ID == r.Location
		}
		if !found {
			t.Errorf("neighbour %s is at no end of the relations given", n.ID)
		}
	}
	var one entityBody
	getJSON(t, s, fmt.Sprintf("/api/entity?id=%s&limit=%d&evidence=1", putin, all.Total), 200, &one)
	r, want := one.Relations[multi], all.Relations[multi]
	if len(r.Evidence) != 1 || r.Support != want.Support || r.Evidence[0].Sentence != want.Evidence[0].Sentence {
		t.Errorf("evidence=1 of %s %s %s: %d sentences (support %d), want 1 of the %d (support %d), the first: %q",
			r.Subject, r.Predicate, r.Object, len(r.Evidence), r.Support, len(want.Evidence), want.Support, want.Evidence[0].Sentence)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestRelations(t *testing.T) {
	s := seedServer(t)
	var got graphBody
	getJSON(t, s, "/api/relations?id="+trump+"&id="+putin+"&predicate=met_with", 200, &got)
	if len(got.Relations) != 1 {
		t.Fatalf("Trump–Putin met_with: %d relations", len(got.Relations))
	}
	r := got.Relations[0]
	if r.Subject != trump || r.Object != putin || r.Location != "place/anchorage" || r.Support != 7 || len(r.Evidence) != 7 {
		t.Errorf("met_with: %+v, %d evidence", r.Relation, len(r.Evidence))
	}
	var seed, wire *evidenceOut
	for i := range r.Evidence {
		ev := &r.Evidence[i]
		if ev.Start >= ev.End || ev.Sentence == "" || ev.Doc == "" {
			t.Errorf("evidence %+v: no sentence, document or offsets", ev)
		}
		switch ev.Doc {
		case "wire/summit":
			wire = ev
		case "000_cf6b1362018f176d.txt":
			if strings.Contains(ev.Sentence, "touched down and shared a handshake in Anchorage") {
				seed = ev
			}
		}
	}
	if seed == nil || seed.Start != 1945 || seed.End != 2153 || seed.URL != "" || seed.Title == "" {
		t.Errorf("the Anchorage sentence of the seeds: %+v", seed)
	}
	if wire == nil || wire.URL != "https://news.example/summit" || wire.Date != "2025-08-16" || wire.Title != "Summit in Alaska" ||
		wire.Sentence != "US President Donald Trump met Russian President Vladimir Putin in Anchorage, Alaska, on Friday." {
		t.Errorf("the wire story's evidence: %+v", wire)
	}
	// The two ends, and the place for its name.
	if g := ids(got.Entities); strings.Join(g, " ") != "person/donald-trump person/vladimir-putin place/anchorage" {
		t.Errorf("entities: %v", g)
	}

	// Dates: only the wire story is of August 2025 (the seeds have no date
	// but one of May), so the relation keeps its one sentence.
	getJSON(t, s, "/api/relations?id="+trump+"&id="+putin+"&predicate=met_with&since=2025-08&until=2025-08", 200, &got)
	if len(got.Relations) != 1 || got.Relations[0].Support != 1 || got.Relations[0].Evidence[0].Doc != "wire/summit" {
		t.Errorf("August 2025: %+v", got.Relations)
	}
	getJSON(t, s, "/api/relations?id="+trump+"&id="+putin+"&min_support=8", 200, &got)
	if len(got.Relations) != 0 {
		t.Errorf("min_support 8: %+v", got.Relations)
	}
	// One id: that entity's relations; limit cuts and says so.
	getJSON(t, s, "/api/relations?id="+putin+"&limit=2", 200, &got)
	if len(got.Relations) != 2 || !got.Truncated {
		t.Errorf("limit 2: %d relations, truncated %v", len(got.Relations), got.Truncated)
	}
	wantError(t, s, "/api/relations", 400, "parameter id is required")
	wantError(t, s, "/api/relations?id="+putin+"&predicate=kissed", 400, `unknown predicate "kissed"`)
	wantError(t, s, "/api/relations?id="+putin+"&since=last-year", 400, "not an ISO 8601 date")
	wantError(t, s, "/api/relations?id="+putin+"&since=2025-09&until=2025-08", 400, "is after until")
	wantError(t, s, "/api/relations?id="+putin+"&min_support=-1", 400, "min_support")
	wantError(t, s, "/api/relations?id=person/nobody", 404, "no such entity")
}

func TestNeighbours(t *testing.T) {
	s := seedServer(t)
	var got graphBody
	getJSON(t, s, "/api/neighbours?id="+kim+"&depth=2&max_nodes=5", 200, &got)
	if len(got.Entities) != 5 || !contains(ids(got.Entities), kim) {
		t.Errorf("depth 2, max 5: %v", ids(got.Entities))
	}
	in := map[string]bool{}
	for _, e := range got.Entities {
		in[e.ID] = true
	}
	for _, r := range got.Relations {
		if !in[r.Subject] || !in[r.Object] {
			t.Errorf("relation %s-%s leaves the %d entities", r.Subject, r.Object, len(in))
		}
	}
	getJSON(t, s, "/api/neighbours?id="+putin+"&type=Person", 200, &got)
	for _, e := range got.Entities {
		if e.Type != kg.Person {
			t.Errorf("type Person: %s", e.ID)
		}
	}
	getJSON(t, s, "/api/neighbours?id="+putin+"&depth=0", 200, &got)
	if len(got.Entities) != 1 || len(got.Relations) != 0 {
		t.Errorf("depth 0: %v", ids(got.Entities))
	}
	// At most max_edges relations, the centre's first, and only the
	// entities they touch.
	getJSON(t, s, "/api/neighbours?id="+kim+"&depth=2&max_edges=3&evidence=1", 200, &got)
	if len(got.Relations) != 3 || len(got.Entities) > 4 {
		t.Errorf("max_edges 3: %d relations, %v", len(got.Relations), ids(got.Entities))
	}
	for _, r := range got.Relations {
		if r.Subject != kim && r.Object != kim {
			t.Errorf("max_edges 3: %s-%s is not one of Kim's", r.Subject, r.Object)
		}
		if len(r.Evidence) != 1 || r.Support < 1 {
			t.Errorf("evidence 1: %d sentences, support %d", len(r.Evidence), r.Support)
		}
	}
	// One modality only.
	getJSON(t, s, "/api/neighbours?id="+kim+"&depth=2&modality=reported&max_nodes=500&max_edges=2000", 200, &got)
	if len(got.Relations) == 0 {
		t.Errorf("no reported relation within two hops of Kim")
	}
	for _, r := range got.Relations {
		if r.Modality != kg.Reported {
			t.Errorf("modality reported: %+v", r.Relation)
		}
	}
	wantError(t, s, "/api/neighbours?id="+putin+"&max_edges=0", 400, "max_edges")
	wantError(t, s, "/api/neighbours?id="+putin+"&evidence=-1", 400, "evidence")
	wantError(t, s, "/api/neighbours?id="+putin+"&max_nodes=501", 400, "max_nodes must be a whole number from 1 to 500")
	wantError(t, s, "/api/neighbours?id="+putin+"&depth=5", 400, "depth")
	wantError(t, s, "/api/neighbours?id="+putin+"&type=Planet", 400, "Planet")
}

func TestPath(t *testing.T) {
	s := seedServer(t)
	var got graphBody
	getJSON(t, s, "/api/path?from="+kim+"&to="+trump, 200, &got)
	if !contains(ids(got.Entities), kim) || !contains(ids(got.Entities), trump) || len(got.Relations) == 0 {
		t.Fatalf("Kim to Trump: %v, %d relations", ids(got.Entities), len(got.Relations))
	}
	// Every relation joins two entities of the answer, and none joins
	// Kim to Trump directly (they have no relation).
	in := map[string]bool{}
	for _, e := range got.Entities {
		in[e.ID] = true
	}
	for _, r := range got.Relations {
		if !in[r.Subject] || !in[r.Object] {
			t.Errorf("relation %s-%s off the paths", r.Subject, r.Object)
		}
	}
	getJSON(t, s, "/api/path?from="+kim+"&to="+trump+"&max_hops=1", 200, &got)
	if len(got.Entities) != 0 {
		t.Errorf("Kim to Trump in one hop: %v", ids(got.Entities))
	}
	wantError(t, s, "/api/path?from="+kim, 400, "parameter to is required")
	wantError(t, s, "/api/path?from="+kim+"&to="+trump+"&max_hops=9", 400, "max_hops")
	wantError(t, s, "/api/path?from="+kim+"&to=person/nobody", 404, "person/nobody")
}

// TestView: the view is the CLI's export of the same ego graph, byte for
// byte, in every format.
func TestView(t *testing.T) {
	st := seeds(t)
	s := seedServer(t)
	whole, err := st.Graph(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// What `entigraph export --entity Putin --depth 1` writes.
	ego, err := export.Filter{Entity: "Putin", Depth: 1}.Apply(whole)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"svg", "dot", "jsonld", "graphml", "csv", "json"} {
		t.Run(name, func(t *testing.T) {
			f, _ := export.Lookup(name)
			var want bytes.Buffer
			if err := f.Write(&want, ego); err != nil {
				t.Fatal(err)
			}
			w := do(t, s, http.MethodGet, "/api/view?id="+putin+"&format="+name+"&download=1")
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, f.Mime) {
				t.Errorf("Content-Type %q, want %s", ct, f.Mime)
			}
			if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="entigraph-person-vladimir-putin`+f.Ext+`"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			if !bytes.Equal(w.Body.Bytes(), want.Bytes()) {
				t.Errorf("the view differs from the CLI's export (%d bytes against %d)", w.Body.Len(), want.Len())
			}
		})
	}
	w := do(t, s, http.MethodGet, "/api/view?id="+putin)
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/svg+xml; charset=utf-8" || w.Header().Get("Content-Disposition") != "" {
		t.Errorf("default view: %d %v", w.Code, w.Header())
	}
	wantError(t, s, "/api/view?id="+putin+"&format=pdf", 400, `unknown format "pdf"`)
	wantError(t, s, "/api/view?format=svg", 400, "parameter id is required")
}

type gizmoBody struct {
	Results   []any `json:"results"`
	Truncated bool  `json:"truncated"`
}

func TestGizmo(t *testing.T) {
	s := newServer(t, seeds(t), Options{GizmoTimeout: 300 * time.Millisecond, GizmoLimit: 50})
	q := `g.V("<urn:entigraph:person/donald-trump>").Both("<urn:entigraph:rel/met_with>").All()`
	var got gizmoBody
	getJSON(t, s, "/api/gizmo?q="+urlq(q), 200, &got)
	found := false
	for _, r := range got.Results {
		if m, ok := r.(map[string]any); ok && m["id"] == "<urn:entigraph:person/vladimir-putin>" {
			found = true
		}
	}
	if !found || got.Truncated {
		t.Errorf("Trump met_with: %+v", got)
	}
	getJSON(t, s, "/api/gizmo?q="+urlq("g.V().All()")+"&limit=3", 200, &got)
	if len(got.Results) != 3 || !got.Truncated {
		t.Errorf("limit 3: %d results, truncated %v", len(got.Results), got.Truncated)
	}
	getJSON(t, s, "/api/gizmo?q="+urlq("g.V().All()"), 200, &got)
	if len(got.Results) != 50 || !got.Truncated {
		t.Errorf("the server's cap: %d results, truncated %v", len(got.Results), got.Truncated)
	}
	wantError(t, s, "/api/gizmo?q="+urlq("g.V().All()")+"&limit=51", 400, "limit must be a whole number from 1 to 50")
	wantError(t, s, "/api/gizmo?q="+urlq("g.V(("), 400, "gizmo")
	wantError(t, s, "/api/gizmo", 400, "parameter q is required")
	start := time.Now()
	wantError(t, s, "/api/gizmo?q="+urlq("while (true) {}"), 503, "stopped after 300ms, its time limit")
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("an endless query answered after %v", el)
	}
	// The store is not left locked: the next query runs.
	getJSON(t, s, "/api/gizmo?q="+urlq(q), 200, &got)
}

func urlq(s string) string { return url.QueryEscape(s) }

// TestReadOnly: no method but GET and HEAD gets in, anywhere.
func TestReadOnly(t *testing.T) {
	s := seedServer(t)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "PROPFIND"} {
		for _, path := range []string{"/api/search?q=Putin", "/api/gizmo?q=g.V().All()", "/", "/app.js", "/api/nothing"} {
			w := do(t, s, m, path)
			if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q", m, path, w.Code, w.Header().Get("Allow"))
			}
			var e errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || !strings.Contains(e.Error, "read-only") {
				t.Errorf("%s %s: body %q", m, path, w.Body)
			}
		}
	}
	w := do(t, s, http.MethodHead, "/api/search?q=Putin")
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, %v", w.Code, w.Body.Len(), w.Header())
	}
}

func TestStatic(t *testing.T) {
	s := seedServer(t)
	for path, want := range map[string]string{"/": "<title>entigraph</title>", "/app.js": "function centre", "/style.css": "#graph"} {
		w := do(t, s, http.MethodGet, path)
		if w.Code != 200 || !strings.Contains(w.Body.String(), want) {
			t.Errorf("GET %s: %d, no %q", path, w.Code, want)
		}
		if w.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no Content-Security-Policy", path)
		}
	}
	wantError(t, s, "/api/nothing", 404, "no API endpoint /api/nothing")
	// No way out of the embedded folder: over a real connection, so that
	// the paths reach the server as written.
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, path := range []string{"/../go.mod", "/..%2fgo.mod", "/%2e%2e/go.mod", "/static/../../go.mod", "/..%5cgo.mod", "/server.go", "/static/index.html"} {
		resp := rawGet(t, ts.Listener.Addr().String(), path)
		if loc, ok := redirect(resp); ok {
			// The mux cleans a path with dot segments and redirects to
			// the clean one, which must be inside the viewer's folder.
			resp = rawGet(t, ts.Listener.Addr().String(), loc)
		}
		if strings.Contains(resp, "module github.com/entigraph") || strings.Contains(resp, "package serve") {
			t.Errorf("GET %s: served a file outside the viewer", path)
		}
		if !strings.HasPrefix(resp, "HTTP/1.1 404") && !strings.HasPrefix(resp, "HTTP/1.1 400") {
			t.Errorf("GET %s: %s", path, strings.SplitN(resp, "\r\n", 2)[0])
		}
	}
}

// redirect returns the Location of a 301, 307 or 308 answer.
func redirect(resp string) (string, bool) {
	status, rest, _ := strings.Cut(resp, "\r\n")
	if !strings.HasPrefix(status, "HTTP/1.1 301") && !strings.HasPrefix(status, "HTTP/1.1 307") && !strings.HasPrefix(status, "HTTP/1.1 308") {
		return "", false
	}
	for _, line := range strings.Split(rest, "\r\n") {
		if v, ok := strings.CutPrefix(line, "Location: "); ok {
			return v, true
		}
	}
	return "", false
}

// rawGet sends path as written (no client-side cleaning) and returns the
// whole answer.
func rawGet(t *testing.T, addr, path string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	b, _ := io.ReadAll(c)
	return string(b)
}

func TestResponseCap(t *testing.T) {
	s := newServer(t, seeds(t), Options{MaxBytes: 2000})
	wantError(t, s, "/api/view?id="+putin+"&format=dot", 422, "larger than this server's cap of 2000 bytes")
	var got searchBody
	getJSON(t, s, "/api/search?q=Putin", 200, &got) // small answers pass
}

// slow is a Source whose reads ignore their context and take d.
type slow struct {
	Source
	d time.Duration
}

func (s slow) FindEntities(ctx context.Context, q string, t kg.EntityType, limit int) ([]kg.Entity, error) {
	time.Sleep(s.d)
	return nil, nil
}

func (s slow) Path(context.Context, string, string, int, int) (*kg.Graph, error) {
	panic("a bug in a reader")
}

func TestDeadlineAndPanic(t *testing.T) {
	s := newServer(t, slow{seeds(t), 2 * time.Second}, Options{Timeout: 100 * time.Millisecond})
	start := time.Now()
	wantError(t, s, "/api/search?q=Putin", 503, "longer than this server's limit of 100ms")
	if el := time.Since(start); el > time.Second {
		t.Errorf("answered after %v, past the deadline", el)
	}
	wantError(t, s, "/api/path?from="+kim+"&to="+trump, 500, "internal error: a bug in a reader")
	var got graphBody
	getJSON(t, s, "/api/neighbours?id="+putin, 200, &got) // still serving
}

// TestRunShutdown: Run serves until its context ends, then lets a request
// under way finish and returns.
func TestRunShutdown(t *testing.T) {
	s := newServer(t, slow{seeds(t), 300 * time.Millisecond}, Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	url := "http://" + ln.Addr().String()
	status := make(chan int, 1)
	go func() {
		resp, err := http.Get(url + "/api/search?q=Putin")
		if err != nil {
			status <- -1
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	time.Sleep(100 * time.Millisecond) // the request is under way
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if code := <-status; code != 200 {
		t.Errorf("the request under way at shutdown: %d", code)
	}
	if _, err := http.Get(url + "/"); err == nil {
		t.Errorf("still serving after shutdown")
	}
}
