package conll

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/ner/conll/conlltest"
)

func TestChunks(t *testing.T) {
	tests := []struct {
		tags string
		want []Chunk
	}{
		{"O O O", nil},
		{"I-PER I-PER O", []Chunk{{0, 2, "PER"}}},
		// IOB1: B-X only where a chunk follows one of the same type.
		{"I-PER B-PER O", []Chunk{{0, 1, "PER"}, {1, 2, "PER"}}},
		{"I-PER I-LOC", []Chunk{{0, 1, "PER"}, {1, 2, "LOC"}}},
		// IOB2.
		{"B-ORG I-ORG B-ORG", []Chunk{{0, 2, "ORG"}, {2, 3, "ORG"}}},
		// I-X after O starts a chunk; I-X after another type too.
		{"O I-MISC O I-LOC I-LOC", []Chunk{{1, 2, "MISC"}, {3, 5, "LOC"}}},
		{"B-LOC I-ORG I-ORG", []Chunk{{0, 1, "LOC"}, {1, 3, "ORG"}}},
		// IOBES.
		{"S-PER B-LOC E-LOC S-LOC", []Chunk{{0, 1, "PER"}, {1, 3, "LOC"}, {3, 4, "LOC"}}},
		{"I-PER", []Chunk{{0, 1, "PER"}}},
	}
	for _, tc := range tests {
		got := Chunks(strings.Fields(tc.tags))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Chunks(%s) = %v, want %v", tc.tags, got, tc.want)
		}
	}
}

func TestScoreHandChecked(t *testing.T) {
	var s Score
	// gold: PER[0,2) LOC[3,4) ORG[5,7)
	// pred: PER[0,2) (right), LOC[3,5) (wrong end), ORG[6,7) (wrong start), MISC[8,9) (spurious)
	s.Add(strings.Fields("I-PER I-PER O I-LOC O I-ORG I-ORG O O"),
		strings.Fields("B-PER I-PER O B-LOC I-LOC B-ORG B-ORG O I-MISC"))
	// gold ORG[0,1) ORG[1,2) (B- splits them); pred one ORG[0,2): wrong.
	s.Add(strings.Fields("I-ORG B-ORG"), strings.Fields("I-ORG I-ORG"))
	if s.Overall != (Counts{Gold: 5, Found: 6, Correct: 1}) {
		t.Fatalf("overall %+v", s.Overall)
	}
	want := map[string]Counts{
		"PER":  {1, 1, 1},
		"LOC":  {1, 1, 0},
		"ORG":  {3, 3, 0},
		"MISC": {0, 1, 0},
	}
	for typ, c := range want {
		if got := s.Type(typ); got != c {
			t.Errorf("%s: %+v, want %+v", typ, got, c)
		}
	}
	if p, r, f := s.Overall.Precision(), s.Overall.Recall(), s.Overall.F1(); !near(p, 100.0/6) || !near(r, 20) || !near(f, 2*p*r/(p+r)) {
		t.Errorf("P %v R %v F %v", p, r, f)
	}
	// Tags equal at positions 1, 2 and 7 of the first sentence and 0 of
	// the second.
	if s.Tokens != 11 || s.CorrectTags != 4 {
		t.Errorf("tokens %d correct %d, want 11 4", s.Tokens, s.CorrectTags)
	}
	var b bytes.Buffer
	s.Report(&b)
	if !strings.Contains(b.String(), "found: 6 phrases; correct: 1.") {
		t.Errorf("report:\n%s", b.String())
	}
}

func near(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 }

func TestIOBConversion(t *testing.T) {
	in := strings.Fields("B-PER I-PER B-PER B-LOC O B-ORG I-ORG")
	if got, want := strings.Join(ToIOB1(in), " "), "I-PER I-PER B-PER I-LOC O I-ORG I-ORG"; got != want {
		t.Errorf("ToIOB1 = %s, want %s", got, want)
	}
	if got, want := strings.Join(ToIOB2(ToIOB1(in)), " "), strings.Join(in, " "); got != want {
		t.Errorf("ToIOB2(ToIOB1) = %s, want %s", got, want)
	}
}

const sample = `-DOCSTART- -X- -X- O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- -X- O

BRUSSELS NNP I-NP I-LOC
`

func TestReadWrite(t *testing.T) {
	docs, err := Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Sentences) != 2 || len(docs[1].Sentences) != 1 || docs[0].Tokens() != 7 {
		t.Fatalf("read %+v", docs)
	}
	tok := docs[0].Sentences[0][2]
	if tok != (Token{Text: "German", POS: "JJ", Chunk: "I-NP", NER: "I-MISC", Line: "German JJ I-NP I-MISC"}) {
		t.Errorf("token %+v", tok)
	}
	var b bytes.Buffer
	err = Write(&b, docs, func(d, s, i int) string { return docs[d].Sentences[s][i].NER })
	if err != nil {
		t.Fatal(err)
	}
	want := `-DOCSTART- -X- -X- O O

EU NNP I-NP I-ORG I-ORG
rejects VBZ I-VP O O
German JJ I-NP I-MISC I-MISC
call NN I-NP O O
. . O O O

Peter NNP I-NP I-PER I-PER
Blackburn NNP I-NP I-PER I-PER

-DOCSTART- -X- -X- O O

BRUSSELS NNP I-NP I-LOC I-LOC

`
	if b.String() != want {
		t.Errorf("Write:\n%s\nwant:\n%s", b.String(), want)
	}
	// The written file reads back with the prediction as its last column.
	back, err := Read(&b)
	if err != nil || !reflect.DeepEqual(back[0].Tags(), docs[0].Tags()) {
		t.Errorf("read back %v %v", back, err)
	}
	if _, err := Read(strings.NewReader("x NN I-NP X-PER\n")); err == nil {
		t.Error("bad tag accepted")
	}
}

// TestGoldAgainstItself reads the CoNLL-2003 test split, checks the
// README's entity counts, and checks that the gold column scores 100.
func TestGoldAgainstItself(t *testing.T) {
	f, err := os.Open(conlltest.Path(t, "test.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	var s Score
	sents, toks := 0, 0
	for _, d := range docs {
		for _, tags := range d.Tags() {
			s.Add(tags, tags)
			sents++
			toks += len(tags)
		}
	}
	if len(docs) != 231 || sents != 3453 || toks != 46435 {
		t.Errorf("documents %d sentences %d tokens %d, want 231 3453 46435", len(docs), sents, toks)
	}
	want := map[string]int{"LOC": 1668, "MISC": 702, "ORG": 1661, "PER": 1617}
	for typ, n := range want {
		if c := s.Type(typ); c.Gold != n || c.Found != n || c.Correct != n {
			t.Errorf("%s: %+v, want %d", typ, c, n)
		}
	}
	if s.Overall.Gold != 5648 || s.Overall.F1() != 100 || s.Accuracy() != 100 {
		t.Errorf("overall %+v F1 %v", s.Overall, s.Overall.F1())
	}
}

func TestText(t *testing.T) {
	docs, err := Read(strings.NewReader(`-DOCSTART- -X- O O

He NN O O
said VBD O O
" " O O
we PRP O O
do VBP O O
n't RB O O
( ( O O
yet RB O O
) ) O O
" " O O
, , O O
Clinton NNP O I-PER
's POS O O
$ $ O O
5 CD O O
rise NN O O
. . O O

Next JJ O O
line NN O O
`))
	if err != nil {
		t.Fatal(err)
	}
	want := "He said \"we don't (yet)\", Clinton's $5 rise.\nNext line\n"
	if got := Text(&docs[0]); got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestTagAllEvaluate(t *testing.T) {
	docs, err := Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	// A tagger that calls every token O but the first of each sentence LOC.
	pred, err := TagAll(docs, func(s [][]string) ([][]string, error) {
		out := make([][]string, len(s))
		for i, w := range s {
			out[i] = make([]string, len(w))
			for j := range w {
				out[i][j] = "O"
			}
			out[i][0] = "I-LOC"
		}
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sc := Evaluate(docs, pred)
	// Gold: ORG EU, MISC German, PER Peter Blackburn, LOC BRUSSELS; found:
	// LOC EU, LOC Peter, LOC BRUSSELS; right: BRUSSELS.
	if sc.Overall != (Counts{Gold: 4, Found: 3, Correct: 1}) {
		t.Errorf("overall %+v", sc.Overall)
	}
}
