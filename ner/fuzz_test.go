package ner

import (
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// FuzzAnnotate checks that any text annotates without error, with either
// tagger, with every offset matching the text and every token tagged.
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
	model, prose := annotator(f), proseAnnotator(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, a := range []*stages{model, prose} {
			ann, err := a.Annotate(&kg.Document{ID: "fuzz", Text: text})
			if err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, ann)
			for _, tk := range ann.Tokens {
				if tk.Tag == "" {
					t.Fatalf("%T: token %q untagged", a.tag, tk.Text)
				}
			}
		}
	})
}
