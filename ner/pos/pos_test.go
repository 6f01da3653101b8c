package pos

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/ner/conll"
	"github.com/entigraph/entigraph/ner/conll/conlltest"
)

func load(t testing.TB) *Tagger {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestTag(t *testing.T) {
	tg := load(t)
	words := strings.Fields("They can open a can of beans in Moscow on Friday .")
	got := strings.Join(tg.Tag(words), " ")
	// The repeated "can" gets a tag of its own each time (prose's shared
	// tokens tag both MD).
	if want := "PRP MD VB DT NN IN NNS IN NNP IN NNP ."; got != want {
		t.Errorf("tags %s, want %s", got, want)
	}
	if len(tg.Tag(nil)) != 0 {
		t.Error("empty sentence")
	}
}

// TestTagIntoWords checks tagging into the words' own slice, as ner does.
func TestTagIntoWords(t *testing.T) {
	tg := load(t)
	words := strings.Fields("They can open a can of beans in Moscow on Friday .")
	want := tg.Tag(words)
	got := tg.TagInto(words, words)
	if !slices.Equal(got, want) || &got[0] != &words[0] {
		t.Errorf("tags %v, want %v in the words' slice", got, want)
	}
}

func TestNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race")
	}
	tg := load(t)
	words := strings.Fields("U.S. President Bill Clinton met Russian President Boris Yeltsin in Moscow on Friday .")
	dst := tg.TagInto(nil, words)
	if a := testing.AllocsPerRun(50, func() { dst = tg.TagInto(dst, words) }); a > 0 {
		t.Errorf("%v allocations per sentence", a)
	}
}

func TestEncodeDecode(t *testing.T) {
	tg := load(t)
	var b bytes.Buffer
	if err := tg.Encode(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), embedded) {
		t.Errorf("re-encoded tagger differs from the embedded one (%d bytes, want %d)", b.Len(), len(embedded))
	}
	if _, err := Decode([]byte("junk")); err == nil {
		t.Error("junk decoded")
	}
}

func readSentences(t testing.TB, name string, docs int) []Sentence {
	f, err := os.Open(conlltest.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := conll.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if docs > 0 && docs < len(d) {
		d = d[:docs]
	}
	var out []Sentence
	for _, doc := range d {
		w, p := doc.Words(), doc.POS()
		for i := range w {
			out = append(out, Sentence{w[i], p[i]})
		}
	}
	return out
}

func TestTrainDeterministic(t *testing.T) {
	train, dev := readSentences(t, "train.txt", 30), readSentences(t, "dev.txt", 5)
	var enc [2][]byte
	for i := range enc {
		tg, err := Train(train, dev, TrainOptions{Seed: 3, MaxEpochs: 3})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		tg.Encode(&b)
		enc[i] = b.Bytes()
	}
	if !bytes.Equal(enc[0], enc[1]) {
		t.Error("two trainings with the same seed differ")
	}
}

// TestAccuracy checks the committed tagger on the POS column of the
// CoNLL-2003 dev split (95.10% when trained on CoNLL-2003 and EWT; the
// column was itself made by a tagger). The test split is kept for the NER
// figure alone.
func TestAccuracy(t *testing.T) {
	acc := load(t).Accuracy(readSentences(t, "dev.txt", 0))
	t.Logf("dev.txt POS accuracy %.2f%%", acc)
	if acc < 95.0 {
		t.Errorf("accuracy %.2f%%, want at least 95.0%%", acc)
	}
}

// BenchmarkTag tags the CoNLL-2003 dev split per iteration.
func BenchmarkTag(b *testing.B) {
	sents := readSentences(b, "dev.txt", 0)
	tg := load(b)
	n := 0
	for _, s := range sents {
		n += len(s.Words)
	}
	var dst []string
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			dst = tg.TagInto(dst, s.Words)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
