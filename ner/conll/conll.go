// Package conll reads and writes CoNLL-2003 column files and scores tagged
// files with the semantics of the shared task's conlleval script.
//
// A CoNLL-2003 file holds one token a line, "TOKEN POS CHUNK NER", separated
// by single spaces; a blank line ends a sentence and a line starting with
// -DOCSTART- begins a document. The NER column uses IOB1: I-X marks a token
// inside an entity of type X, and B-X appears only where an entity directly
// follows another of the same type.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// DocStart is the first field of the line that begins each document.
const DocStart = "-DOCSTART-"

// Token is one non-blank line of a column file.
type Token struct {
	Text  string // first column
	POS   string // second column when there are at least three columns
	Chunk string // third column when there are at least four columns
	NER   string // last column: the gold tag ("O" when there is only one column)
	Line  string // the line as read, without its line ending
}

// Sentence is a run of token lines between blank lines.
type Sentence []Token

// Document is what follows a -DOCSTART- line, up to the next one. Files
// that do not start with -DOCSTART- get a first document with an empty
// Header.
type Document struct {
	Header    string // the -DOCSTART- line as read, or "" where there was none
	Sentences []Sentence
}

// Tokens returns the number of tokens in the document.
func (d *Document) Tokens() int {
	n := 0
	for _, s := range d.Sentences {
		n += len(s)
	}
	return n
}

// Words returns the token texts of each sentence.
func (d *Document) Words() [][]string {
	out := make([][]string, len(d.Sentences))
	for i, s := range d.Sentences {
		w := make([]string, len(s))
		for j, t := range s {
			w[j] = t.Text
		}
		out[i] = w
	}
	return out
}

// POS returns the part-of-speech tags of each sentence ("" where the file
// has no POS column).
func (d *Document) POS() [][]string {
	out := make([][]string, len(d.Sentences))
	for i, s := range d.Sentences {
		w := make([]string, len(s))
		for j, t := range s {
			w[j] = t.POS
		}
		out[i] = w
	}
	return out
}

// Tags returns the gold NER tags of each sentence.
func (d *Document) Tags() [][]string {
	out := make([][]string, len(d.Sentences))
	for i, s := range d.Sentences {
		w := make([]string, len(s))
		for j, t := range s {
			w[j] = t.NER
		}
		out[i] = w
	}
	return out
}

// Read parses a CoNLL column file. Fields are separated by runs of spaces
// or tabs; a line with one field is a token tagged O. Lines ending in \r\n
// are accepted.
func Read(r io.Reader) ([]Document, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var (
		docs []Document
		cur  *Document
		sent Sentence
		n    int
	)
	flush := func() {
		if len(sent) > 0 {
			if cur == nil {
				docs = append(docs, Document{})
				cur = &docs[len(docs)-1]
			}
			cur.Sentences = append(cur.Sentences, sent)
			sent = nil
		}
	}
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		f := strings.Fields(line)
		if len(f) == 0 {
			flush()
			continue
		}
		if f[0] == DocStart {
			flush()
			docs = append(docs, Document{Header: line})
			cur = &docs[len(docs)-1]
			continue
		}
		t := Token{Text: f[0], NER: "O", Line: line}
		if len(f) > 1 {
			t.NER = f[len(f)-1]
			if !validTag(t.NER) {
				return nil, fmt.Errorf("line %d: bad NER tag %q", n, t.NER)
			}
		}
		if len(f) > 2 {
			t.POS = f[1]
		}
		if len(f) > 3 {
			t.Chunk = f[2]
		}
		sent = append(sent, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	flush()
	return docs, nil
}

func validTag(t string) bool {
	if t == "O" {
		return true
	}
	return len(t) > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-'
}

// Write writes docs back in column form: every token line as read (Line, or
// the token's fields when Line is empty) followed by a space and the tag
// that pred gives it, a blank line after each sentence, and each
// -DOCSTART- header followed by " O" so that every line keeps the same
// number of columns. pred(d, s, t) returns the tag of token t of sentence s
// of document d.
func Write(w io.Writer, docs []Document, pred func(d, s, t int) string) error {
	bw := bufio.NewWriter(w)
	for di, d := range docs {
		if d.Header != "" {
			bw.WriteString(d.Header)
			bw.WriteString(" O\n\n")
		}
		for si, s := range d.Sentences {
			for ti, t := range s {
				line := t.Line
				if line == "" {
					line = t.Text + " " + t.NER
					if t.POS != "" {
						line = t.Text + " " + t.POS + " " + t.Chunk + " " + t.NER
					}
				}
				bw.WriteString(line)
				bw.WriteByte(' ')
				bw.WriteString(pred(di, si, ti))
				bw.WriteByte('\n')
			}
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
