package main

import (
	"testing"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
	"github.com/entigraph/entigraph/relation/learn/internal/corpus"
)

// TestExplain runs the pipeline's stages up to mentions on two sentences
// and checks the cause explain gives each kind of missed gold relation.
func TestExplain(t *testing.T) {
	s0 := "Russian President Vladimir Putin met U.S. President Donald Trump in Anchorage on Friday."
	s1 := "Putin praised Kim Jong Un."
	text := s0 + "\n" + s1 + "\n"
	p, err := pipeline.New(pipeline.WithoutStage(pipeline.Relations))
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Annotate(&kg.Document{ID: "why.txt", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sentences) != 2 {
		t.Fatalf("%d sentences, want 2", len(a.Sentences))
	}
	span0, span1, both := [2]int{0, len(s0)}, [2]int{len(s0) + 1, len(s0) + 1 + len(s1)}, [2]int{0, len(text) - 1}
	ent := func(id, name string, typ kg.EntityType) eval.Entity {
		return eval.Entity{ID: id, Name: name, Type: typ, Aliases: []string{name}}
	}
	gold := &eval.Doc{Doc: "why.txt", Entities: []eval.Entity{
		ent("person/vladimir-putin", "Vladimir Putin", kg.Person),
		ent("person/donald-trump", "Donald Trump", kg.Person),
		ent("person/kim-jong-un", "Kim Jong Un", kg.Person),
		ent("person/boris-johnson", "Boris Johnson", kg.Person),
		ent("organization/us", "U.S.", kg.Organization), // the pipeline's "U.S." is the Country
	}}
	d := &corpus.Doc{Key: "why.txt", A: a, Gold: gold}
	e := newEnds(d)
	rel := func(s, p, o string, sp [2]int) eval.Relation {
		return eval.Relation{Subject: s, Predicate: p, Object: o, Modality: kg.Asserted, SingleSentence: true, Span: &sp}
	}
	for _, c := range []struct {
		name    string
		r       eval.Relation
		learned bool
		want    string
	}{
		{"candidate, classifier no", rel("person/vladimir-putin", "met_with", "person/donald-trump", span0), false, whyModel},
		{"candidate, classifier yes, gate no", rel("person/vladimir-putin", "met_with", "person/donald-trump", span0), true, whyGate},
		{"end nowhere in the document", rel("person/vladimir-putin", "praised", "person/boris-johnson", span1), false, whyDoc},
		{"end elsewhere in the document", rel("person/donald-trump", "praised", "person/kim-jong-un", span1), false, whySent},
		{"end named but typed otherwise", rel("person/donald-trump", "holds_position", "organization/us", span0), false, whyType},
		{"two of the pipeline's sentences", rel("person/vladimir-putin", "met_with", "person/donald-trump", both), false, whySplit},
	} {
		if got := explain(d, e, c.r, c.learned); got != c.want {
			t.Errorf("%s: explain = %s, want %s", c.name, got, c.want)
		}
	}
	// Outside the single-sentence scope: both ends named is "named", an
	// end named nowhere in the sentence (and no coref link) is "across".
	named := rel("person/vladimir-putin", "met_with", "person/donald-trump", span0)
	named.SingleSentence = false
	if got := explainOther(d, e, named); got != whyOther {
		t.Errorf("explainOther(both named) = %s, want %s", got, whyOther)
	}
	across := rel("person/donald-trump", "praised", "person/kim-jong-un", span1)
	across.SingleSentence = false
	if got := explainOther(d, e, across); got != whyCross {
		t.Errorf("explainOther(end in another sentence) = %s, want %s", got, whyCross)
	}
}
