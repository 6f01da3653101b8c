package ner

import (
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// FuzzAnnotate checks that any text annotates without error and with every
// offset matching the text.
func FuzzAnnotate(f *testing.F) {
	for _, s := range []string{
		"US President Donald Trump met Kim Jong Un's envoy in Pyongyang.",
		"“Quoted,” said Mr. Smith — it’s &rsquo; 'Spider's Web' (Reuters) - U.S.-led.",
		"A\n\nB\nc d. E. F\n",
		"can can can the the the saw saw",
		"\xff\xfe invalid \xc3 bytes Kim.",
	} {
		f.Add(s)
	}
	a := annotator(f)
	f.Fuzz(func(t *testing.T, text string) {
		ann, err := a.Annotate(&kg.Document{ID: "fuzz", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, ann)
	})
}
