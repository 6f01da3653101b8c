package ner

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/entigraph/entigraph/kg"
	"github.com/jdkato/prose/v2"
)

// ProseTagger is prose's tagger and named-entity recogniser as a Tagger,
// kept for comparison: prose tags and labels each sentence (its NER only
// where a capital letter follows the first letter), earlier occurrences of
// a repeated word get their own tag back (tagRepeats), and a modal after a
// determiner, possessive or adjective becomes a noun (fixTag). Its labels
// are hints (Annotated.LabelsComplete is false). Make one per process with
// NewProseTagger.
type ProseTagger struct {
	m *prose.Model
}

// NewProseTagger loads prose's default models (about 0.3 s).
func NewProseTagger() *ProseTagger { return &ProseTagger{m: prose.ModelFromData("entigraph")} }

// Annotate tags and labels every token of ann.
func (p *ProseTagger) Annotate(ann *kg.Annotated) error {
	text := ann.Doc.Text
	var chunks []int
	for i := range ann.Sentences {
		s := &ann.Sentences[i]
		if copyRepeat(ann, s) {
			continue
		}
		toks := ann.Tokens[s.TokStart:s.TokEnd]
		if err := p.tag(text, s, toks); err != nil {
			return fmt.Errorf("sentence at byte %d: %w", s.Start, err)
		}
		chunks = chunkIDs(text, toks, chunks)
		if err := p.tagRepeats(proseMask(text[s.Start:s.End]), s.Start, toks, chunks); err != nil {
			return fmt.Errorf("sentence at byte %d: %w", s.Start, err)
		}
		for k := range toks {
			toks[k].Tag = fixTag(toks, k, true)
		}
	}
	ann.LabelsComplete = false
	return nil
}

// tag runs prose over one sentence and copies its tags and labels to the
// tokens it made: the sentence's tokens are prose's, aligned the same way
// (see Tokenizer), with a token of their own for the text prose dropped,
// which gets gapTag and no label.
func (p *ProseTagger) tag(text string, s *kg.Sentence, toks []tok) error {
	// prose's NER is the slow part (about 20k tokens/s); its labels are
	// only type hints for capitalised words, so a sentence with no
	// capital letter past its first character skips it.
	st := proseMask(text[s.Start:s.End]) // the offsets are st's: see proseMask
	doc, err := prose.NewDocument(st, prose.UsingModel(p.m), prose.WithSegmentation(false), prose.WithExtraction(needsNER(st)))
	if err != nil {
		return err
	}
	k, pos := 0, 0
	for _, pt := range doc.Tokens() {
		b, e, err := alignNext(st, pos, pt.Text)
		if err != nil {
			return fmt.Errorf("%w after byte %d", err, s.Start+pos)
		}
		pos = e
		for ; k < len(toks) && toks[k].Start < s.Start+b; k++ {
			toks[k].Tag, toks[k].Label = gapTag(toks[k].Text), kg.NoLabel
		}
		if k < len(toks) && toks[k].Start == s.Start+b && toks[k].End == s.Start+e {
			toks[k].Tag, toks[k].Label = pt.Tag, labelOfProse(pt.Label)
			k++
		}
	}
	for ; k < len(toks); k++ {
		toks[k].Tag, toks[k].Label = gapTag(toks[k].Text), kg.NoLabel
	}
	return nil
}

// labelOfProse maps prose's IOB label ("B-PERSON", "I-GPE", "O") to its
// class; prose has no other classes than these six.
func labelOfProse(l string) kg.EntityLabel {
	if k := strings.IndexByte(l, '-'); k >= 0 {
		l = l[k+1:]
	}
	switch l {
	case "PERSON":
		return kg.LabelPerson
	case "ORGANIZATION":
		return kg.LabelOrganization
	case "GPE":
		return kg.LabelGPE
	case "LOCATION":
		return kg.LabelLocation
	case "FACILITY":
		return kg.LabelFacility
	case "GSP":
		return kg.LabelGSP
	}
	return kg.NoLabel
}

// tagRepeats gives earlier occurrences of a repeated chunk their own POS tag.
//
// prose's tokenizer caches the tokens of each white-space separated chunk
// and hands out the same *Token for every later occurrence of that chunk in
// one call (all but the text's last chunk, which it splits afresh after its
// loop); the tagger then writes each occurrence's tag into the shared
// token, so only the last occurrence keeps its own tag ("I saw the saw in
// the shed": both "saw" come back NN). The tagger's decisions themselves
// are right: it tags left to right from the words and its own earlier
// tags, looking two words ahead.
//
// So the tag of an earlier occurrence at token j is the tag prose gives it
// when tagging the sentence's prefix that ends with the chunk holding token
// j+2: the prefix gives token j the same words around it and the same
// earlier tags, the prefix's last chunk has fresh tokens, and j is the last
// cached occurrence of its chunk unless the chunk comes again right after
// it ("can can"), where j keeps the shared tag. One prefix call settles
// every token it sees with full context and as the last cached occurrence
// of its chunk, so a sentence needs a call per cluster of repeats, not per
// repeat.
func (p *ProseTagger) tagRepeats(st string, base int, toks []tok, chunks []int) error {
	n := len(toks)
	if n == 0 {
		return nil
	}
	// key of each token: its chunk's text and its index inside the chunk.
	type key struct {
		chunk string
		idx   int
	}
	keys := make([]key, n)
	texts := map[int]string{}
	idx := 0
	for i := range toks {
		if i > 0 && chunks[i] == chunks[i-1] {
			idx++
		} else {
			idx = 0
		}
		ct, ok := texts[chunks[i]]
		if !ok {
			ct = chunkTextRel(st, base, toks, chunks, chunks[i])
			texts[chunks[i]] = ct
		}
		keys[i] = key{ct, idx}
	}
	// sharedLast returns, for the text made of tokens [0, e], whether token
	// i is the last of the cached (not final-chunk) tokens with its key.
	sharedLast := func(i, e int) bool {
		final := chunks[e]
		if chunks[i] == final {
			return true // fresh tokens
		}
		for k := i + 1; k <= e && chunks[k] != final; k++ {
			if keys[k] == keys[i] {
				return false
			}
		}
		return true
	}
	settled := make([]bool, n)
	for i := range toks {
		// Punctuation and the unambiguous closed classes ("the", "and",
		// "to", "his") get one tag whatever the context: no prefix call.
		settled[i] = sharedLast(i, n-1) || fixedTags[toks[i].Tag]
	}
	for j := 0; j < n; j++ {
		if settled[j] {
			continue
		}
		e := j + 2
		if e >= n {
			e = n - 1
		}
		// Cut after the whole chunk holding token e.
		for e+1 < n && chunks[e+1] == chunks[e] {
			e++
		}
		prefix := st[:toks[e].End-base]
		doc, err := prose.NewDocument(prefix, prose.UsingModel(p.m), prose.WithSegmentation(false), prose.WithExtraction(false))
		if err != nil {
			return err
		}
		pts := doc.Tokens()
		if len(pts) != e+1 {
			settled[j] = true // tokenized differently: keep the shared tag
			continue
		}
		for i := 0; i <= e; i++ {
			if settled[i] || pts[i].Text != foldQuotes(toks[i].Text) || !sharedLast(i, e) {
				continue
			}
			if i+2 <= e || e == n-1 {
				toks[i].Tag = pts[i].Tag
				settled[i] = true
			}
		}
		settled[j] = true // if still shared ("can can"), it keeps the last tag
	}
	return nil
}

// fixedTags are the tags of words prose tags the same in any context.
var fixedTags = map[string]bool{"DT": true, "CC": true, "TO": true, "POS": true, "PRP": true, "PRP$": true,
	",": true, ".": true, ":": true, "``": true, "''": true, "(": true, ")": true, "$": true, "#": true, "SYM": true}

func chunkTextRel(st string, base int, toks []tok, chunks []int, c int) string {
	s, e := -1, -1
	for i, t := range toks {
		if chunks[i] == c {
			if s < 0 {
				s = t.Start
			}
			e = t.End
		}
	}
	return foldQuotes(st[s-base : e-base])
}

// needsNER reports whether st has an upper-case letter after its first
// letter.
func needsNER(st string) bool {
	first := true
	for _, r := range st {
		if !unicode.IsLetter(r) {
			continue
		}
		if !first && unicode.IsUpper(r) {
			return true
		}
		first = false
	}
	return false
}
