package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/entigraph/entigraph/ner/conll"
	"github.com/entigraph/entigraph/ner/conll/conlltest"
	"github.com/entigraph/entigraph/relation/learn"
)

// TestRetrainReproduces writes the training part's documents from
// CoNLL-2003 (as scripts/relcorpus does, the held-out part left out),
// retrains on them and checks that the result is the committed model byte
// for byte. Without the CoNLL data it skips (fails under CI=true).
func TestRetrainReproduces(t *testing.T) {
	const goldDir = "../../../../testdata/relcorpus/train"
	gold, err := filepath.Glob(filepath.Join(goldDir, "*.json"))
	if err != nil || len(gold) != 300 {
		t.Fatalf("%d gold files in %s (%v), want 300", len(gold), goldDir, err)
	}
	want := map[string]bool{}
	for _, g := range gold {
		want[filepath.Base(g[:len(g)-len(".json")])+".txt"] = true
	}
	dir := t.TempDir()
	for _, split := range []string{"train", "dev"} {
		docs, err := conll.ReadTexts(conlltest.Path(t, split+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		for i, text := range docs {
			name := fmt.Sprintf("%s-%04d.txt", split, i)
			if !want[name] {
				continue
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := defaults()
	c.goldDir, c.docs, c.out, c.check = goldDir, dir, filepath.Join("../..", learn.FileName), true
	if err := run(c, io.Discard); err != nil {
		t.Fatal(err)
	}
}
