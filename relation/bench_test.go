package relation

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// seedDocs annotates the seeds once (the ner stage is not measured).
func seedDocs(b *testing.B) ([]*kg.Annotated, int) {
	files, _ := filepath.Glob("../testdata/news/*.txt")
	docs := annotateFiles(b, files)
	toks := 0
	for _, a := range docs {
		toks += len(a.Tokens)
	}
	return docs, toks
}

// annotateFiles reads and annotates files.
func annotateFiles(b *testing.B, files []string) []*kg.Annotated {
	an := annotator(b)
	var docs []*kg.Annotated
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
	files, _ := filepath.Glob("../testdata/news/*.txt")
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
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
				for j, t := range texts {
					a, err := an.Annotate(&kg.Document{ID: files[j], Text: t})
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
	dir := os.Getenv("ENTIGRAPH_BENCH_CORPUS")
	if dir == "" {
		b.Skip("ENTIGRAPH_BENCH_CORPUS not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	docs := annotateFiles(b, files)
	x := newX(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range docs {
			x.Extract(a)
		}
	}
}
