package learn

import (
	"bytes"
	"hash/fnv"
	"slices"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/internal/corpustest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
	"github.com/entigraph/entigraph/relation"
	"github.com/entigraph/entigraph/relation/lexicon"
	"github.com/entigraph/entigraph/syntax/parse"
)

// annotator is a pipeline stage's work.
type annotator interface{ Annotate(*kg.Annotated) error }

// upToMentions runs the default pipeline's stages before "relations"
// (ner's tokenizer, tagger and annotator: the pipeline package imports
// this one, so its tests cannot import it), with extra stages after the
// tagger, over doc.
func upToMentions(tb testing.TB, doc *kg.Document, afterTags ...annotator) *kg.Annotated {
	tb.Helper()
	tok, err := ner.NewTokenizer()
	if err != nil {
		tb.Fatal(err)
	}
	tag, err := ner.NewModelTagger()
	if err != nil {
		tb.Fatal(err)
	}
	men, err := ner.New()
	if err != nil {
		tb.Fatal(err)
	}
	stages := append(append([]annotator{tok, tag}, afterTags...), men)
	a := &kg.Annotated{Doc: doc}
	for _, s := range stages {
		if err := s.Annotate(a); err != nil {
			tb.Fatal(err)
		}
	}
	return a
}

func annotate(t *testing.T, text string) *kg.Annotated {
	t.Helper()
	return upToMentions(t, &kg.Document{ID: "doc.txt", Text: text})
}

func mentionOf(t *testing.T, a *kg.Annotated, text string) int {
	t.Helper()
	for i, m := range a.Mentions {
		if m.Text == text {
			return i
		}
	}
	t.Fatalf("%s: no mention %q among %v", a.Doc.Text, text, a.Mentions)
	return -1
}

// mentionIn returns the mention of sentence si whose text ends with text.
func mentionIn(t *testing.T, a *kg.Annotated, si int, text string) int {
	t.Helper()
	for i, m := range a.Mentions {
		if m.Sentence == si && strings.HasSuffix(m.Text, text) {
			return i
		}
	}
	t.Fatalf("%s: no mention %q in sentence %d among %v", a.Doc.Text, text, si, a.Mentions)
	return -1
}

const yeltsinLi = "Russian President Boris Yeltsin met Chinese Premier Li Peng in Beijing. Boris Yeltsin and Li Peng met again."

// TestCandidates: ordered pairs of one sentence, different entities,
// types some predicate allows; the two orders of a pair both come.
func TestCandidates(t *testing.T) {
	a := annotate(t, yeltsinLi)
	cands := Candidates(a)
	type pair struct{ s, o string }
	got := map[pair]int{}
	for _, c := range cands {
		ms, mo := a.Mentions[c.Subj], a.Mentions[c.Obj]
		if ms.Sentence != c.Sentence || mo.Sentence != c.Sentence || ms.Entity == mo.Entity {
			t.Errorf("bad candidate %+v: %q %q", c, ms.Text, mo.Text)
		}
		if len(AllowedClasses(ms.Type, mo.Type)) == 0 {
			t.Errorf("candidate %q %q: no predicate takes %s, %s", ms.Text, mo.Text, ms.Type, mo.Type)
		}
		got[pair{ms.Text, mo.Text}]++
	}
	for _, want := range []pair{{"Boris Yeltsin", "Li Peng"}, {"Li Peng", "Boris Yeltsin"}, {"Boris Yeltsin", "Russian"}, {"Beijing", "Chinese"}} {
		if got[want] == 0 {
			t.Errorf("no candidate %v in %v", want, got)
		}
	}
	// Person -> Place: only sent_troops_to takes a Person subject and a Place object.
	if got[pair{"Boris Yeltsin", "Beijing"}] != 1 {
		t.Errorf("Yeltsin -> Beijing: %d candidates", got[pair{"Boris Yeltsin", "Beijing"}])
	}
	if got[pair{"Beijing", "Boris Yeltsin"}] != 0 {
		t.Errorf("Beijing -> Yeltsin is a candidate: no predicate takes a Place subject and a Person object")
	}
}

// TestLabels: a gold met_with in the first sentence labels both orders of
// the pair there; the restatement in the second sentence is left out (-1);
// a pair the gold does not relate is None.
func TestLabels(t *testing.T) {
	a := annotate(t, yeltsinLi)
	first := a.Sentences[0]
	gold := &eval.Doc{Doc: "doc.txt",
		Entities: []eval.Entity{
			{ID: "person/boris-yeltsin", Name: "Boris Yeltsin", Type: kg.Person, Aliases: []string{"Boris Yeltsin", "Yeltsin"}},
			{ID: "person/li-peng", Name: "Li Peng", Type: kg.Person, Aliases: []string{"LI PENG"}},
			{ID: "country/russia", Name: "Russia", Type: kg.Country, Aliases: []string{"Russian"}},
		},
		Relations: []eval.Relation{{Subject: "person/boris-yeltsin", Predicate: "met_with", Object: "person/li-peng",
			Modality: kg.Asserted, SingleSentence: true, Span: &[2]int{first.Start, first.End}}},
	}
	cands := Candidates(a)
	labels := Labels(a, cands, gold)
	yeltsin, li := mentionOf(t, a, "Boris Yeltsin"), mentionOf(t, a, "Li Peng")
	seen := 0
	for i, c := range cands {
		ms, mo := a.Mentions[c.Subj], a.Mentions[c.Obj]
		pair := ms.Entity + " " + mo.Entity
		isPair := (ms.Entity == a.Mentions[yeltsin].Entity && mo.Entity == a.Mentions[li].Entity) ||
			(ms.Entity == a.Mentions[li].Entity && mo.Entity == a.Mentions[yeltsin].Entity)
		want := 0
		switch {
		case isPair && c.Sentence == 0:
			want = ClassOf("met_with")
			seen++
		case isPair:
			want = -1
			seen++
		}
		if labels[i] != want {
			t.Errorf("%s (sentence %d): label %d, want %d", pair, c.Sentence, labels[i], want)
		}
	}
	if seen != 4 {
		t.Errorf("%d candidates of the pair, want 4 (two orders, two sentences)", seen)
	}
}

// TestDepPathHook: no parse, no path features; a hand-made parse gives the
// deprels up from the subject's head and down to the object's, and the
// lemma where they meet.
func TestDepPathHook(t *testing.T) {
	lem := []string{"yeltsin", "meet", "li", "peng", "."}
	s := kg.Sentence{}
	if got := depPath(s, lem, 0, 1, 2, 4); got != nil {
		t.Errorf("unparsed sentence: %v", got)
	}
	s.Heads = []int{1, -1, 3, 1, 1}
	s.Deprels = []string{"nsubj", "root", "flat", "obj", "punct"}
	want := []string{"DP:nsubj<^>obj", "DPL:nsubj<^>obj:meet", "DPW:meet"}
	if got := depPath(s, lem, 0, 1, 2, 4); !slices.Equal(got, want) {
		t.Errorf("path = %v, want %v", got, want)
	}
	// A parse of another length (a stage's bug) gives nothing, no panic.
	s.Heads = s.Heads[:3]
	if got := depPath(s, lem, 0, 1, 2, 4); got != nil {
		t.Errorf("mismatched parse: %v", got)
	}
	// The features of a parsed sentence hold the path; of the unparsed
	// one not.
	a := annotate(t, "Boris Yeltsin met Li Peng.")
	a.Sentences[0].Heads, a.Sentences[0].Deprels = nil, nil // the parse stage's
	lex := lexicon.Load()
	c := Candidate{Sentence: 0, Subj: mentionOf(t, a, "Boris Yeltsin"), Obj: mentionOf(t, a, "Li Peng")}
	plain := newSentView(a, 0, lex).features(c, nil)
	a.Sentences[0].Heads = []int{1, 2, -1, 4, 2, 2}
	a.Sentences[0].Deprels = []string{"flat", "nsubj", "root", "flat", "obj", "punct"}
	parsed := newSentView(a, 0, lex).features(c, nil)
	if !slices.Contains(parsed, hash("DP:nsubj<^>obj")) || slices.Contains(plain, hash("DP:nsubj<^>obj")) {
		t.Errorf("path feature: parsed %v, plain %v", slices.Contains(parsed, hash("DP:nsubj<^>obj")), slices.Contains(plain, hash("DP:nsubj<^>obj")))
	}
	if len(parsed) != len(plain)+3 {
		t.Errorf("parsed sentence has %d features, unparsed %d: want 3 more", len(parsed), len(plain))
	}
}

// TestModality: the cue rules on real sentences.
func TestModality(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Boris Yeltsin met Li Peng in Beijing.", kg.Asserted},
		{"Boris Yeltsin did not meet Li Peng in Beijing.", kg.Negated},
		{"Boris Yeltsin denied meeting Li Peng.", kg.Negated},
		{"Boris Yeltsin may meet Li Peng in Beijing.", kg.Reported},
		{"Boris Yeltsin is expected to meet Li Peng.", kg.Reported},
		{"Boris Yeltsin reportedly met Li Peng.", kg.Reported},
		{"Did Boris Yeltsin meet Li Peng?", kg.Reported},
		{"Boris Yeltsin is due to meet Li Peng in Beijing.", kg.Reported},
		{"Boris Yeltsin to meet Li Peng in Beijing.", kg.Reported},
		{"Boris Yeltsin went to Beijing and met Li Peng.", kg.Asserted},
		{"Boris Yeltsin, who will never meet Li Peng, left.", kg.Negated},
	} {
		// A first sentence makes the names known to the ner stage.
		a := annotate(t, "Russian President Boris Yeltsin and Chinese Premier Li Peng arrived in Moscow. "+c.text)
		v := newSentView(a, 1, lexicon.Load())
		cand := Candidate{Sentence: 1, Subj: mentionIn(t, a, 1, "Yeltsin"), Obj: mentionIn(t, a, 1, "Li Peng")}
		if got := v.modality(cand, "met_with"); got != c.want {
			t.Errorf("%q: %s, want %s", c.text, got, c.want)
		}
		if got := v.modality(cand, "holds_position"); got != kg.Asserted {
			t.Errorf("%q: holds_position %s, want asserted", c.text, got)
		}
	}
}

func synthetic() []Example {
	var exs []Example
	met, crit := ClassOf("met_with"), ClassOf("criticized")
	pp := AllowedClasses(kg.Person, kg.Person)
	for i := range 200 {
		f := []uint64{hash("bias"), hash("T:Person>Person"), uint64(i%7) + 1000}
		label := 0
		switch i % 3 {
		case 2:
			f = append(f, hash("W-1:the"))
		case 0:
			f = append(f, hash("TR:met_with"))
			label = met
		case 1:
			f = append(f, hash("TR:criticized"))
			label = crit
		}
		exs = append(exs, Example{Features: f, Allowed: pp, Label: label})
	}
	return exs
}

// TestTrainDeterministic: the same examples and options give the same
// bytes; a decoded model encodes to them again and predicts the same; the
// classifier learns a separable set.
func TestTrainDeterministic(t *testing.T) {
	exs := synthetic()
	enc := func(m *Model) []byte {
		var b bytes.Buffer
		if err := m.Encode(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	m1 := Train(exs, TrainOptions{Seed: 7, Docs: 3})
	b1, b2 := enc(m1), enc(Train(exs, TrainOptions{Seed: 7, Docs: 3}))
	if !bytes.Equal(b1, b2) {
		t.Fatal("two trainings gave different bytes")
	}
	m3, err := Decode(b1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc(m3), b1) {
		t.Error("decode then encode changed the bytes")
	}
	if m3.Info.Docs != 3 || m3.Info.Examples != 200 || m3.Info.Positive != 134 || m3.Info.Epochs != 10 {
		t.Errorf("info = %+v", m3.Info)
	}
	for _, ex := range exs {
		c1, _ := m1.Predict(ex.Features, ex.Allowed)
		c3, _ := m3.Predict(ex.Features, ex.Allowed)
		if c1 != ex.Label || c3 != ex.Label {
			t.Errorf("predicted %d and %d, want %d", c1, c3, ex.Label)
		}
	}
	// Classes the types do not allow are never predicted.
	if c, _ := m1.Predict(exs[0].Features, nil); c != 0 {
		t.Errorf("nothing allowed: class %d", c)
	}
}

func TestDecodeErrors(t *testing.T) {
	var good bytes.Buffer
	if err := Train(synthetic(), TrainOptions{}).Encode(&good); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"empty":     nil,
		"not zstd":  []byte("hello"),
		"truncated": good.Bytes()[:good.Len()/2],
	} {
		if _, err := Decode(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestCommittedModel: the embedded model loads, and reads the plainest
// title and meeting of news. Its gates may be empty: since the NER model's
// word clusters (2026-12-07) the cross-validation opens none (see
// docs/relations.md), and the combined stage is then the rules alone.
func TestCommittedModel(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if m.Info.Docs != 300 || m.Info.Features == 0 {
		t.Errorf("info = %+v", m.Info)
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	a := annotate(t, "Russian President Boris Yeltsin met Chinese Premier Li Peng in Beijing on Monday.")
	var got []string
	for _, r := range x.Extract(a) {
		got = append(got, r.Subject+" "+r.Predicate+" "+r.Object+" "+r.Modality+" "+r.Role)
		if r.Evidence[0].Sentence != a.Doc.Text || r.Support != 1 {
			t.Errorf("evidence %+v", r.Evidence)
		}
	}
	for _, want := range []string{
		"person/boris-yeltsin holds_position country/russia asserted president",
		"person/li-peng holds_position country/china asserted premier",
		"person/boris-yeltsin met_with person/li-peng asserted ",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// TestUnion: the rules' relations stay; a learned one of the same triple
// and sentence is dropped, whatever its modality; others are added.
func TestUnion(t *testing.T) {
	ev := func(start int) []kg.Evidence { return []kg.Evidence{{Start: start}} }
	rules := []kg.Relation{{Subject: "a", Predicate: "met_with", Object: "b", Modality: kg.Negated, Evidence: ev(0)}}
	learned := []kg.Relation{
		{Subject: "a", Predicate: "met_with", Object: "b", Modality: kg.Asserted, Evidence: ev(0)},
		{Subject: "a", Predicate: "met_with", Object: "b", Modality: kg.Asserted, Evidence: ev(50)},
	}
	got := Union(rules, learned)
	if len(got) != 2 || got[0].Modality != kg.Negated || got[1].Evidence[0].Start != 50 {
		t.Errorf("union = %+v", got)
	}
}

// TestCombined: the combined stage keeps every rule's relation as the
// rules read it and adds the learned ones its gates let through, with a
// location and a date read by the rules' qualifier code.
func TestCombined(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := relation.New()
	if err != nil {
		t.Fatal(err)
	}
	a := upToMentions(t, &kg.Document{ID: "doc.txt", Date: "1996-08-22",
		Text: "Russian President Boris Yeltsin met Chinese Premier Li Peng in Beijing on Monday."})
	r := rules.Extract(a)
	if len(r) == 0 {
		t.Fatal("the rules find nothing")
	}
	c := NewCombinedWith(rules, x, Gates{"met_with": 0, "holds_position": 0})
	got := c.Extract(a)
	for i, rel := range r {
		if !slices.ContainsFunc(got, func(g kg.Relation) bool {
			return g.Subject == rel.Subject && g.Predicate == rel.Predicate && g.Object == rel.Object && g.Location == rel.Location && g.Date == rel.Date
		}) {
			t.Errorf("rule relation %d lost or changed: %+v", i, rel)
		}
	}
	// With the met_with rule left out, the learned met_with comes with
	// the rules' qualifiers.
	var noMeet []kg.Relation
	for _, rel := range r {
		if rel.Predicate != "met_with" {
			noMeet = append(noMeet, rel)
		}
	}
	added := c.Added(a, noMeet, x.Scored(a), Gates{"met_with": 0})
	if len(added) != 1 || added[0].Predicate != "met_with" || added[0].Location != "place/beijing" || added[0].Date != "1996-08-19" {
		t.Errorf("added = %+v, want the meeting in Beijing on 1996-08-19", added)
	}
	// No gate, nothing added.
	if added := c.Added(a, noMeet, x.Scored(a), Gates{}); len(added) != 0 {
		t.Errorf("added with no gates: %+v", added)
	}
}

// BenchmarkExtract: the learned extractor over the five seed articles,
// annotated once (the stages up to mentions are not timed).
func BenchmarkExtract(b *testing.B) {
	var docs []*kg.Annotated
	tokens := 0
	for _, d := range corpustest.Docs(b, "../../testdata/news") {
		a := upToMentions(b, d)
		docs = append(docs, a)
		tokens += len(a.Tokens)
	}
	x, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, a := range docs {
			x.Extract(a)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// TestHashIsFNV: the features' hash is FNV-1a 64, which the committed
// model's keys were made with.
func TestHashIsFNV(t *testing.T) {
	for _, s := range []string{"", "bias", "TR:met_with:fwd:in:so", "BW:über"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if hash(s) != h.Sum64() {
			t.Errorf("hash(%q) = %x, want %x", s, hash(s), h.Sum64())
		}
	}
}

// TestDepPathWithParser: with syntax/parse's stage in the pipeline, the path between two names of a plain sentence runs
// through its verb.
func TestDepPathWithParser(t *testing.T) {
	st, err := parse.NewStage(parse.EverySentence())
	if err != nil {
		t.Fatal(err)
	}
	a := upToMentions(t, &kg.Document{ID: "doc.txt", Text: "Russian President Boris Yeltsin and Chinese Premier Li Peng arrived in Moscow. Boris Yeltsin met Li Peng on Monday."}, st)
	v := newSentView(a, 1, lexicon.Load())
	si, sj := v.span(&a.Mentions[mentionIn(t, a, 1, "Yeltsin")], false)
	oi, oj := v.span(&a.Mentions[mentionIn(t, a, 1, "Li Peng")], false)
	got := depPath(a.Sentences[1], v.lem, si, sj, oi, oj)
	if len(got) != 3 || got[2] != "DPW:meet" || !strings.HasPrefix(got[0], "DP:nsubj<^>") {
		t.Errorf("path = %v, want nsubj up to meet and down to the object", got)
	}
}

// TestWithCoref: a pronoun coref links becomes a mention of its entity,
// typed as it, in start order; the document itself is not changed.
func TestWithCoref(t *testing.T) {
	a := annotate(t, "Russian President Boris Yeltsin arrived in Beijing. He met Chinese Premier Li Peng on Monday.")
	n := len(a.Mentions)
	b := WithCoref(a)
	if len(a.Mentions) != n {
		t.Fatalf("a changed: %d mentions, had %d", len(a.Mentions), n)
	}
	var he *kg.Mention
	for i := range b.Mentions {
		if i > 0 && b.Mentions[i].Start < b.Mentions[i-1].Start {
			t.Errorf("mentions out of order at %d", i)
		}
		if b.Mentions[i].Text == "He" {
			he = &b.Mentions[i]
		}
	}
	if he == nil || he.Entity != "person/boris-yeltsin" || he.Type != kg.Person || he.Kind != kg.KindPronoun || he.Sentence != 1 {
		t.Fatalf("He = %+v in %+v", he, b.Mentions)
	}
	// The pair (He, Li Peng) is a candidate.
	found := false
	for _, c := range Candidates(b) {
		if b.Mentions[c.Subj].Text == "He" && strings.Contains(b.Mentions[c.Obj].Text, "Li Peng") {
			found = true
		}
	}
	if !found {
		t.Error("no candidate (He, Li Peng)")
	}
}
