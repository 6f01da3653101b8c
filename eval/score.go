package eval

import (
	"math"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// PRF is a precision/recall/F1 figure. Precision counts predicted items
// (TPPred of Pred), recall counts gold items (TPGold of Gold): the two can
// differ when several predicted items match one gold item. A ratio with
// nothing to divide by is 1 (nothing predicted, nothing wrong; nothing to
// find, nothing missed).
type PRF struct {
	Gold      int     `json:"gold"`
	Pred      int     `json:"predicted"`
	TPGold    int     `json:"goldFound"`
	TPPred    int     `json:"predictedRight"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func newPRF(gold, pred, tpGold, tpPred int) PRF {
	f := PRF{Gold: gold, Pred: pred, TPGold: tpGold, TPPred: tpPred, Precision: 1, Recall: 1}
	if pred > 0 {
		f.Precision = float64(tpPred) / float64(pred)
	}
	if gold > 0 {
		f.Recall = float64(tpGold) / float64(gold)
	}
	if f.Precision+f.Recall > 0 {
		f.F1 = 2 * f.Precision * f.Recall / (f.Precision + f.Recall)
	}
	f.Precision, f.Recall, f.F1 = round(f.Precision), round(f.Recall), round(f.F1)
	return f
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }

// Report is the result of Score.
type Report struct {
	Docs      []string       `json:"docs"`
	Entities  EntityReport   `json:"entities"`
	Relations RelationReport `json:"relations"`
	// DocDates compares the documents' dates with the gold's; nil until
	// ScoreDocDates is given the dates the pipeline read.
	DocDates *DocDateScore `json:"documentDates,omitempty"`
}

// EntityRef names an entity.
type EntityRef struct {
	ID   string        `json:"id"`
	Name string        `json:"name"`
	Type kg.EntityType `json:"type"`
}

// TypeScore is the entity figure of one type.
type TypeScore struct {
	Type kg.EntityType `json:"type"`
	PRF
}

// Split is a gold entity that several predicted nodes stand for: nodes
// that should have merged and did not.
type Split struct {
	Gold      EntityRef `json:"gold"`
	Predicted []string  `json:"predicted"`
}

// Merge is a predicted node that stands for two or more gold entities:
// a node that merged real entities.
type Merge struct {
	Predicted EntityRef `json:"predicted"`
	Gold      []string  `json:"gold"`
}

// WrongType is a predicted node that matches no gold entity of its type
// but names one of another type.
type WrongType struct {
	Predicted EntityRef `json:"predicted"`
	Gold      []string  `json:"gold"`
}

// SameAsError is a predicted Country whose sameAs lacks the gold IRI.
type SameAsError struct {
	Predicted EntityRef `json:"predicted"`
	Has       []string  `json:"has"`
	Want      []string  `json:"want"`
}

// EntityReport holds the entity figures: a predicted node is right when it
// stands for at least one gold entity of its type (matched by id, else by
// name or alias); a gold entity is found when at least one node stands for
// it.
type EntityReport struct {
	ByType  []TypeScore `json:"byType"`
	Overall PRF         `json:"overall"`
	// RealPercent is the share of predicted nodes that are real named
	// entities of the right type (100 * Overall.Precision).
	RealPercent float64 `json:"realPercent"`
	// ShouldHaveMerged counts gold entities split over several nodes;
	// ExtraNodes the nodes beyond the first for each of them.
	ShouldHaveMerged int `json:"shouldHaveMerged"`
	ExtraNodes       int `json:"extraNodes"`
	// MergedReal counts nodes that stand for two or more gold entities.
	MergedReal int     `json:"mergedReal"`
	Splits     []Split `json:"splits"`
	Merges     []Merge `json:"merges"`
	// Countries: matched Country nodes, and those lacking the gold sameAs.
	Countries     int           `json:"countries"`
	CountrySameAs []SameAsError `json:"countriesLackingSameAs"`
	WrongType     []WrongType   `json:"wrongType"`
	Spurious      []EntityRef   `json:"spurious"`
	Missing       []EntityRef   `json:"missing"`
}

// Scope names of RelationReport.Scopes.
const (
	ScopeSingle   = "single-sentence"
	ScopeAsserted = "asserted"
	ScopeAll      = "all"
)

// Scope is one way of counting relations.
type Scope struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	ByPredicate []PredicateScore `json:"byPredicate"`
	Overall     PRF              `json:"overall"`
}

// PredicateScore is the figure of one predicate.
type PredicateScore struct {
	Predicate string `json:"predicate"`
	PRF
}

// RelRef is one relation instance of one document.
type RelRef struct {
	Doc       string `json:"doc"`
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Modality  string `json:"modality"`
	Location  string `json:"location,omitempty"`
	Date      string `json:"date,omitempty"`
	Sentence  string `json:"sentence"`
}

// ModalityError is a relation predicted as asserted that the gold states
// only as negated or reported.
type ModalityError struct {
	RelRef
	GoldModality []string `json:"goldModality"`
	GoldSentence string   `json:"goldSentence"`
}

// LocationScore is the met_with location figure: among the meetings found
// (predicted asserted met_with matching a gold asserted met_with of the
// same document), how
// many carry the right location. A location is right when it is the gold
// one or contains it or lies in it by the gold located_in relations
// (Anchorage for Joint Base Elmendorf-Richardson), and when both are empty.
type LocationScore struct {
	Found    int      `json:"found"`
	Right    int      `json:"right"`
	Accuracy float64  `json:"accuracy"`
	Wrong    []RelRef `json:"wrong"`
}

// DateScore is the relation date figure: among the gold triples that carry
// a date and that a predicted relation matches (modality ignored), how
// many a matched prediction dates with one of the gold's dates (Right),
// and how many it dates at all (Dated). Several gold entries of one triple
// with different dates ("each distinct date is an entry") count as one
// triple, right when any predicted date is one of them. Undated counts the
// matched gold triples without a date, DatedAnyway those of them a
// prediction dates all the same (dates the text may not give).
type DateScore struct {
	Found       int      `json:"found"`
	Dated       int      `json:"dated"`
	Right       int      `json:"right"`
	Accuracy    float64  `json:"accuracy"`
	Undated     int      `json:"undated"`
	DatedAnyway int      `json:"datedAnyway"`
	Wrong       []RelRef `json:"wrong"`
	// Unasked lists the DatedAnyway relations.
	Unasked []RelRef `json:"datedAnywayRelations"`
}

// RelationReport holds the relation figures. Relations are compared per
// document as (subject, predicate, object), symmetric predicates unordered,
// after mapping predicted entity ids to the gold entities they stand for.
type RelationReport struct {
	Scopes []Scope `json:"scopes"`
	// Modality: matched triples (scope all) whose predicted modality is
	// one the gold gives the triple.
	ModalityMatched int           `json:"modalityMatched"`
	ModalityRight   int           `json:"modalityRight"`
	MetWithLocation LocationScore `json:"metWithLocation"`
	Date            DateScore     `json:"date"`
	// AssertedButNot lists predicted asserted relations the gold gives
	// only as negated or reported: the issue wants none.
	AssertedButNot []ModalityError `json:"assertedButNegatedOrReported"`
	// Missed and Wrong are the single-sentence scope's misses and false
	// positives.
	Missed []RelRef `json:"missed"`
	Wrong  []RelRef `json:"wrong"`
	// NoEvidence counts predicted relations without evidence in a gold
	// document (not scored).
	NoEvidence int `json:"noEvidence"`
}

// goldEntity is a gold entity over all documents.
type goldEntity struct {
	Entity
	keys map[string]bool // nameKey of its name and aliases
}

// nameKey normalises a name or alias for matching: no accents, case,
// punctuation, possessive or leading honorific.
func nameKey(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	k := kg.Slug(s)
	for _, t := range []string{"mr-", "mrs-", "ms-", "dr-", "the-"} {
		k = strings.TrimPrefix(k, t)
	}
	return k
}

// matcher maps predicted entities to gold ones.
type matcher struct {
	gold  map[string]*goldEntity
	index map[kg.EntityType]map[string][]string // nameKey -> gold ids of the type
	weak  map[string][]string                   // first or last word of a Person's name -> gold ids
	cover map[string][]string                   // predicted id -> gold ids, sorted
}

func newMatcher(g *Gold) *matcher {
	m := &matcher{gold: map[string]*goldEntity{}, index: map[kg.EntityType]map[string][]string{}, weak: map[string][]string{}, cover: map[string][]string{}}
	for _, d := range g.Docs {
		for _, e := range d.Entities {
			ge := m.gold[e.ID]
			if ge == nil {
				ge = &goldEntity{Entity: e, keys: map[string]bool{}}
				ge.Aliases = nil
				m.gold[e.ID] = ge
			}
			for _, a := range append([]string{e.Name}, e.Aliases...) {
				if !contains(ge.Aliases, a) && a != e.Name {
					ge.Aliases = append(ge.Aliases, a)
				}
				ge.keys[nameKey(a)] = true
			}
		}
	}
	for _, ge := range m.gold {
		idx := m.index[ge.Type]
		if idx == nil {
			idx = map[string][]string{}
			m.index[ge.Type] = idx
		}
		for k := range ge.keys {
			idx[k] = append(idx[k], ge.ID)
		}
		if ge.Type == kg.Person {
			words := strings.Split(nameKey(ge.Name), "-")
			for _, w := range []string{words[0], words[len(words)-1]} {
				if !contains(m.weak[w], ge.ID) {
					m.weak[w] = append(m.weak[w], ge.ID)
				}
			}
		}
	}
	for _, idx := range m.index {
		for _, ids := range idx {
			sort.Strings(ids)
		}
	}
	return m
}

// match returns the gold entities a predicted entity stands for: the one
// with its id, and those whose name or alias is its name or one of its
// aliases, of the same type. A name shared by two gold entities of the
// same type is ambiguous and matches neither. An entity that matches
// nothing so is matched by the end of its name when a title or description
// stayed in it ("Col. Hamish de Bretton-Gordon"), and a Person by a bare
// surname or given name ("Putin", "Kim") that one gold Person's name
// starts or ends with.
func (m *matcher) match(e kg.Entity) []string {
	set := map[string]bool{}
	if ge, ok := m.gold[e.ID]; ok && ge.Type == e.Type {
		set[e.ID] = true
	}
	names := append([]string{e.Name}, e.Aliases...)
	for _, a := range names {
		if ids := m.index[e.Type][nameKey(a)]; len(ids) == 1 {
			set[ids[0]] = true
		}
	}
	if len(set) == 0 {
		// A title or description kept in the name ("Col. Hamish
		// de Bretton-Gordon", "US President Donald Trump"): the name ends
		// with a gold name of two words or more.
		for _, a := range names {
			k := nameKey(a)
			var hit []string
			for gk, ids := range m.index[e.Type] {
				if strings.Contains(gk, "-") && strings.HasSuffix(k, "-"+gk) && len(ids) == 1 && !contains(hit, ids[0]) {
					hit = append(hit, ids[0])
				}
			}
			if len(hit) == 1 {
				set[hit[0]] = true
			}
		}
	}
	if len(set) == 0 && e.Type == kg.Person {
		for _, a := range names {
			if ids := m.weak[nameKey(a)]; len(ids) == 1 {
				set[ids[0]] = true
			}
		}
	}
	return sortedKeys(set)
}

// otherType returns gold entities of other types that a predicted
// entity's name matches.
func (m *matcher) otherType(e kg.Entity) []string {
	set := map[string]bool{}
	for t, idx := range m.index {
		if t == e.Type {
			continue
		}
		for _, id := range idx[nameKey(e.Name)] {
			set[id] = true
		}
	}
	return sortedKeys(set)
}

// ids returns the gold ids a predicted id maps to, or the id itself.
func (m *matcher) ids(id string) []string {
	if c := m.cover[id]; len(c) > 0 {
		return c
	}
	return []string{id}
}

// Score compares a predicted graph with the gold of the same documents
// (use Gold.Only to choose them). Predicted relations are counted in the
// documents their evidence names (by Key); evidence in documents without
// gold is ignored.
func Score(g *Gold, pred *kg.Graph) *Report {
	if pred == nil {
		pred = &kg.Graph{}
	}
	r := &Report{}
	for _, d := range g.Docs {
		r.Docs = append(r.Docs, d.Doc)
	}
	m := newMatcher(g)
	r.Entities = scoreEntities(m, pred)
	r.Relations = scoreRelations(g, m, pred)
	return r
}

func ref(e kg.Entity) EntityRef { return EntityRef{ID: e.ID, Name: e.Name, Type: e.Type} }

func scoreEntities(m *matcher, pred *kg.Graph) EntityReport {
	var rep EntityReport
	type counts struct{ gold, pred, tpGold, tpPred int }
	byType := map[kg.EntityType]*counts{}
	for _, t := range kg.EntityTypes {
		byType[t] = &counts{}
	}
	all := &counts{}
	coveredBy := map[string][]string{} // gold id -> predicted ids
	for _, e := range pred.Entities {
		c := m.match(e)
		m.cover[e.ID] = c
		if bt := byType[e.Type]; bt != nil {
			bt.pred++
		}
		all.pred++
		if len(c) == 0 {
			if o := m.otherType(e); len(o) > 0 {
				rep.WrongType = append(rep.WrongType, WrongType{Predicted: ref(e), Gold: o})
			} else {
				rep.Spurious = append(rep.Spurious, ref(e))
			}
			continue
		}
		byType[e.Type].tpPred++
		all.tpPred++
		for _, id := range c {
			coveredBy[id] = append(coveredBy[id], e.ID)
		}
		if len(c) > 1 {
			rep.Merges = append(rep.Merges, Merge{Predicted: ref(e), Gold: c})
		}
		if e.Type == kg.Country {
			rep.Countries++
			var want []string
			for _, id := range c {
				want = append(want, m.gold[id].SameAs...)
			}
			ok := len(want) > 0
			for _, w := range want {
				if !contains(e.SameAs, w) {
					ok = false
				}
			}
			if !ok {
				rep.CountrySameAs = append(rep.CountrySameAs, SameAsError{Predicted: ref(e), Has: nonNil(e.SameAs), Want: nonNil(want)})
			}
		}
	}
	for _, id := range sortedKeys(setOf(keysOf(m.gold))) {
		ge := m.gold[id]
		byType[ge.Type].gold++
		all.gold++
		p := coveredBy[id]
		if len(p) == 0 {
			rep.Missing = append(rep.Missing, EntityRef{ID: id, Name: ge.Name, Type: ge.Type})
			continue
		}
		byType[ge.Type].tpGold++
		all.tpGold++
		if len(p) > 1 {
			sort.Strings(p)
			rep.Splits = append(rep.Splits, Split{Gold: EntityRef{ID: id, Name: ge.Name, Type: ge.Type}, Predicted: p})
			rep.ExtraNodes += len(p) - 1
		}
	}
	for _, t := range kg.EntityTypes {
		c := byType[t]
		rep.ByType = append(rep.ByType, TypeScore{Type: t, PRF: newPRF(c.gold, c.pred, c.tpGold, c.tpPred)})
	}
	rep.Overall = newPRF(all.gold, all.pred, all.tpGold, all.tpPred)
	rep.RealPercent = round(100 * rep.Overall.Precision)
	rep.ShouldHaveMerged = len(rep.Splits)
	rep.Splits = nonNilSlice(rep.Splits)
	rep.Merges = nonNilSlice(rep.Merges)
	rep.CountrySameAs = nonNilSlice(rep.CountrySameAs)
	rep.WrongType = nonNilSlice(rep.WrongType)
	rep.Spurious = nonNilSlice(rep.Spurious)
	rep.Missing = nonNilSlice(rep.Missing)
	rep.MergedReal = len(rep.Merges)
	sortRefs(rep.Spurious)
	sortRefs(rep.Missing)
	sort.Slice(rep.Merges, func(i, j int) bool { return rep.Merges[i].Predicted.ID < rep.Merges[j].Predicted.ID })
	sort.Slice(rep.WrongType, func(i, j int) bool { return rep.WrongType[i].Predicted.ID < rep.WrongType[j].Predicted.ID })
	sort.Slice(rep.CountrySameAs, func(i, j int) bool { return rep.CountrySameAs[i].Predicted.ID < rep.CountrySameAs[j].Predicted.ID })
	return rep
}

// triple is a relation of one document, symmetric ones with the smaller id
// first.
type triple struct{ doc, s, p, o string }

func makeTriple(doc, s, p, o string) triple {
	if pr, ok := kg.PredicateByID(p); ok && pr.Symmetric && o < s {
		s, o = o, s
	}
	return triple{doc, s, p, o}
}

// goldFact is what the gold says of one triple in one modality.
type goldFact struct {
	single    bool
	locations []string
	dates     []string
	sentence  string
}

type goldTriple struct {
	mods map[string]*goldFact
}

func (g *goldTriple) modalities() []string { return sortedKeys(boolMap(g.mods)) }

func (g *goldTriple) sentence() string {
	for _, m := range []string{kg.Asserted, kg.Reported, kg.Negated} {
		if f := g.mods[m]; f != nil {
			return f.sentence
		}
	}
	return ""
}

// predInstance is one predicted relation in one document.
type predInstance struct {
	rel      kg.Relation
	doc      string
	sentence string
	cands    []triple
}

func scoreRelations(g *Gold, m *matcher, pred *kg.Graph) RelationReport {
	var rep RelationReport
	gold := map[triple]*goldTriple{}
	var order []triple
	within := map[string]map[string]bool{} // located_in: place -> containers (direct)
	docs := map[string]bool{}
	for _, d := range g.Docs {
		docs[d.Doc] = true
		for _, r := range d.Relations {
			t := makeTriple(d.Doc, r.Subject, r.Predicate, r.Object)
			gt := gold[t]
			if gt == nil {
				gt = &goldTriple{mods: map[string]*goldFact{}}
				gold[t] = gt
				order = append(order, t)
			}
			f := gt.mods[r.Modality]
			if f == nil {
				f = &goldFact{sentence: r.Sentence}
				gt.mods[r.Modality] = f
			}
			f.single = f.single || r.SingleSentence
			if r.Location != "" && !contains(f.locations, r.Location) {
				f.locations = append(f.locations, r.Location)
			}
			if r.Date != "" && !contains(f.dates, r.Date) {
				f.dates = append(f.dates, r.Date)
			}
			if r.Predicate == "located_in" && r.Modality == kg.Asserted {
				if within[r.Subject] == nil {
					within[r.Subject] = map[string]bool{}
				}
				within[r.Subject][r.Object] = true
			}
		}
	}

	// Predicted instances: one per relation and document.
	var insts []predInstance
	for _, rel := range pred.Relations {
		seen := map[string]bool{}
		scored := false
		for _, e := range rel.Evidence {
			doc := Key(e.Doc)
			if !docs[doc] || seen[doc] {
				scored = scored || seen[doc]
				continue
			}
			seen[doc] = true
			scored = true
			in := predInstance{rel: rel, doc: doc, sentence: e.Sentence}
			for _, s := range m.ids(rel.Subject) {
				for _, o := range m.ids(rel.Object) {
					in.cands = append(in.cands, makeTriple(doc, s, rel.Predicate, o))
				}
			}
			insts = append(insts, in)
		}
		if !scored {
			rep.NoEvidence++
		}
	}
	rep.Date = scoreDates(gold, order, insts)
	// The same (doc, subject, predicate, object, modality) twice (roles
	// differ) counts once.
	{
		seen := map[[5]string]bool{}
		out := insts[:0]
		for _, in := range insts {
			k := [5]string{in.doc, in.rel.Subject, in.rel.Predicate, in.rel.Object, in.rel.Modality}
			if !seen[k] {
				seen[k] = true
				out = append(out, in)
			}
		}
		insts = out
	}

	// find returns the first candidate triple the gold has and satisfies ok.
	find := func(in predInstance, ok func(*goldTriple) bool) (triple, bool) {
		for _, c := range in.cands {
			if gt := gold[c]; gt != nil && ok(gt) {
				return c, true
			}
		}
		return triple{}, false
	}
	anyFact := func(*goldTriple) bool { return true }
	asserted := func(gt *goldTriple) bool { return gt.mods[kg.Asserted] != nil }
	single := func(gt *goldTriple) bool { f := gt.mods[kg.Asserted]; return f != nil && f.single }

	newTally := func() map[string]*tally { return map[string]*tally{} }
	get := func(ts map[string]*tally, p string) *tally {
		t := ts[p]
		if t == nil {
			t = &tally{found: map[triple]bool{}}
			ts[p] = t
		}
		return t
	}
	tAll, tAsserted, tSingle := newTally(), newTally(), newTally()
	for _, t := range order {
		gt := gold[t]
		get(tAll, t.p).gold++
		if asserted(gt) {
			get(tAsserted, t.p).gold++
		}
		if single(gt) {
			get(tSingle, t.p).gold++
		}
	}
	within2 := func(a, b string) bool { return reaches(within, a, b) || reaches(within, b, a) }
	for _, in := range insts {
		p := in.rel.Predicate
		// all
		ta := get(tAll, p)
		ta.pred++
		if t, ok := find(in, anyFact); ok {
			ta.tpPred++
			ta.found[t] = true
			gt := gold[t]
			rep.ModalityMatched++
			if gt.mods[in.rel.Modality] != nil {
				rep.ModalityRight++
			}
		}
		if in.rel.Modality != kg.Asserted {
			continue
		}
		// asserted
		ts := get(tAsserted, p)
		ts.pred++
		if t, ok := find(in, asserted); ok {
			ts.tpPred++
			ts.found[t] = true
			if p == "met_with" {
				want := gold[t].mods[kg.Asserted].locations
				rep.MetWithLocation.Found++
				if locationRight(m, want, in.rel.Location, within2) {
					rep.MetWithLocation.Right++
				} else {
					x := instRef(in, t, "")
					x.Location = in.rel.Location + " (gold: " + strings.Join(want, " | ") + ")"
					rep.MetWithLocation.Wrong = append(rep.MetWithLocation.Wrong, x)
				}
			}
		} else if t, ok := find(in, anyFact); ok {
			gt := gold[t]
			rep.AssertedButNot = append(rep.AssertedButNot, ModalityError{
				RelRef: instRef(in, t, ""), GoldModality: gt.modalities(), GoldSentence: gt.sentence()})
		}
		// single-sentence: asserted predictions of triples the gold
		// asserts only across sentences are not counted either way.
		tss := get(tSingle, p)
		if t, ok := find(in, single); ok {
			tss.pred++
			tss.tpPred++
			tss.found[t] = true
		} else if _, ok := find(in, asserted); !ok {
			tss.pred++
			rep.Wrong = append(rep.Wrong, instRef(in, in.cands[0], ""))
		}
	}
	for _, t := range order {
		if single(gold[t]) && !get(tSingle, t.p).found[t] {
			f := gold[t].mods[kg.Asserted]
			rep.Missed = append(rep.Missed, RelRef{Doc: t.doc, Subject: t.s, Predicate: t.p, Object: t.o,
				Modality: kg.Asserted, Location: strings.Join(f.locations, " | "), Sentence: f.sentence})
		}
	}
	rep.Scopes = []Scope{
		scope(ScopeSingle, "asserted relations the gold states plainly in one sentence; predicted asserted relations (those matching gold facts stated only across sentences are not counted)", tSingle),
		scope(ScopeAsserted, "asserted gold relations; predicted asserted relations", tAsserted),
		scope(ScopeAll, "every gold relation and every predicted one, modality ignored", tAll),
	}
	if rep.MetWithLocation.Found > 0 {
		rep.MetWithLocation.Accuracy = round(float64(rep.MetWithLocation.Right) / float64(rep.MetWithLocation.Found))
	} else {
		rep.MetWithLocation.Accuracy = 1
	}
	rep.AssertedButNot = nonNilSlice(rep.AssertedButNot)
	rep.Missed = nonNilSlice(rep.Missed)
	rep.Wrong = nonNilSlice(rep.Wrong)
	rep.MetWithLocation.Wrong = nonNilSlice(rep.MetWithLocation.Wrong)
	return rep
}

// dates returns every date the gold gives a triple, in any modality.
func (g *goldTriple) dates() []string {
	var out []string
	for _, m := range g.modalities() {
		for _, d := range g.mods[m].dates {
			if !contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// scoreDates fills the DateScore: for each dated gold triple (in gold
// order) that some predicted instance matches, whether one of the
// predictions carries one of its dates.
func scoreDates(gold map[triple]*goldTriple, order []triple, insts []predInstance) DateScore {
	var ds DateScore
	matched := map[triple][]predInstance{}
	for _, in := range insts {
		for _, c := range in.cands {
			if gold[c] != nil {
				matched[c] = append(matched[c], in)
				break
			}
		}
	}
	for _, t := range order {
		want := gold[t].dates()
		ins := matched[t]
		if len(ins) == 0 {
			continue
		}
		if len(want) == 0 {
			ds.Undated++
			for _, in := range ins {
				if in.rel.Date != "" {
					ds.DatedAnyway++
					x := instRef(in, t, "")
					x.Date = in.rel.Date
					ds.Unasked = append(ds.Unasked, x)
					break
				}
			}
			continue
		}
		ds.Found++
		dated, right := false, false
		var got []string
		for _, in := range ins {
			if d := in.rel.Date; d != "" {
				dated = true
				right = right || contains(want, d)
				if !contains(got, d) {
					got = append(got, d)
				}
			}
		}
		if dated {
			ds.Dated++
		}
		if right {
			ds.Right++
			continue
		}
		x := instRef(ins[0], t, "")
		x.Date = strings.Join(got, " | ") + " (gold: " + strings.Join(want, " | ") + ")"
		ds.Wrong = append(ds.Wrong, x)
	}
	ds.Accuracy = 1
	if ds.Found > 0 {
		ds.Accuracy = round(float64(ds.Right) / float64(ds.Found))
	}
	ds.Wrong = nonNilSlice(ds.Wrong)
	ds.Unasked = nonNilSlice(ds.Unasked)
	return ds
}

// DocDateScore compares each gold document's date with the one the
// pipeline read. Right counts documents whose date equals the gold's
// (both empty included); GoldDated those the gold dates, DatedRight those
// of them read with the gold date; Predicted the documents read with a
// date. Wrong lists the documents whose date differs.
type DocDateScore struct {
	Docs       int            `json:"docs"`
	Right      int            `json:"right"`
	GoldDated  int            `json:"goldDated"`
	DatedRight int            `json:"goldDatedRight"`
	Predicted  int            `json:"predictedDated"`
	Accuracy   float64        `json:"accuracy"`
	Wrong      []DocDateError `json:"wrong"`
}

// DocDateError is a document whose date is not the gold's.
type DocDateError struct {
	Doc       string `json:"doc"`
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
}

// ScoreDocDates sets r.DocDates from the dates the pipeline read, by Key
// of the document id; a gold document missing from dates counts as
// undated.
func (r *Report) ScoreDocDates(g *Gold, dates map[string]string) {
	s := &DocDateScore{Wrong: []DocDateError{}}
	for _, d := range g.Docs {
		got := dates[d.Doc]
		s.Docs++
		if got != "" {
			s.Predicted++
		}
		if d.Date != "" {
			s.GoldDated++
		}
		if got == d.Date {
			s.Right++
			if d.Date != "" {
				s.DatedRight++
			}
			continue
		}
		s.Wrong = append(s.Wrong, DocDateError{Doc: d.Doc, Gold: d.Date, Predicted: got})
	}
	s.Accuracy = 1
	if s.Docs > 0 {
		s.Accuracy = round(float64(s.Right) / float64(s.Docs))
	}
	r.DocDates = s
}

// tally counts one predicate in one scope.
type tally struct {
	gold, pred, tpPred int
	found              map[triple]bool
}

func scope(name, desc string, ts map[string]*tally) Scope {
	sc := Scope{Name: name, Description: desc}
	var g, p, tg, tp int
	var preds []string
	for _, pr := range kg.Predicates {
		preds = append(preds, pr.ID)
	}
	for id := range ts {
		if _, ok := kg.PredicateByID(id); !ok {
			preds = append(preds, id)
		}
	}
	for _, id := range preds {
		t := ts[id]
		if t == nil || (t.gold == 0 && t.pred == 0) {
			continue
		}
		sc.ByPredicate = append(sc.ByPredicate, PredicateScore{Predicate: id, PRF: newPRF(t.gold, t.pred, len(t.found), t.tpPred)})
		g, p, tg, tp = g+t.gold, p+t.pred, tg+len(t.found), tp+t.tpPred
	}
	sc.Overall = newPRF(g, p, tg, tp)
	return sc
}

// locationRight reports whether a predicted location (an id) is right for
// a meeting the gold places at want (ids; none when the text gives none).
func locationRight(m *matcher, want []string, got string, nested func(a, b string) bool) bool {
	if len(want) == 0 {
		return got == ""
	}
	if got == "" {
		return false
	}
	for _, g := range m.ids(got) {
		for _, w := range want {
			if g == w || nested(g, w) {
				return true
			}
		}
	}
	return false
}

// reaches reports whether b is reachable from a by located_in edges.
func reaches(within map[string]map[string]bool, a, b string) bool {
	seen := map[string]bool{a: true}
	stack := []string{a}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for y := range within[x] {
			if y == b {
				return true
			}
			if !seen[y] {
				seen[y] = true
				stack = append(stack, y)
			}
		}
	}
	return false
}

func instRef(in predInstance, t triple, loc string) RelRef {
	if loc == "" {
		loc = in.rel.Location
	}
	return RelRef{Doc: in.doc, Subject: t.s, Predicate: in.rel.Predicate, Object: t.o,
		Modality: in.rel.Modality, Location: loc, Sentence: in.sentence}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func boolMap[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func setOf(xs []string) map[string]bool {
	out := map[string]bool{}
	for _, x := range xs {
		out[x] = true
	}
	return out
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func nonNilSlice[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func sortRefs(rs []EntityRef) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
}

// Matcher maps entities the pipeline found to the gold entities they stand
// for, by the rules Score uses (NewMatcher, Match).
type Matcher struct{ m *matcher }

// NewMatcher returns a matcher over the entities of every document of g.
// Pass the gold of one document (a Gold with only that Doc) to match a
// document's entities against its own gold alone.
func NewMatcher(g *Gold) *Matcher { return &Matcher{newMatcher(g)} }

// Match returns the ids of the gold entities e stands for, sorted: the
// gold entity with its id, else those of its type whose name or alias is
// its name or an alias (case, accents, punctuation, a possessive and a
// leading honorific ignored; a name two gold entities share matches
// neither), else by the end of its name or a Person's bare surname or
// given name, as Score matches. None when nothing matches.
func (m *Matcher) Match(e kg.Entity) []string { return m.m.match(e) }
