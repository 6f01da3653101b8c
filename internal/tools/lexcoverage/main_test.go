package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/relation/lexicon"
)

// A two-line document (constructed) with a gold criticized relation on its
// first line: the first line's "condemned" covers it and is confirmed; the
// second line's "condemned" and "attacked" are not confirmed (the gold
// gives nothing there); the spoke_with relation has no trigger.
func TestMeasure(t *testing.T) {
	dir := t.TempDir()
	text := "Iraq condemned Iran .\nSyria condemned and attacked Israel .\n"
	if err := os.WriteFile(filepath.Join(dir, "d.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	line1 := "Iraq condemned Iran ."
	g := &eval.Gold{Docs: []*eval.Doc{{Doc: "d.txt", Relations: []eval.Relation{
		{Subject: "country/iraq", Predicate: "criticized", Object: "country/iran", Modality: "asserted", Sentence: line1},
		{Subject: "country/iran", Predicate: "spoke_with", Object: "country/iraq", Modality: "asserted", Sentence: line1},
		{Subject: "country/iran", Predicate: "located_in", Object: "country/iraq", Modality: "asserted", Sentence: line1},
		{Subject: "country/iran", Predicate: "threatened", Object: "country/iraq", Modality: "reported", Sentence: line1},
	}}}}
	rows, err := measure(lexicon.Load(), g, eval.NewsDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]row{}
	for _, r := range rows {
		got[r.Predicate] = *r
	}
	if _, ok := got["located_in"]; ok {
		t.Error("located_in is not measured")
	}
	crit := got["criticized"]
	if crit.Gold != 1 || crit.Covered != 1 || crit.Triggers != 2 || crit.Right != 1 || crit.Wrong["condemn"] != 1 {
		t.Errorf("criticized = %+v, want 1 gold covered, 2 triggers of which 1 confirmed", crit)
	}
	if sw := got["spoke_with"]; sw.Gold != 1 || sw.Covered != 0 {
		t.Errorf("spoke_with = %+v, want 1 gold, not covered", sw)
	}
	if th := got["threatened"]; th.Gold != 0 {
		t.Errorf("threatened = %+v: a reported relation is not counted", th)
	}
	if at := got["attacked"]; at.Triggers != 1 || at.Right != 0 {
		t.Errorf("attacked = %+v, want one unconfirmed trigger", at)
	}
	var b strings.Builder
	if err := write(&b, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| criticized | 1 | 1 | 1.00 | 2 | 1 | 0.50 | condemn 1 |") {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestRefusesHeldout(t *testing.T) {
	err := run(&strings.Builder{}, "/tmp/x/heldout", "testdata/relcorpus/heldout")
	if err == nil || !strings.Contains(err.Error(), "held-out") {
		t.Errorf("run on the held-out part: %v, want a refusal", err)
	}
}
