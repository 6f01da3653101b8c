package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

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
