package parse

import (
	"fmt"
	"strings"

	"github.com/entigraph/entigraph/syntax/conllu"
)

// Score counts the words of an evaluation and those whose head (UAS) and
// head and label (LAS) were right. Punctuation counts, as in the CoNLL
// 2018 shared task, and so do label subtypes (nsubj:pass is not nsubj).
type Score struct {
	Words, Heads, Labelled int
}

// UAS returns the unlabelled attachment score, in percent.
func (s Score) UAS() float64 { return pct(s.Heads, s.Words) }

// LAS returns the labelled attachment score, in percent.
func (s Score) LAS() float64 { return pct(s.Labelled, s.Words) }

func (s Score) String() string {
	return fmt.Sprintf("words %d  UAS %.2f  LAS %.2f", s.Words, s.UAS(), s.LAS())
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Add counts one sentence's parse against its gold tree.
func (s *Score) Add(goldHeads []int, goldLabels []string, heads []int, labels []string) {
	for i, h := range goldHeads {
		s.Words++
		if heads[i] == h {
			s.Heads++
			if labels[i] == goldLabels[i] {
				s.Labelled++
			}
		}
	}
}

// Evaluate parses sents (with their Tags) and scores the parses against
// their gold trees.
func (p *Parser) Evaluate(sents []Sentence) Score {
	var sc Score
	var heads []int
	var labels []string
	for _, s := range sents {
		heads, labels = resize(heads, len(s.Words)), resize(labels, len(s.Words))
		if err := p.Parse(s.Words, s.Tags, heads, labels); err != nil {
			panic(err) // lengths are equal by construction
		}
		sc.Add(s.Heads, s.Labels, heads, labels)
	}
	return sc
}

func resize[T any](a []T, n int) []T {
	if cap(a) < n {
		return make([]T, n)
	}
	return a[:n]
}

// Tagger gives Penn Treebank tags to one sentence's words, writing them
// into dst (reused when its capacity allows): ner/pos's Tagger is one.
type Tagger interface {
	TagInto(dst, words []string) []string
}

// FromCoNLLU returns the words and gold tree of each sentence of a
// CoNLL-U file (word lines only: multiword-token ranges and empty nodes
// are left out), its Tags given by tagger from the words alone. A word
// without a head or label is an error naming the sentence.
func FromCoNLLU(sents []*conllu.Sentence, tagger Tagger) ([]Sentence, error) {
	out := make([]Sentence, 0, len(sents))
	for si, cs := range sents {
		idx := cs.Words()
		s := Sentence{Words: make([]string, len(idx)), Heads: make([]int, len(idx)), Labels: make([]string, len(idx))}
		for i, j := range idx {
			t := &cs.Tokens[j]
			s.Words[i] = t.Fields[conllu.Form]
			h, err := t.HeadOf()
			if err == nil && h < 0 {
				err = fmt.Errorf("no HEAD")
			}
			if err == nil && t.Fields[conllu.Deprel] == "_" {
				err = fmt.Errorf("no DEPREL")
			}
			if err != nil {
				return nil, fmt.Errorf("sentence %d%s, word %d: %w", si+1, sentID(cs), i+1, err)
			}
			s.Heads[i], s.Labels[i] = h, t.Fields[conllu.Deprel]
		}
		s.Tags = tagger.TagInto(nil, s.Words)
		out = append(out, s)
	}
	return out, nil
}

func sentID(s *conllu.Sentence) string {
	for _, c := range s.Comments {
		if id, ok := strings.CutPrefix(c, "# sent_id = "); ok {
			return " (" + id + ")"
		}
	}
	return ""
}

// Annotate re-parses each sentence on its own words: it tags the FORM of
// its word lines with tagger and parses them, and writes UPOS, XPOS, HEAD
// and DEPREL of every word line. It reads no other column, so gold values
// there are neither used nor kept; ranges, empty nodes, comments and the
// other columns pass through unchanged.
func (p *Parser) Annotate(sents []*conllu.Sentence, tagger Tagger) error {
	var words, tags, labels []string
	var heads []int
	for _, cs := range sents {
		idx := cs.Words()
		words = resize(words, len(idx))
		for i, j := range idx {
			words[i] = cs.Tokens[j].Fields[conllu.Form]
		}
		tags = tagger.TagInto(tags, words)
		heads, labels = resize(heads, len(idx)), resize(labels, len(idx))
		if err := p.Parse(words, tags, heads, labels); err != nil {
			return err
		}
		for i, j := range idx {
			f := &cs.Tokens[j].Fields
			f[conllu.XPOS] = tags[i]
			f[conllu.Head] = fmt.Sprint(heads[i])
			f[conllu.Deprel] = labels[i]
			f[conllu.UPOS] = UPOS(words[i], tags[i], labels[i])
		}
	}
	return nil
}
