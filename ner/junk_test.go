package ner

import (
	"testing"

	"github.com/entigraph/entigraph/kg"
)

func TestJunkName(t *testing.T) {
	a := annotator(t)
	cases := []struct {
		name string
		typ  kg.EntityType
		want string
	}{
		// Rejected, one case per rule and a few shapes each.
		{"19 minutes ago", kg.Organization, "time"},
		{"2 hours", kg.Person, "time"},
		{"Two Days Ago", kg.Place, "time"},
		{"Monday", kg.Person, "time"},
		{"March 2025", kg.Organization, "time"},
		{"Yahoo 14", kg.Organization, "number"},
		{"Air Force One", kg.Organization, "number"},
		{"Boeing 747", kg.Place, "number"},
		{"Agent 1984", kg.Person, "number"},
		{"Hashtags", kg.Organization, "furniture"},
		{"Comments", kg.Person, "furniture"},
		{"Related Articles", kg.Organization, "furniture"},
		{"Try Our AI Features", kg.Organization, "furniture"},
		{"Sign In", kg.Place, "furniture"},
		{"Victory Day", kg.Organization, "event"},
		{"Nobel Peace Prize", kg.Organization, "event"},
		{"Cold War", kg.Place, "event"},
		{"WDR Europe Forum", kg.Organization, "event"},
		{"Spider's Web", kg.Person, "possessive"},
		// Kept: real names of the same shapes.
		{"Kim Jong Un", kg.Person, ""},
		{"Theresa May", kg.Person, ""},
		{"Doris Day", kg.Person, ""},
		{"Security Service of Ukraine", kg.Organization, ""},
		{"Democratic People's Republic of Korea", kg.Country, ""},
		{"People's Liberation Army", kg.Organization, ""},
		{"Route 2025", kg.Place, ""},
		{"Reuters", kg.Organization, ""},
		{"Day", kg.Person, ""},
		{"Home Office", kg.Organization, ""},
		{"Getty Images", kg.Organization, ""},
	}
	for _, c := range cases {
		if got := a.junkName(c.name, c.typ); got != c.want {
			t.Errorf("junkName(%q, %s) = %q, want %q", c.name, c.typ, got, c.want)
		}
	}
}

// TestJunkNotEntities runs the annotator over page furniture, times and
// events written as running text: none of them becomes an entity, and
// the real names beside them do.
func TestJunkNotEntities(t *testing.T) {
	a := annotator(t)
	text := "Kim Jong Un met Vladimir Putin in Moscow on Victory Day, the state agency KCNA said.\n" +
		"Putin flew to the summit aboard Air Force One, a reporter for Yahoo 14 wrote.\n" +
		"Related Articles\nHashtags\n19 minutes ago\n"
	ann, err := a.Annotate(&kg.Document{ID: "junk.txt", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range ann.Entities {
		got[e.Name] = true
		if r := a.junkName(e.Name, e.Type); r != "" {
			t.Errorf("entity %q (%s) is junk by rule %q", e.Name, e.Type, r)
		}
	}
	for _, junk := range []string{"Victory Day", "Air Force One", "Yahoo 14", "Yahoo", "Related Articles", "Hashtags", "19 minutes ago"} {
		if got[junk] {
			t.Errorf("%q became an entity", junk)
		}
	}
	for _, want := range []string{"Kim Jong Un", "Vladimir Putin"} {
		if !got[want] {
			t.Errorf("real name %q lost; entities: %v", want, ann.Entities)
		}
	}
}

func TestWorkTitle(t *testing.T) {
	a := annotator(t)
	for _, c := range []struct {
		text   string
		absent []string
		kept   []string
	}{
		{"Spider's Web depended on three distinct but related capabilities: logistics, deception and coordination. " +
			"Spider's Web had been in the making for eighteen months. " +
			"Spider's Web offers a window into how AGI could supercharge similar attacks in the future. " +
			"What Ukraine's Spider's Web strike taught us is that the hardware is ready.",
			[]string{"Spider"}, []string{"Ukraine"}},
		{"Vladimir Putin spoke. Putin's Russia is at war.", nil, []string{"Vladimir Putin", "Russia"}},
	} {
		ann, err := a.Annotate(&kg.Document{ID: "t.txt", Text: c.text})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range ann.Entities {
			got[e.Name] = true
		}
		for _, n := range c.absent {
			if got[n] {
				t.Errorf("%q: %q became an entity", c.text, n)
			}
		}
		for _, n := range c.kept {
			if !got[n] {
				t.Errorf("%q: %q lost (entities %v)", c.text, n, ann.Entities)
			}
		}
	}
}
