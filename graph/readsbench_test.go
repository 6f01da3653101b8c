//go:build linux

package graph

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/entigraph/entigraph/kg"
)

// The read benchmarks need a large bolt store, built once into the folder
// $ENTIGRAPH_BENCH_READS (a cache folder, never the repository): DIR/1m
// holds about a million quads, DIR/10k ten thousand documents. Each
// starts as a copy of DIR/real when there is one (real documents: a store
// that `entigraph ingest` made, see scripts/bench-reads), then gets
// generated documents (syntheticDocs, a pool of some thousands of
// entities) until it is big enough. Without the variable the benchmarks
// say so and do not run: building the store takes minutes.
func benchReadsDir(b *testing.B) string {
	dir := os.Getenv("ENTIGRAPH_BENCH_READS")
	if dir == "" {
		b.Skip("the read benchmarks need ENTIGRAPH_BENCH_READS=DIR, a cache folder where their 1M-quad store is built once")
	}
	return dir
}

// benchStore opens (building it first if need be) the store DIR/name of at
// least wantQuads quads and wantDocs documents.
func benchStore(b *testing.B, name string, wantQuads, wantDocs int) *Store {
	b.Helper()
	dir := benchReadsDir(b)
	path := filepath.Join(dir, name)
	ctx := context.Background()
	if _, err := os.Stat(filepath.Join(path, "indexes.bolt")); err != nil {
		if real := filepath.Join(dir, "real", "indexes.bolt"); fileExists(real) {
			if err := os.MkdirAll(path, 0o755); err != nil {
				b.Fatal(err)
			}
			if err := copyFile(real, filepath.Join(path, "indexes.bolt")); err != nil {
				b.Fatal(err)
			}
		}
	}
	s, err := OpenWith(ctx, "bolt://"+path, OpenOptions{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for next := 0; st.Quads < wantQuads || st.Documents < wantDocs; {
		n := 500
		if wantDocs > 0 && wantDocs-st.Documents < n {
			n = max(wantDocs-st.Documents, 1)
		}
		for _, ex := range syntheticDocs(int64(next+7), next, n, 400) {
			if _, err := s.Add(ctx, ex); err != nil {
				b.Fatal(err)
			}
		}
		next += n
		if st, err = s.Stats(ctx); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "%s: %d documents, %d quads (%s)\n", path, st.Documents, st.Quads, time.Since(start).Round(time.Second))
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// threadCPU is the CPU time the calling thread has used.
func threadCPU(b *testing.B) time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ts.Nano())
}

// percentile returns the p-th percentile (0-100) of ds, sorted.
func percentile(ds []time.Duration, p float64) time.Duration {
	i := int(float64(len(ds)-1) * p / 100)
	return ds[i]
}

// BenchmarkIndexedReads times one-entity reads as library calls on the
// 1M-quad bolt store, each over the same sample of 1,000 entities drawn
// at random (seeded; every entity equally likely, so that the long tail
// dominates the median and the hubs the 99th percentile; path: the first
// 200, each to the next), and reports the
// median, 99th percentile and slowest call in ms:
//
//	ENTIGRAPH_BENCH_READS=~/.cache/entigraph-bench go test -run '^$' -bench IndexedReads -benchtime 1x ./graph
func BenchmarkIndexedReads(b *testing.B) {
	s := benchStore(b, "1m", 1_000_000, 0)
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	g, err := s.Graph(ctx)
	if err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "store: %d documents, %d quads, %d entities, %d relations\n",
		st.Documents, st.Quads, len(g.Entities), len(g.Relations))
	rng := rand.New(rand.NewSource(1))
	sample := make([]kg.Entity, 1000)
	for i := range sample {
		sample[i] = g.Entities[rng.Intn(len(g.Entities))]
	}
	g = nil
	ops := []struct {
		name string
		call func(i int, e kg.Entity) error
		n    int // calls: 0 for the whole sample
	}{
		{"relations", func(_ int, e kg.Entity) error {
			_, err := s.Relations(ctx, []string{e.ID}, SubgraphOptions{AllModalities: true})
			return err
		}, 0},
		{"neighbours-depth1", func(_ int, e kg.Entity) error {
			_, _, err := s.Neighbours(ctx, []string{e.ID}, 1, SubgraphOptions{})
			return err
		}, 0},
		{"subgraph-depth1", func(_ int, e kg.Entity) error {
			_, err := s.Subgraph(ctx, []string{e.ID}, 1, SubgraphOptions{})
			return err
		}, 0},
		{"path", func(i int, e kg.Entity) error {
			_, err := s.Path(ctx, e.ID, sample[(i+1)%len(sample)].ID, 0, 20)
			return err
		}, 200},
		{"find", func(_ int, e kg.Entity) error {
			q := e.Name
			if ws := strings.Fields(q); len(ws) > 1 {
				q = ws[0] + " " + ws[1][:min(3, len(ws[1]))] // typed so far
			}
			_, err := s.FindEntities(ctx, q, "", 10)
			return err
		}, 0},
		{"lookup", func(_ int, e kg.Entity) error {
			_, err := s.MatchEntities(ctx, e.Name)
			return err
		}, 0},
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			// Wall time, and the CPU time of the call's thread (the
			// goroutine locked to it): on a machine others share, the
			// wall time of a call includes the time it waited for a
			// core.
			var ds, cpu []time.Duration
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for range b.N {
				for i, e := range sample {
					if op.n > 0 && i >= op.n {
						break
					}
					c0 := threadCPU(b)
					t0 := time.Now()
					if err := op.call(i, e); err != nil {
						b.Fatalf("%s %s: %v", op.name, e.ID, err)
					}
					ds = append(ds, time.Since(t0))
					cpu = append(cpu, threadCPU(b)-c0)
				}
			}
			for _, x := range [][]time.Duration{ds, cpu} {
				sort.Slice(x, func(i, j int) bool { return x[i] < x[j] })
			}
			ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
			b.ReportMetric(ms(percentile(ds, 50)), "p50-ms")
			b.ReportMetric(ms(percentile(ds, 99)), "p99-ms")
			b.ReportMetric(ms(ds[len(ds)-1]), "max-ms")
			b.ReportMetric(ms(percentile(cpu, 50)), "p50-cpu-ms")
			b.ReportMetric(ms(percentile(cpu, 99)), "p99-cpu-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkBuildReadStores only builds DIR/10k (ten thousand documents:
// the real ones of DIR/real and generated ones), for scripts/bench-reads'
// comparison of whole commands on 1k and 10k documents.
func BenchmarkBuildReadStores(b *testing.B) {
	s := benchStore(b, "10k", 0, 10_000)
	st, err := s.Stats(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.Documents), "documents")
	b.ReportMetric(float64(st.Quads), "quads")
	b.ReportMetric(0, "ns/op")
}
