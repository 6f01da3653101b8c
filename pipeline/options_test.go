package pipeline

import (
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
)

// TestNEROption: New passes its options to the ner stage; both taggers
// run, and an unknown one is an error.
func TestNEROption(t *testing.T) {
	if got := pipe(t).ner.NER(); got != ner.NERModel {
		t.Errorf("New(): ner = %q, want %q", got, ner.NERModel)
	}
	p, err := New(ner.WithNER(ner.NERProse))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.ner.NER(); got != ner.NERProse {
		t.Errorf("New(WithNER(prose)): ner = %q", got)
	}
	ex, err := p.Process(&kg.Document{ID: "d", Text: "North Korea's state news agency KCNA said Kim Jong Un met Russian President Vladimir Putin in Moscow."})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range ex.Entities {
		ids[e.ID] = true
	}
	for _, want := range []string{"organization/kcna", "person/vladimir-putin", "country/north-korea"} {
		if !ids[want] {
			t.Errorf("prose pipeline: no %s in %v", want, ids)
		}
	}
	if _, err := New(ner.WithNER("nope")); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("New(WithNER(nope)): err = %v", err)
	}
}
