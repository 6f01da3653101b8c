package model

import (
	"testing"
)

// BenchmarkTag tags the CoNLL-2003 dev split (51,362 tokens) per
// iteration and reports tokens/s. Run it on one core:
//
//	GOMAXPROCS=1 go test -run '^$' -bench Tag ./ner/model
func BenchmarkTag(b *testing.B) {
	ex := readExamples(b, "dev.txt", 0)
	m := loadedModel(b)
	tokens := 0
	for _, e := range ex {
		for _, s := range e.Words {
			tokens += len(s)
		}
	}
	var dst [][]Label
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, e := range ex {
			dst = m.TagInto(dst, e.Words)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkDecode decodes the embedded model: the load cost every process
// pays once.
func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Decode(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
