package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// Fixtures: small news documents written for these tests, in the style of
// testdata/news (Trump and Putin in Anchorage; North Korea in Kursk).
// Offsets are computed from the text, so they are exact.

const wikidata = "http://www.wikidata.org/entity/"

func newDoc(id, date, title, text string) *kg.Document {
	sum := sha256.Sum256([]byte(text))
	return &kg.Document{ID: id, Date: date, Title: title, Text: text, Hash: hex.EncodeToString(sum[:])}
}

func ent(typ kg.EntityType, name string, mentions int, aliases ...string) kg.Entity {
	if aliases == nil {
		aliases = []string{}
	}
	return kg.Entity{ID: kg.EntityID(typ, name), Name: name, Type: typ, Aliases: aliases, Mentions: mentions, Documents: 1, SameAs: []string{}}
}

func sameAs(e kg.Entity, q string) kg.Entity {
	e.SameAs = []string{wikidata + q}
	return e
}

// rel builds a relation whose evidence is the n-th occurrence (from 1) of
// sentence in the document's text.
func rel(t testing.TB, d *kg.Document, subj, pred, obj, modality, loc, date, role, sentence string) kg.Relation {
	t.Helper()
	start := strings.Index(d.Text, sentence)
	if start < 0 {
		t.Fatalf("fixture: %q not in %s", sentence, d.ID)
	}
	return kg.Relation{
		Subject: subj, Predicate: pred, Object: obj, Modality: modality,
		Location: loc, Date: date, Role: role, Support: 1,
		Evidence: []kg.Evidence{{Doc: d.ID, Start: start, End: start + len(sentence), Sentence: sentence}},
	}
}

const (
	trump     = "person/donald-trump"
	putin     = "person/vladimir-putin"
	zelenskiy = "person/volodymyr-zelenskiy"
	kim       = "person/kim-jong-un"
	anchorage = "place/anchorage"
	alaska    = "place/alaska"
	jber      = "place/joint-base-elmendorf-richardson"
	kursk     = "place/kursk"
	us        = "country/us"
	russia    = "country/russia"
	ukraine   = "country/ukraine"
	nkorea    = "country/north-korea"
	kcna      = "organization/kcna"
)

const (
	anchorageS1 = "US President Donald Trump and Russian President Vladimir Putin shared a handshake in Anchorage, Alaska."
	anchorageS2 = "Mr Trump and Mr Putin met at Joint Base Elmendorf-Richardson."
	anchorageS3 = "Ukrainian President Volodymyr Zelenskiy, who was not invited to the talks, fears Trump might sell out Ukraine."
)

// anchorageDoc: Trump meets Putin; Zelenskiy not invited (negated). The
// first met_with is given in non-canonical order (Putin, Trump).
func anchorageDoc(t testing.TB) *kg.Extraction {
	d := newDoc("news/anchorage.txt", "2025-08-15", "Donald Trump, Vladimir Putin meet in Anchorage, Alaska",
		"Donald Trump, Vladimir Putin meet in Anchorage\n"+anchorageS1+" "+anchorageS2+"\n"+anchorageS3+"\n")
	return &kg.Extraction{
		Doc: d,
		Entities: []kg.Entity{
			ent(kg.Person, "Donald Trump", 4, "Donald Trump", "Mr Trump", "Trump"),
			ent(kg.Person, "Vladimir Putin", 3, "Mr Putin", "Vladimir Putin"),
			ent(kg.Person, "Volodymyr Zelenskiy", 1, "Volodymyr Zelenskiy"),
			ent(kg.Place, "Anchorage", 2, "Anchorage"),
			ent(kg.Place, "Alaska", 1, "Alaska"),
			ent(kg.Place, "Joint Base Elmendorf-Richardson", 1, "Joint Base Elmendorf-Richardson"),
			sameAs(ent(kg.Country, "US", 1, "US"), "Q30"),
			sameAs(ent(kg.Country, "Russia", 1, "Russian"), "Q159"),
			sameAs(ent(kg.Country, "Ukraine", 2, "Ukraine", "Ukrainian"), "Q212"),
		},
		Relations: []kg.Relation{
			rel(t, d, putin, "met_with", trump, kg.Asserted, anchorage, "2025-08-15", "", anchorageS1),
			rel(t, d, trump, "met_with", putin, kg.Asserted, jber, "2025-08-15", "", anchorageS2),
			rel(t, d, trump, "holds_position", us, kg.Asserted, "", "", "president", anchorageS1),
			rel(t, d, putin, "holds_position", russia, kg.Asserted, "", "", "president", anchorageS1),
			rel(t, d, zelenskiy, "holds_position", ukraine, kg.Asserted, "", "", "president", anchorageS3),
			rel(t, d, zelenskiy, "met_with", trump, kg.Negated, anchorage, "", "", anchorageS3),
			rel(t, d, anchorage, "located_in", alaska, kg.Asserted, "", "", "", anchorageS1),
		},
	}
}

const (
	kurskS1 = "North Korean forces participated in the operations for liberating the Kursk areas, KCNA reported."
	kurskS2 = "Kim Jong Un signed a mutual defence treaty with Putin in 2024."
	kurskS3 = "Putin praised Moscow's Korean friends for their backing in Kursk."
	kurskS4 = "The question now is whether Kim Jong Un will visit Russia for the Victory Day celebrations."
)

// kurskDoc shares Putin and Russia with anchorageDoc.
func kurskDoc(t testing.TB) *kg.Extraction {
	d := newDoc("news/kursk.txt", "2025-04-28", "North Korea admits it sent soldiers to fight for Russia",
		kurskS1+" "+kurskS2+"\n"+kurskS3+" "+kurskS4+"\n")
	return &kg.Extraction{
		Doc: d,
		Entities: []kg.Entity{
			sameAs(ent(kg.Country, "North Korea", 2, "Korean", "North Korean"), "Q423"),
			ent(kg.Place, "Kursk", 2, "Kursk"),
			ent(kg.Organization, "KCNA", 1, "KCNA"),
			ent(kg.Person, "Kim Jong Un", 2, "Kim Jong Un"),
			ent(kg.Person, "Vladimir Putin", 2, "Putin"),
			sameAs(ent(kg.Country, "Russia", 2, "Moscow", "Russia"), "Q159"),
		},
		Relations: []kg.Relation{
			rel(t, d, nkorea, "fought_in", kursk, kg.Asserted, "", "", "", kurskS1),
			rel(t, d, kim, "signed_agreement_with", putin, kg.Asserted, "", "2024", "", kurskS2),
			rel(t, d, putin, "praised", nkorea, kg.Asserted, "", "", "", kurskS3),
			rel(t, d, kim, "visited", russia, kg.Reported, "", "", "", kurskS4),
		},
	}
}

const (
	copyS2 = "Trump met Putin in Anchorage on Friday."
)

// copyDoc is a second source on the summit: it repeats anchorageS1 (with a
// line break inside, so only the normalised text matches) and adds one
// sentence.
func copyDoc(t testing.TB) *kg.Extraction {
	s1 := strings.Replace(anchorageS1, " shared a", "\nshared a", 1)
	d := newDoc("news/anchorage-copy.txt", "2025-08-16", "", s1+" "+copyS2+"\n")
	d.URL = "https://example.org/anchorage"
	return &kg.Extraction{
		Doc: d,
		Entities: []kg.Entity{
			ent(kg.Person, "Donald Trump", 2, "Donald Trump", "Trump"),
			ent(kg.Person, "Vladimir Putin", 2, "Putin", "Vladimir Putin"),
			ent(kg.Place, "Anchorage", 2, "Anchorage"),
			ent(kg.Place, "Alaska", 1, "Alaska"),
			sameAs(ent(kg.Country, "US", 1, "US"), "Q30"),
			sameAs(ent(kg.Country, "Russia", 1, "Russian"), "Q159"),
		},
		Relations: []kg.Relation{
			rel(t, d, trump, "met_with", putin, kg.Asserted, anchorage, "2025-08-15", "", s1),
			rel(t, d, trump, "met_with", putin, kg.Asserted, anchorage, "2025-08-15", "", copyS2),
			rel(t, d, trump, "holds_position", us, kg.Asserted, "", "", "president", s1),
		},
	}
}

// syntheticDoc makes the i-th of many distinct documents for the crash
// test: each mentions a few shared entities and some of its own, with n
// relations.
func syntheticDoc(i, n int) *kg.Extraction {
	var text strings.Builder
	var rels []kg.Relation
	own := kg.Entity{ID: fmt.Sprintf("person/envoy-%d", i), Name: fmt.Sprintf("Envoy %d", i), Type: kg.Person,
		Aliases: []string{fmt.Sprintf("Envoy %d", i)}, Mentions: n, Documents: 1, SameAs: []string{}}
	ents := []kg.Entity{
		ent(kg.Person, "Donald Trump", n, "Trump"),
		ent(kg.Person, "Vladimir Putin", n, "Putin"),
		ent(kg.Place, "Anchorage", 1, "Anchorage"),
		own,
	}
	for j := 0; j < n; j++ {
		s := fmt.Sprintf("In report %d, item %d, Envoy %d met Trump and Putin in Anchorage.", i, j, i)
		start := text.Len()
		text.WriteString(s + " ")
		ev := []kg.Evidence{{Doc: "", Start: start, End: start + len(s), Sentence: s}}
		rels = append(rels,
			kg.Relation{Subject: own.ID, Predicate: "met_with", Object: trump, Modality: kg.Asserted, Location: anchorage, Evidence: ev},
			kg.Relation{Subject: putin, Predicate: "met_with", Object: own.ID, Modality: kg.Asserted, Location: anchorage, Evidence: ev},
		)
	}
	d := newDoc(fmt.Sprintf("synthetic/%05d.txt", i), "2025-08-15", "", text.String())
	for k := range rels {
		rels[k].Evidence[0].Doc = d.ID
	}
	return &kg.Extraction{Doc: d, Entities: ents, Relations: rels}
}
