package gazetteer

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		surface string
		cca3    string // "" = no hit
		form    Form
	}{
		{"North Korea", "PRK", FormName},
		{"NORTH KOREA", "PRK", FormName},
		{"north korea", "", 0},
		{"North Korean", "PRK", FormDemonym},
		{"DPRK", "PRK", FormAcronym},
		{"Democratic People's Republic of Korea", "PRK", FormName},
		{"Democratic People’s Republic of Korea", "PRK", FormName},
		{"Pyongyang", "PRK", FormCapital},
		{"U.S.", "USA", FormAcronym},
		{"US", "USA", FormAcronym},
		{"USA", "USA", FormAcronym},
		{"us", "", 0},
		{"Us", "", 0},
		{"United States", "USA", FormName},
		{"United States of America", "USA", FormName},
		{"Washington", "USA", FormCapital},
		{"UK", "GBR", FormAcronym},
		{"Britain", "GBR", FormName},
		{"Russia", "RUS", FormName},
		{"Russian", "RUS", FormDemonym},
		{"Russian Federation", "RUS", FormName},
		{"Kyiv", "UKR", FormCapital},
		{"Kiev", "UKR", FormCapital},
		{"Turkey", "TUR", FormName},
		{"Kosovo", "UNK", FormName},
		// Former states from extras.tsv.
		{"Soviet Union", "SUN", FormName},
		{"USSR", "SUN", FormAcronym},
		{"Soviet", "SUN", FormDemonym},
		// ISO codes that are English words or abbreviations never match.
		{"IN", "", 0},
		{"IT", "", 0},
		{"AI", "", 0},
		{"CAN", "", 0},
		{"PER", "", 0},
		{"KP", "", 0},
		{"RUS", "", 0},
		// "the North" is not North Korea.
		{"the North", "", 0},
		{"North", "", 0},
		// Territories' capitals and capitals that are given names.
		{"Hamilton", "", 0},
		{"Victoria", "", 0},
	}
	for _, tt := range tests {
		hs := g.Lookup(tt.surface)
		if tt.cca3 == "" {
			if len(hs) > 0 {
				t.Errorf("Lookup(%q) = %s %v, want no hit", tt.surface, hs[0].Entry.CCA3, hs[0].Form)
			}
			continue
		}
		if len(hs) == 0 {
			t.Errorf("Lookup(%q): no hit, want %s %v", tt.surface, tt.cca3, tt.form)
			continue
		}
		if hs[0].Entry.CCA3 != tt.cca3 || hs[0].Form != tt.form {
			t.Errorf("Lookup(%q) = %s %v, want %s %v", tt.surface, hs[0].Entry.CCA3, hs[0].Form, tt.cca3, tt.form)
		}
	}
}

func TestEntries(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	prk := g.ByCode("PRK")
	if prk == nil || prk.Name != "North Korea" || prk.Wikidata != "http://www.wikidata.org/entity/Q423" || !prk.Sovereign {
		t.Errorf("PRK = %+v", prk)
	}
	if e := g.ByCode("GRL"); e == nil || e.Sovereign {
		t.Errorf("Greenland should be a territory: %+v", e)
	}
	if e := g.ByCode("TWN"); e == nil || !e.Sovereign {
		t.Errorf("Taiwan should be a (de-facto) state: %+v", e)
	}
	missing := 0
	for _, e := range g.Entries() {
		if e.Sovereign && e.Wikidata == "" {
			missing++
			t.Errorf("%s (%s) has no Wikidata IRI", e.CCA3, e.Name)
		}
		if e.Wikidata != "" && !strings.HasPrefix(e.Wikidata, "http://www.wikidata.org/entity/Q") {
			t.Errorf("%s: bad Wikidata IRI %q", e.CCA3, e.Wikidata)
		}
	}
	if len(g.Entries()) < 240 {
		t.Errorf("%d entries, want the full table", len(g.Entries()))
	}
}

// TestGenerated checks that countries.tsv is what internal/gen makes from
// the shared data, when that data is present (it is not at run time).
func TestGenerated(t *testing.T) {
	src := "../../../shared/data/countries"
	if _, err := os.Stat(src + "/world-countries.json"); err != nil {
		t.Skip("shared country data not present")
	}
	out := t.TempDir() + "/countries.tsv"
	if err := runGen(src, out); err != nil {
		t.Skipf("generator not runnable here: %v", err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != countriesTSV {
		t.Error("countries.tsv is stale: run go generate ./ner/gazetteer")
	}
}

func TestParseErrors(t *testing.T) {
	if _, err := Parse("PRK\tKP\n", ""); err == nil {
		t.Error("short row: want error")
	}
	if _, err := Parse(countriesTSV, "XXX\talt\tFoo\n"); err == nil {
		t.Error("unknown code in extras: want error")
	}
	if _, err := Parse(countriesTSV, "PRK\tbogus\tFoo\n"); err == nil {
		t.Error("unknown kind in extras: want error")
	}
}

func runGen(src, out string) error {
	cmd := exec.Command("go", "run", "./internal/gen", "-src", src, "-o", out)
	b, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, b)
	}
	return nil
}
