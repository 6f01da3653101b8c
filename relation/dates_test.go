package relation

import "testing"

// TestDates: the date each form gives the relation whose verb it modifies,
// resolved against a document of Friday 1996-08-30 (docs/annotation.md).
func TestDates(t *testing.T) {
	x := newX(t)
	const fri = "1996-08-30"
	for _, c := range []struct {
		doc, sentence, predicate, want string
	}{
		{fri, "Trump met Putin on Friday.", "met_with", "1996-08-30"},
		{fri, "Trump met Putin on Thursday.", "met_with", "1996-08-29"},
		{fri, "Trump met Putin last Friday.", "met_with", "1996-08-23"},
		{fri, "Trump will meet Putin on Friday.", "met_with", "1996-08-30"},
		{fri, "Trump will meet Putin on Saturday.", "met_with", "1996-08-31"},
		{fri, "Trump will meet Putin next Friday.", "met_with", "1996-09-06"},
		{fri, "Trump met Putin yesterday.", "met_with", "1996-08-29"},
		{fri, "Trump met Putin last night.", "met_with", "1996-08-29"},
		{fri, "Trump met Putin today.", "met_with", "1996-08-30"},
		{fri, "Trump met Putin last week.", "met_with", "1996-08"},
		{fri, "Trump met Putin this week.", "met_with", "1996-08"}, // Monday 26 to Friday 30 August
		{fri, "Trump met Putin last weekend.", "met_with", ""},
		{fri, "Trump met Putin last month.", "met_with", "1996-07"},
		{fri, "Trump met Putin last year.", "met_with", "1995"},
		{fri, "Trump will meet Putin next year.", "met_with", "1997"},
		{fri, "Trump met Putin in July.", "met_with", "1996-07"},
		{fri, "Trump met Putin in December.", "met_with", "1995-12"}, // the most recent December
		{fri, "Trump will meet Putin in December.", "met_with", "1996-12"},
		{fri, "Trump will meet Putin in March.", "met_with", "1997-03"},
		{fri, "Trump met Putin last June.", "met_with", "1996-06"},
		{fri, "Trump will meet Putin next March.", "met_with", "1997-03"},
		{fri, "Trump met Putin on July 9.", "met_with", "1996-07-09"},
		{fri, "Trump met Putin on 9 July.", "met_with", "1996-07-09"},
		{fri, "Trump met Putin on December 9.", "met_with", "1995-12-09"},
		{fri, "Trump met Putin on May 9, 1994.", "met_with", "1994-05-09"},
		{fri, "Trump met Putin on 9 May 1994.", "met_with", "1994-05-09"},
		{fri, "Trump met Putin in May 1994.", "met_with", "1994-05"},
		{fri, "Trump met Putin in 1994.", "met_with", "1994"},
		{fri, "Trump met Putin six years ago.", "met_with", "1990"},
		{fri, "Trump met Putin three months ago.", "met_with", "1996-05"},
		{fri, "Trump met Putin two days ago.", "met_with", "1996-08-28"},
		{fri, "Kim visited Kursk on September 3 and 4.", "visited", "1996-09-03/1996-09-04"},
		{fri, "Kim visited Kursk on Aug. 3-4.", "visited", "1996-08-03/1996-08-04"},
		{fri, "Russia attacked Ukraine from 1931 to 1945.", "attacked", "1931/1945"},
		{fri, "Russia attacked Ukraine between 1931 and 1945.", "attacked", "1931/1945"},
		{fri, "Russia attacked Ukraine in 1980-88.", "attacked", "1980/1988"},
		{fri, "Russia attacked Ukraine in the 1990s.", "attacked", "1990/1999"},
		{fri, "Russia attacked Ukraine at the start of 1995.", "attacked", "1995"},
		{fri, "Russia attacked Ukraine in early 1995.", "attacked", "1995"},
		{fri, "Russia attacked Ukraine in mid-1995.", "attacked", "1995"},
		{fri, "Russia's 2022 invasion of Ukraine failed.", "invaded", "2022"},
		{fri, "Russia's invasion of Ukraine failed in the 2022 campaign.", "invaded", ""},
		// The clause the date is in.
		{fri, "Trump spoke to Putin by telephone on Wednesday.", "spoke_with", "1996-08-28"},
		{fri, "China on Thursday accused Russia of stirring unrest.", "criticized", "1996-08-29"},
		{fri, "Russia on Thursday criticized Ukraine.", "criticized", "1996-08-29"},
		{fri, "Kim said on Thursday that Trump met Putin in Anchorage.", "met_with", ""},
		{fri, "Trump, who met Putin on Friday, criticized Zelenskiy on Thursday.", "met_with", "1996-08-30"},
		{fri, "Trump, who met Putin on Friday, criticized Zelenskiy on Thursday.", "criticized", "1996-08-29"},
		{fri, "In July, Kim confirmed that Russia had attacked Ukraine.", "attacked", ""},
		{fri, "On Thursday, Trump met Putin in Anchorage.", "met_with", "1996-08-29"},
		{"1996-08-28", "Lebed was in Moscow this week seeking support.", "visited", "1996-08"}, // Monday 26 to Wednesday 28
		{"1996-08-28", "Lebed will visit Moscow this week.", "visited", "1996"},                // Wednesday 28 to Sunday 1 September
		{fri, "Yeltsin appointed Lebed, a former general, last month to end the war.", "appointed", "1996-07"},
		{fri, "Yeltsin said on Thursday after a meeting with Lebed that it needed more work.", "met_with", "1996-08-29"},
		{fri, "Ukraine joined NATO at the start of 1995.", "member_of", "1995"},
		{fri, "Finland is a member of NATO, Lebed said on Thursday.", "member_of", ""},
		{fri, "Russia signed a pact with Ukraine and a possible visit to Kursk next month.", "signed_agreement_with", ""},
		// No document date: relative forms give nothing, absolute ones stay.
		{"", "Trump met Putin on Friday.", "met_with", ""},
		{"", "Trump met Putin last week.", "met_with", ""},
		{"", "Trump met Putin six years ago.", "met_with", ""},
		{"", "Trump met Putin on May 9, 1994.", "met_with", "1994-05-09"},
	} {
		a := annotate(t, c.doc, c.sentence)
		rels := x.Extract(a)
		found := false
		for _, r := range rels {
			if r.Predicate != c.predicate {
				continue
			}
			found = true
			if r.Date != c.want {
				t.Errorf("%s (document %q): %s date %q, want %q", c.sentence, c.doc, c.predicate, r.Date, c.want)
			}
		}
		if !found {
			t.Errorf("%s: no %s relation", c.sentence, c.predicate)
		}
	}
}
