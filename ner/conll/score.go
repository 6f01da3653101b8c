package conll

import (
	"fmt"
	"io"
	"sort"
)

// Chunk is a typed run of tokens [Start, End) in one sentence.
type Chunk struct {
	Start, End int
	Type       string
}

// split returns a tag's prefix and type as conlleval does: "B-LOC" gives
// ("B", "LOC"), "O" gives ("O", ""), a tag without a hyphen gives (tag, "").
func split(tag string) (prefix, typ string) {
	if tag == "O" || tag == "" {
		return "O", ""
	}
	for i := 0; i < len(tag); i++ {
		if tag[i] == '-' {
			return tag[:i], tag[i+1:]
		}
	}
	return tag, ""
}

// chunkEnds reports whether a chunk ends between a token tagged (prevTag,
// prevType) and the next tagged (tag, typ), by conlleval's endOfChunk.
func chunkEnds(prevTag, prevType, tag, typ string) bool {
	switch {
	case prevTag == "O":
		return false
	case prevTag == "E" || prevTag == "S" || prevTag == "[" || prevTag == "]":
		return true
	case prevType != typ:
		return true
	case (prevTag == "B" || prevTag == "I") && (tag == "B" || tag == "S" || tag == "O"):
		return true
	}
	return false
}

// chunkStarts reports whether a chunk starts at a token tagged (tag, typ)
// after one tagged (prevTag, prevType), by conlleval's startOfChunk.
func chunkStarts(prevTag, prevType, tag, typ string) bool {
	switch {
	case tag == "O":
		return false
	case tag == "B" || tag == "S" || tag == "[" || tag == "]":
		return true
	case prevType != typ:
		return true
	case (tag == "I" || tag == "E") && (prevTag == "O" || prevTag == "E" || prevTag == "S"):
		return true
	}
	return false
}

// Chunks returns the chunks of one sentence's tags under conlleval's rules:
// a chunk starts at B-X, or at I-X after O or after a tag of another type,
// and ends where the next starts or at O. IOB1, IOB2 and IOBES tags are
// all read this way.
func Chunks(tags []string) []Chunk {
	var out []Chunk
	prevTag, prevType := "O", ""
	start := -1
	for i, t := range tags {
		tag, typ := split(t)
		if start >= 0 && chunkEnds(prevTag, prevType, tag, typ) {
			out = append(out, Chunk{start, i, prevType})
			start = -1
		}
		if chunkStarts(prevTag, prevType, tag, typ) {
			start = i
		}
		prevTag, prevType = tag, typ
	}
	if start >= 0 {
		out = append(out, Chunk{start, len(tags), prevType})
	}
	return out
}

// Counts are chunk counts for one type or for all.
type Counts struct {
	Gold, Found, Correct int
}

// Precision returns Correct/Found in percent (0 when nothing was found).
func (c Counts) Precision() float64 {
	if c.Found == 0 {
		return 0
	}
	return 100 * float64(c.Correct) / float64(c.Found)
}

// Recall returns Correct/Gold in percent (0 when there is no gold chunk).
func (c Counts) Recall() float64 {
	if c.Gold == 0 {
		return 0
	}
	return 100 * float64(c.Correct) / float64(c.Gold)
}

// F1 returns the harmonic mean of precision and recall (0 when both are 0).
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Score accumulates conlleval's counts over sentences. The zero value is
// ready to use.
type Score struct {
	Tokens, CorrectTags int
	Overall             Counts
	ByType              map[string]*Counts
}

func (s *Score) typ(t string) *Counts {
	if s.ByType == nil {
		s.ByType = map[string]*Counts{}
	}
	c := s.ByType[t]
	if c == nil {
		c = &Counts{}
		s.ByType[t] = c
	}
	return c
}

// Add scores one sentence: gold and pred hold one tag per token. A chunk
// is correct when a gold chunk has the same start, end and type. It panics
// if the lengths differ.
func (s *Score) Add(gold, pred []string) {
	if len(gold) != len(pred) {
		panic(fmt.Sprintf("conll: Score.Add: %d gold tags, %d predicted", len(gold), len(pred)))
	}
	s.Tokens += len(gold)
	for i := range gold {
		if gold[i] == pred[i] {
			s.CorrectTags++
		}
	}
	g, p := Chunks(gold), Chunks(pred)
	set := make(map[Chunk]bool, len(g))
	for _, c := range g {
		set[c] = true
		s.Overall.Gold++
		s.typ(c.Type).Gold++
	}
	for _, c := range p {
		s.Overall.Found++
		t := s.typ(c.Type)
		t.Found++
		if set[c] {
			s.Overall.Correct++
			t.Correct++
		}
	}
}

// Types returns the chunk types seen, sorted.
func (s *Score) Types() []string {
	out := make([]string, 0, len(s.ByType))
	for t := range s.ByType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Type returns the counts of one chunk type (zero when it never occurred).
func (s *Score) Type(t string) Counts {
	if c := s.ByType[t]; c != nil {
		return *c
	}
	return Counts{}
}

// Accuracy returns the share of tokens whose tag was right, in percent.
func (s *Score) Accuracy() float64 {
	if s.Tokens == 0 {
		return 0
	}
	return 100 * float64(s.CorrectTags) / float64(s.Tokens)
}

// Report writes the counts in conlleval's layout.
func (s *Score) Report(w io.Writer) error {
	o := s.Overall
	if _, err := fmt.Fprintf(w, "processed %d tokens with %d phrases; found: %d phrases; correct: %d.\n",
		s.Tokens, o.Gold, o.Found, o.Correct); err != nil {
		return err
	}
	fmt.Fprintf(w, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
		s.Accuracy(), o.Precision(), o.Recall(), o.F1())
	for _, t := range s.Types() {
		c := s.ByType[t]
		_, err := fmt.Fprintf(w, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %d\n",
			t, c.Precision(), c.Recall(), c.F1(), c.Found)
		if err != nil {
			return err
		}
	}
	return nil
}

// ToIOB1 rewrites tags of any scheme that Chunks reads (IOB1, IOB2, IOBES)
// as IOB1: I-X inside chunks, B-X only at the start of a chunk that directly
// follows another of the same type.
func ToIOB1(tags []string) []string {
	out := make([]string, len(tags))
	for i := range out {
		out[i] = "O"
	}
	prevEnd, prevType := -1, ""
	for _, c := range Chunks(tags) {
		p := "I-"
		if c.Start == prevEnd && c.Type == prevType {
			p = "B-"
		}
		out[c.Start] = p + c.Type
		for i := c.Start + 1; i < c.End; i++ {
			out[i] = "I-" + c.Type
		}
		prevEnd, prevType = c.End, c.Type
	}
	return out
}

// ToIOB2 rewrites tags as IOB2: B-X at the start of every chunk.
func ToIOB2(tags []string) []string {
	out := make([]string, len(tags))
	for i := range out {
		out[i] = "O"
	}
	for _, c := range Chunks(tags) {
		out[c.Start] = "B-" + c.Type
		for i := c.Start + 1; i < c.End; i++ {
			out[i] = "I-" + c.Type
		}
	}
	return out
}
