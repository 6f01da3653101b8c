package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/kg"
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
	want := []string{"entities", "eval", "export", "extract", "ingest", "merge", "ner", "query", "relations", "split", "verify"}
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
	db := filepath.Join(t.TempDir(), "g.db")
	if _, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", newsDir); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	for _, f := range []string{"json", "dot", "jsonld", "nquads", "graphml", "svg", "png"} {
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
