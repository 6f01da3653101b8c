// Package conllu reads and writes CoNLL-U, the file format of Universal
// Dependencies (https://universaldependencies.org/format.html): sentences
// of comment lines ("# text = ...") then one line per token of ten
// tab-separated fields, ended by a blank line.
//
// A Sentence keeps every line as written: word lines (ID 1, 2, ...),
// multiword-token ranges ("1-2") and empty nodes ("8.1") in file order,
// and its comments. Writing a sentence that was read gives back its lines
// byte for byte, so a program can change the columns it predicts (UPOS,
// XPOS, HEAD, DEPREL) and pass everything else through unchanged.
package conllu

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// The ten columns of a token line.
const (
	ID = iota
	Form
	Lemma
	UPOS
	XPOS
	Feats
	Head
	Deprel
	Deps
	Misc
	NumFields
)

// Kind is the kind of a token line.
type Kind uint8

const (
	Word  Kind = iota // a syntactic word: ID is an integer from 1
	Range             // a multiword token: ID is "N-M"
	Empty             // an empty node of enhanced dependencies: ID is "N.M"
)

// Token is one token line. Fields are as written ("_" for a blank).
type Token struct {
	Kind   Kind
	Fields [NumFields]string
}

// Sentence is one sentence: its comment lines (without the newline, the
// "#" kept) and its token lines in file order.
type Sentence struct {
	Comments []string
	Tokens   []Token
}

// Words returns the indexes in s.Tokens of the word lines, in order: the
// word with ID i is s.Tokens[s.Words()[i-1]].
func (s *Sentence) Words() []int {
	var w []int
	for i := range s.Tokens {
		if s.Tokens[i].Kind == Word {
			w = append(w, i)
		}
	}
	return w
}

// HeadOf returns the integer HEAD of a word line: 0 for the root, -1 for
// "_" (no head given).
func (t *Token) HeadOf() (int, error) {
	h := t.Fields[Head]
	if h == "_" {
		return -1, nil
	}
	n, err := strconv.Atoi(h)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad HEAD %q", h)
	}
	return n, nil
}

// Reader reads sentences from a CoNLL-U stream.
type Reader struct {
	sc   *bufio.Scanner
	name string
	line int
	done bool
}

// NewReader reads from r; name (a file name) prefixes error messages.
func NewReader(r io.Reader, name string) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	sc.Split(lines)
	return &Reader{sc: sc, name: name}
}

// lines splits at LF only (bufio.ScanLines would drop a CR before it,
// which CoNLL-U does not allow and a round trip would lose).
func lines(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// Error is an error in the input, at a line of it.
type Error struct {
	Name string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg) }

func (r *Reader) errorf(format string, args ...any) error {
	return &Error{Name: r.name, Line: r.line, Msg: fmt.Sprintf(format, args...)}
}

// Next returns the next sentence, or io.EOF after the last one. A
// sentence's last line may be followed by the end of the input instead
// of a blank line. Errors name the input and the line.
func (r *Reader) Next() (*Sentence, error) {
	if r.done {
		return nil, io.EOF
	}
	s := &Sentence{}
	words := 0
	for r.sc.Scan() {
		r.line++
		line := r.sc.Text()
		if strings.ContainsAny(line, "\r") {
			return nil, r.errorf("carriage return in line (CoNLL-U lines end in LF)")
		}
		if line == "" {
			if len(s.Tokens) == 0 {
				if len(s.Comments) > 0 {
					return nil, r.errorf("comments with no token lines")
				}
				return nil, r.errorf("blank line outside a sentence")
			}
			return s, r.check(s, words)
		}
		if line[0] == '#' {
			if len(s.Tokens) > 0 {
				return nil, r.errorf("comment after a token line")
			}
			s.Comments = append(s.Comments, line)
			continue
		}
		t, err := parseToken(line)
		if err != nil {
			return nil, r.errorf("%v", err)
		}
		if t.Kind == Word {
			words++
			if n, _ := strconv.Atoi(t.Fields[ID]); n != words {
				return nil, r.errorf("word ID %s, want %d", t.Fields[ID], words)
			}
		}
		s.Tokens = append(s.Tokens, t)
	}
	r.done = true
	if err := r.sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", r.name, err)
	}
	if len(s.Tokens) == 0 {
		if len(s.Comments) > 0 {
			return nil, r.errorf("comments with no token lines at the end")
		}
		return nil, io.EOF
	}
	return s, r.check(s, words)
}

// check validates a finished sentence: it has words, and their heads are
// in range.
func (r *Reader) check(s *Sentence, words int) error {
	if words == 0 {
		return r.errorf("sentence with no word lines")
	}
	for i := range s.Tokens {
		t := &s.Tokens[i]
		if t.Kind != Word {
			continue
		}
		h, err := t.HeadOf()
		if err != nil {
			return r.errorf("word %s: %v", t.Fields[ID], err)
		}
		if h > words {
			return r.errorf("word %s: HEAD %d beyond the sentence's %d words", t.Fields[ID], h, words)
		}
	}
	return nil
}

func parseToken(line string) (Token, error) {
	var t Token
	rest := line
	for i := 0; i < NumFields; i++ {
		j := strings.IndexByte(rest, '\t')
		if i == NumFields-1 {
			if j >= 0 {
				return t, errors.New("more than 10 fields")
			}
			j = len(rest)
		} else if j < 0 {
			return t, fmt.Errorf("%d fields, want 10", i+1)
		}
		f := rest[:j]
		if f == "" {
			return t, fmt.Errorf("field %d is empty (a blank is _)", i+1)
		}
		t.Fields[i] = f
		if j < len(rest) {
			rest = rest[j+1:]
		}
	}
	id := t.Fields[ID]
	switch {
	case isNum(id):
		t.Kind = Word
	case strings.Count(id, "-") == 1:
		a, b, _ := strings.Cut(id, "-")
		if !isNum(a) || !isNum(b) {
			return t, fmt.Errorf("bad range ID %q", id)
		}
		t.Kind = Range
	case strings.Count(id, ".") == 1:
		a, b, _ := strings.Cut(id, ".")
		if !(a == "0" || isNum(a)) || !isNum(b) {
			return t, fmt.Errorf("bad empty node ID %q", id)
		}
		t.Kind = Empty
	default:
		return t, fmt.Errorf("bad ID %q", id)
	}
	return t, nil
}

// isNum reports whether s is a positive decimal integer without leading
// zeros and of at most 9 digits.
func isNum(s string) bool {
	if s == "" || len(s) > 9 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ReadAll reads every sentence of r.
func ReadAll(r io.Reader, name string) ([]*Sentence, error) {
	cr := NewReader(r, name)
	var out []*Sentence
	for {
		s, err := cr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}

// Write writes s: its comments, its token lines, then a blank line. An
// empty field is written as "_". A comment that does not start with "#",
// or a line break or tab inside a field or comment, is an error (nothing
// is written).
func Write(w *bufio.Writer, s *Sentence) error {
	for _, c := range s.Comments {
		if !strings.HasPrefix(c, "#") || strings.ContainsAny(c, "\n\r") {
			return fmt.Errorf("conllu: bad comment %q", c)
		}
	}
	if len(s.Tokens) == 0 {
		return errors.New("conllu: sentence with no tokens")
	}
	for i := range s.Tokens {
		for _, f := range s.Tokens[i].Fields {
			if strings.ContainsAny(f, "\t\n\r") {
				return fmt.Errorf("conllu: token %d: field %q holds a tab or line break", i+1, f)
			}
		}
	}
	for _, c := range s.Comments {
		w.WriteString(c)
		w.WriteByte('\n')
	}
	for i := range s.Tokens {
		for j, f := range s.Tokens[i].Fields {
			if j > 0 {
				w.WriteByte('\t')
			}
			if f == "" {
				f = "_"
			}
			w.WriteString(f)
		}
		w.WriteByte('\n')
	}
	return w.WriteByte('\n')
}

// ReadFile reads every sentence of the file at path; errors name it.
func ReadFile(path string) ([]*Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, path)
}

// WriteAll writes sents to w.
func WriteAll(w io.Writer, sents []*Sentence) error {
	bw := bufio.NewWriter(w)
	for _, s := range sents {
		if err := Write(bw, s); err != nil {
			return err
		}
	}
	return bw.Flush()
}
