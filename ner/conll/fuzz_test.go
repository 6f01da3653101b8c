package conll

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzRead feeds arbitrary bytes to Read. A file it accepts must come back
// from Write (each token's gold tag as the predicted column) with the same
// documents, sentences, words and tags, and its tags must keep their
// chunks when rewritten as IOB1 or IOB2.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n. . O O\n\n",
		"Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\nBRUSSELS NNP I-NP I-LOC\n1996-08-22 CD I-NP O\n",
		"a\tDT\tB-NP\tO\r\nb\tNN\tI-NP\tB-LOC\r\n\r\n",
		"x I-A\ny B-A\nz I-A-B\n\n\n-DOCSTART-\n",
		"word\n",
		"bad X-TAG\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		err = Write(&buf, docs, func(d, s, i int) string { return docs[d].Sentences[s][i].NER })
		if err != nil {
			t.Fatal(err)
		}
		back, err := Read(&buf)
		if err != nil {
			t.Fatalf("Write's output does not read back: %v\n%q", err, buf.Bytes())
		}
		if len(back) != len(docs) {
			t.Fatalf("%d documents read back, want %d\n%q", len(back), len(docs), buf.Bytes())
		}
		for i := range docs {
			if !reflect.DeepEqual(back[i].Words(), docs[i].Words()) || !reflect.DeepEqual(back[i].Tags(), docs[i].Tags()) {
				t.Fatalf("document %d changed on the round trip:\n%q\n%q", i, docs[i].Words(), back[i].Words())
			}
			for _, tags := range docs[i].Tags() {
				want := Chunks(tags)
				if got := Chunks(ToIOB1(tags)); !reflect.DeepEqual(got, want) {
					t.Fatalf("ToIOB1(%q) chunks %v, want %v", tags, got, want)
				}
				if got := Chunks(ToIOB2(tags)); !reflect.DeepEqual(got, want) {
					t.Fatalf("ToIOB2(%q) chunks %v, want %v", tags, got, want)
				}
			}
			_ = Text(&docs[i])
		}
		s := Evaluate(docs, func() [][][]string {
			out := make([][][]string, len(docs))
			for i := range docs {
				out[i] = docs[i].Tags()
			}
			return out
		}())
		if s.Overall.Correct != s.Overall.Gold || s.Overall.Found != s.Overall.Gold || s.CorrectTags != s.Tokens {
			t.Fatalf("gold scored against itself: %+v", s.Overall)
		}
	})
}
