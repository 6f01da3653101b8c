package model

import "github.com/entigraph/entigraph/ner/conll"

// Types are the CoNLL-2003 entity types the model tags, in label order.
var Types = [NumTypes]string{"PER", "ORG", "LOC", "MISC"}

// NumTypes is the number of entity types.
const NumTypes = 4

// Label is a BILOU tag: O, or one of Begin, Inside, Last and Unit for one of
// the Types. The zero Label is O.
type Label uint8

// NumLabels is the number of labels: O and four per type.
const NumLabels = 1 + 4*NumTypes

// O is the label of tokens outside every entity.
const O Label = 0

// Positions of a token in its entity.
const (
	Begin  = 0
	Inside = 1
	Last   = 2
	Unit   = 3
)

// MakeLabel returns the label of position pos (Begin, Inside, Last or Unit)
// in an entity of type typ (an index into Types).
func MakeLabel(typ, pos int) Label { return Label(1 + 4*typ + pos) }

// Type returns the label's type as an index into Types, or -1 for O.
func (l Label) Type() int { return (int(l) - 1) >> 2 }

// Pos returns the label's position (Begin, Inside, Last or Unit); -1 for O.
func (l Label) Pos() int {
	if l == O {
		return -1
	}
	return (int(l) - 1) & 3
}

// String returns "O" or the BILOU tag such as "B-PER" or "U-LOC".
func (l Label) String() string {
	if l == O {
		return "O"
	}
	if int(l) >= NumLabels {
		return "?"
	}
	return string("BILU"[l.Pos()]) + "-" + Types[l.Type()]
}

// closed reports whether no entity is left open after a token labelled l.
func (l Label) closed() bool { return l == O || l.Pos() == Last || l.Pos() == Unit }

// allowed reports whether label next may follow label prev in BILOU; last
// says next is the sentence's last token, which must close its entity.
func allowed(prev, next Label, last bool) bool {
	if last && !next.closed() {
		return false
	}
	if prev.closed() {
		return next == O || next.Pos() == Begin || next.Pos() == Unit
	}
	return next.Type() == prev.Type() && (next.Pos() == Inside || next.Pos() == Last)
}

// Span is an entity found in a document: tokens [Start, End) of sentence
// Sentence, of type Type (an index into Types).
type Span struct {
	Sentence, Start, End int
	Type                 int
}

// TypeName returns the span's CoNLL type name.
func (s Span) TypeName() string { return Types[s.Type] }

// Spans returns the entities of a tagged document.
func Spans(labels [][]Label) []Span {
	var out []Span
	for si, ls := range labels {
		start := -1
		for i, l := range ls {
			switch l.Pos() {
			case Begin:
				start = i
			case Unit:
				out = append(out, Span{si, i, i + 1, l.Type()})
				start = -1
			case Last:
				if start >= 0 {
					out = append(out, Span{si, start, i + 1, l.Type()})
				}
				start = -1
			case -1:
				start = -1
			}
		}
	}
	return out
}

// FromTags converts one sentence's IOB1, IOB2 or IOBES tags (read with
// conlleval's rules) to BILOU labels. Types other than Types are dropped
// (tagged O).
func FromTags(tags []string) []Label {
	out := make([]Label, len(tags))
	for _, c := range conll.Chunks(tags) {
		t := typeIndex(c.Type)
		if t < 0 {
			continue
		}
		if c.End-c.Start == 1 {
			out[c.Start] = MakeLabel(t, Unit)
			continue
		}
		out[c.Start] = MakeLabel(t, Begin)
		for i := c.Start + 1; i < c.End-1; i++ {
			out[i] = MakeLabel(t, Inside)
		}
		out[c.End-1] = MakeLabel(t, Last)
	}
	return out
}

func typeIndex(t string) int {
	for i, x := range Types {
		if x == t {
			return i
		}
	}
	return -1
}

// IOB1 returns one sentence's labels as IOB1 tags, as in the CoNLL-2003
// files: I-X inside entities, B-X only at the start of an entity that
// directly follows another of the same type.
func IOB1(labels []Label) []string {
	out := make([]string, len(labels))
	prevEnd, prevType := -1, -1
	for i := range out {
		out[i] = "O"
	}
	for _, s := range Spans([][]Label{labels}) {
		p := "I-"
		if s.Start == prevEnd && s.Type == prevType {
			p = "B-"
		}
		out[s.Start] = p + Types[s.Type]
		for i := s.Start + 1; i < s.End; i++ {
			out[i] = "I-" + Types[s.Type]
		}
		prevEnd, prevType = s.End, s.Type
	}
	return out
}
