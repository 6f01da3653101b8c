package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/ner/conll"
	"github.com/entigraph/entigraph/ner/conll/conlltest"
)

// orderDocs are the CoNLL-2003 training documents (by position) of the
// order test: those that name Scotland (a team here, a country there),
// S&P, F.C., Fahnestock & Co, Sachs, Akron, the Socialist Party, the
// Shining Path, St Pauli, Sao Paulo or the Forth Road Bridge. In them an
// Organization-or-Place vote and acronyms that initials alone linked made
// the store depend on the order documents came in (a relation dropped
// while its end was voted an Organization; "F.C." joined to "Fahnestock &
// Co" only when it came first; "S&P" to whichever expansion came first).
var orderDocs = []int{6, 7, 30, 38, 43, 59, 79, 90, 149, 151, 154, 176, 203, 273, 285, 287, 340, 358, 400, 425,
	428, 453, 492, 511, 519, 527, 534, 539, 567, 571, 572, 585, 657, 673, 675, 679, 698, 701, 734, 758, 809, 813,
	924, 937, 938, 942}

// orderCorpus returns the seeds and the orderDocs, each as a file of its
// own.
func orderCorpus(t *testing.T) []string {
	t.Helper()
	docs, err := readCoNLL(conlltest.Path(t, "train.txt"))
	if err != nil {
		t.Fatal(err)
	}
	texts := conll.Texts(docs)
	dir := t.TempDir()
	paths := seedPaths(t)
	for _, i := range orderDocs {
		p := filepath.Join(dir, fmt.Sprintf("conll-%04d.txt", i))
		if err := os.WriteFile(p, []byte(texts[i]), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestIngestOrderFree ingests the seeds and 46 CoNLL documents in several
// orders, in one run and in pieces with the store closed and opened
// between them (as a run stopped and resumed), one transaction a document
// and several (--batch): the N-Quads and JSON exports are identical byte
// for byte. Cross-document resolution does not depend on the order or the
// batches in which documents arrive, nor on how many share a transaction.
func TestIngestOrderFree(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 200 documents")
	}
	paths := orderCorpus(t)
	rev := make([]string, len(paths))
	for i, p := range paths {
		rev[len(paths)-1-i] = p
	}
	shuffled := append([]string(nil), paths...)
	rand.New(rand.NewSource(3)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	runs := []struct {
		name   string
		batch  string // --batch: documents a transaction at most
		pieces [][]string
	}{
		{"in order, one transaction a document", "1", [][]string{paths}},
		{"in order, in batches", "64", [][]string{paths}},
		{"reversed, in batches of 5", "5", [][]string{rev}},
		{"shuffled, in three pieces, in batches of 7", "7", [][]string{shuffled[:17], shuffled[17:34], shuffled[34:]}},
		{"reversed, in two pieces, one transaction a document", "1", [][]string{rev[:25], rev[25:]}},
	}
	var first map[string]string
	for _, r := range runs {
		db := filepath.Join(t.TempDir(), "g.db")
		for _, piece := range r.pieces {
			args := append([]string{"--db", db, "ingest", "-q", "-j", "1", "--batch", r.batch}, piece...)
			if _, stderr, code := entigraph(t, "", args...); code != 0 {
				t.Fatalf("%s: ingest: exit %d: %s", r.name, code, stderr)
			}
		}
		if _, stderr, code := entigraph(t, "", "--db", db, "verify"); code != 0 {
			t.Errorf("%s: verify: exit %d: %s", r.name, code, stderr)
		}
		outs := map[string]string{}
		for _, format := range []string{"nquads", "json"} {
			out, stderr, code := entigraph(t, "", "--db", db, "export", "--format", format)
			if code != 0 {
				t.Fatalf("%s: export %s: exit %d: %s", r.name, format, code, stderr)
			}
			outs[format] = out
		}
		if first == nil {
			first = outs
			continue
		}
		for _, format := range []string{"nquads", "json"} {
			if a, b := first[format], outs[format]; a != b {
				t.Errorf("%s: the %s export differs from %s's: %s", r.name, format, runs[0].name, firstDiff(a, b))
			}
		}
	}
}

// firstDiff names the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines and %d", len(al), len(bl))
}
