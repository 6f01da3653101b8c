package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/entigraph/entigraph/internal/corpustest"
	"github.com/entigraph/entigraph/kg"
)

// BenchmarkClean cleans the start of every seed.
func BenchmarkClean(b *testing.B) {
	entries, _ := os.ReadDir(seedDir)
	var texts []string
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(seedDir, e.Name()))
		texts = append(texts, shorten(string(data), 3000))
	}
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			Clean(&kg.Document{Text: t})
		}
	}
}

// BenchmarkCleanCorpus cleans every .txt file of the folder that
// ENTIGRAPH_BENCH_CORPUS names (for example the CoNLL-2003 training
// corpus written by `entigraph ner corpus`); skipped when unset.
func BenchmarkCleanCorpus(b *testing.B) {
	corpus := corpustest.Bench(b)
	if corpus == nil {
		b.Skip(corpustest.BenchEnv + " not set")
	}
	var texts []string
	for _, d := range corpus {
		texts = append(texts, d.Text)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			Clean(&kg.Document{Text: t})
		}
	}
}
