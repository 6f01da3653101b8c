package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

// seedsX20 runs the pipeline once over twenty copies of the seeds (each
// copy with a distinct last line, so every document is new to the store).
func seedsX20(b *testing.B) []*kg.Extraction {
	b.Helper()
	paths, err := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	sort.Strings(paths)
	dir := b.TempDir()
	for i := 1; i <= 20; i++ {
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			data = append(data, fmt.Sprintf("\nCopy %d of %s.\n", i, filepath.Base(p))...)
			// Seed-major order, as a folder of copies is read: the
			// twenty copies of one seed, then the next seed's.
			name := fmt.Sprintf("%s_copy%02d.txt", strings.TrimSuffix(filepath.Base(p), ".txt"), i)
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	var out []*kg.Extraction
	for r := range p.Run(context.Background(), ingest.Read([]string{dir}, nil), 0) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
		out = append(out, r.Extraction)
	}
	return out
}

// BenchmarkAddSeedsX20 measures the store's part of ingesting the seeds
// x20 into a new bolt store, with and without resolution across
// documents (the pipeline runs once, before the timer).
func BenchmarkAddSeedsX20(b *testing.B) {
	exs := seedsX20(b)
	for _, mode := range []struct {
		name string
		res  graph.Resolution
	}{{"no-resolve", graph.Resolution{Off: true}}, {"resolve", graph.Resolution{}}} {
		b.Run(mode.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				s, err := graph.Open(context.Background(), "bolt://"+filepath.Join(b.TempDir(), "store"))
				if err != nil {
					b.Fatal(err)
				}
				s.SetResolution(mode.res)
				b.StartTimer()
				for _, ex := range exs {
					if _, err := s.Add(context.Background(), ex); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				s.Close()
			}
		})
	}
}

// BenchmarkAddOneToStore measures ingesting one new document into a big
// store, past the pipeline: a copy of the bolt store in the folder
// $ENTIGRAPH_BENCH_STORE is opened, the first seed article (run through
// the pipeline once, before the timer) added, and the store closed. It
// reports the process's CPU time per document (cpu-ms/op) beside the
// wall time. Without $ENTIGRAPH_BENCH_STORE it skips (docs/benchmarks.md
// says how the 10,000-document store is made):
//
//	ENTIGRAPH_BENCH_STORE=/tmp/store10k go test -run '^$' -bench AddOneToStore -benchtime 5x ./cmd/entigraph
func BenchmarkAddOneToStore(b *testing.B) {
	src := os.Getenv("ENTIGRAPH_BENCH_STORE")
	if src == "" {
		b.Skip("set ENTIGRAPH_BENCH_STORE to a store folder")
	}
	paths, err := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	sort.Strings(paths)
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	var ex *kg.Extraction
	for r := range p.Run(context.Background(), ingest.Read(paths[:1], nil), 1) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
		ex = r.Extraction
	}
	data, err := os.ReadFile(filepath.Join(src, "indexes.bolt"))
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "store")
		if err := os.Mkdir(dir, 0o700); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "indexes.bolt"), data, 0o600); err != nil {
			b.Fatal(err)
		}
		c0 := cpuTime(b)
		b.StartTimer()
		s, err := graph.OpenExisting(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		if added, err := s.Add(context.Background(), ex); err != nil || !added {
			b.Fatalf("added %v, %v", added, err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime(b) - c0
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkAddCorpusToBolt measures the store's part of ingesting a
// folder of articles (the pipeline runs once, before the timer) into a
// new bolt store with resolution on, and reports quads written per
// second (the store's quads at the end, lookup keys included), documents
// per second, and the process's CPU time. The documents go to AddBatch in
// batches of ingest's default size (batch=64) or one at a time (batch=1,
// one transaction each). The folder is $ENTIGRAPH_BENCH_CORPUS (e.g. the
// 946 CoNLL-2003 training documents that `entigraph ner corpus` writes);
// without it the benchmark skips:
//
//	ENTIGRAPH_BENCH_CORPUS=/tmp/conll-train go test -run '^$' -bench AddCorpusToBolt -benchtime 3x ./cmd/entigraph
func BenchmarkAddCorpusToBolt(b *testing.B) {
	dir := os.Getenv("ENTIGRAPH_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set ENTIGRAPH_BENCH_CORPUS to a folder of articles")
	}
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	var exs []*kg.Extraction
	for r := range p.Run(context.Background(), ingest.Read([]string{dir}, nil), 1) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
		exs = append(exs, r.Extraction)
	}
	for _, size := range []int{pipeline.DefaultBatch.Docs, 1} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			ctx := context.Background()
			quads := 0
			var cpu time.Duration
			for range b.N {
				b.StopTimer()
				s, err := graph.Open(ctx, "bolt://"+filepath.Join(b.TempDir(), "store"))
				if err != nil {
					b.Fatal(err)
				}
				c0 := cpuTime(b)
				b.StartTimer()
				for start := 0; start < len(exs); start += size {
					for i, r := range s.AddBatch(ctx, exs[start:min(start+size, len(exs))]) {
						if r.Err != nil || !r.Added {
							b.Fatalf("document %d: added %v, %v", start+i, r.Added, r.Err)
						}
					}
				}
				b.StopTimer()
				cpu += cpuTime(b) - c0
				st, err := s.Stats(ctx)
				if err != nil {
					b.Fatal(err)
				}
				quads = st.Quads
				s.Close()
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(quads)/sec, "quads/s")
			b.ReportMetric(float64(len(exs))/sec, "docs/s")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(quads)/cpu.Seconds()*float64(b.N), "quads/cpu-s")
		})
	}
}
