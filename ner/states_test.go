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

// A capital is the city after a place noun or a verb of motion ("the
// Croatian capital Zagreb", "left Baghdad", "heads for Baghdad"), the
// country where it acts ("Baghdad said"); a name after "the city of" or
// before "provincial capital" is a place whatever the model says.
func TestPlacesByTheirNouns(t *testing.T) {
	checkKinds(t, []kindCase{
		{"After the talks, the envoy flew to the Hungarian capital Budapest.",
			[]string{"Place:Budapest"}, nil},
		{"He left Cairo on Tuesday for talks in Jordan.",
			[]string{"Place:Cairo"}, []string{"Egypt"}},
		{"U.N. envoy Smith heads for Cairo.",
			[]string{"Place:Cairo"}, []string{"Egypt"}},
		{"Cairo said on Monday it would not agree.",
			[]string{"Country:Egypt"}, []string{"Cairo"}},
		{"Police arrested six men in the southern city of Shiraz, the newspaper Kayhan reported.",
			[]string{"Place:Shiraz"}, nil},
	})
}
