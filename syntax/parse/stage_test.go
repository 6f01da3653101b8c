package parse_test

import (
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
	"github.com/entigraph/entigraph/syntax/parse"
)

// TestStage runs the parser as a stage after the tags and checks the tree
// it leaves on each sentence: one root, heads inside the sentence, the
// subject and object of "met" where they belong.
func TestStage(t *testing.T) {
	st, err := parse.NewStage()
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.New(pipeline.WithStageAfter(pipeline.Tags, pipeline.Stage{Name: "parse", Annotator: st}))
	if err != nil {
		t.Fatal(err)
	}
	ann, err := p.Annotate(&kg.Document{ID: "x", Text: "Merkel met Putin in Moscow on Tuesday. The talks ended."})
	if err != nil {
		t.Fatal(err)
	}
	if len(ann.Sentences) != 2 {
		t.Fatalf("%d sentences", len(ann.Sentences))
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
