package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// TestNERFlag runs extract with each --ner choice on one seed, and with an
// unknown one.
func TestNERFlag(t *testing.T) {
	seed := filepath.Join(newsDir, "004_111b9e2c7f64e5cc.txt")
	for _, name := range []string{"model", "prose"} {
		out, stderr, code := entigraph(t, "", "extract", "--ner", name, "--format", "json", seed)
		if code != 0 {
			t.Fatalf("--ner %s: exit %d: %s", name, code, stderr)
		}
		var g kg.Graph
		if err := json.Unmarshal([]byte(out), &g); err != nil {
			t.Fatalf("--ner %s: %v", name, err)
		}
		ids := map[string]bool{}
		for _, e := range g.Entities {
			ids[e.ID] = true
		}
		for _, want := range []string{"organization/kcna", "person/kim-jong-un", "country/north-korea"} {
			if !ids[want] {
				t.Errorf("--ner %s: no %s", name, want)
			}
		}
	}
	_, stderr, code := entigraph(t, "", "extract", "--ner", "spacy", seed)
	if code != 2 || !strings.Contains(stderr, `"spacy"`) || !strings.Contains(stderr, "model or prose") {
		t.Errorf("--ner spacy: exit %d, stderr %q; want a usage error (2) naming the choices", code, stderr)
	}
	_, stderr, code = entigraph(t, "", "ner", "eval", "--ner", "spacy", "--conll", seed)
	if code != 2 || !strings.Contains(stderr, `"spacy"`) || !strings.Contains(stderr, "model or prose") {
		t.Errorf("ner eval --ner spacy: exit %d, stderr %q; want a usage error (2) naming the choices", code, stderr)
	}
}
