package ner

import "testing"

// "X-based" names the place X, and the organization after it is a name of
// its own (docs/annotation.md 2.22).
func TestBasedPlaces(t *testing.T) {
	checkKinds(t, []kindCase{
		{"Minneapolis-based Northland Grain Co. said on Monday it would buy two elevators.",
			[]string{"Place:Minneapolis", "Organization:Northland Grain Co."}, []string{"Minneapolis-based Northland Grain Co."}},
		{"Shares of St. Louis-based Hollis Bancorp Inc. rose 2 percent.",
			[]string{"Place:St. Louis", "Organization:Hollis Bancorp Inc."}, nil},
		{"The deal was approved by the New York-based group Citizens for Fair Banking, a spokesman said.",
			[]string{"Place:New York"}, []string{"New York-based group Citizens for Fair Banking"}},
		{"Last year South Korea-based Daewon Motors Co. opened a plant in Poland.",
			[]string{"Country:South Korea", "Organization:Daewon Motors Co."}, nil},
		{"Analysts at the Tokyo-based brokerage were cautious.",
			[]string{"Place:Tokyo"}, []string{"Japan"}},
		{"The group is a web-based service for farmers.",
			nil, []string{"web"}},
		{"Community-based clinics opened in 12 towns.",
			nil, []string{"Community"}},
	})
}
