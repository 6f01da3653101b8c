package resolve

import (
	"math/rand"
	"testing"
)

func TestKeys(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"Zelenskyy", "Zelenskiy"},
		{"Zelensky", "Zelenskyy"},
		{"Syrskyi", "Syrsky"},
		{"U.S.", "US"},
		{"Kim Jong Un's", "Kim Jong Un"},
		{"Kim Jong Un’s", "kim jong un"},
		{"Jonas Gahr Støre", "Jonas Gahr Store"},
		{"Donald  Trump", "Donald Trump"},
	} {
		if Key(c.a) != Key(c.b) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q: want equal", c.a, Key(c.a), c.b, Key(c.b))
		}
	}
	for _, c := range []struct{ a, b string }{
		{"Kim Jong Un", "Kim Yo Jong"},
		{"Jon Smith", "Jan Smith"},
		{"Putin", "Putina"},
		{"Lee", "Li"}, // short: endings not folded
	} {
		if Key(c.a) == Key(c.b) {
			t.Errorf("Key(%q) == Key(%q) = %q: want different", c.a, c.b, Key(c.a))
		}
	}
}

func TestAcronyms(t *testing.T) {
	for _, c := range []struct {
		s       string
		acronym bool
		key     string
	}{
		{"KCNA", true, "KCNA"}, {"U.N.", true, "UN"}, {"AfD", true, "AFD"}, {"IAEA", true, "IAEA"},
		{"Kremlin", false, ""}, {"A", false, ""}, {"NATO-led", false, ""}, {"ABCDEFG", false, ""},
	} {
		if got := IsAcronym(c.s); got != c.acronym {
			t.Errorf("IsAcronym(%q) = %v", c.s, got)
		}
		if c.acronym && AcronymKey(c.s) != c.key {
			t.Errorf("AcronymKey(%q) = %q, want %q", c.s, AcronymKey(c.s), c.key)
		}
	}
	for name, want := range map[string]string{
		"Korean Central News Agency":         "KCNA",
		"International Atomic Energy Agency": "IAEA",
		"Institute for Far Eastern Studies":  "IFES",
		"Security Service of Ukraine":        "SSU",
		"Reuters":                            "",
	} {
		if got := Initials(name); got != want {
			t.Errorf("Initials(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestPersonVariant(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want Match
	}{
		{"Volodymyr Zelenskyy", "Volodymyr Zelenskiy", SameName},
		{"Volodymyr Zelenskyy", "Volodimir Zelensky", Variant},
		{"Oleksandr Syrskyi", "Olexandr Syrsky", Variant},
		{"Dmitri Peskov", "Dmitry Peskov", SameName}, // -i/-y endings fold in the key
		{"Mikhail Mishustin", "Mihail Mishustin", Variant},
		{"Maria Petrova", "Marina Petrova", NearVariant},
		{"Jon Smith", "Jan Smith", NoMatch},          // too short to tell
		{"Kim Jong Un", "Kim Yo Jong", NoMatch},      // different given names
		{"Donald Trump", "Donald Trump Jr", NoMatch}, // word counts differ
		{"Volodimir Zelensky", "Vladimir Putin", NoMatch},
		{"Sergei Lavrov", "Sergio Lavrov", NoMatch}, // two letters apart
		{"Zelenskyy", "Zelenskiy", NoMatch},         // a bare surname is no full name
		{"Petrova Maria", "Ivanova Marina", NoMatch},
	} {
		if got := PersonVariant(c.a, c.b); got != c.want {
			t.Errorf("PersonVariant(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := PersonVariant(c.b, c.a); got != c.want {
			t.Errorf("PersonVariant(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}

// TestMayBeVariants checks the test on word keys alone, case by case.
func TestMayBeVariants(t *testing.T) {
	keys := func(name string) []string {
		var ks []string
		for _, w := range Words(name) {
			ks = append(ks, WordKey(w))
		}
		return ks
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Volodymyr Zelenskyy", "Volodimir Zelensky", true},
		{"Maria Petrova", "Marina Petrova", true},
		{"Sergei Lavrov", "Sergio Lavrov", true},              // Skeletons decide: two edits apart
		{"Volodymyr Zelenskyy", "Volodymyr Zelenskiy", false}, // the same keys
		{"Jon Smith", "Jan Smith", false},                     // too short
		{"Donald Trump", "Donald Trump Jr", false},            // word counts differ
		{"Zelenskyy", "Zelenskiy", false},                     // one word
		{"Petrova Maria", "Ivanova Marina", false},            // no word in common
		{"Vladimir Putin", "Wladimir Putin", false},           // first letters differ
		{"", "", false},
	} {
		if got := MayBeVariants(keys(c.a), keys(c.b)); got != c.want {
			t.Errorf("MayBeVariants(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestCanonical(t *testing.T) {
	for _, c := range []struct {
		uses []NameUse
		want string
	}{
		{nil, ""},
		{[]NameUse{{"KCNA", 3}, {"Korean Central News Agency", 1}}, "Korean Central News Agency"},
		{[]NameUse{{"Zelenskiy", 5}, {"Volodymyr Zelenskiy", 1}}, "Volodymyr Zelenskiy"},
		{[]NameUse{{"Volodymyr Zelenskiy", 1}, {"Volodymyr Zelenskyy", 1}, {"Volodimir Zelenskyy", 1}}, "Volodymyr Zelenskyy"},
		{[]NameUse{{"Volodymyr Zelenskiy", 1}, {"Volodimir Zelenskyy", 1}}, "Volodimir Zelenskyy"},
		{[]NameUse{{"Volodymyr Zelenskiy", 3}, {"Volodimir Zelenskyy", 1}}, "Volodymyr Zelenskiy"},
		{[]NameUse{{"Donald Trump", 4}, {"Donald J. Trump", 1}}, "Donald J. Trump"},
		{[]NameUse{{"U.S. Army", 1}, {"US Army", 2}}, "US Army"},
	} {
		if got := Canonical(c.uses); got != c.want {
			t.Errorf("Canonical(%v) = %q, want %q", c.uses, got, c.want)
		}
		// The order the names come in never matters.
		r := rand.New(rand.NewSource(1))
		for range 5 {
			u := append([]NameUse(nil), c.uses...)
			r.Shuffle(len(u), func(i, j int) { u[i], u[j] = u[j], u[i] })
			if got := Canonical(u); got != c.want {
				t.Errorf("Canonical(%v) = %q, want %q (shuffled)", u, got, c.want)
			}
		}
	}
}

func TestOrgKey(t *testing.T) {
	same := [][2]string{
		{"Hyundai Motors Corporation", "Hyundai Motors"},
		{"Siemens AG", "Siemens"},
		{"Barclays Plc", "Barclays PLC"},
		{"Ford Motor Co.", "Ford Motor"},
		{"Brown Brothers & Co", "Brown Brothers"},
		{"Sony Corp, Ltd", "Sony"},
		{"the State Department", "State Department"},
		{"Nestle S.A.", "Nestle"}, // "S.A." folds to "sa"
		{"Volkswagen GmbH", "Volkswagen"},
		{"BBC News", "BBC"},
		{"the CBS News", "CBS"},
	}
	for _, p := range same {
		if a, b := OrgKey(p[0]), OrgKey(p[1]); a != b {
			t.Errorf("OrgKey(%q) = %q, OrgKey(%q) = %q: want equal", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{
		{"Renault", "Renault-Nissan Alliance"},
		{"Barclays", "Barclays Bank"},
		{"Bank of America", "America"},
		{"Co", "Inc"},
		{"HSBC Holdings", "HSBC"},
		{"Sky News", "Sky"}, // not an acronym: Sky News and Sky plc are apart
		{"Fox News Channel", "Fox"},
	}
	for _, p := range differ {
		if a, b := OrgKey(p[0]), OrgKey(p[1]); a == b {
			t.Errorf("OrgKey(%q) = OrgKey(%q) = %q: want different", p[0], p[1], a)
		}
	}
	if got := StripLegalSuffix("Inc"); got != "Inc" {
		t.Errorf("StripLegalSuffix(Inc) = %q", got)
	}
}

func TestMisspelt(t *testing.T) {
	// One word misspelt by one letter, in names long enough to tell;
	// never short names, one-word names, two edits, or people.
	want := map[[2]string]bool{
		{"Untied Nations", "United Nations"}:                       true,
		{"Amnesty Internatonal", "Amnesty International"}:          true,
		{"World Helath Organization", "World Health Organization"}: true,
		{"Human Rights Wacth", "Human Rights Watch"}:               true,
		{"Ford", "Fort"}: false,
		{"Austria Airlines", "Austrian Airlines"}: true,
		{"Nordic Bank", "Nordea Bank"}:            false,
		{"United Nations", "United Nations"}:      false,
		{"Sinn Fein", "Sinn Fain"}:                false,
		{"Bank of Korea", "Bank of Kenya"}:        false,
		{"Kim Jong Un", "Kim Jong Il"}:            false,
	}
	for p, w := range want {
		if got := Misspelt(p[0], p[1]); got != w {
			t.Errorf("Misspelt(%q, %q) = %v, want %v", p[0], p[1], got, w)
		}
		if got := Misspelt(p[1], p[0]); got != w {
			t.Errorf("Misspelt(%q, %q) = %v, want %v", p[1], p[0], got, w)
		}
	}
}

func TestIsLegalForm(t *testing.T) {
	for name, want := range map[string]bool{"Inc.": true, "Co Ltd": true, "S.A.": true, "": false, "Siemens AG": false, "Shell": false} {
		if got := IsLegalForm(name); got != want {
			t.Errorf("IsLegalForm(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestCanonicalMisspelling(t *testing.T) {
	uses := []NameUse{{"Untied Nations", 1}, {"United Nations", 3}}
	if got := Canonical(uses); got != "United Nations" {
		t.Errorf("Canonical = %q, want the spelling more documents used", got)
	}
	uses = []NameUse{{"Untied Nations", 3}, {"United Nations", 1}}
	if got := Canonical(uses); got != "Untied Nations" {
		t.Errorf("Canonical = %q, want the spelling more documents used", got)
	}
}
