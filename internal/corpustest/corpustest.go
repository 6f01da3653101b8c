// Package corpustest reads the folders of plain-text documents that tests
// and benchmarks run on: the seeds (testdata/news) and the corpus
// $ENTIGRAPH_BENCH_CORPUS names, such as the 946 CoNLL-2003 training
// documents `entigraph ner corpus` writes.
package corpustest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// BenchEnv names the variable that points benchmarks at a corpus folder.
const BenchEnv = "ENTIGRAPH_BENCH_CORPUS"

// Docs returns the .txt files of dir as documents (ID: the file's name),
// in name order. It fails tb when dir holds none or one cannot be read.
func Docs(tb testing.TB, dir string) []*kg.Document {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("%s: no .txt files (%v)", dir, err)
	}
	docs := make([]*kg.Document, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, &kg.Document{ID: filepath.Base(p), Text: string(b)})
	}
	return docs
}

// Bench returns the documents of the folder $ENTIGRAPH_BENCH_CORPUS names,
// or nil when it is unset.
func Bench(tb testing.TB) []*kg.Document {
	tb.Helper()
	dir := os.Getenv(BenchEnv)
	if dir == "" {
		return nil
	}
	return Docs(tb, dir)
}
