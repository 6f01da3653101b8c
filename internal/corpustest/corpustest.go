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

// SharedDir returns the folder of a research data set for tests: the
// folder $env names if set, or else ../shared/data/<name> beside the module
// root (where CI has it), and whether all of files are in it.
func SharedDir(env, name string, files ...string) (string, bool) {
	dir := os.Getenv(env)
	if dir == "" {
		root, ok := moduleRoot()
		if !ok {
			return "", false
		}
		dir = filepath.Join(root, "..", "shared", "data", name)
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return dir, false
		}
	}
	return dir, true
}

// SharedPath returns the path of file in the folder SharedDir finds,
// skipping the test with a clear message when it is absent, or failing it
// when $CI is "true" (CI must have the data).
func SharedPath(tb testing.TB, env, name, file string) string {
	tb.Helper()
	dir, ok := SharedDir(env, name, file)
	if !ok {
		msg := name + " data not found: no " + filepath.Join(dir, file) + " (set " + env + " to the folder holding it)"
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return filepath.Join(dir, file)
}

func moduleRoot() (string, bool) {
	d, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, true
		}
		p := filepath.Dir(d)
		if p == d {
			return "", false
		}
		d = p
	}
}
