package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

const (
	goldDir = "../testdata/gold"
	newsDir = "../testdata/news"
)

func loadGold(t *testing.T) *Gold {
	t.Helper()
	g, err := Load(goldDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.CheckSentences(NewsDir(newsDir)); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestGoldCoversSeeds: every seed has its gold file, and every sentence of
// the gold is found in its seed.
func TestGoldCoversSeeds(t *testing.T) {
	g := loadGold(t)
	seeds, _ := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	if len(seeds) == 0 {
		t.Fatal("no seeds")
	}
	for _, s := range seeds {
		if g.Doc(filepath.Base(s)) == nil {
			t.Errorf("no gold for %s", filepath.Base(s))
		}
	}
}

func TestSelfScoreIsPerfect(t *testing.T) {
	g := loadGold(t)
	r := Score(g, g.Graph())
	e := r.Entities
	if e.Overall.Precision != 1 || e.Overall.Recall != 1 || e.RealPercent != 100 {
		t.Errorf("entities: %+v", e.Overall)
	}
	for _, ts := range e.ByType {
		if ts.F1 != 1 {
			t.Errorf("entities %s: %+v", ts.Type, ts.PRF)
		}
	}
	if e.ShouldHaveMerged != 0 || e.MergedReal != 0 || len(e.CountrySameAs) != 0 || len(e.Spurious) != 0 || len(e.WrongType) != 0 {
		t.Errorf("entities: splits %v merges %v sameAs %v spurious %v wrongType %v", e.Splits, e.Merges, e.CountrySameAs, e.Spurious, e.WrongType)
	}
	if e.Countries == 0 {
		t.Error("no countries")
	}
	for _, s := range r.Relations.Scopes {
		if s.Overall.Precision != 1 || s.Overall.Recall != 1 {
			t.Errorf("%s: %+v", s.Name, s.Overall)
		}
		for _, p := range s.ByPredicate {
			if p.F1 != 1 {
				t.Errorf("%s %s: %+v", s.Name, p.Predicate, p.PRF)
			}
		}
	}
	rel := r.Relations
	if rel.MetWithLocation.Accuracy != 1 || rel.MetWithLocation.Found == 0 {
		t.Errorf("met_with location: %+v", rel.MetWithLocation)
	}
	if len(rel.AssertedButNot) != 0 || rel.ModalityRight != rel.ModalityMatched || rel.NoEvidence != 0 {
		t.Errorf("modality: %d of %d, asserted-but-not %v, no evidence %d", rel.ModalityRight, rel.ModalityMatched, rel.AssertedButNot, rel.NoEvidence)
	}
	// DatedAnyway is not 0 here: Gold.Graph merges one triple over
	// documents, so a triple dated in one seed carries its date into another.
	if d := rel.Date; d.Found == 0 || d.Right != d.Found || d.Dated != d.Found || d.Accuracy != 1 || d.Undated == 0 {
		t.Errorf("date: %+v", d)
	}
	dates := map[string]string{}
	for _, d := range g.Docs {
		dates[d.Doc] = d.Date
	}
	r.ScoreDocDates(g, dates)
	if dd := r.DocDates; dd.Right != len(g.Docs) || dd.GoldDated == 0 || dd.DatedRight != dd.GoldDated || len(dd.Wrong) != 0 {
		t.Errorf("document dates: %+v", dd)
	}
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "date right in") || !strings.Contains(buf.String(), "document date right in 5 of 5 documents") {
		t.Errorf("report lacks the date figures:\n%s", buf.String())
	}
	if testing.Verbose() {
		t.Log("\n" + buf.String())
	}
}

const doc004 = "004_111b9e2c7f64e5cc.txt"

// gold004 returns the gold of seed 004 and its perfect graph.
func gold004(t *testing.T) (*Gold, *kg.Graph) {
	t.Helper()
	g, err := loadGold(t).Only([]string{"testdata/news/" + doc004})
	if err != nil {
		t.Fatal(err)
	}
	return g, g.Graph()
}

func relIndex(t *testing.T, g *kg.Graph, s, p, o, mod string) int {
	t.Helper()
	for i, r := range g.Relations {
		if r.Subject == s && r.Predicate == p && r.Object == o && r.Modality == mod {
			return i
		}
	}
	t.Fatalf("no relation %s %s %s [%s]", s, p, o, mod)
	return -1
}

func entIndex(t *testing.T, g *kg.Graph, id string) int {
	t.Helper()
	for i, e := range g.Entities {
		if e.ID == id {
			return i
		}
	}
	t.Fatalf("no entity %s", id)
	return -1
}

func scopeOf(t *testing.T, r *Report, name string) Scope {
	t.Helper()
	for _, s := range r.Relations.Scopes {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scope %s", name)
	return Scope{}
}

func predicateOf(s Scope, p string) PRF {
	for _, x := range s.ByPredicate {
		if x.Predicate == p {
			return x.PRF
		}
	}
	return PRF{}
}

const (
	kim    = "person/kim-jong-un"
	nkorea = "country/north-korea"
	russia = "country/russia"
	us     = "country/united-states"
)

func TestPerturbedWrongRelation(t *testing.T) {
	g, pred := gold004(t)
	n := scopeOf(t, Score(g, pred), ScopeSingle).Overall.Gold
	pred.Relations[relIndex(t, pred, kim, "threatened", us, kg.Asserted)].Object = russia
	r := Score(g, pred)
	s := scopeOf(t, r, ScopeSingle)
	want := newPRF(n, n, n-1, n-1)
	if s.Overall != want {
		t.Errorf("single-sentence overall = %+v, want %+v", s.Overall, want)
	}
	if got, want := predicateOf(s, "threatened"), newPRF(1, 1, 0, 0); got != want {
		t.Errorf("threatened = %+v, want %+v", got, want)
	}
	rel := r.Relations
	if len(rel.Missed) != 1 || rel.Missed[0].Object != us || len(rel.Wrong) != 1 || rel.Wrong[0].Object != russia {
		t.Errorf("missed %+v, wrong %+v", rel.Missed, rel.Wrong)
	}
	if len(rel.AssertedButNot) != 0 || r.Entities.ShouldHaveMerged != 0 || r.Entities.MergedReal != 0 {
		t.Errorf("unexpected errors: %+v %+v", rel.AssertedButNot, r.Entities)
	}
}

func TestPerturbedSplitEntity(t *testing.T) {
	g, pred := gold004(t)
	pred.Entities = append(pred.Entities, kg.Entity{ID: "person/kim", Name: "Kim", Type: kg.Person, Aliases: []string{"Kim"}})
	pred.Relations[relIndex(t, pred, kim, "threatened", us, kg.Asserted)].Subject = "person/kim"
	r := Score(g, pred)
	e := r.Entities
	if e.ShouldHaveMerged != 1 || e.ExtraNodes != 1 || e.MergedReal != 0 {
		t.Fatalf("splits %+v merges %+v", e.Splits, e.Merges)
	}
	if s := e.Splits[0]; s.Gold.ID != kim || strings.Join(s.Predicted, " ") != "person/kim person/kim-jong-un" {
		t.Errorf("split = %+v", s)
	}
	if e.Overall.Precision != 1 || e.Overall.Recall != 1 || e.Overall.Pred != e.Overall.Gold+1 {
		t.Errorf("entities overall = %+v", e.Overall)
	}
	// The relation of the split node still counts: no double penalty.
	for _, s := range r.Relations.Scopes {
		if s.Overall.F1 != 1 {
			t.Errorf("%s: %+v", s.Name, s.Overall)
		}
	}
}

func TestPerturbedMergedEntity(t *testing.T) {
	g, pred := gold004(t)
	ru := entIndex(t, pred, russia)
	nk := &pred.Entities[entIndex(t, pred, nkorea)]
	nk.Aliases = append(nk.Aliases, pred.Entities[ru].Aliases...)
	pred.Entities = append(pred.Entities[:ru], pred.Entities[ru+1:]...)
	for i := range pred.Relations {
		r := &pred.Relations[i]
		if r.Subject == russia {
			r.Subject = nkorea
		}
		if r.Object == russia {
			r.Object = nkorea
		}
	}
	r := Score(g, pred)
	e := r.Entities
	if e.MergedReal != 1 || e.ShouldHaveMerged != 0 {
		t.Fatalf("splits %+v merges %+v", e.Splits, e.Merges)
	}
	if m := e.Merges[0]; m.Predicted.ID != nkorea || strings.Join(m.Gold, " ") != nkorea+" "+russia {
		t.Errorf("merge = %+v", m)
	}
	if e.Overall.Precision != 1 || e.Overall.Recall != 1 || e.Overall.Pred != e.Overall.Gold-1 {
		t.Errorf("entities overall = %+v", e.Overall)
	}
}

func TestPerturbedModality(t *testing.T) {
	g, pred := gold004(t)
	base := Score(g, pred)
	pred.Relations[relIndex(t, pred, russia, "supported", nkorea, kg.Reported)].Modality = kg.Asserted
	r := Score(g, pred)
	rel := r.Relations
	if len(rel.AssertedButNot) != 1 {
		t.Fatalf("asserted but not = %+v", rel.AssertedButNot)
	}
	x := rel.AssertedButNot[0]
	if x.Subject != russia || x.Predicate != "supported" || x.Object != nkorea || strings.Join(x.GoldModality, ",") != kg.Reported ||
		!strings.Contains(x.Sentence, "South Korean officials believe") {
		t.Errorf("asserted but not = %+v", x)
	}
	for _, name := range []string{ScopeSingle, ScopeAsserted} {
		b, s := scopeOf(t, base, name).Overall, scopeOf(t, r, name).Overall
		if want := newPRF(b.Gold, b.Pred+1, b.TPGold, b.TPPred); s != want {
			t.Errorf("%s = %+v, want %+v", name, s, want)
		}
	}
	if all := scopeOf(t, r, ScopeAll).Overall; all.F1 != 1 {
		t.Errorf("all = %+v", all)
	}
	if rel.ModalityRight != rel.ModalityMatched-1 {
		t.Errorf("modality right %d of %d", rel.ModalityRight, rel.ModalityMatched)
	}
}

func TestMatchNamesAndTypes(t *testing.T) {
	g, _ := gold004(t)
	pred := &kg.Graph{Entities: []kg.Entity{
		{ID: "person/putin", Name: "Putin", Type: kg.Person, Aliases: []string{"Mr Putin"}},
		{ID: "country/dprk", Name: "DPRK", Type: kg.Country, SameAs: []string{"http://www.wikidata.org/entity/Q423"}},
		{ID: "country/russia", Name: "Russia", Type: kg.Country},
		{ID: "country/kcna", Name: "KCNA", Type: kg.Country},
		{ID: "person/saturday", Name: "Saturday", Type: kg.Person},
		{ID: "person/russian-president-vladimir-putin", Name: "Russian President Vladimir Putin", Type: kg.Person},
	}}
	e := Score(g, pred).Entities
	if e.Overall.TPPred != 4 || e.Overall.Pred != 6 || e.RealPercent != 66.67 {
		t.Errorf("overall = %+v, real %v%%", e.Overall, e.RealPercent)
	}
	if len(e.WrongType) != 1 || e.WrongType[0].Predicted.ID != "country/kcna" || e.WrongType[0].Gold[0] != "organization/korean-central-news-agency" {
		t.Errorf("wrong type = %+v", e.WrongType)
	}
	if len(e.Spurious) != 1 || e.Spurious[0].ID != "person/saturday" {
		t.Errorf("spurious = %+v", e.Spurious)
	}
	if e.ShouldHaveMerged != 1 || e.Splits[0].Gold.ID != "person/vladimir-putin" {
		t.Errorf("splits = %+v", e.Splits)
	}
	if e.Countries != 2 || len(e.CountrySameAs) != 1 || e.CountrySameAs[0].Predicted.ID != russia {
		t.Errorf("sameAs: %d countries, %+v", e.Countries, e.CountrySameAs)
	}
}

// TestMatcherExported: the exported Matcher gives what Score counts:
// an alias in other case and punctuation, a bare surname, and nothing for
// a name of another type.
func TestMatcherExported(t *testing.T) {
	g, _ := gold004(t)
	m := NewMatcher(g)
	for _, c := range []struct {
		e    kg.Entity
		want string
	}{
		{kg.Entity{ID: "person/x", Name: "PUTIN", Type: kg.Person}, "person/vladimir-putin"},
		{kg.Entity{ID: "person/y", Name: "Mr. Putin", Type: kg.Person}, "person/vladimir-putin"},
		{kg.Entity{ID: "country/kcna", Name: "KCNA", Type: kg.Country}, ""},
	} {
		if got := strings.Join(m.Match(c.e), ","); got != c.want {
			t.Errorf("Match(%s) = %q, want %q", c.e.Name, got, c.want)
		}
	}
}

// TestRelationDate: a wrong date, no date, and the right date on a matched
// relation whose gold is dated; an undated gold relation is not counted.
func TestRelationDate(t *testing.T) {
	g, pred := gold004(t)
	i := relIndex(t, pred, kim, "visited", "place/russian-embassy", kg.Asserted)
	base := Score(g, pred).Relations.Date
	if base.Found != 2 || base.Right != 2 {
		t.Fatalf("base: %+v", base)
	}
	for _, c := range []struct {
		date         string
		right, dated int
	}{
		{"2025-05-09", 2, 2},
		{"2025-05", 1, 2}, // less precise than the text allows
		{"2025-05-10", 1, 2},
		{"", 1, 1},
	} {
		pred.Relations[i].Date = c.date
		d := Score(g, pred).Relations.Date
		if d.Found != 2 || d.Right != c.right || d.Dated != c.dated {
			t.Errorf("date %q: %+v, want right %d dated %d", c.date, d, c.right, c.dated)
		}
		if c.right == 1 && (len(d.Wrong) != 1 || !strings.Contains(d.Wrong[0].Date, "(gold: 2025-05-09)")) {
			t.Errorf("date %q: wrong = %+v", c.date, d.Wrong)
		}
	}
	// A date on a relation the gold leaves undated is counted apart.
	j := relIndex(t, pred, russia, "supported", nkorea, kg.Reported)
	pred.Relations[j].Date = "2025"
	if d := Score(g, pred).Relations.Date; d.DatedAnyway != 1 || d.Undated == 0 || d.Found != 2 || len(d.Unasked) != 1 || d.Unasked[0].Date != "2025" {
		t.Errorf("dated anyway: %+v", d)
	}
	// Dropping the relation drops it from Found.
	pred.Relations = append(pred.Relations[:i], pred.Relations[i+1:]...)
	if d := Score(g, pred).Relations.Date; d.Found != 1 || d.Right != 1 {
		t.Errorf("without the visit: %+v", d)
	}
}

func TestDocDates(t *testing.T) {
	g := loadGold(t)
	r := Score(g, nil)
	r.ScoreDocDates(g, map[string]string{doc004: "2025-05-10", "000_cf6b1362018f176d.txt": "2025-04-28"})
	dd := r.DocDates
	if dd.Docs != 5 || dd.Right != 4 || dd.GoldDated != 1 || dd.DatedRight != 1 || dd.Predicted != 2 || dd.Accuracy != 0.8 {
		t.Errorf("document dates: %+v", dd)
	}
	// 000 has no date in the gold; the missing 004 counts as undated.
	r.ScoreDocDates(g, map[string]string{"000_cf6b1362018f176d.txt": "2025-04-28"})
	if dd := r.DocDates; dd.Right != 3 || dd.DatedRight != 0 || len(dd.Wrong) != 2 || dd.Wrong[0].Doc != "000_cf6b1362018f176d.txt" || dd.Wrong[1].Predicted != "" {
		t.Errorf("document dates: %+v", dd)
	}
}

func TestMetWithLocation(t *testing.T) {
	g, err := loadGold(t).Only([]string{"000_cf6b1362018f176d.txt"})
	if err != nil {
		t.Fatal(err)
	}
	pred := g.Graph()
	i := relIndex(t, pred, "person/donald-trump", "met_with", "person/vladimir-putin", kg.Asserted)
	for _, c := range []struct {
		loc   string
		right bool
	}{
		{"place/anchorage", true},
		{"place/alaska", true},                          // contains Anchorage
		{"place/joint-base-elmendorf-richardson", true}, // lies in Anchorage
		{"place/kyiv", false},
		{"", false},
	} {
		pred.Relations[i].Location = c.loc
		ml := Score(g, pred).Relations.MetWithLocation
		if got := ml.Right == ml.Found; got != c.right {
			t.Errorf("location %q: %d right of %d, want right=%v", c.loc, ml.Right, ml.Found, c.right)
		}
	}
}

func TestCheckErrors(t *testing.T) {
	dir := t.TempDir()
	bad := `{"doc": "x.txt", "date": "", "entities": [
  {"id": "person/kim", "name": "Kim Jong Un", "type": "Person", "aliases": ["Kim"], "sameAs": []},
  {"id": "country/russia", "name": "Russia", "type": "Country", "aliases": ["Russia"], "sameAs": []},
  {"id": "thing/x", "name": "X", "type": "Thing", "aliases": ["X"], "sameAs": []}],
 "relations": [
  {"subject": "person/kim", "predicate": "met_with", "object": "country/russia", "modality": "asserted", "location": "", "date": "", "role": "", "single_sentence": true, "sentence": "Kim met Russia."},
  {"subject": "country/russia", "predicate": "holds_position", "object": "person/kim", "modality": "said", "location": "", "date": "", "role": "", "single_sentence": true, "sentence": "nowhere"},
  {"subject": "country/russia", "predicate": "likes", "object": "person/kim", "modality": "asserted", "location": "", "date": "", "role": "", "single_sentence": true, "sentence": "x"}]}`
	if err := os.WriteFile(filepath.Join(dir, "y.json"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"y.json: doc \"x.txt\" belongs in a file named x.json",
		"id should be person/kim-jong-un",
		"country/russia): a Country needs its Wikidata sameAs",
		"type \"Thing\" is not one of",
		"met_with is symmetric",
		"holds_position does not take a Country subject and a Person object",
		"modality \"said\"",
		"holds_position needs its role",
		"unknown predicate \"likes\"",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	g := &Gold{Docs: []*Doc{{Doc: "x.txt", file: "x.json", Relations: []Relation{{Subject: "a", Predicate: "met_with", Object: "b", Sentence: "Kim met Putin."}}}}}
	err = g.CheckSentences(func(string) (string, bool) { return "Kim met  Putin.", true })
	if err == nil || !strings.Contains(err.Error(), "x.json: relation 0 (a met_with b): sentence not found in x.txt") {
		t.Errorf("CheckSentences: %v", err)
	}
}
