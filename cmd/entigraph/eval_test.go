package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/eval"
)

const goldDir = "../../testdata/gold"

// evalCmd runs the eval command on its own (main.go registers it in the
// root; this test does not depend on that).
func evalCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	s := streams{strings.NewReader(""), &out, &errb}
	cmd := newEvalCommand(s)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

func TestEvalUsage(t *testing.T) {
	for _, args := range [][]string{
		{newsDir},           // no --gold
		{"--gold", goldDir}, // no PATH
		{"--gold", goldDir, "--format", "xml", newsDir}, // bad format
		{"--gold", goldDir, "--nope", newsDir},          // unknown flag
	} {
		if _, stderr, code := evalCmd(t, args...); code != exitUsage {
			t.Errorf("eval %v: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
}

func TestEvalSeeds(t *testing.T) {
	out, stderr, code := evalCmd(t, "--gold", goldDir, "--format", "json", newsDir)
	if code != exitOK {
		// A document the pipeline fails on is the extract tests' business:
		// the report of the others is still printed.
		t.Logf("exit %d: %s", code, stderr)
	}
	var r eval.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not a report: %v\n%s", err, out)
	}
	if len(r.Docs) == 0 || r.Entities.Overall.Gold == 0 || len(r.Relations.Scopes) != 3 {
		t.Errorf("report: %d docs, %d gold entities, %d scopes", len(r.Docs), r.Entities.Overall.Gold, len(r.Relations.Scopes))
	}
	text, stderr, code := evalCmd(t, "--gold", goldDir, newsDir+"/004_111b9e2c7f64e5cc.txt")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"ENTITIES", "should have merged and did not", "RELATIONS, single-sentence", "met_with location", "negated or reported facts emitted as asserted"} {
		if !strings.Contains(text, want) {
			t.Errorf("table output lacks %q:\n%s", want, text)
		}
	}
	if testing.Verbose() {
		t.Log("\n" + text)
	}
}

func TestEvalNeedsGoldForEveryDocument(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "unknown.txt")
	if err := os.WriteFile(doc, []byte("Kim Jong Un met Vladimir Putin in Pyongyang.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := evalCmd(t, "--gold", goldDir, doc)
	if code != exitFailed || !strings.Contains(stderr, "no annotation for unknown.txt") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = evalCmd(t, "--gold", goldDir, dir+"/nothing-*.txt")
	if code == exitOK {
		t.Errorf("eval of nothing: exit 0 (%s)", stderr)
	}
}
