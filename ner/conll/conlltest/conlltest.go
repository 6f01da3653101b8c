// Package conlltest finds the CoNLL-2003 data for tests: the folder named by
// $ENTIGRAPH_CONLL, or else ../shared/data/conll2003 beside the module root
// (where CI has it). Tests skip when the data is absent, except under CI
// (CI=true), where its absence fails them.
package conlltest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the data folder and whether train.txt, dev.txt and test.txt
// are all in it.
func Dir() (string, bool) {
	dir := os.Getenv("ENTIGRAPH_CONLL")
	if dir == "" {
		root, ok := moduleRoot()
		if !ok {
			return "", false
		}
		dir = filepath.Join(root, "..", "shared", "data", "conll2003")
	}
	for _, f := range []string{"train.txt", "dev.txt", "test.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return dir, false
		}
	}
	return dir, true
}

// Path returns the path of one file of the data (train.txt, dev.txt or
// test.txt), skipping the test with a clear message when the data is absent,
// or failing it when $CI is "true".
func Path(tb testing.TB, name string) string {
	tb.Helper()
	dir, ok := Dir()
	if !ok {
		msg := "CoNLL-2003 data not found in " + dir + " (set ENTIGRAPH_CONLL to the folder holding train.txt, dev.txt and test.txt)"
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return filepath.Join(dir, name)
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
