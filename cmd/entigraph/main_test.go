package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/conll"
	"github.com/entigraph/entigraph/ner/conll/conlltest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const newsDir = "../../testdata/news"

// entigraph runs the command in-process and returns stdout, stderr and the
// exit status.
func entigraph(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, streams{strings.NewReader(stdin), &out, &errb})
	return out.String(), errb.String(), code
}

// TestCommandTree walks every command: no flag may shadow another (local
// against persistent, shorthands included), and each command documents
// itself.
func TestCommandTree(t *testing.T) {
	root := newRootCommand(streams{})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Short == "" {
			t.Errorf("%s: no Short description", c.CommandPath())
		}
		seen := map[string]string{}
		short := map[string]string{}
		check := func(f *pflag.Flag) {
			if prev, ok := seen[f.Name]; ok && prev != f.Usage {
				t.Errorf("%s: flag --%s defined twice", c.CommandPath(), f.Name)
			}
			seen[f.Name] = f.Usage
			if f.Shorthand != "" {
				if prev, ok := short[f.Shorthand]; ok && prev != f.Name {
					t.Errorf("%s: -%s is both --%s and --%s", c.CommandPath(), f.Shorthand, prev, f.Name)
				}
				short[f.Shorthand] = f.Name
			}
		}
		c.InheritedFlags().VisitAll(check)
		c.LocalFlags().VisitAll(check)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	want := []string{"entities", "eval", "export", "extract", "ingest", "merge", "neighbours", "ner", "parse", "path", "query", "relations", "serve", "split", "verify"}
	var got []string
	for _, c := range root.Commands() {
		if c.Name() != "help" && c.Name() != "completion" {
			got = append(got, c.Name())
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("commands = %v, want %v", got, want)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{"ingest"},
		{"extract", "--format", "nope", newsDir},
		{"export", "--type", "Animal"},
		{"export", "--predicate", "likes"},
		{"relations", "--format", "xml"},
		{"query"},
		{"ingest", "--no-such-flag", "x"},
	}
	for _, args := range cases {
		_, stderr, code := entigraph(t, "", append([]string{"--db", "memory"}, args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
		if !strings.HasPrefix(stderr, "entigraph: ") {
			t.Errorf("%v: stderr %q does not say what is wrong", args, stderr)
		}
	}
}

// TestExtractGolden pins `extract --format json` for each seed document.
func TestExtractGolden(t *testing.T) {
	seeds, err := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds in %s: %v", newsDir, err)
	}
	for _, seed := range seeds {
		name := filepath.Base(seed)
		t.Run(name, func(t *testing.T) {
			out, stderr, code := entigraph(t, "", "extract", "--format", "json", seed)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var g kg.Graph
			if err := json.Unmarshal([]byte(out), &g); err != nil {
				t.Fatalf("output is not the ONTOLOGY json form: %v", err)
			}
			checkEvidence(t, g, newsDir)
			golden := filepath.Join("testdata", "extract", strings.TrimSuffix(name, ".txt")+".json")
			compareGolden(t, golden, out)
		})
	}
}

// checkEvidence checks every evidence slices its document's text exactly.
func checkEvidence(t *testing.T, g kg.Graph, dir string) {
	t.Helper()
	for _, r := range g.Relations {
		if len(r.Evidence) == 0 {
			t.Errorf("%s %s %s: no evidence", r.Subject, r.Predicate, r.Object)
		}
		for _, ev := range r.Evidence {
			data, err := os.ReadFile(filepath.Join(dir, ev.Doc))
			if err != nil {
				t.Errorf("evidence names %q: %v", ev.Doc, err)
				continue
			}
			if ev.Start < 0 || ev.End > len(data) || ev.Start >= ev.End || string(data[ev.Start:ev.End]) != ev.Sentence {
				t.Errorf("%s [%d:%d] does not slice to %q", ev.Doc, ev.Start, ev.End, ev.Sentence)
			}
		}
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs first at line %d:\n got: %s\nwant: %s\n(go test -update rewrites it; read the diff first)", path, i+1, g, w)
		}
	}
}

// TestIngestRoundTrip ingests the seeds into a bolt file, reopens it, and
// checks that a second ingest changes nothing.
func TestIngestRoundTrip(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	out, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", newsDir)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "5 documents read: 5 added, 0 skipped (already stored), 0 failed") {
		t.Errorf("summary = %q", out)
	}
	first, _, code := entigraph(t, "", "--db", db, "export", "--format", "json", "--all-modalities")
	quads1, _, _ := entigraph(t, "", "--db", db, "export", "--format", "nquads", "--all-modalities")
	if code != 0 || !strings.Contains(first, "\"entities\"") {
		t.Fatalf("export after ingest: exit %d, %q", code, first)
	}
	out, _, code = entigraph(t, "", "--db", db, "ingest", "-q", newsDir)
	if code != 0 || !strings.Contains(out, "5 documents read: 0 added, 5 skipped") {
		t.Errorf("second ingest: exit %d, %q", code, out)
	}
	second, _, _ := entigraph(t, "", "--db", db, "export", "--format", "json", "--all-modalities")
	quads2, _, _ := entigraph(t, "", "--db", db, "export", "--format", "nquads", "--all-modalities")
	if first != second {
		t.Error("export changed after re-ingesting the same content")
	}
	if strings.Count(quads1, "\n") != strings.Count(quads2, "\n") || quads1 != quads2 {
		t.Errorf("quads changed: %d then %d lines", strings.Count(quads1, "\n"), strings.Count(quads2, "\n"))
	}
	// The same graph as extract gives for the folder.
	ex, _, _ := entigraph(t, "", "extract", "--format", "json", "--all-modalities", newsDir)
	if ex != first {
		t.Error("extract and ingest+export disagree on the seeds")
	}
}

// TestIngestBadInput: each bad file gets one error line naming it, the good
// files are still ingested, and the exit status is 1.
func TestIngestBadInput(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(newsDir, "004_111b9e2c7f64e5cc.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"good.txt":   good,
		"empty.txt":  nil,
		"binary.txt": {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3, 0, 0, 0},
		"latin1.txt": []byte("Caf\xe9 owner met the mayor in Z\xfcrich."),
		"records.jsonl": []byte(`{"id":"r1","text":"Kim Jong Un met Vladimir Putin in Vladivostok."}` + "\n" +
			`{"id":"r2","text":"Trump met Mer`),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "g.db")
	out, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", dir, filepath.Join(dir, "missing.txt"))
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for _, bad := range []string{"empty.txt", "binary.txt", "latin1.txt", "records.jsonl:2", "missing.txt"} {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, bad) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d error lines name %s, want 1; stderr:\n%s", n, bad, stderr)
		}
	}
	if !strings.Contains(out, "2 added") {
		t.Errorf("good file and good JSONL record not both ingested: %q", out)
	}
	ents, _, _ := entigraph(t, "", "--db", db, "entities", "--format", "json")
	if !strings.Contains(ents, "person/kim-jong-un") {
		t.Errorf("good documents' entities missing: %s", ents)
	}
}

// TestExportFormats writes every format from a stored graph; DOT goes
// through the real Graphviz.
func TestExportFormats(t *testing.T) {
	db := seedStore(t)
	for _, f := range []string{"json", "dot", "jsonld", "nquads", "graphml", "gexf", "csv", "svg", "png"} {
		path := filepath.Join(t.TempDir(), "out."+f)
		_, stderr, code := entigraph(t, "", "--db", db, "export", "--format", f, "-o", path)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", f, code, stderr)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) < 100 {
			t.Errorf("%s: %d bytes, %v", f, len(data), err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o044 == 0 {
			t.Errorf("%s: written private (%v): an export is an ordinary file", f, fi.Mode())
		}
		if f == "dot" {
			runDot(t, path)
		}
	}
}

func runDot(t *testing.T, path string) {
	t.Helper()
	dot, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Graphviz dot is not installed (.ci/run installs it)")
		}
		t.Skip("Graphviz dot is not installed: apt-get install graphviz")
	}
	if out, err := exec.Command(dot, "-Tsvg", "-o", os.DevNull, path).CombinedOutput(); err != nil {
		t.Errorf("dot rejects %s: %v\n%s", path, err, out)
	}
}

// TestCPUProfile checks that --cpuprofile writes a profile (gzip'd
// protobuf) without changing the output, and names the file when it
// cannot create it.
func TestCPUProfile(t *testing.T) {
	seed := newsDir + "/004_111b9e2c7f64e5cc.txt"
	plain, _, code := entigraph(t, "", "extract", seed)
	if code != 0 {
		t.Fatalf("extract: exit %d", code)
	}
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	out, stderr, code := entigraph(t, "", "--cpuprofile", prof, "extract", seed)
	if code != 0 {
		t.Fatalf("extract --cpuprofile: exit %d: %s", code, stderr)
	}
	if out != plain {
		t.Error("--cpuprofile changed the output")
	}
	data, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		t.Errorf("profile is %d bytes, not gzip'd", len(data))
	}
	bad := filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.prof")
	_, stderr, code = entigraph(t, "", "--cpuprofile", bad, "extract", seed)
	if code != exitFailed || !strings.Contains(stderr, bad) {
		t.Errorf("unwritable profile: exit %d, stderr %q", code, stderr)
	}
}

// TestTablesAndCSV: the relations table keeps its columns with evidence
// lines under the rows, and the csv formats of relations and entities are
// tables encoding/csv reads, one row per evidence sentence.
func TestTablesAndCSV(t *testing.T) {
	db := seedStore(t)
	out, stderr, code := entigraph(t, "", "--db", db, "relations", "--evidence")
	if code != 0 {
		t.Fatalf("relations: %s", stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	col := strings.Index(lines[0], "PREDICATE") // the header is ASCII
	rows := 0
	for _, line := range lines[1:] {
		if strings.HasPrefix(line, "    ") {
			continue // an evidence line
		}
		rows++
		l := []rune(line) // tabwriter aligns characters, not bytes
		if col <= 0 || len(l) <= col || l[col-1] != ' ' || l[col] == ' ' {
			t.Errorf("row %q: the PREDICATE column (at %d) is not aligned", line, col)
		}
	}
	if rows < 20 {
		t.Fatalf("%d relation rows", rows)
	}
	out, stderr, code = entigraph(t, "", "--db", db, "relations", "--format", "csv")
	if code != 0 {
		t.Fatalf("relations --format csv: %s", stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var js []kg.Relation
	jout, _, _ := entigraph(t, "", "--db", db, "relations", "--format", "json", "--evidence")
	if err := json.Unmarshal([]byte(jout), &js); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range js {
		n += max(len(r.Evidence), 1)
	}
	if strings.Join(recs[0], ",") != strings.Join(export.CSVHeader, ",") || len(recs)-1 != n {
		t.Errorf("csv: header %v, %d rows; want %d rows (one per evidence sentence)", recs[0], len(recs)-1, n)
	}
	out, _, code = entigraph(t, "", "--db", db, "entities", "--format", "csv")
	recs, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || strings.Join(recs[0], ",") != strings.Join(export.EntityCSVHeader, ",") || len(recs) < 50 {
		t.Errorf("entities --format csv: exit %d, %v, %d rows", code, err, len(recs))
	}
}

// TestPairAndBoundedPictures: a repeated --entity keeps the relations
// between those entities; an svg past --max-nodes draws the top entities and
// says on stderr what it left out.
func TestPairAndBoundedPictures(t *testing.T) {
	db := seedStore(t)
	out, stderr, code := entigraph(t, "", "--db", db, "export", "-f", "json", "--entity", "Trump", "--entity", "Putin")
	var g kg.Graph
	if code != 0 || json.Unmarshal([]byte(out), &g) != nil {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	if len(g.Relations) == 0 {
		t.Fatal("no relation between Trump and Putin")
	}
	for _, r := range g.Relations {
		ends := r.Subject + " " + r.Object
		if ends != "person/donald-trump person/vladimir-putin" && ends != "person/vladimir-putin person/donald-trump" {
			t.Errorf("relation %s %s %s is not between Trump and Putin", r.Subject, r.Predicate, r.Object)
		}
	}
	svg := filepath.Join(t.TempDir(), "g.svg")
	_, stderr, code = entigraph(t, "", "--db", db, "export", "-f", "svg", "--max-nodes", "5", "-o", svg)
	if code != 0 || !strings.Contains(stderr, "drew the 5 entities with the most support of") {
		t.Errorf("svg --max-nodes 5: exit %d, stderr %q", code, stderr)
	}
	b, _ := os.ReadFile(svg)
	// Entity nodes' titles are their ids; the legend's start with _legend_.
	if n := strings.Count(string(b), `class="node"`) - strings.Count(string(b), "<title>_legend_"); n != 5 {
		t.Errorf("the svg draws %d entity nodes, want 5", n)
	}
}

// TestPathAndNeighbours: answers checked by hand on the seeds. Kim Jong Un
// signed a treaty with Putin (seed 000), Putin met Trump in Anchorage
// (seeds 000, 002): so one shortest path from Kim to Trump runs through
// Putin; Trump is one relation from Putin.
func TestPathAndNeighbours(t *testing.T) {
	db := seedStore(t)
	out, stderr, code := entigraph(t, "", "--db", db, "path", "Kim Jong Un", "Donald Trump")
	if code != 0 || !strings.Contains(out, "Kim Jong Un  -[signed_agreement_with") || !strings.Contains(out, "Vladimir Putin  -[met_with]-  Donald Trump\n") {
		t.Errorf("path Kim Trump: exit %d %s\n%s", code, stderr, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if n := strings.Count(line, "-["); n != 2 {
			t.Errorf("path of %d relations, want the shortest (2): %s", n, line)
		}
	}
	out, stderr, code = entigraph(t, "", "--db", db, "path", "Putin", "Trump", "--format", "json")
	var paths []pathResult
	if code != 0 || json.Unmarshal([]byte(out), &paths) != nil || len(paths) != 1 || len(paths[0].Steps) != 1 {
		t.Fatalf("path Putin Trump: exit %d %s\n%s", code, stderr, out)
	}
	found := false
	for _, r := range paths[0].Steps[0].Relations {
		found = found || (r.Predicate == "met_with" && r.Location == "place/anchorage")
	}
	if !found {
		t.Errorf("no Anchorage meeting between Putin and Trump: %+v", paths[0].Steps[0].Relations)
	}
	out, _, code = entigraph(t, "", "--db", db, "neighbours", "Vladimir Putin")
	if code != 0 || !regexpMatch(`(?m)^1\s+Person\s+Donald Trump\s+person/donald-trump$`, out) || strings.Contains(out, "person/vladimir-putin") {
		t.Errorf("neighbours Putin:\n%s", out)
	}
	_, stderr, code = entigraph(t, "", "--db", db, "path", "Putim", "Trump")
	if code != exitUsage || !strings.Contains(stderr, "did you mean Vladimir Putin (person/vladimir-putin)?") {
		t.Errorf("path Putim: exit %d %q", code, stderr)
	}
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

// TestGizmoRecipes runs every query of docs/gizmo.md on the seeds and
// checks the answer the page gives (checked by hand against the seeds'
// gold, testdata/gold).
func TestGizmoRecipes(t *testing.T) {
	doc, err := os.ReadFile("../../docs/gizmo.md")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // the page's answers, in the order of its queries
		"who met Putin":       "<urn:entigraph:person/donald-trump> <urn:entigraph:person/valery-gerasimov>",
		"troops":              "<urn:entigraph:country/russia> <urn:entigraph:country/ukraine> <urn:entigraph:place/kursk>",
		"where Trump & Putin": "<urn:entigraph:place/alaska> <urn:entigraph:place/anchorage>",
		"agreements with Kim": "Vladimir Putin",
		"by name":             "<urn:entigraph:person/kim-jong-un>",
	}
	order := []string{"who met Putin", "troops", "where Trump & Putin", "agreements with Kim", "by name"}
	var queries []string
	for _, m := range regexp.MustCompile("(?s)```\n(g\\..*?)\n```").FindAllStringSubmatch(string(doc), -1) {
		queries = append(queries, m[1])
	}
	if len(queries) != len(order) {
		t.Fatalf("docs/gizmo.md has %d queries, the test knows %d", len(queries), len(order))
	}
	db := seedStore(t)
	for i, q := range queries {
		out, stderr, code := entigraph(t, "", "--db", db, "query", q)
		var res []struct {
			ID string `json:"id"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
			t.Errorf("%s: exit %d %s %s", order[i], code, stderr, out)
			continue
		}
		var ids []string
		for _, r := range res {
			ids = append(ids, r.ID)
		}
		sort.Strings(ids)
		if got := strings.Join(ids, " "); got != want[order[i]] {
			t.Errorf("%s: %s\n got  %s\n want %s", order[i], q, got, want[order[i]])
		}
	}
}

// TestVersionAndStorelessHelp: --version prints the build's version; the
// commands that have no store do not offer --db and refuse it; the root
// help does not list the hidden profiling flags.
func TestVersionAndStorelessHelp(t *testing.T) {
	out, _, code := entigraph(t, "", "--version")
	if code != 0 || !strings.HasPrefix(out, "entigraph version ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: exit %d %q", code, out)
	}
	for _, args := range [][]string{{"extract", "--help"}, {"eval", "--help"}, {"ner", "train", "--help"}} {
		out, _, _ := entigraph(t, "", args...)
		if strings.Contains(out, "--db") {
			t.Errorf("%v offers --db:\n%s", args, out)
		}
	}
	for _, args := range [][]string{{"entities", "--help"}, {"export", "--help"}, {"ingest", "--help"}} {
		if out, _, _ := entigraph(t, "", args...); !strings.Contains(out, "--db") {
			t.Errorf("%v does not offer --db", args)
		}
	}
	if _, stderr, code := entigraph(t, "", "--db", "x.db", "extract", newsDir); code != exitUsage || !strings.Contains(stderr, "--db does not apply") {
		t.Errorf("--db with extract: exit %d %q", code, stderr)
	}
	if out, _, _ := entigraph(t, "", "--help"); strings.Contains(out, "profile") {
		t.Errorf("root help mentions the hidden profiling flags:\n%s", out)
	}
}

// TestCompletion: flag values complete from the export registry, the
// ontology and the store.
func TestCompletion(t *testing.T) {
	db := seedStore(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "export", "--format", "g"}, "gexf\ngraphml\n"},
		{[]string{"__complete", "relations", "--format", ""}, "table\njson\ncsv\n"},
		{[]string{"__complete", "export", "--predicate", "me"}, "met_with\nmember_of\n"},
		{[]string{"__complete", "entities", "--type", "p"}, "Person\nPlace\n"},
		{[]string{"__complete", "--db", db, "relations", "--entity", "Vladimir"}, "Vladimir Putin\n"},
	} {
		out, _, code := entigraph(t, "", tc.args...)
		if got, _, _ := strings.Cut(out, ":"); code != 0 || got != tc.want {
			t.Errorf("%v: %q, want %q", tc.args, out, tc.want)
		}
	}
}

// TestSinceUntil: only seed 004 has a date of its own (2025-05-10), and
// Kim signed the treaty with Putin "in 2024": --since/--until pick them out.
func TestSinceUntil(t *testing.T) {
	db := seedStore(t)
	out, stderr, code := entigraph(t, "", "--db", db, "export", "-f", "json", "--since", "2024", "--until", "2024")
	var g kg.Graph
	if code != 0 || json.Unmarshal([]byte(out), &g) != nil {
		t.Fatalf("export --since 2024: exit %d %s", code, stderr)
	}
	found := false
	for _, r := range g.Relations {
		if !strings.HasPrefix(r.Date, "2024") {
			t.Errorf("relation %s %s %s dated %q kept for 2024", r.Subject, r.Predicate, r.Object, r.Date)
		}
		found = found || (r.Predicate == "signed_agreement_with" && r.Subject == "person/kim-jong-un")
	}
	if !found {
		t.Error("Kim's 2024 treaty with Putin missing")
	}
	out, _, _ = entigraph(t, "", "--db", db, "relations", "--since", "2025-05-10", "--until", "2025-05-10", "--format", "json", "--evidence")
	var rels []kg.Relation
	if err := json.Unmarshal([]byte(out), &rels); err != nil || len(rels) == 0 {
		t.Fatalf("relations --since 2025-05-10: %v %s", err, out)
	}
	for _, r := range rels {
		for _, ev := range r.Evidence {
			if r.Date == "" && (ev.Doc != "004_111b9e2c7f64e5cc.txt" || ev.Date != "2025-05-10") {
				t.Errorf("undated relation kept with evidence from %s (%q)", ev.Doc, ev.Date)
			}
		}
	}
	if _, stderr, code := entigraph(t, "", "--db", db, "export", "--since", "last week"); code != exitUsage || !strings.Contains(stderr, "not an ISO 8601 date") {
		t.Errorf("--since 'last week': exit %d %q", code, stderr)
	}
}

// TestPictureBounded draws the 946 CoNLL-2003 training documents, which
// once made a 2599x317,490-pixel PNG: the picture keeps the 60 entities of
// the best supported relations and stays a few thousand pixels a side.
func TestPictureBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts 946 documents")
	}
	docs, err := conll.ReadTexts(conlltest.Path(t, "train.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, text := range docs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, stderr, code := entigraph(t, "", "extract", "--format", "png", dir)
	if code != 0 {
		t.Fatalf("extract png: exit %d %s", code, stderr)
	}
	cfg, err := png.DecodeConfig(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width > 5000 || cfg.Height > 5000 {
		t.Errorf("the picture is %dx%d pixels", cfg.Width, cfg.Height)
	}
	if !strings.Contains(stderr, "drew the 60 entities with the most support") {
		t.Errorf("no note of what was left out: %q", stderr)
	}
}

// seedStore ingests the seed articles into a new store and returns its
// --db value.
func seedStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "g.db")
	if _, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", newsDir); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	return db
}
