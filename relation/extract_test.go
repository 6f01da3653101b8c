package relation

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/entigraph/entigraph/kg"
)

// constructedCases cover forms of the brief that the corpus does not
// contain; they are constructed, not quoted.
var constructedCases = []struct {
	name, date, sentence string
	want                 []string
}{
	{"X and Y met in P on weekday", "2025-08-16", "Trump and Putin met in Anchorage on Friday.", []string{
		"person/donald-trump met_with person/vladimir-putin asserted loc=place/anchorage date=2025-08-15 role=",
	}},
	{"X met with Y; an Organization is no location", "", "Merz met with Trump at the White House.", []string{
		"person/donald-trump met_with person/friedrich-merz asserted loc= date= role=",
	}},
	{"X met Y on the tarmac in P", "", "Trump met Putin on the tarmac in Anchorage.", []string{
		"person/donald-trump met_with person/vladimir-putin asserted loc=place/anchorage date= role=",
	}},
	{"X shared a handshake with Y", "", "Trump shared a handshake with Putin at Joint Base Elmendorf-Richardson.", []string{
		"person/donald-trump met_with person/vladimir-putin asserted loc=place/joint-base-elmendorf-richardson date= role=",
	}},
	{"X and Y shook hands", "", "Trump and Putin shook hands in Alaska.", []string{
		"person/donald-trump met_with person/vladimir-putin asserted loc=place/alaska date= role=",
	}},
	{"X's meeting with Y", "", "Trump's meeting with Putin lasted three hours.", []string{
		"person/donald-trump met_with person/vladimir-putin asserted loc= date= role=",
	}},
	{"X signed a treaty with Y", "", "North Korea signed a treaty with Russia in June 2024.", []string{
		"country/north-korea signed_agreement_with country/russia asserted loc= date=2024-06 role=",
	}},
	{"agreement between X and Y", "", "An agreement between North Korea and Russia was signed in Pyongyang.", []string{
		"country/north-korea signed_agreement_with country/russia asserted loc= date= role=",
	}},
	{"refused to meet", "", "Zelenskiy refused to meet Putin.", []string{
		"person/vladimir-putin met_with person/volodymyr-zelenskyy negated loc= date= role=",
	}},
	{"denied meeting", "", "Trump denied that he met Putin.", nil},
	{"may meet", "2025-05-01", "Kim may meet Putin in Moscow on May 9.", []string{
		"person/kim-jong-un met_with person/vladimir-putin reported loc=country/russia date=2025-05-09 role=",
	}},
	{"will meet, date unknown", "", "Kim will meet Putin on May 9.", []string{
		"person/kim-jong-un met_with person/vladimir-putin reported loc= date= role=",
	}},
	{"question", "", "Did Trump meet Putin in Alaska?", []string{
		"person/donald-trump met_with person/vladimir-putin reported loc=place/alaska date= role=",
	}},
	{"whether", "", "It is unclear whether Kim will meet Putin.", []string{
		"person/kim-jong-un met_with person/vladimir-putin reported loc= date= role=",
	}},
	{"met in May", "2025-06-01", "Trump met Putin in May.", []string{
		"person/donald-trump met_with person/vladimir-putin asserted loc= date=2025-05 role=",
	}},
	{"full date", "", "Kim signed a pact with Putin on 19 June 2024.", []string{
		"person/kim-jong-un signed_agreement_with person/vladimir-putin asserted loc= date=2024-06-19 role=",
	}},
	{"signed a letter is not an agreement", "", "Kim signed a letter with Putin.", nil},
	{"former is not a held position", "", "Former US President Donald Trump met Putin.", []string{
		"person/donald-trump met_with person/vladimir-putin asserted loc= date= role=",
	}},
	{"reported speech of a meeting stays asserted", "", "KCNA said Kim met Putin in Moscow.", []string{
		"person/kim-jong-un met_with person/vladimir-putin asserted loc=country/russia date= role=",
	}},
	{"no object, one subject", "", "Putin met reporters in Moscow.", nil},
	{"the Trump administration is not Trump", "", "The Trump administration met Putin.", nil},
	{"Y's envoy is not Y", "", "Trump met Putin's envoy.", nil},
	{"next month", "1996-08-30", "Israeli Foreign Minister David Levy would visit Bonn for talks with his German counterpart Klaus Kinkel next month.", []string{
		"person/david-levy met_with person/klaus-kinkel reported loc= date=1996-09 role=",
		"person/david-levy holds_position country/israel asserted loc= date= role=foreign minister",
	}},
	{"a future weekday is the next one", "1996-08-30", "But Rdainah said Arafat would go to Cairo on Saturday for talks with Mubarak.", []string{
		"person/hosni-mubarak met_with person/yasser-arafat reported loc= date=1996-08-31 role=",
	}},
	{"a negation outside the verb chain", "", "Rosati did not say whether the payment in 1970s was part of the 1949 agreement between Warsaw and Switzerland.", []string{
		"country/poland signed_agreement_with country/switzerland asserted loc= date= role=",
	}},
	{"a nationality is not a position", "", "Derbyshire's Australian captain Dean Jones is conceding nothing.", nil},
	{"a name inside a word names no party", "", "Moscow-backed leader Doku Zavgayev has warned of civil war.", nil},
	{"a headline's bare infinitive is a plan", "", "Arafat to meet Peres in Gaza after flight ban .", []string{
		"person/shimon-peres met_with person/yasser-arafat reported loc=place/gaza date= role=",
	}},
	{"coordinated modifiers name no party", "", "Specter had talks with Saudi and American officials in Dhahran.", nil},
	{"a name in a phrase is not the subject", "", "The King of Morocco met Peres on Thursday.", nil},
	{"a purpose clause has no subject of its own", "", "Kim flew to Moscow to meet Putin.", nil},
	{"a noun that a verb governs takes its subject", "", "Kim said Trump was seeking a meeting with Putin.", []string{
		"person/donald-trump met_with person/vladimir-putin reported loc= date= role=",
	}},
	{"cancelled his meeting", "", "Trump cancelled his meeting with Putin.", []string{
		"person/donald-trump met_with person/vladimir-putin negated loc= date= role=",
	}},
	{"began talks with", "", "Kim began talks with Putin in Moscow.", []string{
		"person/kim-jong-un met_with person/vladimir-putin asserted loc=country/russia date= role=",
	}},
	{"appositive with a demonym", "", "Sergei Lavrov, the Russian foreign minister, met Marco Rubio.", []string{
		"person/marco-rubio met_with person/sergei-lavrov asserted loc= date= role=",
		"person/sergei-lavrov holds_position country/russia asserted loc= date= role=foreign minister",
	}},
}

func TestConstructed(t *testing.T) {
	x := newX(t)
	for _, c := range constructedCases {
		t.Run(c.name, func(t *testing.T) {
			a := annotate(t, c.date, c.sentence)
			rels := x.Extract(a)
			checkInvariants(t, a, rels)
			var got []string
			for _, r := range rels {
				got = append(got, rel(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%s\ngot:\n  %s\nwant:\n  %s", c.sentence, strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

// TestFrameModality looks below the merge: in one sentence "originally set
// to meet" is reported while "are currently in a meeting" is asserted; the
// sentence's relation is asserted because a fact asserted anywhere in the
// sentence stands.
func TestFrameModality(t *testing.T) {
	x := newX(t)
	s := "Mr Trump and Mr Putin, who were originally set to meet one-on-one, are currently in a three-on-three meeting at a US military base after a last-minute change that reportedly had officials scrambling."
	a := annotate(t, "", s)
	got := map[string]string{}
	for _, c := range x.newView(a, 0).candidates() {
		if c.t.Predicate == "met_with" {
			got[c.frame] = c.modality
		}
	}
	want := map[string]string{"meet": kg.Reported, "meeting": kg.Asserted}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("modality by frame: got %v, want %v", got, want)
	}
}

// TestFrameExamples runs every example of the tables: each must give a
// relation of its predicate through its own frame. The examples are the
// tables' documentation; this keeps them true.
func TestFrameExamples(t *testing.T) {
	x := newX(t)
	n := 0
	for _, tb := range x.tables {
		for _, f := range tb.Frames {
			if len(f.Examples) == 0 {
				t.Errorf("%s/%s: no examples", tb.Predicate, f.Name)
			}
			for _, ex := range f.Examples {
				n++
				a := annotate(t, "", ex)
				ok := false
				for _, c := range x.newView(a, 0).candidates() {
					if c.t == tb && c.frame == f.Name && len(x.Extract(a)) > 0 {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s/%s: example %q gives nothing", tb.Predicate, f.Name, ex)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no examples")
	}
}

func TestEvidenceOffsets(t *testing.T) {
	x := newX(t)
	s1 := "The North’s move follows the landmark security agreement signed by Kim and Putin last year, pledging mutual support in the face of “aggression” — a deal that seems to be moving from paper promises to real-world consequences fast."
	s2 := "Norwegian Prime Minister Jonas Gahr Støre was not there."
	s3 := "Trump, Putin shake hands in Alaska"
	a := annotate(t, "", s1, s2, s3)
	rels := x.Extract(a)
	checkInvariants(t, a, rels)
	if len(rels) != 2 {
		t.Fatalf("got %d relations, want 2: %v", len(rels), rels)
	}
	want := []kg.Evidence{
		{Doc: "test.txt", Start: 0, End: len(s1), Sentence: s1},
		{Doc: "test.txt", Start: len(s1) + 1 + len(s2) + 1, End: len(a.Doc.Text), Sentence: s3},
	}
	for i, r := range rels {
		if !reflect.DeepEqual(r.Evidence, []kg.Evidence{want[i]}) {
			t.Errorf("relation %d evidence %+v, want %+v", i, r.Evidence, want[i])
		}
		if e := r.Evidence[0]; a.Doc.Text[e.Start:e.End] != e.Sentence {
			t.Errorf("evidence does not slice the text: %+v", e)
		}
	}
}

func TestDuplicatesSkipped(t *testing.T) {
	x := newX(t)
	s1 := "Trump, Putin shake hands in Alaska"
	s2 := "Moments before the presidential planes touched down, the White House confirmed Mr Trump would not meet Mr Putin alone."
	a := annotate(t, "", s1, s2, s1, s2)
	if !a.Sentences[2].Duplicate || !a.Sentences[3].Duplicate {
		t.Fatal("helper did not mark the repeats")
	}
	rels := x.Extract(a)
	checkInvariants(t, a, rels)
	if len(rels) != 2 {
		t.Fatalf("got %d relations, want 2 (one per distinct sentence): %v", len(rels), rels)
	}
	if rels[0].Evidence[0].Start != a.Sentences[0].Start || rels[1].Evidence[0].Start != a.Sentences[1].Start {
		t.Errorf("evidence should point at the first copies: %v", rels)
	}
	// Without the marks, the copies count.
	for i := range a.Sentences {
		a.Sentences[i].Duplicate = false
	}
	if n := len(x.Extract(a)); n != 4 {
		t.Errorf("unmarked copies: got %d relations, want 4", n)
	}
}

func TestDeterministicAndConcurrent(t *testing.T) {
	x := newX(t)
	var docs []*kg.Annotated
	for _, c := range newsCases {
		docs = append(docs, annotate(t, c.date, c.sentence))
	}
	want := make([][]kg.Relation, len(docs))
	for i, a := range docs {
		want[i] = x.Extract(a)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x2, _ := New()
			for i, a := range docs {
				if got := x2.Extract(a); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("doc %d: concurrent run differs", i)
				}
			}
		}()
	}
	wg.Wait()
}

func TestNilAndEmpty(t *testing.T) {
	x := newX(t)
	if r := x.Extract(nil); r != nil {
		t.Errorf("nil: %v", r)
	}
	if r := x.Extract(&kg.Annotated{Doc: &kg.Document{}}); r != nil {
		t.Errorf("empty: %v", r)
	}
	// A sentence whose offsets fall outside the text is skipped, not a panic.
	a := annotate(t, "", "Trump, Putin shake hands in Alaska")
	a.Sentences[0].End = len(a.Doc.Text) + 5
	if r := x.Extract(a); r != nil {
		t.Errorf("bad offsets: %v", r)
	}
}

func TestPredicates(t *testing.T) {
	x := newX(t)
	got := x.Predicates()
	want := []string{"met_with", "signed_agreement_with", "holds_position"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("predicates %v, want %v (the ontology's order)", got, want)
	}
	x2, _ := New()
	if x2 != x {
		t.Error("New should load the tables once")
	}
}

func TestTableErrors(t *testing.T) {
	modality := "negated: {clause: [not]}\nreported: {clause: [may]}\n"
	good := "predicate: met_with\nframes:\n  - name: meet\n    trigger: {lemmas: [meet], pos: verb}\n    subject: [left]\n    object: [direct]\n"
	cases := []struct {
		name  string
		files map[string]string
		err   string
	}{
		{"ok", map[string]string{"modality.yaml": modality, "met_with.yaml": good}, ""},
		{"no modality", map[string]string{"met_with.yaml": good}, "no modality.yaml"},
		{"unknown predicate", map[string]string{"modality.yaml": modality, "x.yaml": strings.Replace(good, "met_with", "dined_with", 1)}, "not in the ontology"},
		{"unknown field", map[string]string{"modality.yaml": modality, "x.yaml": good + "    colour: red\n"}, "colour"},
		{"unknown qualifier", map[string]string{"modality.yaml": modality, "x.yaml": "qualifiers: [mood]\n" + good}, "unknown qualifier"},
		{"bad pos", map[string]string{"modality.yaml": modality, "x.yaml": strings.Replace(good, "pos: verb", "pos: adverb", 1)}, "trigger pos"},
		{"bad subject", map[string]string{"modality.yaml": modality, "x.yaml": strings.Replace(good, "[left]", "[right]", 1)}, "subject strategy"},
		{"no trigger", map[string]string{"modality.yaml": modality, "x.yaml": strings.Replace(good, "lemmas: [meet], ", "", 1)}, "no lemmas"},
		{"reciprocal on a directed predicate", map[string]string{"modality.yaml": modality, "x.yaml": strings.Replace(good, "met_with", "praised", 1) + "    reciprocal: true\n"}, "symmetric"},
		{"no way to an object", map[string]string{"modality.yaml": modality, "x.yaml": strings.Replace(good, "    object: [direct]\n", "", 1)}, "can never relate"},
		{"title frame on a wrong predicate", map[string]string{"modality.yaml": modality, "x.yaml": "predicate: located_in\nroles: [mayor]\nframes:\n  - name: t\n    kind: title\n"}, "Person to Country or Organization"},
		{"duplicate predicate", map[string]string{"modality.yaml": modality, "a.yaml": good, "b.yaml": good}, "already defined"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, s := range c.files {
				fsys[n] = &fstest.MapFile{Data: []byte(s)}
			}
			_, err := NewFromFS(fsys)
			switch {
			case c.err == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Errorf("error %v, want one mentioning %q", err, c.err)
			}
		})
	}
}

func TestLemma(t *testing.T) {
	x := newX(t)
	cases := []struct{ word, tag, want string }{
		{"met", "VBD", "meet"},
		{"meets", "VBZ", "meet"},
		{"meeting", "NN", "meeting"},
		{"meeting", "VBG", "meet"},
		{"meetings", "NNS", "meeting"},
		{"talks", "NNS", "talk"},
		{"signed", "VBN", "sign"},
		{"welcomed", "VBD", "welcome"},
		{"welcomes", "VBZ", "welcome"},
		{"shared", "VBD", "share"},
		{"shook", "VBD", "shake"},
		{"hands", "NNS", "hand"},
		{"planned", "VBN", "plan"},
		{"denied", "VBD", "deny"},
		{"treaties", "NNS", "treaty"},
		{"n't", "RB", "not"},
		{"were", "VBD", "be"},
		{"Thursday", "NNP", "thursday"}, // unknown words stay as they are
	}
	for _, c := range cases {
		if got := x.lem.lemma(c.word, c.tag); got != c.want {
			t.Errorf("lemma(%q, %s) = %q, want %q", c.word, c.tag, got, c.want)
		}
	}
}
