package relation

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
	"github.com/jdkato/prose/v2"
)

// This file builds kg.Annotated values for unit tests without the ner
// stage: prose tokenises and tags each sentence, tokens are aligned to the
// text, and mentions come from a small gazetteer with the ner stage's
// conventions (titles split off into Mention.Title, demonyms as Country
// mentions, "'s" outside the name).

type gz struct {
	surface string
	typ     kg.EntityType
	name    string // canonical name: the entity ID is kg.EntityID(typ, name)
	kind    kg.MentionKind
}

var testGaz = []gz{
	{"Donald Trump", kg.Person, "Donald Trump", kg.KindName},
	// Names of the examples of the descriptor, capital, counterpart and
	// article-less appositive forms (docs/relations.md).
	{"Kate Michelman", kg.Person, "Kate Michelman", kg.KindName},
	{"National Abortion Rights Action League", kg.Organization, "National Abortion Rights Action League", kg.KindName},
	{"Fernando Henrique Cardoso", kg.Person, "Fernando Henrique Cardoso", kg.KindName},
	{"Brazilian", kg.Country, "Brazil", kg.KindDemonym},
	{"Mohamed Ali Khalfallah", kg.Person, "Mohamed Ali Khalfallah", kg.KindName},
	{"Movement of Socialist Democrats", kg.Organization, "Movement of Socialist Democrats", kg.KindName},
	{"Belgium", kg.Country, "Belgium", kg.KindName},
	{"Kredietbank", kg.Organization, "Kredietbank", kg.KindName},
	{"Swedish", kg.Country, "Sweden", kg.KindDemonym},
	{"LM Ericsson AB", kg.Organization, "LM Ericsson AB", kg.KindName},
	{"Grozny", kg.Place, "Grozny", kg.KindName},
	{"Alexander Lebed", kg.Person, "Alexander Lebed", kg.KindName},
	{"Republican Party", kg.Organization, "Republican Party", kg.KindName},
	{"Chechnya", kg.Place, "Chechnya", kg.KindName},
	{"Trump", kg.Person, "Donald Trump", kg.KindSurname},
	{"Vladimir Putin", kg.Person, "Vladimir Putin", kg.KindName},
	{"Putin", kg.Person, "Vladimir Putin", kg.KindSurname},
	{"Kim Jong Un", kg.Person, "Kim Jong Un", kg.KindName},
	{"Kim", kg.Person, "Kim Jong Un", kg.KindSurname},
	{"Volodymyr Zelenskyy", kg.Person, "Volodymyr Zelenskyy", kg.KindName},
	{"Volodymyr Zelenskiy", kg.Person, "Volodymyr Zelenskyy", kg.KindName},
	{"Zelenskiy", kg.Person, "Volodymyr Zelenskyy", kg.KindSurname},
	{"Valery Gerasimov", kg.Person, "Valery Gerasimov", kg.KindName},
	{"Gerasimov", kg.Person, "Valery Gerasimov", kg.KindSurname},
	{"Dmitri Peskov", kg.Person, "Dmitri Peskov", kg.KindName},
	{"Rafael Grossi", kg.Person, "Rafael Grossi", kg.KindName},
	{"Marco Rubio", kg.Person, "Marco Rubio", kg.KindName},
	{"Steve Witkoff", kg.Person, "Steve Witkoff", kg.KindName},
	{"Karoline Leavitt", kg.Person, "Karoline Leavitt", kg.KindName},
	{"Sergei Lavrov", kg.Person, "Sergei Lavrov", kg.KindName},
	{"Yuri Ushakov", kg.Person, "Yuri Ushakov", kg.KindName},
	{"Friedrich Merz", kg.Person, "Friedrich Merz", kg.KindName},
	{"Merz", kg.Person, "Friedrich Merz", kg.KindSurname},
	{"Lim Eul-chul", kg.Person, "Lim Eul-chul", kg.KindName},
	{"Vasyl Maliuk", kg.Person, "Vasyl Maliuk", kg.KindName},
	{"Kirill Dmitriev", kg.Person, "Kirill Dmitriev", kg.KindName},
	{"Russian", kg.Country, "Russia", kg.KindDemonym},
	{"Russia", kg.Country, "Russia", kg.KindName},
	{"Moscow", kg.Country, "Russia", kg.KindCapital},
	{"Ukrainian", kg.Country, "Ukraine", kg.KindDemonym},
	{"Ukraine", kg.Country, "Ukraine", kg.KindName},
	{"North Korean", kg.Country, "North Korea", kg.KindDemonym},
	{"North Korea", kg.Country, "North Korea", kg.KindName},
	{"Pyongyang", kg.Country, "North Korea", kg.KindCapital},
	{"US", kg.Country, "United States", kg.KindAcronym},
	{"United States", kg.Country, "United States", kg.KindName},
	{"German", kg.Country, "Germany", kg.KindDemonym},
	{"Seoul", kg.Country, "South Korea", kg.KindCapital},
	{"Kremlin", kg.Organization, "Kremlin", kg.KindName},
	{"IAEA", kg.Organization, "IAEA", kg.KindAcronym},
	{"KCNA", kg.Organization, "KCNA", kg.KindAcronym},
	{"SBU", kg.Organization, "SBU", kg.KindAcronym},
	{"White House", kg.Organization, "White House", kg.KindName},
	{"Institute for Far Eastern Studies", kg.Organization, "Institute for Far Eastern Studies", kg.KindName},
	{"Anchorage", kg.Place, "Anchorage", kg.KindName},
	{"Alaska", kg.Place, "Alaska", kg.KindName},
	{"Joint Base Elmendorf-Richardson", kg.Place, "Joint Base Elmendorf-Richardson", kg.KindName},
	{"Kursk", kg.Place, "Kursk", kg.KindName},
	{"New York", kg.Place, "New York", kg.KindName},
	// From CoNLL-2003 sentences used as constructed cases.
	{"Australian", kg.Country, "Australia", kg.KindDemonym},
	{"Derbyshire", kg.Organization, "Derbyshire", kg.KindName},
	{"Dean Jones", kg.Person, "Dean Jones", kg.KindName},
	{"Doku Zavgayev", kg.Person, "Doku Zavgayev", kg.KindName},
	{"Arafat", kg.Person, "Yasser Arafat", kg.KindSurname},
	{"Mubarak", kg.Person, "Hosni Mubarak", kg.KindSurname},
	{"Cairo", kg.Place, "Cairo", kg.KindName},
	{"David Levy", kg.Person, "David Levy", kg.KindName},
	{"Israeli", kg.Country, "Israel", kg.KindDemonym},
	{"Klaus Kinkel", kg.Person, "Klaus Kinkel", kg.KindName},
	{"Bonn", kg.Place, "Bonn", kg.KindName},
	{"Rosati", kg.Person, "Dariusz Rosati", kg.KindSurname},
	{"Warsaw", kg.Country, "Poland", kg.KindCapital},
	{"Switzerland", kg.Country, "Switzerland", kg.KindName},
	{"Peres", kg.Person, "Shimon Peres", kg.KindSurname},
	{"Gaza", kg.Place, "Gaza", kg.KindName},
	{"Specter", kg.Person, "Arlen Specter", kg.KindSurname},
	{"Saudi", kg.Country, "Saudi Arabia", kg.KindName},
	{"American", kg.Country, "United States", kg.KindDemonym},
	{"Dhahran", kg.Place, "Dhahran", kg.KindName},
	{"Morocco", kg.Country, "Morocco", kg.KindName},
	// Issue 3: the other predicates (seeds and constructed sentences).
	{"Xi", kg.Person, "Xi Jinping", kg.KindSurname},
	{"JD Vance", kg.Person, "JD Vance", kg.KindName},
	{"Vance", kg.Person, "JD Vance", kg.KindSurname},
	{"Cyril Ramaphosa", kg.Person, "Cyril Ramaphosa", kg.KindName},
	{"Ramaphosa", kg.Person, "Cyril Ramaphosa", kg.KindSurname},
	{"Volodymyr Zelensky", kg.Person, "Volodymyr Zelenskyy", kg.KindName},
	{"Zelensky", kg.Person, "Volodymyr Zelenskyy", kg.KindSurname},
	{"Giorgia Meloni", kg.Person, "Giorgia Meloni", kg.KindName},
	{"Jonas Gahr Støre", kg.Person, "Jonas Gahr Støre", kg.KindName},
	{"Alexander Stubb", kg.Person, "Alexander Stubb", kg.KindName},
	{"Paul Nakasone", kg.Person, "Paul Nakasone", kg.KindName},
	{"Nakasone", kg.Person, "Paul Nakasone", kg.KindSurname},
	{"Oleksandr Syrskyi", kg.Person, "Oleksandr Syrskyi", kg.KindName},
	{"Syrskyi", kg.Person, "Oleksandr Syrskyi", kg.KindSurname},
	{"Grossi", kg.Person, "Rafael Grossi", kg.KindSurname},
	{"Lamberto Dini", kg.Person, "Lamberto Dini", kg.KindName},
	{"Julius Nyerere", kg.Person, "Julius Nyerere", kg.KindName},
	{"Fidel Ramos", kg.Person, "Fidel Ramos", kg.KindName},
	{"Suharto", kg.Person, "Suharto", kg.KindName},
	{"Lebed", kg.Person, "Alexander Lebed", kg.KindSurname},
	{"Yeltsin", kg.Person, "Boris Yeltsin", kg.KindSurname},
	{"Lukashenko", kg.Person, "Alexander Lukashenko", kg.KindSurname},
	{"Albright", kg.Person, "Madeleine Albright", kg.KindSurname},
	{"Doku Zavgayev", kg.Person, "Doku Zavgayev", kg.KindName},
	{"South Korea", kg.Country, "South Korea", kg.KindName},
	{"South Korean", kg.Country, "South Korea", kg.KindDemonym},
	{"South African", kg.Country, "South Africa", kg.KindDemonym},
	{"Italian", kg.Country, "Italy", kg.KindDemonym},
	{"Norwegian", kg.Country, "Norway", kg.KindDemonym},
	{"Finnish", kg.Country, "Finland", kg.KindDemonym},
	{"Washington", kg.Country, "United States", kg.KindCapital},
	{"Germany", kg.Country, "Germany", kg.KindName},
	{"Kenya", kg.Country, "Kenya", kg.KindName},
	{"Iran", kg.Country, "Iran", kg.KindName},
	{"Iraq", kg.Country, "Iraq", kg.KindName},
	{"Iraqi", kg.Country, "Iraq", kg.KindDemonym},
	{"Syria", kg.Country, "Syria", kg.KindName},
	{"Israel", kg.Country, "Israel", kg.KindName},
	{"Britain", kg.Country, "United Kingdom", kg.KindName},
	{"Chile", kg.Country, "Chile", kg.KindName},
	{"Sudan", kg.Country, "Sudan", kg.KindName},
	{"Jordan", kg.Country, "Jordan", kg.KindName},
	{"China", kg.Country, "China", kg.KindName},
	{"Indonesia", kg.Country, "Indonesia", kg.KindName},
	{"Indonesian", kg.Country, "Indonesia", kg.KindDemonym},
	{"Philippine", kg.Country, "Philippines", kg.KindDemonym},
	{"Manila", kg.Country, "Philippines", kg.KindCapital},
	{"Baghdad", kg.Country, "Iraq", kg.KindCapital},
	{"Finland", kg.Country, "Finland", kg.KindName},
	{"Tanzanian", kg.Country, "Tanzania", kg.KindDemonym},
	{"Reuters", kg.Organization, "Reuters", kg.KindName},
	{"BBC", kg.Organization, "BBC", kg.KindAcronym},
	{"OpenAI", kg.Organization, "OpenAI", kg.KindName},
	{"Anduril", kg.Organization, "Anduril", kg.KindName},
	{"NATO", kg.Organization, "NATO", kg.KindAcronym},
	{"BlackRock", kg.Organization, "BlackRock", kg.KindName},
	{"U.S. Army", kg.Organization, "US Army", kg.KindName},
	{"TSN Tyzhden", kg.Organization, "TSN Tyzhden", kg.KindName},
	{"Oval Office", kg.Place, "Oval Office", kg.KindName},
	{"Russian Embassy", kg.Place, "Russian Embassy", kg.KindName},
	{"Dnipropetrovsk", kg.Place, "Dnipropetrovsk", kg.KindName},
	{"Odessa", kg.Place, "Odessa", kg.KindName},
	{"NAIROBI", kg.Place, "Nairobi", kg.KindName},
	{"Kyiv", kg.Place, "Kyiv", kg.KindName},
	{"Kharkiv", kg.Place, "Kharkiv", kg.KindName},
	{"Chicago", kg.Place, "Chicago", kg.KindName},
	{"Khartoum", kg.Place, "Khartoum", kg.KindName},
	{"Amman", kg.Place, "Amman", kg.KindName},
	{"Arbil", kg.Place, "Arbil", kg.KindName},
	{"Hangzhou", kg.Place, "Hangzhou", kg.KindName},
	{"Tripoli", kg.Place, "Tripoli", kg.KindName},
	{"Cooperation", kg.Place, "Cooperation", kg.KindName},
	{"Europe", kg.Place, "Europe", kg.KindName},
	// The located kind's based form.
	{"Frankfurt", kg.Place, "Frankfurt", kg.KindName},
	{"Commerzbank", kg.Organization, "Commerzbank", kg.KindName},
	{"Minneapolis", kg.Place, "Minneapolis", kg.KindName},
	{"First Bank System Inc", kg.Organization, "First Bank System Inc", kg.KindName},
	{"Norwest Corp", kg.Organization, "Norwest Corp", kg.KindName},
	{"Amnesty International", kg.Organization, "Amnesty International", kg.KindName},
}

// Titles the helper splits off before a Person, longest first.
var testTitles = []string{
	"vice president", "secretary of state", "chief of staff", "director general", "press secretary",
	"special envoy", "foreign minister", "foreign policy adviser", "prime minister",
	"president", "leader", "spokesman", "spokeswoman", "chancellor", "mr", "comrade",
	"former president", "captain", "chief",
}

var (
	proseOnce  sync.Once
	proseModel *prose.Model
)

// annotate builds a document from sentences (joined by one space) dated
// date, and annotates it. A sentence equal to an earlier one is marked
// Duplicate.
func annotate(t testing.TB, date string, sentences ...string) *kg.Annotated {
	t.Helper()
	proseOnce.Do(func() { proseModel = prose.ModelFromData("relationtest") })
	doc := &kg.Document{ID: "test.txt", Date: date, Text: strings.Join(sentences, " ")}
	a := &kg.Annotated{Doc: doc}
	seen := map[string]bool{}
	off := 0
	for si, s := range sentences {
		pd, err := prose.NewDocument(s, prose.UsingModel(proseModel), prose.WithSegmentation(false), prose.WithExtraction(false))
		if err != nil {
			t.Fatal(err)
		}
		ks := kg.Sentence{Start: off, End: off + len(s), TokStart: len(a.Tokens), Duplicate: seen[s]}
		seen[s] = true
		pos := 0
		for _, pt := range pd.Tokens() {
			b, e, ok := alignTok(s, pos, pt.Text)
			if !ok {
				t.Fatalf("cannot align %q after byte %d of %q", pt.Text, pos, s)
			}
			a.Tokens = append(a.Tokens, kg.Token{Start: off + b, End: off + e, Text: s[b:e], Tag: pt.Tag})
			pos = e
		}
		ks.TokEnd = len(a.Tokens)
		a.Sentences = append(a.Sentences, ks)
		a.Mentions = append(a.Mentions, gazMentions(doc.Text, off, s, si)...)
		off += len(s) + 1
	}
	sort.SliceStable(a.Mentions, func(i, j int) bool { return a.Mentions[i].Start < a.Mentions[j].Start })
	return a
}

// alignTok finds token text tok in s at or after pos (after white space),
// allowing prose's quote normalisation.
func alignTok(s string, pos int, tok string) (int, int, bool) {
	for pos < len(s) {
		r, n := utf8.DecodeRuneInString(s[pos:])
		if !unicode.IsSpace(r) {
			break
		}
		pos += n
	}
	rest := s[pos:]
	if strings.HasPrefix(rest, tok) {
		return pos, pos + len(tok), true
	}
	// prose writes ’ as ' and “ ” as ``/''/".
	i, j := 0, 0
	for i < len(tok) && j < len(rest) {
		r1, n1 := utf8.DecodeRuneInString(tok[i:])
		r2, n2 := utf8.DecodeRuneInString(rest[j:])
		switch {
		case r1 == r2:
		case r1 == '\'' && (r2 == '’' || r2 == '‘'):
		case (r1 == '`' || r1 == '\'' || r1 == '"') && (r2 == '“' || r2 == '”' || r2 == '"'):
			if tok == "``" || tok == "''" {
				return pos, pos + n2, true
			}
		default:
			return 0, 0, false
		}
		i += n1
		j += n2
	}
	if i < len(tok) {
		return 0, 0, false
	}
	return pos, pos + j, true
}

// gazMentions finds the gazetteer's surfaces in sentence s (at byte off of
// text), longest first, on word boundaries, and splits off titles.
func gazMentions(text string, off int, s string, si int) []kg.Mention {
	gaz := append([]gz(nil), testGaz...)
	sort.SliceStable(gaz, func(i, j int) bool { return len(gaz[i].surface) > len(gaz[j].surface) })
	taken := make([]bool, len(s))
	var out []kg.Mention
	for _, g := range gaz {
		for from := 0; ; {
			i := strings.Index(s[from:], g.surface)
			if i < 0 {
				break
			}
			b, e := from+i, from+i+len(g.surface)
			from = e
			if !wordEdge(s, b, e) || anyTaken(taken, b, e) {
				continue
			}
			for k := b; k < e; k++ {
				taken[k] = true
			}
			m := kg.Mention{Start: off + b, End: off + e, Text: g.surface, Type: g.typ, Kind: g.kind,
				Sentence: si, Entity: kg.EntityID(g.typ, g.name), TitleStart: off + b}
			if g.typ == kg.Person {
				low := strings.ToLower(s[:b])
				for _, ti := range testTitles {
					if strings.HasSuffix(low, ti+" ") && wordEdge(s, b-len(ti)-1, b-1) {
						m.Title = ti
						m.TitleStart = off + b - len(ti) - 1
						break
					}
				}
			}
			out = append(out, m)
			// A compass region ("northern Iraq"), as the ner stage
			// makes it: a Place before the country's own mention.
			if g.typ == kg.Country && g.kind == kg.KindName || g.typ == kg.Place {
				for _, w := range []string{"northern", "southern", "eastern", "western", "north", "south"} {
					if rb := b - len(w) - 1; rb >= 0 && s[rb:b] == w+" " && wordEdge(s, rb, b-1) {
						out = append(out, kg.Mention{Start: off + rb, End: off + e, Text: s[rb:e], Type: kg.Place, Kind: kg.KindName,
							Sentence: si, Entity: kg.EntityID(kg.Place, s[rb:e]), TitleStart: off + rb})
					}
				}
			}
		}
	}
	return out
}

func wordEdge(s string, b, e int) bool {
	if b > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:b])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if e < len(s) {
		r, _ := utf8.DecodeRuneInString(s[e:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func anyTaken(taken []bool, b, e int) bool {
	for k := b; k < e; k++ {
		if taken[k] {
			return true
		}
	}
	return false
}
