package relation

import (
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

var (
	cacheWords = []string{"met", "Meeting", "meetings", "signed", "talks", "studies", "was", "leaves", "hopping", "US", "Trump"}
	cacheTags  = []string{"VBD", "VBG", "VB", "VBZ", "NN", "NNS", "NNP", "JJ", "IN", ""}
)

// TestLemmaCache checks that the shared cache gives what lemma gives, for
// every tag of a class, whichever tag of the class came first.
func TestLemmaCache(t *testing.T) {
	x := newX(t)
	l := &lemmatiser{vocab: x.lem.vocab}
	for round := 0; round < 2; round++ {
		for _, w := range cacheWords {
			for _, tag := range cacheTags {
				low, lem := l.cached(w, tag)
				if want := l.lemma(w, tag); lem != want {
					t.Errorf("cached(%q, %q) = %q, lemma gives %q", w, tag, lem, want)
				}
				if want := strings.ToLower(w); low != want {
					t.Errorf("cached(%q, %q) lower-cases to %q", w, tag, low)
				}
			}
		}
	}
}

// TestLemmaWords checks words, from a cold cache, then a warm one.
func TestLemmaWords(t *testing.T) {
	x := newX(t)
	l := &lemmatiser{vocab: x.lem.vocab}
	var toks []kg.Token
	for i, w := range cacheWords {
		for _, tag := range cacheTags {
			toks = append(toks, kg.Token{Start: i, End: i + len(w), Text: w, Tag: tag})
		}
	}
	for pass := 0; pass < 2; pass++ {
		out := make([]word, len(toks))
		l.words(toks, out)
		for i, tk := range toks {
			if out[i].Token != tk || out[i].low != strings.ToLower(tk.Text) || out[i].lem != l.lemma(tk.Text, tk.Tag) {
				t.Errorf("pass %d: words gives %+v for %+v", pass, out[i], tk)
			}
		}
	}
}
