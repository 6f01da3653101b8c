package pipeline

import (
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
)

// TestDefaultStages: New runs tokens, tags, mentions and relations (parse
// is not a default stage: docs/pipeline.md).
func TestDefaultStages(t *testing.T) {
	if got, want := pipe(t).Stages(), []string{Tokens, Tags, Mentions, Relations}; !reflect.DeepEqual(got, want) {
		t.Errorf("Stages() = %v, want %v", got, want)
	}
}

// TestWithTagger: prose's tagger in the tags stage; the rest unchanged.
func TestWithTagger(t *testing.T) {
	p, err := New(WithTagger(ner.NewProseTagger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.stages[1].Annotator.(*ner.ProseTagger); !ok || p.stages[1].Name != Tags {
		t.Fatalf("stage 1 = %s %T, want tags *ner.ProseTagger", p.stages[1].Name, p.stages[1].Annotator)
	}
	if _, ok := pipe(t).stages[1].Annotator.(*ner.ModelTagger); !ok {
		t.Errorf("default tags stage is %T, want *ner.ModelTagger", pipe(t).stages[1].Annotator)
	}
	ann, err := p.Annotate(&kg.Document{ID: "d", Text: "North Korea's state news agency KCNA said Kim Jong Un met Russian President Vladimir Putin in Moscow."})
	if err != nil {
		t.Fatal(err)
	}
	if ann.LabelsComplete {
		t.Error("prose's labels reported complete")
	}
	ids := map[string]bool{}
	for _, e := range ann.Entities {
		ids[e.ID] = true
	}
	for _, want := range []string{"organization/kcna", "person/vladimir-putin", "country/north-korea"} {
		if !ids[want] {
			t.Errorf("prose pipeline: no %s in %v", want, ids)
		}
	}
}

// places is a stage of this test's own: it makes every token "Anchorage"
// a Place mention, which the rules leave out of the sentence below.
var places = AnnotatorFunc(func(a *kg.Annotated) error {
	for si, s := range a.Sentences {
		for _, t := range a.Tokens[s.TokStart:s.TokEnd] {
			if t.Text != "Anchorage" {
				continue
			}
			id := kg.EntityID(kg.Place, t.Text)
			a.Mentions = append(a.Mentions, kg.Mention{Start: t.Start, End: t.End, Text: t.Text, Type: kg.Place,
				Kind: kg.KindName, Sentence: si, Entity: id, TitleStart: t.Start})
			a.Entities = append(a.Entities, kg.Entity{ID: id, Name: t.Text, Type: kg.Place, Aliases: []string{t.Text}, Mentions: 1})
		}
	}
	sort.SliceStable(a.Mentions, func(i, j int) bool { return a.Mentions[i].Start < a.Mentions[j].Start })
	return nil
})

const summit = "U.S. President Donald Trump met Russian President Vladimir Putin in Anchorage on Friday."

// metIn returns the location of the Trump-Putin met_with relation, and
// whether there is one.
func metIn(ex *kg.Extraction) (string, bool) {
	for _, r := range ex.Relations {
		if r.Subject == "person/donald-trump" && r.Predicate == "met_with" && r.Object == "person/vladimir-putin" {
			return r.Location, true
		}
	}
	return "", false
}

// TestAddStage: a stage inserted after mentions adds a place, and the
// relations stage, which runs after it, reads it as the meeting's place.
func TestAddStage(t *testing.T) {
	doc := &kg.Document{ID: "summit", Text: summit}
	ex, err := pipe(t).Process(doc)
	if err != nil {
		t.Fatal(err)
	}
	if loc, ok := metIn(ex); !ok || loc != "" {
		t.Fatalf("default pipeline: met_with at %q (%v); the test needs the rules to miss Anchorage", loc, ok)
	}
	p, err := New(WithStageAfter(Mentions, Stage{Name: "places", Annotator: places}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Stages(), []string{Tokens, Tags, Mentions, "places", Relations}; !reflect.DeepEqual(got, want) {
		t.Errorf("Stages() = %v, want %v", got, want)
	}
	ex, err = p.Process(doc)
	if err != nil {
		t.Fatal(err)
	}
	if loc, ok := metIn(ex); loc != "place/anchorage" {
		t.Errorf("with the places stage: met_with at %q (%v), want place/anchorage", loc, ok)
	}
	if !slices.ContainsFunc(ex.Entities, func(e kg.Entity) bool { return e.ID == "place/anchorage" }) {
		t.Errorf("with the places stage: no place/anchorage among %v", ex.Entities)
	}
	// Put after relations, the same stage adds the entity but comes too
	// late for the relation.
	p, err = New(WithStage(Stage{Name: "places", Annotator: places}))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Stages(); got[len(got)-1] != "places" {
		t.Errorf("WithStage of a new name: %v, want it last", got)
	}
	if ex, err = p.Process(doc); err != nil {
		t.Fatal(err)
	}
	if loc, _ := metIn(ex); loc != "" || !slices.ContainsFunc(ex.Entities, func(e kg.Entity) bool { return e.ID == "place/anchorage" }) {
		t.Errorf("places last: met_with at %q, entities %v", loc, ex.Entities)
	}
}

// TestReplaceStage: WithStage of a default name replaces that stage in
// place; the stage replaced is never loaded; WithoutStage removes one.
func TestReplaceStage(t *testing.T) {
	var seen []string // what the stages before and after mentions saw
	fixed := kg.Relation{Subject: "a", Predicate: "met_with", Object: "b", Modality: kg.Asserted, Support: 1}
	p, err := New(
		WithStage(Stage{Name: Relations, Annotator: AnnotatorFunc(func(a *kg.Annotated) error {
			a.Relations = []kg.Relation{fixed}
			return nil
		})}),
		WithStageBefore(Mentions, Stage{Name: "before", Annotator: AnnotatorFunc(func(a *kg.Annotated) error {
			seen = append(seen, "before: "+strings.Repeat("m", len(a.Mentions)))
			return nil
		})}),
		WithStageAfter(Mentions, Stage{Name: "after", Annotator: AnnotatorFunc(func(a *kg.Annotated) error {
			seen = append(seen, "after: "+strings.Repeat("m", len(a.Mentions)))
			return nil
		})}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Stages(), []string{Tokens, Tags, "before", Mentions, "after", Relations}; !reflect.DeepEqual(got, want) {
		t.Errorf("Stages() = %v, want %v", got, want)
	}
	ex, err := p.Process(&kg.Document{ID: "d", Text: "Kim Jong Un met Vladimir Putin."})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ex.Relations, []kg.Relation{fixed}) {
		t.Errorf("relations = %v, want the replacement's", ex.Relations)
	}
	if want := []string{"before: ", "after: mm"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("the stages saw %q, want %q", seen, want)
	}
	p, err = New(WithoutStage(Relations))
	if err != nil {
		t.Fatal(err)
	}
	if ex, err := p.Process(&kg.Document{ID: "d", Text: summit}); err != nil || ex.Relations != nil || len(ex.Entities) == 0 {
		t.Errorf("without relations: %v, %v", ex, err)
	}
}

// TestOptionErrors: names that are not there, a name used twice, a stage
// without a name or an Annotator.
func TestOptionErrors(t *testing.T) {
	nop := AnnotatorFunc(func(*kg.Annotated) error { return nil })
	for _, tt := range []struct {
		opt  Option
		want string
	}{
		{WithStageAfter("coref", Stage{Name: "x", Annotator: nop}), `pipeline: no stage named "coref" to put "x" next to (have tokens, tags, mentions, relations)`},
		{WithStageBefore(Tags, Stage{Name: Mentions, Annotator: nop}), `pipeline: a stage named "mentions" is there already (WithStage replaces one)`},
		{WithoutStage("x"), `pipeline: no stage named "x" to remove (have tokens, tags, mentions, relations)`},
		{WithStage(Stage{Name: "x"}), `pipeline: a stage needs a name and an Annotator (got "x", <nil>)`},
		{WithStage(Stage{Annotator: nop}), `pipeline: a stage needs a name and an Annotator`},
	} {
		_, err := New(tt.opt)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

// TestErrorNamesStageAndDocument: a document's error reads "doc: stage:
// what is wrong", each named once, whichever stage fails or panics.
func TestErrorNamesStageAndDocument(t *testing.T) {
	bad := &kg.Document{ID: "a.txt", Text: "abc", Segments: []kg.Span{{Start: 2, End: 9}}}
	_, err := pipe(t).Process(bad)
	if want := "a.txt: tokens: segment [2,9) out of order or outside the text (3 bytes)"; err == nil || err.Error() != want {
		t.Errorf("bad segments: err = %v, want %q", err, want)
	}
	var se *StageError
	if !errors.As(err, &se) || se.Stage != Tokens || se.Doc != "a.txt" {
		t.Errorf("bad segments: %#v, want a *StageError of tokens and a.txt", err)
	}
	boom := errors.New("boom")
	for _, tt := range []struct {
		a    Annotator
		want string
	}{
		{AnnotatorFunc(func(*kg.Annotated) error { return boom }), "b.txt: check: boom"},
		{AnnotatorFunc(func(*kg.Annotated) error { panic("boom") }), "b.txt: check: panic: boom"},
	} {
		p, err := New(WithStageAfter(Tags, Stage{Name: "check", Annotator: tt.a}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Process(&kg.Document{ID: "b.txt", Text: "Kim met Putin."})
		if err == nil || err.Error() != tt.want {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
	if _, err := pipe(t).Process(nil); err == nil {
		t.Error("nil document: no error")
	}
}
