package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// checkDoc fails t unless doc's segments are valid spans of its Text
// (in bounds, non-empty, ordered, non-overlapping) and Hash is right.
func checkDoc(t testing.TB, doc *kg.Document) {
	t.Helper()
	if doc.Segments == nil {
		t.Errorf("%s: Segments is nil (means all of Text); Clean must set it", doc.ID)
	}
	prev := 0
	for i, s := range doc.Segments {
		if s.Start < prev || s.Start >= s.End || s.End > len(doc.Text) {
			t.Fatalf("%s: segment %d %v out of order or bounds (prev end %d, len %d)", doc.ID, i, s, prev, len(doc.Text))
		}
		prev = s.End
	}
	sum := sha256.Sum256([]byte(doc.Text))
	if want := hex.EncodeToString(sum[:]); doc.Hash != want {
		t.Errorf("%s: Hash = %q, want %q", doc.ID, doc.Hash, want)
	}
}

// segTexts returns doc.Text[s.Start:s.End] for every segment.
func segTexts(t testing.TB, doc *kg.Document) []string {
	t.Helper()
	checkDoc(t, doc)
	out := []string{}
	for _, s := range doc.Segments {
		out = append(out, doc.Text[s.Start:s.End])
	}
	return out
}

// cleaned runs Clean on text and returns the kept segments' texts.
func cleaned(t testing.TB, text string) []string {
	t.Helper()
	doc := &kg.Document{ID: "t", Text: text}
	Clean(doc)
	if doc.Text != text {
		t.Fatalf("Clean changed Text")
	}
	return segTexts(t, doc)
}
