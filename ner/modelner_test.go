package ner

import (
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

func TestWithNER(t *testing.T) {
	if got := annotator(t).NER(); got != NERModel {
		t.Errorf("default NER = %q, want %q", got, NERModel)
	}
	if got := proseAnnotator(t).NER(); got != NERProse {
		t.Errorf("WithNER(prose) = %q", got)
	}
	_, err := New(WithNER("spacy"))
	if err == nil || !strings.Contains(err.Error(), `"spacy"`) || !strings.Contains(err.Error(), "model or prose") {
		t.Errorf("unknown NER: err = %v, want one naming it and the choices", err)
	}
}

// TestModelTyping checks how the model's labels become mentions: the
// lexicon before the label, MISC dropped, demonyms kept, generations and
// person evidence across the document, sentence-initial words.
func TestModelTyping(t *testing.T) {
	tests := []struct {
		text    string
		mention string
		typ     kg.EntityType // "" means no such mention
	}{
		// CoNLL calls the Kremlin a LOC: the seats lexicon decides.
		{`"We thank them," the Kremlin cited Putin as saying.`, "Kremlin", kg.Organization},
		{"The White House said talks would go on.", "White House", kg.Organization},
		{"One source acquainted with Kremlin thinking said so.", "Kremlin", kg.Organization},
		// The model says ORG here; the places lexicon decides.
		{"Japan said it may send aid to Ukraine, which stands to pull Asia further into the war.", "Asia", kg.Place},
		{"Trump met the chancellor in the Oval Office on Thursday.", "Oval Office", kg.Place},
		// MISC demonyms reach their country through the gazetteer.
		{"Officials said Russian troops had crossed the border.", "Russian", kg.Country},
		// A language is no country (the tagger's MD is kept: "would").
		{"Is it as good as your German would you say?", "German", ""},
		// "Jr." makes a person; the same name without it follows.
		{"Donald Trump Jr. spoke. Donald Trump listened.", "Donald Trump Jr.", kg.Person},
		{"Donald Trump Jr. spoke. Donald Trump listened.", "Donald Trump", kg.Person},
		// A capitalised first word the model leaves out starts no name.
		{"Kim Jong Un met the troops. Later Kim said they were heroes.", "Later Kim", ""},
	}
	for _, tt := range tests {
		ann, err := annotator(t).Annotate(&kg.Document{ID: "test", Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		m, ok := mentionOf(ann, tt.mention, 0)
		switch {
		case tt.typ == "" && ok:
			t.Errorf("%q: %q is a mention (%s), want none", tt.text, tt.mention, m.Type)
		case tt.typ != "" && !ok:
			t.Errorf("%q: no mention %q (have %v)", tt.text, tt.mention, texts(ann))
		case tt.typ != "" && m.Type != tt.typ:
			t.Errorf("%q: %q is %s, want %s", tt.text, tt.mention, m.Type, tt.typ)
		}
	}
}

// TestModelMISCDropped: a name the model calls MISC, which no rule types,
// is no entity; the same text with prose keeps prose's reading.
func TestModelMISCDropped(t *testing.T) {
	text := "He watched the Tour de France on television."
	ann, err := annotator(t).Annotate(&kg.Document{ID: "test", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ann.Mentions {
		if strings.Contains(m.Text, "Tour") {
			t.Errorf("%q: MISC name %q became a %s", text, m.Text, m.Type)
		}
	}
}

// TestModelTitleCaseLinks: in a Title Case link list (seed 002), runs the
// model labels ORG are weak candidates, dropped unless the document names
// them on firm evidence; an acronym stays.
func TestModelTitleCaseLinks(t *testing.T) {
	text := "New Epstein Photos Surface Showing Trump as Lawmakers Near Document Release Deadline\n" +
		"International Stabilization Force for Gaza Nears Deployment as U.S.-Led Planning Advances\n" +
		"Judge Orders Return of Seized Evidence in Comey-Related Case, DOJ May Seek New Warrant\n"
	ann, err := annotator(t).Annotate(&kg.Document{ID: "test", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ann.Mentions {
		for _, w := range []string{"Stabilization", "Epstein Photos", "Judge Orders", "Seized Evidence", "Planning"} {
			if strings.Contains(m.Text, w) {
				t.Errorf("title-case run %q became a %s", m.Text, m.Type)
			}
		}
	}
	if m, ok := mentionOf(ann, "DOJ", 0); !ok || m.Type != kg.Organization {
		t.Errorf("DOJ: %+v %v, want an Organization (have %v)", m, ok, texts(ann))
	}
}
