package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/internal/corpustest"
	"github.com/entigraph/entigraph/internal/storetest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/conll/conlltest"
	"github.com/entigraph/entigraph/pipeline"
)

// TestPostgresLikeBolt: every command that reads or changes a store
// answers the same, byte for byte, on PostgreSQL as on bolt after the
// same ingest, merge and split.
func TestPostgresLikeBolt(t *testing.T) {
	pg := storetest.PostgresURL(t)
	bolt := filepath.Join(t.TempDir(), "g.db")
	for _, db := range []string{pg, bolt} {
		if _, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", newsDir); code != 0 {
			t.Fatalf("ingest into %s: %s", db, stderr)
		}
	}
	same := func(step string, args ...string) {
		t.Helper()
		outP, errP, codeP := entigraph(t, "", append([]string{"--db", pg}, args...)...)
		outB, errB, codeB := entigraph(t, "", append([]string{"--db", bolt}, args...)...)
		if strings.TrimSpace(outP) == "[]" || outP == "" && codeP == 0 {
			t.Errorf("%s: %v printed nothing", step, args)
		}
		if args[0] == "query" {
			// Gizmo gives its results in the backend's index order.
			outP, outB = sortedJSON(t, outP), sortedJSON(t, outB)
		}
		if codeP != codeB || outP != outB {
			t.Errorf("%s: %v: postgres exit %d, bolt exit %d; outputs differ:\npostgres %.400s %s\nbolt     %.400s %s", step, args, codeP, codeB, outP, errP, outB, errB)
		}
	}
	reads := [][]string{
		{"entities"}, {"entities", "--format", "csv"}, {"relations"}, {"relations", "--entity", "Vladimir Putin"},
		{"neighbours", "Vladimir Putin", "--depth", "2"}, {"path", "Donald Trump", "Kim Jong Un"},
		{"export", "--format", "nquads"}, {"export", "--format", "json"}, {"export", "--format", "jsonld"},
		{"export", "--format", "graphml"}, {"export", "--format", "dot"},
		{"query", `g.V("<urn:entigraph:person/vladimir-putin>").Out().All()`},
		{"query", `g.Emit(g.V().Out("<http://schema.org/name>").Count())`}, {"verify"},
	}
	for _, r := range reads {
		same("after ingest", r...)
	}
	// Merge two nodes, split them again: both stores alike.
	same("merge", "merge", "organization/kcna", "country/north-korea")
	same("merge", "merge", "person/donald-trump", "person/vladimir-putin")
	same("split", "split", "person/donald-trump", "Vladimir Putin")
	for _, r := range reads {
		same("after merge and split", r...)
	}
	// Re-ingesting changes nothing.
	if out, stderr, code := entigraph(t, "", "--db", pg, "ingest", newsDir); code != 0 || !strings.Contains(out, "0 added, 5 skipped") {
		t.Errorf("re-ingest: exit %d: %s%s", code, out, stderr)
	}
	same("after re-ingest", "export", "--format", "nquads")
}

// sortedJSON returns a JSON array's elements, each on a line, sorted.
func sortedJSON(t *testing.T, s string) string {
	t.Helper()
	var xs []json.RawMessage
	if err := json.Unmarshal([]byte(s), &xs); err != nil {
		return s
	}
	lines := make([]string, len(xs))
	for i, x := range xs {
		var b bytes.Buffer
		json.Compact(&b, x)
		lines[i] = b.String()
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestPostgresSeveralIngesters: four `entigraph ingest` processes on one
// PostgreSQL database, given overlapping quarters of the seeds and
// CoNLL-2003 training documents (each document goes to two of them), end
// with the store one process makes of them all: N-Quads and JSON exports
// equal byte for byte, both stores verified.
func TestPostgresSeveralIngesters(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline in five processes")
	}
	shared := storetest.PostgresURL(t)
	single := storetest.PostgresURL(t)
	train := conlltest.Path(t, "train.txt")
	_, exe := buildBinary(t)
	corpus := filepath.Join(t.TempDir(), "corpus")
	if out, err := exec.Command(exe, "ner", "corpus", "--conll", train, "-o", corpus).CombinedOutput(); err != nil {
		t.Fatalf("ner corpus: %v\n%s", err, out)
	}
	conllDocs, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	sort.Strings(conllDocs)
	n := 40
	if len(conllDocs) < n {
		t.Fatalf("%s: %d documents", corpus, len(conllDocs))
	}
	seeds, _ := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	docs := append(seeds, conllDocs[:n]...)
	const procs = 4
	var wg sync.WaitGroup
	results := make([]result, procs)
	for p := range procs {
		var share []string
		for i := range len(docs) / 2 {
			share = append(share, docs[(p*len(docs)/procs+i)%len(docs)])
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[p] = runAs(t, "", nil, exe, append([]string{"--db", shared, "ingest", "-q"}, share...)...)
		}()
	}
	wg.Wait()
	for p, r := range results {
		if r.code != 0 {
			t.Fatalf("ingester %d: exit %d: %s", p, r.code, r.stderr)
		}
	}
	if r := runAs(t, "", nil, exe, append([]string{"--db", single, "ingest", "-q"}, docs...)...); r.code != 0 {
		t.Fatalf("single ingest: exit %d: %s", r.code, r.stderr)
	}
	for _, format := range []string{"nquads", "json"} {
		a := runAs(t, "", nil, exe, "--db", shared, "export", "--format", format, "--all-modalities")
		b := runAs(t, "", nil, exe, "--db", single, "export", "--format", format, "--all-modalities")
		if a.code != 0 || b.code != 0 {
			t.Fatalf("export %s: exit %d %s, %d %s", format, a.code, a.stderr, b.code, b.stderr)
		}
		if a.stdout != b.stdout {
			al, bl := strings.Split(a.stdout, "\n"), strings.Split(b.stdout, "\n")
			for i := range min(len(al), len(bl)) {
				if al[i] != bl[i] {
					t.Fatalf("export %s: %d ingesters and one differ first at line %d:\n%d  %s\none %s", format, procs, i+1, procs, al[i], bl[i])
				}
			}
			t.Fatalf("export %s: %d ingesters give %d lines, one %d", format, procs, len(al), len(bl))
		}
		if format == "json" && !strings.Contains(a.stdout, `"relations"`) {
			t.Fatalf("export json: no relations: %.200s", a.stdout)
		}
	}
	for _, db := range []string{shared, single} {
		if r := runAs(t, "", nil, exe, "--db", db, "verify"); r.code != 0 {
			t.Errorf("verify: exit %d: %s%s", r.code, r.stdout, r.stderr)
		}
	}
}

// BenchmarkAddBackends measures the store's part of ingest on each
// persistent backend: the extractions of the corpus $ENTIGRAPH_BENCH_CORPUS
// names (the seeds without it), made once before the timer, added to a
// new store; quads/s is the quads stored over the time taken.
func BenchmarkAddBackends(b *testing.B) {
	docs := corpustest.Bench(b)
	if docs == nil {
		docs = corpustest.Docs(b, newsDir)
	}
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	seq := func(yield func(*kg.Document, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
	var exs []*kg.Extraction
	for r := range p.Run(ctx, seq, 0) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
		exs = append(exs, r.Extraction)
	}
	for _, be := range []struct {
		name string
		url  func(b *testing.B) string
	}{
		{"bolt", func(b *testing.B) string { return "bolt://" + filepath.Join(b.TempDir(), "store") }},
		{"postgres", func(b *testing.B) string { return storetest.PostgresURL(b) }},
	} {
		b.Run(be.name, func(b *testing.B) {
			quads := 0
			for range b.N {
				b.StopTimer()
				s, err := graph.Open(ctx, be.url(b))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for _, ex := range exs {
					if _, err := s.Add(ctx, ex); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				st, err := s.Stats(ctx)
				if err != nil {
					b.Fatal(err)
				}
				quads += st.Quads
				s.Close()
			}
			b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(exs)), "ms/doc")
		})
	}
}
