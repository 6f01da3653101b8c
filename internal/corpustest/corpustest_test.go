package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDocs(t *testing.T) {
	docs := Docs(t, "../../testdata/news")
	if len(docs) < 5 {
		t.Fatalf("%d seeds, want at least 5", len(docs))
	}
	for i, d := range docs {
		want, err := os.ReadFile(filepath.Join("../../testdata/news", d.ID))
		if err != nil || d.Text != string(want) || filepath.Ext(d.ID) != ".txt" {
			t.Errorf("document %d (%s) is not its file: %v", i, d.ID, err)
		}
		if i > 0 && docs[i-1].ID >= d.ID {
			t.Errorf("documents out of name order: %s then %s", docs[i-1].ID, d.ID)
		}
	}
	t.Setenv(BenchEnv, "")
	if Bench(t) != nil {
		t.Error("Bench with the variable unset gave documents")
	}
	t.Setenv(BenchEnv, "../../testdata/news")
	if len(Bench(t)) != len(docs) {
		t.Error("Bench does not read the folder the variable names")
	}
}
