package coref

import (
	"bufio"
	_ "embed"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// Gender of a person entity, as far as the document and the name tell.
type gender int

const (
	unknown gender = iota
	male
	female
)

//go:embed data/givennames.tsv
var givenNamesTSV string

// givenNames maps a lower-case given name to its usual gender.
var givenNames = func() map[string]gender {
	m := map[string]gender{}
	sc := bufio.NewScanner(strings.NewReader(givenNamesTSV))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		name, g, ok := strings.Cut(line, "\t")
		if !ok {
			panic("coref: data/givennames.tsv: bad line " + line)
		}
		switch g {
		case "m":
			m[name] = male
		case "f":
			m[name] = female
		default:
			panic("coref: data/givennames.tsv: bad gender in " + line)
		}
	}
	return m
}()

// titleGender gives the gender a title or honorific implies.
var titleGender = map[string]gender{
	"mr": male, "sir": male, "king": male, "prince": male, "crown prince": male,
	"sheikh": male, "emir": male, "sultan": male, "lord": male, "chairman": male,
	"spokesman": male, "father": male, "brother": male, "archbishop": male,
	"pope": male, "cardinal": male, "ayatollah": male, "grand duke": male,
	"mrs": female, "ms": female, "miss": female, "madame": female, "mme": female,
	"queen": female, "princess": female, "lady": female, "dame": female,
	"chairwoman": female, "spokeswoman": female, "sister": female, "mother": female,
	"baroness": female, "duchess": female, "begum": female,
}

// legalSuffixes end the names of companies ("Roosevelt Financial Group Inc").
var legalSuffixes = set("inc", "corp", "corporation", "co", "cos", "company", "ltd", "limited",
	"plc", "ag", "sa", "nv", "bv", "gmbh", "spa", "ab", "asa", "as", "oy", "oyj", "llc", "lp",
	"holdings", "holding", "group", "bhd", "kk", "pty", "se", "srl", "sarl", "industries",
	"airlines", "airways", "motors", "motor", "bancorp", "bank", "petroleum", "steel", "mining",
	"minerals", "resources", "technologies", "technology", "systems", "communications",
	"telecom", "energy", "electric", "pharmaceuticals", "partners", "trust", "securities")

// publicWords mark a body that is not a company: the state, parties,
// armed and militant groups, international bodies, courts, newspapers.
var publicWords = set("ministry", "department", "government", "parliament", "congress",
	"senate", "assembly", "duma", "council", "commission", "committee", "court", "police",
	"army", "navy", "force", "forces", "guard", "party", "front", "movement", "union",
	"league", "organisation", "organization", "nations", "agency", "office", "bureau",
	"administration", "authority", "university", "institute", "church", "news", "radio",
	"television", "times", "post", "journal", "herald", "tribune", "daily", "cabinet",
	"house", "kremlin", "pentagon", "federation", "association", "alliance", "coalition",
	"fund", "reserve", "opec", "nato", "tass", "interfax", "xinhua", "reuters", "kyodo")

// newsAgencies are the wire services Reuters quotes, whose names carry no
// "agency" ("Interfax said ... the agency said").
var newsAgencies = set("interfax", "itar-tass", "tass", "xinhua", "kyodo", "tanjug", "bernama",
	"ina", "irna", "mena", "anatolian", "ria", "afp", "ap", "reuters", "yonhap", "antara",
	"petra", "wafa", "sana", "kuna", "spa", "pap", "ctk", "mti", "bta", "hina", "anp", "ansa",
	"efe", "dpa", "apa", "belga", "ntb", "tt", "ritzau", "stt", "kna", "pti", "uni", "app",
	"sapa", "pana", "nan", "kcna", "vna", "pna", "cna", "zamir", "srna", "onasa", "bh press")

// kingdoms are the countries "the kingdom" can mean (by kg id slug).
var kingdoms = set("saudi-arabia", "jordan", "morocco", "united-kingdom", "spain",
	"netherlands", "belgium", "norway", "sweden", "denmark", "thailand", "cambodia", "nepal",
	"bhutan", "bahrain", "lesotho", "swaziland", "eswatini", "tonga")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// entInfo is what coref knows of one entity of the document.
type entInfo struct {
	id     string
	typ    kg.EntityType
	slug   string   // the id after the type
	name   string   // the canonical name
	words  []string // the canonical name's words, lower-case
	gender gender
	titles []string // lower-case titles seen with it ("prime minister")
	// nations are the countries written just before the person's name or
	// title ("Israeli Prime Minister Benjamin Netanyahu", "Israel's
	// Netanyahu").
	nations map[string]bool
}

func newEntInfo(e *kg.Entity) *entInfo {
	_, slug, _ := strings.Cut(e.ID, "/")
	words := strings.Fields(strings.ToLower(e.Name))
	for i, w := range words {
		words[i] = strings.Trim(w, ".,()'\"")
	}
	return &entInfo{id: e.ID, typ: e.Type, slug: slug, name: e.Name, words: words}
}

// addTitle records a title; titles that imply a gender set it.
func (e *entInfo) addTitle(t string) {
	if t == "" {
		return
	}
	t = strings.TrimSuffix(t, ".")
	for _, have := range e.titles {
		if have == t {
			return
		}
	}
	e.titles = append(e.titles, t)
	if g, ok := titleGender[t]; ok && e.gender == unknown {
		e.gender = g
	}
}

// guessGender fills in the gender from the given name when no title gave
// one. A one-word name ("Kim") may be a surname, so it tells nothing.
func (e *entInfo) guessGender(aliases []string) {
	if e.typ != kg.Person || e.gender != unknown {
		return
	}
	names := append([]string{strings.Join(e.words, " ")}, aliases...)
	for _, n := range names {
		w := strings.Fields(strings.ToLower(n))
		if len(w) < 2 {
			continue
		}
		first := strings.Trim(w[0], ".")
		if g, ok := titleGender[first]; ok { // "Begum Khaleda Zia", "Sheikh Hasina"
			e.gender = g
			return
		}
		if g, ok := givenNames[first]; ok {
			e.gender = g
			return
		}
	}
}

func (e *entInfo) last() string {
	if len(e.words) == 0 {
		return ""
	}
	return e.words[len(e.words)-1]
}

func (e *entInfo) hasWord(ws map[string]bool) bool {
	for _, w := range e.words {
		if ws[w] {
			return true
		}
	}
	return false
}

// isCompany: an Organization with a legal suffix or a business word at the
// end of its name, or a bare brand-like name with no public-body word.
func (e *entInfo) isCompany() bool {
	if e.typ != kg.Organization || len(e.words) == 0 {
		return false
	}
	if legalSuffixes[e.last()] {
		return !e.hasWord(publicWords) || e.last() == "bank"
	}
	if e.hasWord(publicWords) || newsAgencies[strings.Join(e.words, " ")] {
		return false
	}
	// "Softbank", "Zenith": a short name that is not an acronym of a
	// public body. Acronyms are too often parties and armed groups.
	return len(e.words) <= 2 && e.name != strings.ToUpper(e.name)
}

// fits reports whether e can be what the description head h stands for.
func (e *entInfo) fits(h *head) bool {
	switch h.class {
	case clsTitle:
		if h.nation != "" && len(e.nations) > 0 && !e.nations[h.nation] {
			return false // "the Egyptian leader" is not Israel's
		}
		return e.typ == kg.Person && e.hasTitle(h)
	case clsCompany:
		return e.isCompany()
	case clsBank:
		return e.typ == kg.Organization && (e.hasWord(set("bank", "banco", "banque", "bancorp")))
	case clsCentralBank:
		// "Central Bank of Nigeria", "Bank of Japan", "Reserve Bank of
		// India", "Bundesbank"; not "Cooperative Bank of Taiwan".
		n := strings.Join(e.words, " ")
		return e.typ == kg.Organization && (strings.Contains(n, "central bank") || strings.HasPrefix(n, "bank of ") ||
			strings.HasPrefix(n, "reserve bank") || strings.HasPrefix(n, "federal reserve") || n == "bundesbank")
	case clsGroup:
		return e.typ == kg.Organization && !e.hasWord(set("ministry", "department", "government",
			"parliament", "court", "police", "army", "agency", "news", "radio", "television"))
	case clsMinistry:
		return e.typ == kg.Organization && e.hasWord(set("ministry", "department"))
	case clsAgency:
		return e.typ == kg.Organization && (e.hasWord(set("agency", "agence")) ||
			newsAgencies[strings.Join(e.words, " ")])
	case clsParty:
		return e.typ == kg.Organization && e.hasWord(set("party"))
	case clsKingdom:
		return e.typ == kg.Country && kingdoms[e.slug]
	case clsJewishState:
		return e.typ == kg.Country && e.slug == "israel"
	case clsIslamicRepublic:
		return e.typ == kg.Country && e.slug == "iran"
	case clsCountry:
		return e.typ == kg.Country
	case clsPerson:
		return e.typ == kg.Person
	case clsOrg:
		return e.typ == kg.Organization
	case clsSide:
		return e.typ == kg.Country || e.typ == kg.Organization
	}
	return false
}

// hasTitle: one of e's titles ends in the description's title words
// ("the minister" fits "foreign minister"; "the foreign minister" does not
// fit "finance minister").
func (e *entInfo) hasTitle(h *head) bool {
	for _, t := range e.titles {
		former := strings.HasPrefix(t, "former ") || strings.HasPrefix(t, "ex-")
		if former != h.former {
			continue
		}
		tw := strings.Fields(t)
		if len(tw) == 0 {
			continue
		}
		last := tw[len(tw)-1]
		ok := last == h.word || synonymTitle(h.word, t)
		if ok && h.qual != "" && len(tw) >= 2 && tw[len(tw)-2] != h.qual {
			ok = false
		}
		if ok {
			return true
		}
	}
	return false
}

func synonymTitle(word, title string) bool {
	switch word {
	case "premier":
		return title == "prime minister" || strings.HasSuffix(title, "premier")
	case "monarch":
		return title == "king" || title == "queen"
	case "leader":
		return strings.HasSuffix(title, "leader") || title == "president" || title == "prime minister" || title == "chairman"
	case "executive":
		return strings.Contains(title, "chief executive") || title == "ceo"
	}
	return false
}
