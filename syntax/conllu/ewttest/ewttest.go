// Package ewttest finds UD English EWT for tests: the folder named by
// $ENTIGRAPH_EWT, or else ../shared/data/ud-english-ewt beside the module
// root (where CI has it). Tests skip when the data is absent, except under
// CI (CI=true), where its absence fails them.
package ewttest

import (
	"testing"

	"github.com/entigraph/entigraph/internal/corpustest"
)

// The files of the treebank.
const (
	Train = "en_ewt-ud-train.conllu"
	Dev   = "en_ewt-ud-dev.conllu"
	Test  = "en_ewt-ud-test.conllu"
)

// Path returns the path of one file of the treebank (Train, Dev or Test).
func Path(tb testing.TB, file string) string {
	tb.Helper()
	return corpustest.SharedPath(tb, "ENTIGRAPH_EWT", "ud-english-ewt", file)
}
