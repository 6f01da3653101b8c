package ner

import "testing"

// A US state's abbreviation after a city and a comma names the state,
// by its full name; elsewhere the same words are other words.
func TestUSStateAbbreviations(t *testing.T) {
	checkKinds(t, []kindCase{
		{"TOLEDO, Ohio 1996-08-29\n\nSALEM, Ore. 1996-08-29\n\nShares rose.",
			[]string{"Place:Oregon", "Place:SALEM"}, []string{"Ore."}},
		{"The company has plants in Fresno, Calif.; Raleigh, N.C.; and Monterrey, Mexico.",
			[]string{"Place:California", "Place:North Carolina", "Place:Fresno", "Place:Raleigh"}, nil},
		{"Miss. Grey said the vote was fair.",
			nil, []string{"Mississippi"}},
	})
}

// A wire dateline's city is a Place even where the model leaves it
// unmarked; a caps line that is no dateline gives none.
func TestDatelineCities(t *testing.T) {
	checkKinds(t, []kindCase{
		{"Fire hits port.\nPORT ARTHUR, Texas 1996-08-26\n\nA fire broke out on Monday.",
			[]string{"Place:PORT ARTHUR", "Place:Texas"}, nil},
		{"KAMLOOPS, British Columbia 1996-08-24\n\nRain fell.",
			[]string{"Place:KAMLOOPS", "Place:British Columbia"}, []string{"Columbia", "United Kingdom"}},
		{"BEIT UMMAR, West Bank 1996-08-26\n\nSoldiers searched the village.",
			[]string{"Place:BEIT UMMAR", "Place:West Bank"}, nil},
		{"SALES FIGURES, as reported by the company.\n\nSales rose.",
			nil, []string{"SALES FIGURES"}},
	})
}
