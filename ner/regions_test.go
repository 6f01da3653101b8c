package ner

import (
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// A lower-case compass word before a country or place makes a region, a
// Place written as it stands (docs/annotation.md I9), and the country or
// place keeps its own mention inside it.
func TestCompassRegions(t *testing.T) {
	checkKinds(t, []kindCase{
		{"Turkish jets bombed rebel camps in northern Iraq on Monday, the army said.",
			[]string{"Place:northern Iraq", "Country:Iraq"}, nil},
		{"Shelling was heard across south Lebanon overnight.",
			[]string{"Place:south Lebanon", "Country:Lebanon"}, nil},
		{"Heavy rain fell on north-west France and southern England.",
			[]string{"Place:north-west France", "Country:France", "Place:southern England", "Place:England"}, nil},
		{"Frost is forecast for northwestern Alberta after the weekend.",
			[]string{"Place:northwestern Alberta", "Place:Alberta"}, nil},
		// Not regions: a place noun after the name, a demonym, a
		// capital, a compass word joined by "of", a capitalised name.
		{"The train hit a truck in the north Melbourne suburb of Preston.",
			[]string{"Place:Melbourne", "Place:Preston"}, []string{"north Melbourne"}},
		{"Refugees crowded the eastern Zairean border town of Goma.",
			nil, []string{"eastern Zairean"}},
		{"Police patrolled the streets in central Kyiv and northern Kyiv on Friday.",
			nil, []string{"central Kyiv", "northern Kyiv"}},
		{"The plane came down 40 km north of Cairo.",
			nil, []string{"north of Cairo"}},
		{"North Korea and South Korea traded fire.",
			[]string{"Country:North Korea", "Country:South Korea"}, []string{"Korea"}},
	})
}

// The region's mention comes first, the country's lies inside it; both
// name their own entity.
func TestCompassRegionMentions(t *testing.T) {
	ann := annotate(t, "Iranian guns shelled villages in northern Iraq.")
	checkOffsets(t, ann)
	var got []string
	for _, m := range ann.Mentions {
		got = append(got, m.Text+"="+m.Entity)
	}
	want := []string{"Iranian=country/iran", "northern Iraq=place/northern-iraq", "Iraq=country/iraq"}
	if len(got) != len(want) {
		t.Fatalf("mentions %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("mentions %v, want %v", got, want)
		}
	}
	if ann.Mentions[1].Type != kg.Place || ann.Mentions[2].Type != kg.Country {
		t.Fatalf("types %s, %s", ann.Mentions[1].Type, ann.Mentions[2].Type)
	}
}
