package parse_test

import (
	"slices"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

// TestStage runs the default pipeline, whose parse stage comes after the
// tags, and checks the tree it leaves on each sentence: one root, heads
// inside the sentence, the subject and object of "met" where they belong;
// and that a sentence repeated byte for byte gets the same tree.
func TestStage(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	ann, err := p.Annotate(&kg.Document{ID: "x", Text: "Merkel met Putin in Moscow on Tuesday. The talks ended. Merkel met Putin in Moscow on Tuesday."})
	if err != nil {
		t.Fatal(err)
	}
	if len(ann.Sentences) != 3 {
		t.Fatalf("%d sentences", len(ann.Sentences))
	}
	if r, ok := ann.Sentences[2].RepeatOf(); !ok || r != 0 {
		t.Fatalf("sentence 3 repeats %d, %v; want sentence 1", r, ok)
	}
	if a, b := ann.Sentences[0], ann.Sentences[2]; !slices.Equal(a.Heads, b.Heads) || !slices.Equal(a.Deprels, b.Deprels) || &a.Heads[0] == &b.Heads[0] {
		t.Errorf("the repeated sentence's tree: %v %v, want a copy of %v %v", b.Heads, b.Deprels, a.Heads, a.Deprels)
	}
	for si, s := range ann.Sentences {
		n := s.TokEnd - s.TokStart
		if len(s.Heads) != n || len(s.Deprels) != n {
			t.Fatalf("sentence %d: %d heads, %d deprels for %d tokens", si, len(s.Heads), len(s.Deprels), n)
		}
		roots := 0
		for i, h := range s.Heads {
			if h == -1 {
				roots++
				if s.Deprels[i] != "root" {
					t.Errorf("sentence %d: the root is %q", si, s.Deprels[i])
				}
			} else if h < 0 || h >= n || h == i {
				t.Errorf("sentence %d token %d: head %d", si, i, h)
			}
		}
		if roots != 1 {
			t.Errorf("sentence %d: %d roots", si, roots)
		}
	}
	s := ann.Sentences[0]
	word := func(i int) string { return ann.Tokens[s.TokStart+i].Text }
	found := map[string]bool{}
	for i, d := range s.Deprels {
		found[d] = true
		switch d {
		case "nsubj":
			if word(i) != "Merkel" || word(s.Heads[i]) != "met" {
				t.Errorf("nsubj %s <- %s", word(i), word(s.Heads[i]))
			}
		case "obj":
			if word(i) != "Putin" || word(s.Heads[i]) != "met" {
				t.Errorf("obj %s <- %s", word(i), word(s.Heads[i]))
			}
		}
	}
	if !found["nsubj"] || !found["obj"] {
		t.Errorf("no nsubj or obj in %v", s.Deprels)
	}
	if ann.Tokens[0].Tag != "NNP" {
		t.Errorf("the stage changed the tokens' tags: %q", ann.Tokens[0].Tag)
	}
}
