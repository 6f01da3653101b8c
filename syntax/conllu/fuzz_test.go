package conllu

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// FuzzRead feeds arbitrary bytes to ReadAll. An error must be an *Error
// naming the input and a line; what reads must be written back (WriteAll)
// to text that reads as the same sentences and writes as the same bytes,
// and every word's HEAD must be in range.
func FuzzRead(f *testing.F) {
	// Sentences written here in the format (not from a treebank).
	for _, s := range []string{
		"# sent_id = x-1\n# text = Kim met Putin.\n1\tKim\tKim\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_\n" +
			"2\tmet\tmeet\tVERB\tVBD\tMood=Ind|Tense=Past\t0\troot\t_\t_\n3\tPutin\tPutin\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No\n" +
			"4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
		"1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n" +
			"3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n3.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t3:conj\t_\n",
		"1\ta\t_\t_\t_\t_\t5\t_\t_\t_\n\n",
		"\n", "# only a comment\n", "1\tx\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sents, err := ReadAll(bytes.NewReader(data), "fuzz.conllu")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Name != "fuzz.conllu" || e.Line < 1 {
				t.Fatalf("error %v (%T) names no line of the input", err, err)
			}
			return
		}
		for _, s := range sents {
			words := len(s.Words())
			for _, i := range s.Words() {
				if h, err := s.Tokens[i].HeadOf(); err != nil || h > words {
					t.Fatalf("word %s: HEAD %d of %d words, %v", s.Tokens[i].Fields[ID], h, words, err)
				}
			}
		}
		var out bytes.Buffer
		if err := WriteAll(&out, sents); err != nil {
			t.Fatalf("what was read does not write: %v", err)
		}
		back, err := ReadAll(bytes.NewReader(out.Bytes()), "out")
		if err != nil {
			t.Fatalf("what was written does not read: %v\n%q", err, out.Bytes())
		}
		if !reflect.DeepEqual(back, sents) && !(len(back) == 0 && len(sents) == 0) {
			t.Fatalf("the sentences changed on the round trip:\n%q", out.Bytes())
		}
		var again bytes.Buffer
		if err := WriteAll(&again, back); err != nil || !bytes.Equal(again.Bytes(), out.Bytes()) {
			t.Fatalf("written twice, different bytes: %v\n%q\n%q", err, out.Bytes(), again.Bytes())
		}
	})
}
