package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/pipeline"
)

// seedsOneLine returns n bytes of the seeds' text as one line: the seeds
// joined, line breaks made spaces, repeated; with noEnds, '.', '!' and '?'
// become ',' too, so the whole text is one sentence until the sentence
// limit cuts it.
func seedsOneLine(b *testing.B, n int, noEnds bool) string {
	b.Helper()
	paths, err := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	sort.Strings(paths)
	var sb strings.Builder
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(data)
		sb.WriteByte(' ')
	}
	unit := oneLine(sb.String()) + " "
	if noEnds {
		unit = strings.NewReplacer(".", ",", "!", ",", "?", ",").Replace(unit)
	}
	s := strings.Repeat(unit, n/len(unit)+1)[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// BenchmarkDocumentSize runs what `extract` does (read, clean, annotate,
// extract relations, add to an in-memory store) on one document of 10 KB
// to 10 MB on one line, with sentence ends and without. Time and memory
// per byte of text (ns/B; cpu-ns/B, the process's CPU time, steadier on a
// shared machine; allocB/B) stay flat when the work is linear in the
// document's length:
//
//	go test -run '^$' -bench DocumentSize -benchtime 1x -benchmem ./cmd/entigraph
func BenchmarkDocumentSize(b *testing.B) {
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, noEnds := range []bool{false, true} {
		for _, n := range []int{10 << 10, 100 << 10, 1 << 20, 10 << 20} {
			name := fmt.Sprintf("sentences/%dKB", n>>10)
			if noEnds {
				name = fmt.Sprintf("no-sentence-end/%dKB", n>>10)
			}
			b.Run(name, func(b *testing.B) {
				path := filepath.Join(b.TempDir(), "doc.txt")
				if err := os.WriteFile(path, []byte(seedsOneLine(b, n, noEnds)), 0o644); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				cpu0 := cpuTime(b)
				b.ResetTimer()
				for range b.N {
					st, err := graph.Open(ctx, "memory")
					if err != nil {
						b.Fatal(err)
					}
					docs := ingest.Options{MaxDocument: -1}.Read([]string{path}, nil)
					for r := range p.Run(ctx, docs, 1) {
						if r.Err != nil {
							b.Fatal(r.Err)
						}
						if _, err := st.Add(ctx, r.Extraction); err != nil {
							b.Fatal(err)
						}
					}
					st.Close()
				}
				b.StopTimer()
				cpu := cpuTime(b) - cpu0
				runtime.ReadMemStats(&m1)
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/B")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/B")
				b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(b.N)/float64(n), "allocB/B")
			})
		}
	}
}

// cpuTime is the process's CPU time so far, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
