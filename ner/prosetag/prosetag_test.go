package prosetag

import (
	"strings"
	"testing"
)

func TestTagAligns(t *testing.T) {
	tg := New()
	words := strings.Fields("President Bill Clinton met Boris Yeltsin in Moscow on Friday .")
	tags, err := tg.Tag(words)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != len(words) {
		t.Fatalf("%d tags for %d words", len(tags), len(words))
	}
	// Whatever prose decides, the tags must be well-formed IOB1 of the
	// mapped types.
	for i, tag := range tags {
		switch {
		case tag == "O":
		case strings.HasPrefix(tag, "I-") || strings.HasPrefix(tag, "B-"):
			if typ := tag[2:]; typ != "PER" && typ != "LOC" && typ != "ORG" {
				t.Errorf("token %d: type %q", i, typ)
			}
		default:
			t.Errorf("token %d: tag %q", i, tag)
		}
	}
	// prose v2.0.0's answer, aligned back to the tokens.
	if got, want := strings.Join(tags, " "), "O I-PER I-PER O I-PER I-PER O I-LOC O O O"; got != want {
		t.Errorf("tags %s, want %s", got, want)
	}
	if empty, err := tg.Tag(nil); err != nil || len(empty) != 0 {
		t.Errorf("empty sentence: %v %v", empty, err)
	}
}

func TestType(t *testing.T) {
	for in, want := range map[string]string{"PERSON": "PER", "GPE": "LOC", "LOCATION": "LOC", "FACILITY": "LOC", "ORGANIZATION": "ORG", "MONEY": ""} {
		if got := Type(in); got != want {
			t.Errorf("Type(%s) = %q, want %q", in, got, want)
		}
	}
}
