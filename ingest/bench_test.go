package ingest

import (
	"os"
	"path/filepath"
	"testing"

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
