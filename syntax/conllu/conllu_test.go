package conllu

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/syntax/conllu/ewttest"
)

// sample has a multiword token, an empty node, comments and two sentences,
// the last one ended by the end of the file after its blank line.
const sample = `# sent_id = 1
# text = I don't know.
1	I	I	PRON	PRP	_	3	nsubj	_	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
4.1	knows	_	_	_	_	_	_	4:conj	_
5	.	.	PUNCT	.	_	4	punct	_	_

# sent_id = 2
1	Go	go	VERB	VB	_	0	root	_	_

`

func roundTrip(t testing.TB, in string) string {
	t.Helper()
	sents, err := ReadAll(strings.NewReader(in), "in")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	for _, s := range sents {
		if err := Write(w, s); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	if got := roundTrip(t, sample); got != sample {
		t.Errorf("round trip changed the file:\n%s", got)
	}
	// No blank line at the end: the same sentences, written with one.
	if got := roundTrip(t, strings.TrimSuffix(sample, "\n")); got != sample {
		t.Errorf("without the last blank line:\n%s", got)
	}
}

func TestRead(t *testing.T) {
	sents, err := ReadAll(strings.NewReader(sample), "in")
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 {
		t.Fatalf("%d sentences, want 2", len(sents))
	}
	s := sents[0]
	if len(s.Comments) != 2 || s.Comments[1] != "# text = I don't know." {
		t.Errorf("comments %q", s.Comments)
	}
	kinds := []Kind{Word, Range, Word, Word, Word, Empty, Word}
	for i, k := range kinds {
		if s.Tokens[i].Kind != k {
			t.Errorf("token %d (%s): kind %d, want %d", i, s.Tokens[i].Fields[ID], s.Tokens[i].Kind, k)
		}
	}
	words := s.Words()
	if want := []int{0, 2, 3, 4, 6}; !equal(words, want) {
		t.Errorf("Words() = %v, want %v", words, want)
	}
	var heads []int
	for _, i := range words {
		h, err := s.Tokens[i].HeadOf()
		if err != nil {
			t.Fatal(err)
		}
		heads = append(heads, h)
	}
	if want := []int{3, 4, 4, 0, 4}; !equal(heads, want) {
		t.Errorf("heads %v, want %v", heads, want)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadErrors(t *testing.T) {
	word := func(id, head string) string { return id + "\tw\t_\t_\t_\t_\t" + head + "\tdep\t_\t_\n" }
	cases := []struct{ name, in, want string }{
		{"nine fields", "1\tw\t_\t_\t_\t_\t0\troot\t_\n", "in:1: 9 fields, want 10"},
		{"eleven fields", "1\tw\t_\t_\t_\t_\t0\troot\t_\t_\t_\n", "in:1: more than 10 fields"},
		{"empty field", "1\t\t_\t_\t_\t_\t0\troot\t_\t_\n", "in:1: field 2 is empty (a blank is _)"},
		{"bad id", word("x", "0"), `in:1: bad ID "x"`},
		{"leading zero", word("01", "0"), `in:1: bad ID "01"`},
		{"bad range", word("1-x", "_"), `in:1: bad range ID "1-x"`},
		{"bad empty node", word("1.x", "_"), `in:1: bad empty node ID "1.x"`},
		{"word ids skip", word("1", "0") + word("3", "1"), "in:2: word ID 3, want 2"},
		{"first word not 1", word("2", "0"), "in:1: word ID 2, want 1"},
		{"bad head", word("1", "x") + "\n", `in:2: word 1: bad HEAD "x"`},
		{"negative head", word("1", "-1") + "\n", `in:2: word 1: bad HEAD "-1"`},
		{"head out of range", word("1", "2") + "\n", "in:2: word 1: HEAD 2 beyond the sentence's 1 words"},
		{"comment after tokens", word("1", "0") + "# c\n", "in:2: comment after a token line"},
		{"blank line first", "\n" + word("1", "0"), "in:1: blank line outside a sentence"},
		{"comments only", "# c\n\n", "in:2: comments with no token lines"},
		{"comments only at end", "# c\n", "in:1: comments with no token lines at the end"},
		{"ranges only", word("1-2", "_") + "\n", "in:2: sentence with no word lines"},
		{"crlf", word("1", "0")[:len(word("1", "0"))-1] + "\r\n", "in:1: carriage return in line (CoNLL-U lines end in LF)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadAll(strings.NewReader(c.in), "in")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if err.Error() != c.want {
				t.Errorf("error %q, want %q", err, c.want)
			}
		})
	}
}

func TestWriteErrors(t *testing.T) {
	tok := Token{Fields: [NumFields]string{"1", "a\tb", "_", "_", "_", "_", "0", "root", "_", "_"}}
	cases := []struct {
		name string
		s    Sentence
	}{
		{"tab in field", Sentence{Tokens: []Token{tok}}},
		{"comment without #", Sentence{Comments: []string{"text"}, Tokens: []Token{{Fields: [NumFields]string{"1"}}}}},
		{"newline in comment", Sentence{Comments: []string{"# a\nb"}, Tokens: []Token{{Fields: [NumFields]string{"1"}}}}},
		{"no tokens", Sentence{}},
	}
	for _, c := range cases {
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		if err := Write(w, &c.s); err == nil {
			t.Errorf("%s: no error", c.name)
		}
		w.Flush()
		if b.Len() != 0 {
			t.Errorf("%s: wrote %q", c.name, b.String())
		}
	}
	// Empty fields are written as blanks.
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	if err := Write(w, &Sentence{Tokens: []Token{{Fields: [NumFields]string{"1", "go"}}}}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if want := "1\tgo\t_\t_\t_\t_\t_\t_\t_\t_\n\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestEWTRoundTrip reads and writes the EWT dev split: the same bytes.
func TestEWTRoundTrip(t *testing.T) {
	data, err := os.ReadFile(ewttest.Path(t, ewttest.Dev))
	if err != nil {
		t.Fatal(err)
	}
	if got := roundTrip(t, string(data)); got != string(data) {
		i := 0
		for i < len(got) && i < len(data) && got[i] == data[i] {
			i++
		}
		t.Fatalf("round trip differs at byte %d: %q", i, got[i:min(len(got), i+80)])
	}
}

// FuzzRoundTrip: whatever reads without error writes back to text that
// reads to the same sentences and writes to the same bytes (no drift).
func FuzzRoundTrip(f *testing.F) {
	f.Add(sample)
	f.Add("1\tw\t_\t_\t_\t_\t0\troot\t_\t_\n")
	f.Add("# c\n1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n0.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := ReadAll(strings.NewReader(in), "in")
		if err != nil {
			return
		}
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		for _, s := range sents {
			if err := Write(w, s); err != nil {
				t.Fatalf("read but cannot write: %v", err)
			}
		}
		w.Flush()
		once := b.String()
		if twice := roundTrip(t, once); twice != once {
			t.Fatalf("drift:\n%q\n%q", once, twice)
		}
	})
}
