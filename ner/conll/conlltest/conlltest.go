// Package conlltest finds the CoNLL-2003 data for tests: the folder named by
// $ENTIGRAPH_CONLL, or else ../shared/data/conll2003 beside the module root
// (where CI has it). Tests skip when the data is absent, except under CI
// (CI=true), where its absence fails them.
package conlltest

import (
	"testing"

	"github.com/entigraph/entigraph/internal/corpustest"
)

// Dir returns the data folder and whether train.txt, dev.txt and test.txt
// are all in it.
func Dir() (string, bool) {
	return corpustest.SharedDir(env, "conll2003", "train.txt", "dev.txt", "test.txt")
}

const env = "ENTIGRAPH_CONLL"

// Path returns the path of one file of the data (train.txt, dev.txt or
// test.txt), skipping the test with a clear message when the data is absent,
// or failing it when $CI is "true".
func Path(tb testing.TB, name string) string {
	tb.Helper()
	return corpustest.SharedPath(tb, env, "conll2003", name)
}
