package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/syntax/conllu"
)

// A CoNLL-U sample with a multiword token, an empty node and gold columns.
const parseSample = `# sent_id = s1
# text = I don't know him.
1	I	I	PRON	PRP	_	4	nsubj	4:nsubj	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	4:aux	_
3	n't	not	PART	RB	_	4	advmod	4:advmod	_
4	know	know	VERB	VB	_	0	root	0:root	_
4.1	knows	_	_	_	_	_	_	4:conj	_
5	him	he	PRON	PRP	_	4	obj	4:obj	SpaceAfter=No
6	.	.	PUNCT	.	_	4	punct	4:punct	_

`

func writeCoNLLU(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.conllu")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseText(t *testing.T) {
	out, errs, code := entigraph(t, "Putin met Trump in Alaska. They talked.", "parse", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	sents, err := conllu.ReadAll(strings.NewReader(out), "out")
	if err != nil {
		t.Fatalf("output is not CoNLL-U: %v\n%s", err, out)
	}
	if len(sents) != 2 {
		t.Fatalf("%d sentences, want 2:\n%s", len(sents), out)
	}
	want := []string{
		"1	Putin	_	PROPN	NNP	_	2	nsubj	_	_",
		"2	met	_	VERB	VBD	_	0	root	_	_",
		"3	Trump	_	PROPN	NNP	_	2	obj	_	_",
		"4	in	_	ADP	IN	_	5	case	_	_",
		"5	Alaska	_	PROPN	NNP	_	2	obl	_	SpaceAfter=No",
		"6	.	_	PUNCT	.	_	2	punct	_	_",
	}
	if got := strings.Split(out, "\n"); len(got) < 8 || strings.Join(got[2:8], "\n") != strings.Join(want, "\n") {
		t.Errorf("first sentence:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(out, "# sent_id = -/1\n# text = Putin met Trump in Alaska.\n") {
		t.Errorf("comments: %q", strings.SplitN(out, "\n", 3)[:2])
	}
}

func TestParseCoNLLU(t *testing.T) {
	p := writeCoNLLU(t, parseSample)
	out, errs, code := entigraph(t, "", "parse", "--conllu", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The same output from the file with the predicted columns blanked.
	blank := parseSample
	for _, gold := range []string{"PRON\tPRP\t_\t4\tnsubj", "AUX\tVBP\t_\t4\taux", "PART\tRB\t_\t4\tadvmod", "VERB\tVB\t_\t0\troot", "PRON\tPRP\t_\t4\tobj", "PUNCT\t.\t_\t4\tpunct"} {
		blank = strings.Replace(blank, gold, "_\t_\t_\t_\t_", 1)
	}
	if blank == parseSample || strings.Contains(blank, "\tnsubj\t") || strings.Contains(blank, "\troot\t") {
		t.Fatal("blanking failed")
	}
	out2, errs, code := entigraph(t, "", "parse", "--conllu", writeCoNLLU(t, blank))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != out2 {
		t.Errorf("gold columns changed the output:\n%s\nblanked:\n%s", out, out2)
	}
	lines := strings.Split(out, "\n")
	if lines[0] != "# sent_id = s1" || lines[3] != "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_" || lines[7] != "4.1\tknows\t_\t_\t_\t_\t_\t_\t4:conj\t_" {
		t.Errorf("comments, range or empty node changed:\n%s", out)
	}
	if lines[2] != "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t4:nsubj\t_" {
		t.Errorf("line 1: %q", lines[2])
	}
}

func TestParseEval(t *testing.T) {
	out, errs, code := entigraph(t, "", "parse", "eval", "--conllu", writeCoNLLU(t, parseSample))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "words 6  UAS 100.00  LAS 100.00\n" {
		t.Errorf("got %q", out)
	}
}

func TestParseUsage(t *testing.T) {
	p := writeCoNLLU(t, parseSample)
	for _, args := range [][]string{
		{"parse"},
		{"parse", "--conllu", p, "x.txt"},
		{"parse", "eval"},
		{"parse", "train", "--train", p},
		{"parse", "train", "--train", p, "--dev", p, "-o", "x", "--explore", "2"},
		{"parse", "train", "--train", p, "--dev", p, "-o", "x", "--pos-train", p},
	} {
		if _, _, code := entigraph(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	bad := writeCoNLLU(t, "1\tw\t_\t_\t_\t_\t0\troot\t_\n")
	_, errs, code := entigraph(t, "", "parse", "--conllu", bad)
	if code != exitFailed || !strings.Contains(errs, bad+":1: 9 fields, want 10") {
		t.Errorf("bad file: exit %d, %q", code, errs)
	}
}

func TestParseTrain(t *testing.T) {
	p := writeCoNLLU(t, parseSample)
	out := filepath.Join(t.TempDir(), "p.bin.zst")
	_, errs, code := entigraph(t, "", "parse", "train", "--train", p, "--dev", p, "-o", out, "--max-epochs", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("model not written: %v", err)
	}
}
