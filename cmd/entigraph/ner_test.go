package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// nerCmd runs `entigraph ner ARGS...` in-process (through newNERCommand,
// so that it does not depend on the root command) and returns stdout,
// stderr and the exit status.
func nerCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	s := streams{strings.NewReader(""), &out, &errb}
	cmd := newNERCommand(s)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs(args)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errb.WriteString(err.Error() + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}

const nerSample = `-DOCSTART- -X- -X- O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
to TO I-VP O
boycott VB I-VP O
British JJ I-NP I-MISC
lamb NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

BRUSSELS NNP I-NP I-LOC
1996-08-22 CD I-NP O
`

func writeSample(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sample.txt")
	if err := os.WriteFile(p, []byte(nerSample), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNERTag(t *testing.T) {
	p := writeSample(t)
	for _, ner := range []string{"model", "prose"} {
		out, errs, code := nerCmd(t, "tag", "--ner", ner, "--conll", p)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", ner, code, errs)
		}
		in := strings.Split(strings.TrimSpace(nerSample), "\n")
		got := strings.Split(strings.TrimSpace(out), "\n")
		if len(got) != len(in) {
			t.Fatalf("%s: %d lines, want %d:\n%s", ner, len(got), len(in), out)
		}
		for i := range in {
			if in[i] == "" {
				if got[i] != "" {
					t.Errorf("%s: line %d: %q, want blank", ner, i+1, got[i])
				}
				continue
			}
			if !strings.HasPrefix(got[i], in[i]+" ") || len(strings.Fields(got[i])) != 5 {
				t.Errorf("%s: line %d: %q does not extend %q by one column", ner, i+1, got[i], in[i])
			}
		}
		if ner == "model" {
			want := []string{"I-ORG", "O", "I-MISC", "O", "O", "O", "I-MISC", "O", "O", "I-PER", "I-PER", "I-LOC", "O"}
			var tags []string
			for _, l := range got {
				if f := strings.Fields(l); len(f) == 5 && f[0] != "-DOCSTART-" {
					tags = append(tags, f[4])
				}
			}
			if strings.Join(tags, " ") != strings.Join(want, " ") {
				t.Errorf("model tags %v, want %v", tags, want)
			}
		}
	}
}

func TestNEREval(t *testing.T) {
	p := writeSample(t)
	out, errs, code := nerCmd(t, "eval", "--conll", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "processed 13 tokens with 5 phrases; found: 5 phrases; correct: 5.") ||
		!strings.Contains(out, "FB1: 100.00") || !strings.Contains(errs, "tokens/s") {
		t.Errorf("eval output:\n%s\nstderr:\n%s", out, errs)
	}
}

func TestNERCorpus(t *testing.T) {
	p := writeSample(t)
	dir := filepath.Join(t.TempDir(), "corpus")
	_, errs, code := nerCmd(t, "corpus", "--conll", p, "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "0000.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "EU rejects German call to boycott British lamb.\nPeter Blackburn\nBRUSSELS 1996-08-22\n"; string(b) != want {
		t.Errorf("corpus file %q, want %q", b, want)
	}
}

func TestNERUsage(t *testing.T) {
	p := writeSample(t)
	for _, args := range [][]string{
		{"tag"},
		{"eval", "--conll", p, "--ner", "spacy"},
		{"train", "--train", p},
		{"train", "--train", p, "--dev", p, "-o", "x", "--ensemble", "0"},
		{"corpus", "--conll", p},
		{"tag", "--conll", p, "--bogus"},
	} {
		if _, _, code := nerCmd(t, args...); code != exitUsage {
			t.Errorf("ner %v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if _, _, code := nerCmd(t, "eval", "--conll", filepath.Join(t.TempDir(), "missing.txt")); code != exitFailed {
		t.Errorf("missing file: exit %d, want %d", code, exitFailed)
	}
}

func TestNERTrain(t *testing.T) {
	p := writeSample(t)
	out := filepath.Join(t.TempDir(), "m.bin.zst")
	_, errs, code := nerCmd(t, "train", "--train", p, "--dev", p, "-o", out, "--max-epochs", "2", "--folds", "2", "--ensemble", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("model not written: %v", err)
	}
}
