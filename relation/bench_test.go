package relation

import (
	"os"
	"testing"

	"github.com/entigraph/entigraph/internal/corpustest"
	"github.com/entigraph/entigraph/kg"
)

// seedDocs annotates the seeds once (the ner stage is not measured).
func seedDocs(b *testing.B) ([]*kg.Annotated, int) {
	docs := annotateDocs(b, corpustest.Docs(b, "../testdata/news"))
	toks := 0
	for _, a := range docs {
		toks += len(a.Tokens)
	}
	return docs, toks
}

// annotateDocs annotates documents.
func annotateDocs(b *testing.B, in []*kg.Document) []*kg.Annotated {
	an := annotator(b)
	var docs []*kg.Annotated
	for _, d := range in {
		a, err := an.Annotate(d)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, a)
	}
	return docs
}

// BenchmarkExtract measures the stage alone on the annotated seeds, with
// the tables of today and with the tables before issue 3 (the three
// predicates met_with, signed_agreement_with and holds_position, kept in
// testdata/pre3), both run by today's engine in one run:
//
//	go test ./relation -run '^$' -bench Extract -benchtime 200x
func BenchmarkExtract(b *testing.B) {
	docs, toks := seedDocs(b)
	pre, err := NewFromFS(os.DirFS("testdata/pre3"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		x    *Extractor
	}{{"tables=pre-issue-3", pre}, {"tables=now", newX(b)}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, a := range docs {
					c.x.Extract(a)
				}
			}
			b.ReportMetric(float64(toks*b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

// BenchmarkSeeds measures what a user waits for: the ner stage and the
// relation stage over the five seeds, with the tables before issue 3 and
// with today's, in one run.
func BenchmarkSeeds(b *testing.B) {
	seeds := corpustest.Docs(b, "../testdata/news")
	an := annotator(b)
	pre, err := NewFromFS(os.DirFS("testdata/pre3"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		x    *Extractor
	}{{"tables=pre-issue-3", pre}, {"tables=now", newX(b)}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, d := range seeds {
					a, err := an.Annotate(&kg.Document{ID: d.ID, Text: d.Text})
					if err != nil {
						b.Fatal(err)
					}
					c.x.Extract(a)
				}
			}
		})
	}
}

// BenchmarkExtractCorpus measures the stage alone on the documents of the
// folder $ENTIGRAPH_BENCH_CORPUS names (.txt files, such as the CoNLL
// training documents `entigraph ner corpus` writes), annotated once;
// skipped when unset:
//
//	ENTIGRAPH_BENCH_CORPUS=/tmp/conll-train go test ./relation -run '^$' -bench ExtractCorpus -benchtime 5x
func BenchmarkExtractCorpus(b *testing.B) {
	corpus := corpustest.Bench(b)
	if corpus == nil {
		b.Skip(corpustest.BenchEnv + " not set")
	}
	docs := annotateDocs(b, corpus)
	x := newX(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range docs {
			x.Extract(a)
		}
	}
}
