package coref

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/entigraph/entigraph/internal/corpustest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
)

var (
	annOnce sync.Once
	ann     []ner.Tagger // the pipeline's tokens, tags and mentions stages
	annErr  error
)

// annotate runs the pipeline's stages up to the mentions over text.
func annotate(t testing.TB, text string) *kg.Annotated {
	t.Helper()
	annOnce.Do(func() { ann, annErr = nerStages() })
	if annErr != nil {
		t.Fatal(annErr)
	}
	a := &kg.Annotated{Doc: &kg.Document{ID: "test", Text: text}}
	for _, st := range ann {
		if err := st.Annotate(a); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// nerStages returns the tokens, tags and mentions stages (pipeline's
// defaults; the pipeline itself is not imported, so that it can run coref).
func nerStages() ([]ner.Tagger, error) {
	tok, err := ner.NewTokenizer()
	if err != nil {
		return nil, err
	}
	tag, err := ner.NewModelTagger()
	if err != nil {
		return nil, err
	}
	men, err := ner.New()
	if err != nil {
		return nil, err
	}
	return []ner.Tagger{tok, tag, men}, nil
}

// show renders links as `"text"->id+id` in text order.
func show(ls []Link) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = fmt.Sprintf("%q->%s", l.Text, strings.Join(l.Entities, "+"))
	}
	return out
}

func TestResolve(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"two men: the subject of the last sentence",
			"Israeli Prime Minister Benjamin Netanyahu met Palestinian President Yasser Arafat in Gaza on Wednesday. He said the talks were useful. The two leaders agreed to meet again.",
			[]string{`"He"->person/benjamin-netanyahu`, `"The two leaders"->person/benjamin-netanyahu+person/yasser-arafat`}},
		{"the subject of a relative clause is not the topic",
			"Russian Prime Minister Viktor Chernomyrdin said on Friday that security chief Alexander Lebed had a plan for Chechnya. Lebed, whom President Boris Yeltsin ordered to restore peace, struck a deal with the rebels. He later met rebel chief-of-staff Aslan Maskhadov.",
			[]string{`"He"->person/alexander-lebed`}},
		{"it: the company, then the country",
			"Toyota Motor Corp said on Monday it would build a plant in France. The company said France had offered it tax breaks. France said it welcomed the plan.",
			[]string{`"it"->organization/toyota-motor-corp`, `"The company"->organization/toyota-motor-corp`,
				`"it"->organization/toyota-motor-corp`, `"it"->country/france`}},
		{"cataphora is not resolved",
			"Before he left for Paris, French President Jacques Chirac met the cabinet.",
			nil},
		{"a quoted pronoun is not the speaker",
			"Israeli Prime Minister Benjamin Netanyahu met Palestinian President Yasser Arafat on Sunday. \"He is not a partner,\" Netanyahu said on Monday.",
			[]string{`"He"->person/yasser-arafat`}},
		{"the speaker is not named inside the quotation",
			"Turkish Foreign Minister Tansu Ciller will visit Jordan on her first trip abroad, Foreign Ministry spokesman Omer Akbel said. \"The visit will take place at the invitation of Jordanian Prime Minister Abdul-Karim al-Kabariti,\" he told reporters.",
			[]string{`"her"->person/tansu-ciller`, `"he"->person/omer-akbel`}},
		{"pleonastic it; the prime minister",
			"Israeli Prime Minister Benjamin Netanyahu will visit Cairo. It is unclear whether the prime minister will meet the Egyptian leader.",
			[]string{`"the prime minister"->person/benjamin-netanyahu`}},
		{"she by the given name",
			"U.S. Secretary of State Madeleine Albright met Foreign Minister Warren Christopher in Washington on Monday. She said the talks had been useful.",
			[]string{`"She"->person/madeleine-albright`}},
		{"the ministry, the minister",
			"Japan's Foreign Ministry said on Tuesday that the talks would resume. The ministry added that Foreign Minister Yukihiko Ikeda would attend. The minister said he hoped for progress.",
			[]string{`"The ministry"->organization/foreign-ministry`, `"The minister"->person/yukihiko-ikeda`, `"he"->person/yukihiko-ikeda`}},
		{"the Jewish state",
			"Syria accused Israel of blocking the peace process. Damascus radio said the Jewish state wanted war.",
			[]string{`"the Jewish state"->country/israel`}},
		{"the kingdom; they with no pair",
			"Saudi Arabia expelled two diplomats on Sunday. The kingdom said they had spied.",
			[]string{`"The kingdom"->country/saudi-arabia`}},
		{"both, they: a pair written X and Y",
			"U.S. President Bill Clinton and Russian President Boris Yeltsin met in Moscow. Both said the meeting had gone well. They will meet again in June.",
			[]string{`"Both"->person/bill-clinton+person/boris-yeltsin`, `"They"->person/bill-clinton+person/boris-yeltsin`}},
		{"the central bank is not any bank",
			"Cooperative Bank of Taiwan cut its prime rate on Tuesday. The move followed the central bank's cut in reserve requirements. The bank said deposits were rising.",
			[]string{`"its"->organization/cooperative-bank-of-taiwan`, `"The bank"->organization/cooperative-bank-of-taiwan`}},
		{"the agency",
			"The Russian news agency Interfax said on Friday the rebels had withdrawn. The agency quoted a commander as saying the truce was holding.",
			[]string{`"The agency"->organization/interfax`}},
		{"a former prime minister is not the prime minister",
			"Former prime minister Khaleda Zia criticised Prime Minister Hasina Wajed on Sunday. The prime minister rejected the charge.",
			[]string{`"The prime minister"->person/hasina-wajed`}},
		{"an unnamed subject takes the pronoun",
			"Toyota Motor Corp opened a plant in Wales. A spokesman for the union said it was too small.",
			nil},
		{"she: an unknown given name does not decide between two people",
			"Pakistani opposition leader Nawaz Sharif accused Prime Minister Benazir Bhutto of corruption, charges she has denied.",
			nil},
		{"she: a known female name does",
			"Opposition leader Nawaz Sharif accused Prime Minister Margaret Thatcher of corruption, charges she has denied.",
			[]string{`"she"->person/margaret-thatcher`}},
		{"a quoted it is about the quotation",
			"Toyota Motor Corp reported higher profits on Monday. \"It's just sitting there,\" a Tokyo trader said of the share price.",
			nil},
		{"an object pronoun is not its clause's subject",
			"Russian President Boris Yeltsin met security chief Alexander Lebed on Friday. Yeltsin praised him.",
			[]string{`"him"->person/alexander-lebed`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := annotate(t, c.text)
			got := show(Resolve(a))
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("links\n got: %q\nwant: %q", got, c.want)
			}
			for _, l := range Resolve(a) {
				if a.Doc.Text[l.Start:l.End] != l.Text || l.Sentence < 0 || l.Sentence >= len(a.Sentences) {
					t.Errorf("link %q at [%d,%d) sentence %d does not match the text", l.Text, l.Start, l.End, l.Sentence)
				}
			}
		})
	}
}

// TestRoleHook: a RoleFunc replaces the tag heuristics. With every mention
// an Object, the subject preference is gone and the more recent man wins.
func TestRoleHook(t *testing.T) {
	a := annotate(t, "Israeli Prime Minister Benjamin Netanyahu met Palestinian President Yasser Arafat in Gaza on Wednesday. He said the talks were useful.")
	calls := 0
	r := New(Options{Role: func(*kg.Annotated, int, int, int) Role { calls++; return Object }})
	got := show(r.Resolve(a))
	want := []string{`"He"->person/yasser-arafat`}
	if strings.Join(got, " ") != strings.Join(want, " ") || calls == 0 {
		t.Errorf("got %q (%d calls), want %q", got, calls, want)
	}
}

func TestResolveEmpty(t *testing.T) {
	if got := Resolve(nil); got != nil {
		t.Errorf("Resolve(nil) = %v", got)
	}
	if got := Resolve(&kg.Annotated{Doc: &kg.Document{}}); got != nil {
		t.Errorf("Resolve(empty) = %v", got)
	}
}

func TestGivenNames(t *testing.T) {
	for name, want := range map[string]gender{"madeleine": female, "boris": male, "benjamin": male, "diana": female} {
		if got := givenNames[name]; got != want {
			t.Errorf("givenNames[%q] = %v, want %v", name, got, want)
		}
	}
	// Names given to both sexes stay unknown.
	for _, name := range []string{"kim", "jean", "ali"} {
		if g, ok := givenNames[name]; ok {
			t.Errorf("givenNames[%q] = %v, want absent", name, g)
		}
	}
}

func BenchmarkResolve(b *testing.B) {
	var docs []*kg.Annotated
	toks := 0
	for _, d := range corpustest.Docs(b, "../testdata/news") {
		a := annotate(b, d.Text)
		docs = append(docs, a)
		toks += len(a.Tokens)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, a := range docs {
			Resolve(a)
		}
	}
	b.ReportMetric(float64(toks*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// TestMayLink checks that MayLink holds at the first token of every link
// Resolve makes on the seed articles (what a stage that skips the other
// sentences relies on), and that it is false for words no anaphor begins
// with.
func TestMayLink(t *testing.T) {
	links := 0
	for _, d := range corpustest.Docs(t, "../testdata/news") {
		a := annotate(t, d.Text)
		for _, l := range Resolve(a) {
			links++
			s := a.Sentences[l.Sentence]
			first := -1
			for k := s.TokStart; k < s.TokEnd; k++ {
				if a.Tokens[k].Start == l.Start {
					first = k
				}
			}
			if first < 0 || !MayLink(a.Tokens, first, s.TokEnd) {
				t.Errorf("%s: link %q (token %d): MayLink false", d.ID, l.Text, first)
			}
		}
	}
	if links < 50 {
		t.Fatalf("only %d links on the seeds", links)
	}
	toks := func(ws ...string) []kg.Token {
		out := make([]kg.Token, len(ws))
		for i, w := range ws {
			out[i] = kg.Token{Text: w}
		}
		return out
	}
	for _, c := range []struct {
		words []string
		i     int
		want  bool
	}{
		{[]string{"He", "said"}, 0, true},
		{[]string{"said", "both"}, 1, true},
		{[]string{"The", "Israeli", "prime", "minister", "said"}, 0, true},
		{[]string{"the", "two", "leaders"}, 0, true},
		{[]string{"The", "talks", "ended"}, 0, false},
		{[]string{"the", "a", "b", "c", "d", "e", "president"}, 0, false}, // head too far
		{[]string{"The", "president"}, 1, false},
		{[]string{"I", "said"}, 0, false},
	} {
		if got := MayLink(toks(c.words...), c.i, len(c.words)); got != c.want {
			t.Errorf("MayLink(%q, %d) = %v, want %v", c.words, c.i, got, c.want)
		}
	}
}
