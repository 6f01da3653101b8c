package parse_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
	"github.com/entigraph/entigraph/syntax/conllu"
	"github.com/entigraph/entigraph/syntax/parse"
)

// everyPipeline is the default pipeline with a parse stage after the
// mentions that parses every sentence.
func everyPipeline(t *testing.T) *pipeline.Pipeline {
	t.Helper()
	return parsePipeline(t, parse.EverySentence())
}

// parsePipeline is the default pipeline with a parse stage, made with
// opts, after the mentions (where a program that wants the trees puts it:
// it is not a default stage).
func parsePipeline(t *testing.T, opts ...parse.StageOption) *pipeline.Pipeline {
	t.Helper()
	st, err := parse.NewStage(opts...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.New(pipeline.WithStageAfter(pipeline.Mentions, pipeline.Stage{Name: pipeline.Parse, Annotator: st}))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestStage runs the default pipeline with a parse stage that parses every
// sentence, and checks the tree it leaves on each sentence: one root, heads
// inside the sentence, the subject and object of "met" where they belong;
// and that a sentence repeated byte for byte gets the same tree.
func TestStage(t *testing.T) {
	p := everyPipeline(t)
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

// TestStageSelects runs the default pipeline, whose parse stage parses
// only the sentences with relation candidates, beside one that parses
// every sentence: a sentence not marked Duplicate with mentions of two
// entities or more, or with one and an anaphor coref may link, gets the
// same tree as when every sentence is parsed; any other keeps nil Heads
// and Deprels.
func TestStageSelects(t *testing.T) {
	every := everyPipeline(t)
	p := parsePipeline(t)
	for _, c := range []struct {
		text     string
		parsed   []bool // per sentence
		mentions []int  // per sentence, so that the case tests what it says
	}{
		{"U.S. President Donald Trump met Russian President Vladimir Putin in Alaska on Friday. The talks ended.", []bool{true, false}, []int{4, 0}},
		{"German Chancellor Angela Merkel arrived in Paris on Tuesday. She said he would come.", []bool{true, false}, []int{3, 0}},
		{"German Chancellor Angela Merkel arrived on Tuesday. Merkel said he would come. Merkel thanked the president. " +
			"Merkel thanked the crowd. Merkel thanked the two leaders. It rained.", []bool{true, true, true, false, true, false}, []int{2, 1, 1, 1, 1, 0}},
		{"U.S. President Donald Trump met Russian President Vladimir Putin in Alaska on Friday. It rained. " +
			"U.S. President Donald Trump met Russian President Vladimir Putin in Alaska on Friday.", []bool{true, false, false}, []int{4, 0, 4}}, // the third a Duplicate
		{"German Chancellor Angela Merkel arrived on Tuesday. Merkel said Merkel would stay.", []bool{true, false}, []int{2, 2}}, // one entity twice
	} {
		t.Run(c.text, func(t *testing.T) {
			doc := &kg.Document{ID: "x", Text: c.text}
			got, err := p.Annotate(doc)
			if err != nil {
				t.Fatal(err)
			}
			all, err := every.Annotate(doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Sentences) != len(c.parsed) {
				t.Fatalf("%d sentences, want %d", len(got.Sentences), len(c.parsed))
			}
			for si, s := range got.Sentences {
				mentions := 0
				for _, m := range got.Mentions {
					if m.Sentence == si {
						mentions++
					}
				}
				if mentions != c.mentions[si] {
					t.Errorf("sentence %d: %d mentions, want %d", si, mentions, c.mentions[si])
				}
				switch {
				case !c.parsed[si] && (s.Heads != nil || s.Deprels != nil):
					t.Errorf("sentence %d (%d mentions): parsed, want nil Heads and Deprels", si, mentions)
				case c.parsed[si] && len(s.Heads) == 0:
					t.Errorf("sentence %d (%d mentions): not parsed", si, mentions)
				case c.parsed[si] && (!slices.Equal(s.Heads, all.Sentences[si].Heads) || !slices.Equal(s.Deprels, all.Sentences[si].Deprels)):
					t.Errorf("sentence %d: tree %v %v, parsing every sentence gives %v %v",
						si, s.Heads, s.Deprels, all.Sentences[si].Heads, all.Sentences[si].Deprels)
				}
			}
		})
	}
}

// TestDocument prints as CoNLL-U the trees a stage that parses every
// sentence left (HEAD is Heads+1, DEPREL the Deprels), and refuses a
// document whose sentences the default stage left unparsed.
func TestDocument(t *testing.T) {
	doc := &kg.Document{ID: "d", Text: "U.S. President Donald Trump met Russian President Vladimir Putin in Alaska on Friday. The talks ended."}
	all, err := everyPipeline(t).Annotate(doc)
	if err != nil {
		t.Fatal(err)
	}
	sents, err := parse.Document(all)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || sents[1].Comments[0] != "# sent_id = d/2" || sents[1].Comments[1] != "# text = The talks ended." {
		t.Fatalf("sentences: %d, %v", len(sents), sents[len(sents)-1].Comments)
	}
	for si, cs := range sents {
		s := all.Sentences[si]
		for i, tok := range cs.Tokens {
			if h, d := tok.Fields[conllu.Head], tok.Fields[conllu.Deprel]; h != strconv.Itoa(s.Heads[i]+1) || d != s.Deprels[i] {
				t.Errorf("sentence %d word %d: HEAD %s DEPREL %s, want %d %s", si, i, h, d, s.Heads[i]+1, s.Deprels[i])
			}
		}
	}
	some, err := parsePipeline(t).Annotate(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parse.Document(some); err == nil || !strings.Contains(err.Error(), "sentence 2 (byte 86) is not parsed") {
		t.Errorf("a document with an unparsed sentence: err = %v", err)
	}
}
