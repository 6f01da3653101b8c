package relation

import (
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// TestQualify: the location and date of a relation another extractor
// found between two mentions, read by the rules' qualifier code.
func TestQualify(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sentence, pred, subj, obj string
		loc, date                 string
	}{
		{"Trump hosted Putin in Anchorage on Friday.", "met_with", "Trump", "Putin", "place/anchorage", "2025-08-15"},
		// The trigger after the pair: "X and Y met in ...".
		{"Trump and Putin met in Anchorage on Friday.", "met_with", "Trump", "Putin", "place/anchorage", "2025-08-15"},
		// A date in another clause is not the relation's.
		{"Trump welcomed Putin, who said on Friday that he was in Anchorage.", "met_with", "Trump", "Putin", "", ""},
		// A location that is a party is dropped.
		{"Zelensky visited Ukraine on Friday.", "visited", "Zelensky", "Ukraine", "", "2025-08-15"},
		// A predicate that reads no qualifiers.
		{"Trump met Putin in Anchorage on Friday.", "holds_position", "Trump", "Putin", "", ""},
	} {
		a := annotate(t, "2025-08-18", c.sentence)
		find := func(name string) *kg.Mention {
			for i, m := range a.Mentions {
				if strings.Contains(m.Text, name) {
					return &a.Mentions[i]
				}
			}
			t.Fatalf("%q: no mention %q in %+v", c.sentence, name, a.Mentions)
			return nil
		}
		loc, date := x.Qualify(a, c.pred, find(c.subj), find(c.obj))
		if loc != c.loc || date != c.date {
			t.Errorf("%q %s: location %q date %q, want %q %q", c.sentence, c.pred, loc, date, c.loc, c.date)
		}
	}
	a := annotate(t, "2025-08-18", "Trump met Putin.")
	if loc, date := x.Qualify(a, "met_with", nil, &a.Mentions[0]); loc != "" || date != "" {
		t.Errorf("bad mentions: %q %q", loc, date)
	}
}
