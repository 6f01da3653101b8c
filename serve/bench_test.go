package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

// benchEnv names the store the latency benchmark serves: a bolt store
// folder, made there (10,000 generated news documents through the whole
// pipeline, some minutes) when it does not exist, reused when it does.
// Unset, the benchmark skips, so that `go test ./...` stays fast:
//
//	ENTIGRAPH_SERVE_BENCH=/tmp/serve-10k.db go test -run '^$' -bench Serve -benchtime 1x ./serve
const benchEnv = "ENTIGRAPH_SERVE_BENCH"

// benchDocs is the size of the generated corpus.
const benchDocs = 10000

// Name pools for the generated news: drawn with a skew, so that a few
// people and countries are in many stories (as Putin and Russia are) and
// most in few.
var (
	benchFirst = []string{"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas",
		"Karim", "Lena", "Marco", "Nadia", "Omar", "Paula", "Rafael", "Sofia", "Tomas", "Ulla",
		"Viktor", "Wanda", "Yusuf", "Zofia", "Aiko", "Bruno", "Chen", "Dalia", "Emil", "Fatima"}
	benchLast = []string{"Adler", "Brandt", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia", "Haas", "Ivanov", "Jansen",
		"Kowalski", "Lindqvist", "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka",
		"Umarov", "Varga", "Weber", "Xavier", "Yilmaz", "Zeller", "Akande", "Bauer", "Castillo", "Dumont",
		"Engel", "Ferreira", "Gruber", "Horvat", "Iversen", "Jovanovic", "Keller", "Larsen", "Mendes", "Nagy"}
	benchCountries = []string{"Norway", "Brazil", "Kenya", "Japan", "Germany", "France", "India", "Mexico", "Egypt", "Poland",
		"Canada", "Chile", "Vietnam", "Turkey", "Nigeria", "Sweden", "Spain", "Italy", "Peru", "Ghana",
		"Austria", "Finland", "Greece", "Hungary", "Indonesia", "Morocco", "Portugal", "Romania", "Senegal", "Thailand"}
	benchCities = []string{"Geneva", "Vienna", "Nairobi", "Osaka", "Lisbon", "Warsaw", "Cairo", "Lima", "Oslo", "Accra",
		"Madrid", "Hanoi", "Dakar", "Athens", "Helsinki", "Bucharest", "Rabat", "Santiago", "Mumbai", "Toronto"}
	benchOrgs = []string{"Energy Council", "Trade Agency", "Shipping Group", "Health Institute", "Mining Company",
		"Water Authority", "Rail Consortium", "Grain Board", "Space Agency", "Fisheries Commission"}
	benchTitles = []string{"President", "Prime Minister", "Foreign Minister", "Defence Minister", "Chancellor"}
)

// benchStory writes one generated news story: sentences the relation
// patterns read (met, spoke with, signed an agreement with, visited,
// praised, criticized), between people, countries, organizations and
// places drawn from the pools.
func benchStory(rng *rand.Rand, i int) map[string]string {
	skew := func(n int) int { return min(int(rng.ExpFloat64()*float64(n)/8), n-1) }
	person := func() string {
		k := skew(len(benchFirst) * len(benchLast))
		return benchFirst[k%len(benchFirst)] + " " + benchLast[k/len(benchFirst)]
	}
	title := func() string { return benchTitles[rng.Intn(len(benchTitles))] }
	country := func() string { return benchCountries[skew(len(benchCountries)*2)%len(benchCountries)] }
	city := func() string { return benchCities[rng.Intn(len(benchCities))] }
	org := func() string {
		return benchLast[skew(len(benchLast))] + " " + benchOrgs[rng.Intn(len(benchOrgs))]
	}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	templates := []func() string{
		func() string {
			return fmt.Sprintf("%s %s met %s %s in %s on %s.", title(), person(), title(), person(), city(), days[rng.Intn(5)])
		},
		func() string { return fmt.Sprintf("%s signed an agreement with %s on trade.", country(), country()) },
		func() string { return fmt.Sprintf("%s %s visited %s last week.", title(), person(), country()) },
		func() string {
			return fmt.Sprintf("%s %s praised %s %s for the talks.", title(), person(), title(), person())
		},
		func() string {
			return fmt.Sprintf("%s criticized the %s over the delays, officials said.", person(), org())
		},
		func() string { return fmt.Sprintf("%s %s spoke with %s by phone.", title(), person(), person()) },
	}
	var text strings.Builder
	for range 5 + rng.Intn(6) {
		text.WriteString(templates[rng.Intn(len(templates))]())
		text.WriteByte(' ')
	}
	date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*730/benchDocs)
	return map[string]string{
		"id":    fmt.Sprintf("bench/%05d", i),
		"title": fmt.Sprintf("Story %d", i),
		"url":   fmt.Sprintf("https://news.example/%05d", i),
		"date":  date.Format("2006-01-02"),
		"text":  strings.TrimSpace(text.String()) + "\n",
	}
}

// benchStore opens (making it first when missing) the benchmark's store.
func benchStore(b *testing.B) *graph.Store {
	b.Helper()
	dir := os.Getenv(benchEnv)
	if dir == "" {
		b.Skipf("BenchmarkServe: set %s to a store folder (made there with %d generated documents when missing)", benchEnv, benchDocs)
	}
	ctx := context.Background()
	if _, err := os.Stat(filepath.Join(dir, "indexes.bolt")); err != nil {
		start := time.Now()
		jsonl := filepath.Join(b.TempDir(), "news.jsonl")
		f, err := os.Create(jsonl)
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewSource(1))
		enc := json.NewEncoder(f)
		for i := range benchDocs {
			if err := enc.Encode(benchStory(rng, i)); err != nil {
				b.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		st, err := graph.Open(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		p, err := pipeline.New()
		if err != nil {
			b.Fatal(err)
		}
		sum, err := pipeline.Ingest(ctx, st, p.Run(ctx, ingest.Read([]string{jsonl}, nil), 0), func(err error) { b.Error(err) }, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("made %s in %v: %v", dir, time.Since(start).Round(time.Second), sum)
	}
	st, err := graph.OpenReadOnly(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkServe measures the API's latency over loopback on a store of
// 10,000 documents (see benchEnv): a Go client sends each kind of request
// one at a time, over a kept-alive connection, and reports the median and
// 99th percentile (p50-ms, p99-ms) of each run's requests. The requests:
// type-ahead searches (prefixes of 2 to 6 letters of entity names), the
// one-entity view (/api/entity: the entity, its relations with 3 evidence
// sentences each) and the picture of its ego graph (/api/view, Graphviz
// SVG), for entities drawn evenly from the store plus its 20 most
// mentioned.
func BenchmarkServe(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	start := time.Now()
	s := newServer(b, st, Options{})
	b.Logf("server ready in %v", time.Since(start).Round(time.Millisecond))
	stats, err := st.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("store: %+v", stats)
	// The entities to ask about, drawn from the whole graph (read here,
	// before timing, not by the server).
	whole, err := st.Graph(ctx)
	if err != nil {
		b.Fatal(err)
	}
	ents := whole.Entities

	rng := rand.New(rand.NewSource(2))
	var ids, prefixes []string
	for range 200 {
		e := ents[rng.Intn(len(ents))]
		ids = append(ids, e.ID)
		w := strings.Fields(e.Name)
		word := w[rng.Intn(len(w))]
		prefixes = append(prefixes, word[:min(len(word), 2+rng.Intn(5))])
	}
	top := append([]kg.Entity(nil), ents...)
	sort.Slice(top, func(i, j int) bool { return top[i].Mentions > top[j].Mentions })
	for _, e := range top[:min(20, len(top))] {
		ids = append(ids, e.ID)
	}

	ts := httptest.NewServer(s)
	defer ts.Close()
	client := ts.Client()
	get := func(b *testing.B, path string) {
		resp, err := client.Get(ts.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("GET %s: %d (%d bytes)", path, resp.StatusCode, n)
		}
	}
	for _, c := range []struct {
		name  string
		paths []string
	}{
		{"search", mapped(prefixes, func(q string) string { return "/api/search?limit=8&q=" + url.QueryEscape(q) })},
		{"entity", mapped(ids, func(id string) string { return "/api/entity?id=" + url.QueryEscape(id) })},
		{"view-svg", mapped(ids, func(id string) string { return "/api/view?format=svg&id=" + url.QueryEscape(id) })},
	} {
		b.Run(c.name, func(b *testing.B) {
			for _, p := range c.paths[:5] { // warm: the connection, the Graphviz instance
				get(b, p)
			}
			var lat []time.Duration
			cpu0 := processCPU(b)
			b.ResetTimer()
			for range b.N {
				for _, p := range c.paths {
					t0 := time.Now()
					get(b, p)
					lat = append(lat, time.Since(t0))
				}
			}
			b.StopTimer()
			// The CPU time of the whole process (server and client) a
			// request: on a machine shared with other jobs, the wall
			// times above include the time a request waited for a core.
			b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/1000/float64(len(lat)), "cpu-ms/req")
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			q := func(f float64) float64 {
				return float64(lat[min(len(lat)-1, int(f*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(q(0.50), "p50-ms")
			b.ReportMetric(q(0.99), "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(len(lat))/float64(b.N), "requests/op")
		})
	}
}

// processCPU is the CPU time (user and system) the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mapped(xs []string, f func(string) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
