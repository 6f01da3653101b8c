// Package prosetag runs prose's default named-entity recogniser over
// sentences that are already tokenized, so that it can be scored on CoNLL
// files beside entigraph's own model (`entigraph ner eval --ner prose`).
//
// Each sentence's tokens are joined with single spaces and given to prose
// as one document (no segmentation); prose's entities are aligned back to
// the tokens and mapped to CoNLL types: PERSON to PER, GPE, LOCATION and
// FACILITY to LOC, ORGANIZATION to ORG; other labels are dropped. prose is
// called as a user would call it: its own tokenizer, tagger and chunker,
// including its habit of sharing one token between repeated words of a
// sentence (the last occurrence's label wins).
package prosetag

import (
	"strings"

	"github.com/jdkato/prose/v2"
)

// Tagger holds prose's model, loaded once. It is safe for concurrent use.
type Tagger struct {
	m *prose.Model
}

// New loads prose's default model (about 0.3 s).
func New() *Tagger { return &Tagger{m: prose.ModelFromData("prose")} }

// Type maps a prose entity label to a CoNLL type, or "" to drop it.
func Type(label string) string {
	switch label {
	case "PERSON":
		return "PER"
	case "GPE", "LOCATION", "FACILITY":
		return "LOC"
	case "ORGANIZATION":
		return "ORG"
	}
	return ""
}

// Tag returns IOB1 tags for one sentence's tokens.
func (t *Tagger) Tag(words []string) ([]string, error) {
	tags := make([]string, len(words))
	for i := range tags {
		tags[i] = "O"
	}
	if len(words) == 0 {
		return tags, nil
	}
	text := strings.Join(words, " ")
	doc, err := prose.NewDocument(text, prose.UsingModel(t.m), prose.WithSegmentation(false))
	if err != nil {
		return nil, err
	}
	// Where each of our tokens starts and ends in text.
	starts := make([]int, len(words))
	off := 0
	for i, w := range words {
		starts[i] = off
		off += len(w) + 1
	}
	tokenAt := func(b int) int { // index of the token holding byte b
		lo, hi := 0, len(starts)
		for lo+1 < hi {
			m := (lo + hi) / 2
			if starts[m] <= b {
				lo = m
			} else {
				hi = m
			}
		}
		return lo
	}
	// Align prose's tokens to byte offsets of text.
	ptoks := doc.Tokens()
	pos := make([]int, len(ptoks)) // start byte of each prose token, -1 if not found
	cur := 0
	for i, pt := range ptoks {
		j := strings.Index(text[cur:], pt.Text)
		if pt.Text == "" || j < 0 {
			pos[i] = -1
			continue
		}
		pos[i] = cur + j
		cur += j + len(pt.Text)
	}
	// Find each entity's run of prose tokens, in order.
	p := 0
	prevEnd, prevType := -1, ""
	for _, e := range doc.Entities() {
		typ := Type(e.Label)
		parts := strings.Fields(e.Text)
		if len(parts) == 0 {
			continue
		}
		at := -1
		for k := p; k+len(parts) <= len(ptoks) && at < 0; k++ {
			ok := true
			for n, s := range parts {
				if ptoks[k+n].Text != s {
					ok = false
					break
				}
			}
			if ok {
				at = k
			}
		}
		if at < 0 {
			continue
		}
		p = at + len(parts)
		if typ == "" || pos[at] < 0 || pos[p-1] < 0 {
			continue
		}
		first, last := tokenAt(pos[at]), tokenAt(pos[p-1])
		prefix := "I-"
		if first == prevEnd && typ == prevType {
			prefix = "B-"
		}
		for i := first; i <= last; i++ {
			if tags[i] != "O" {
				continue // overlaps an earlier entity
			}
			if i == first {
				tags[i] = prefix + typ
			} else {
				tags[i] = "I-" + typ
			}
		}
		prevEnd, prevType = last+1, typ
	}
	return tags, nil
}
