package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

func seedPaths(t *testing.T) []string {
	t.Helper()
	seeds, err := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds in %s: %v", newsDir, err)
	}
	sort.Strings(seeds)
	return seeds
}

// TestSeedsOrderStable ingests the seeds in two orders: the export is
// identical, names and ids included.
func TestSeedsOrderStable(t *testing.T) {
	seeds := seedPaths(t)
	reversed := make([]string, len(seeds))
	for i, s := range seeds {
		reversed[len(seeds)-1-i] = s
	}
	var outs []string
	for _, order := range [][]string{seeds, reversed} {
		args := append([]string{"extract", "--format", "json", "--all-modalities", "-j", "1"}, order...)
		out, stderr, code := entigraph(t, "", args...)
		if code != 0 {
			t.Fatalf("extract: exit %d: %s", code, stderr)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		a, b := strings.Split(outs[0], "\n"), strings.Split(outs[1], "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("the two orders differ first at line %d:\n %s\n %s", i+1, a[i], b[i])
			}
		}
		t.Fatalf("the two orders differ in length: %d and %d lines", len(a), len(b))
	}
}

func entityIDs(t *testing.T, db string) []string {
	t.Helper()
	out, stderr, code := entigraph(t, "", "--db", db, "entities", "--format", "json")
	if code != 0 {
		t.Fatalf("entities: exit %d: %s", code, stderr)
	}
	var ents []kg.Entity
	if err := json.Unmarshal([]byte(out), &ents); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range ents {
		ids = append(ids, e.ID)
	}
	return ids
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestMergeSplitCommands: seeds ingested without resolution leave KCNA
// apart from the Korean Central News Agency; merge joins them, split
// parts them again, and the evidence count never changes.
func TestMergeSplitCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	seeds := []string{filepath.Join(newsDir, "002_715833eb425d8549.txt"), filepath.Join(newsDir, "004_111b9e2c7f64e5cc.txt")}
	args := append([]string{"--db", db, "ingest", "-q", "--no-resolve"}, seeds...)
	if _, stderr, code := entigraph(t, "", args...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	const kcna, full = "organization/kcna", "organization/korean-central-news-agency"
	if ids := entityIDs(t, db); !has(ids, kcna) || !has(ids, full) {
		t.Fatalf("without resolution KCNA should be two nodes: %v", ids)
	}
	evidence := func() int {
		out, _, _ := entigraph(t, "", "--db", db, "export", "--format", "json", "--all-modalities")
		return strings.Count(out, `"sentence"`)
	}
	before := evidence()

	out, stderr, code := entigraph(t, "", "--db", db, "merge", kcna, "Korean Central News Agency")
	if code != 0 || out != "merged organization/kcna, organization/korean-central-news-agency into organization/korean-central-news-agency\n" {
		t.Fatalf("merge: exit %d, %q, %s", code, out, stderr)
	}
	if ids := entityIDs(t, db); has(ids, kcna) || !has(ids, full) {
		t.Errorf("after merge: %v", ids)
	}
	if n := evidence(); n != before {
		t.Errorf("merge: %d evidence sentences, had %d", n, before)
	}

	out, stderr, code = entigraph(t, "", "--db", db, "split", full, "KCNA")
	if code != 0 || out != "split organization/korean-central-news-agency: organization/korean-central-news-agency stays, organization/kcna is new\n" {
		t.Fatalf("split: exit %d, %q, %s", code, out, stderr)
	}
	if ids := entityIDs(t, db); !has(ids, kcna) || !has(ids, full) {
		t.Errorf("after split: %v", ids)
	}
	if n := evidence(); n != before {
		t.Errorf("split: %d evidence sentences, had %d", n, before)
	}

	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"merge", kcna}, exitUsage, "requires at least 2 arg"},
		{[]string{"merge", kcna, "organization/nothing"}, exitUsage, "no stored entity organization/nothing"},
		{[]string{"merge", kcna, "Nobody At All"}, exitUsage, `no entity is called "Nobody At All"`},
		{[]string{"merge", kcna, "country/north-korea"}, exitFailed, "is a Organization and country/north-korea a Country"},
		{[]string{"split", kcna, "Nobody"}, exitFailed, "no document calls"},
	} {
		_, stderr, code := entigraph(t, "", append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}

func TestAliasesFlag(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "aliases.yaml")
	if err := os.WriteFile(good, []byte("entities:\n  - name: KCNA news agency\n    type: Organization\n    aliases: [KCNA, Korean Central News Agency]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"entities": [{"name": "X", "type": "Ship"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	seed := filepath.Join(newsDir, "004_111b9e2c7f64e5cc.txt")
	out, stderr, code := entigraph(t, "", "extract", "--aliases", good, seed)
	if code != 0 {
		t.Fatalf("extract --aliases: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"id": "organization/kcna-news-agency"`) || strings.Contains(out, `"id": "organization/kcna"`) {
		t.Errorf("the aliases file did not rename KCNA:\n%s", out)
	}
	_, stderr, code = entigraph(t, "", "extract", "--aliases", bad, seed)
	if code != exitFailed || !strings.Contains(stderr, bad) || !strings.Contains(stderr, `type "Ship"`) {
		t.Errorf("bad aliases file: exit %d, %q", code, stderr)
	}
}
