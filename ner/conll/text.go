package conll

import (
	"fmt"
	"os"
	"strings"
)

// Tagger tags one document: sentences of tokens in, one tag per token out
// (IOB1, IOB2 or IOBES; Write and Score read any of them).
type Tagger func(sents [][]string) ([][]string, error)

// TagAll runs tag over every document and returns the tags per document,
// sentence and token.
func TagAll(docs []Document, tag Tagger) ([][][]string, error) {
	out := make([][][]string, len(docs))
	for i := range docs {
		t, err := tag(docs[i].Words())
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

// Evaluate scores predicted tags (as TagAll returns them) against the gold
// column.
func Evaluate(docs []Document, pred [][][]string) *Score {
	var s Score
	for i := range docs {
		for j, sent := range docs[i].Sentences {
			gold := make([]string, len(sent))
			for k, t := range sent {
				gold[k] = t.NER
			}
			s.Add(gold, pred[i][j])
		}
	}
	return &s
}

// Text returns a document as plain text: one sentence a line, tokens
// joined by spaces except before closing punctuation and clitics ("," "."
// ")" "'s" "n't") and after opening brackets; straight double quotes
// alternate between opening and closing.
func Text(d *Document) string {
	var b strings.Builder
	for _, s := range d.Sentences {
		quoteOpen := false
		glue := true // no space before the next token
		for _, t := range s {
			w := t.Text
			closing := false
			switch w {
			case ",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'", "'re", "'ve", "'ll", "'d", "'m":
				closing = true
			case "\"":
				closing = quoteOpen
			}
			if !glue && !closing {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			glue = false
			switch w {
			case "(", "[", "{", "$", "`", "``":
				glue = true
			case "\"":
				if !quoteOpen {
					glue = true
				}
				quoteOpen = !quoteOpen
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Texts returns the text (Text) of each document that has a sentence, in
// file order: the documents `entigraph ner corpus` writes as NNNN.txt, the
// i-th of them numbered i.
func Texts(docs []Document) []string {
	var out []string
	for i := range docs {
		if len(docs[i].Sentences) > 0 {
			out = append(out, Text(&docs[i]))
		}
	}
	return out
}

// ReadTexts reads a CoNLL file and returns the text of each of its
// documents that has a sentence (Texts): the documents `entigraph ner
// corpus` writes. An error names the file.
func ReadTexts(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	docs, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Texts(docs), nil
}
