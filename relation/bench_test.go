package relation

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// BenchmarkExtract measures the stage alone on the annotated seeds.
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("../testdata/news/*.txt")
	an := annotator(b)
	x := newX(b)
	var docs []*kg.Annotated
	toks := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		a, err := an.Annotate(&kg.Document{ID: filepath.Base(f), Text: string(data)})
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, a)
		toks += len(a.Tokens)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range docs {
			x.Extract(a)
		}
	}
	b.ReportMetric(float64(toks*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
