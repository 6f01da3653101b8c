package relation

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
	"gopkg.in/yaml.v3"
)

// The predicate tables and the modality cues, one YAML file each. The format
// is documented in docs/relations.md.
//
//go:embed data/*.yaml
var dataFS embed.FS

const (
	modalityFile = "modality.yaml"
	actorsFile   = "actors.yaml"
)

// table is one predicate's patterns: the content of data/<predicate>.yaml.
type table struct {
	Predicate  string   `yaml:"predicate"`
	Qualifiers []string `yaml:"qualifiers"` // "location", "date"
	Frames     []frame  `yaml:"frames"`

	// Vocabulary of the title and appositive frames (holds_position).
	Roles        []string `yaml:"roles"`
	CountryRoles []string `yaml:"country_roles"`
	Modifiers    []string `yaml:"modifiers"`
	Honorifics   []string `yaml:"honorifics"`
	Exclude      []string `yaml:"exclude"`
	Former       []string `yaml:"former"`

	pred      kg.Predicate
	location  bool
	date      bool
	roles     map[string]bool
	country   map[string]bool
	modifiers map[string]bool
	honor     map[string]bool
	exclude   map[string]bool
	former    map[string]bool
}

// frame is one pattern of a predicate.
type frame struct {
	Name     string   `yaml:"name"`
	Kind     string   `yaml:"kind"` // "event" (default), "title", "appositive"
	Examples []string `yaml:"examples"`

	Trigger    trigger     `yaml:"trigger"`
	Via        []string    `yaml:"via"`
	Subject    []string    `yaml:"subject"` // "left", "possessor", "modifier", "apposition", "sentence"
	Object     []string    `yaml:"object"`  // "direct" or a preposition
	Pairs      []string    `yaml:"pairs"`   // prepositions whose group holds every party
	Reciprocal bool        `yaml:"reciprocal"`
	Requires   []string    `yaml:"requires"`
	Window     int         `yaml:"window"`
	Fillers    []string    `yaml:"fillers"`
	Companions *companions `yaml:"companions"`
	Preps      []string    `yaml:"preps"`         // appositive: prepositions before the organization; located: the prepositions of "P in Q"
	Passive    string      `yaml:"passive"`       // "by": "Y was praised by X"; "actor": "X troops were sent to Y"
	Scan       int         `yaml:"scan"`          // object preposition up to this many tokens after the trigger
	Purpose    []string    `yaml:"purpose"`       // "sent troops to fight in Kursk": prepositions of a place in a purpose clause
	Owner      bool        `yaml:"owner"`         // "praised Germany's defence efforts": the owner of the object phrase
	Including  bool        `yaml:"including"`     // "leaders who had met Trump, including A and B"
	Forms      []string    `yaml:"forms"`         // located: comma, in, possessive, of
	SubjTypes  []string    `yaml:"subject_types"` // narrower than the predicate's: visited "be in" takes a Person
	ObjTypes   []string    `yaml:"object_types"`  // narrower than the predicate's: visited "be in" takes a Place or Country

	lemmas   map[string]bool
	trigIDs  []int // Extractor.triggerID of each trigger lemma
	then     map[string]bool
	via      [][]string
	requires map[string]bool
	fillers  map[string]bool
	direct   bool
	objPreps map[string]bool
	pairs    map[string]bool
	subj     []string
	subjPrep map[string]bool
	objLeft  bool
	objRel   bool
	objAs    bool
	compVerb map[string]bool
	preps    map[string]bool
	purpose  map[string]bool
	forms    map[string]bool
}

// trigger says which token starts a frame.
type trigger struct {
	Lemmas []string `yaml:"lemmas"`
	POS    string   `yaml:"pos"`  // "verb", "noun" or "any"
	Then   []string `yaml:"then"` // a lemma that must follow ("shake" "hands")
}

// companions adds parties who join the subject: "X will be joined in his
// meeting with Y by A and B" (A and B met Y too).
type companions struct {
	Verbs []string `yaml:"verbs"`
	Prep  string   `yaml:"prep"`
}

// cueTable is the modality lexicon: data/modality.yaml.
// actorTable is data/actors.yaml: the nouns through which a country or
// organization acts ("North Korean troops", "Pyongyang's soldiers", "the
// German government"), so that the name heads its phrase as the actor.
type actorTable struct {
	Nouns     []string `yaml:"nouns"`
	Modifiers []string `yaml:"modifiers"`

	nouns, modifiers map[string]bool
}

type cueTable struct {
	Negated  cueSet `yaml:"negated"`
	Reported cueSet `yaml:"reported"`
	// Aspectual verbs whose "to" complement is a fact, not a plan:
	// "Russia was continuing to attack Ukraine".
	Aspectual []string `yaml:"aspectual"`

	aspectual map[string]bool

	negClause, negChain [][]string
	repClause, repChain [][]string
}

// cueSet splits cues by scope.
type cueSet struct {
	Clause []string `yaml:"clause"`
	Chain  []string `yaml:"chain"`
}

var (
	subjectStrategies = map[string]bool{"left": true, "possessor": true, "sentence": true, "modifier": true, "apposition": true}
	frameKinds        = map[string]bool{"event": true, "title": true, "appositive": true, "located": true}
	locatedForms      = map[string]bool{"comma": true, "in": true, "possessive": true, "of": true, "descriptor": true, "capital": true, "based": true}
	posClasses        = map[string]bool{"verb": true, "noun": true, "any": true}
)

// loadTables reads every predicate table and the cues from fsys (a folder
// of YAML files) and checks them against the ontology.
func loadTables(fsys fs.FS) ([]*table, *cueTable, *actorTable, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, nil, nil, err
	}
	actors := &actorTable{}
	sort.Strings(names)
	var tables []*table
	var cues *cueTable
	seen := map[string]string{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, nil, err
		}
		if name == actorsFile {
			if err := decodeStrict(b, actors); err != nil {
				return nil, nil, nil, fmt.Errorf("%s: %w", name, err)
			}
			continue
		}
		if name == modalityFile {
			c := &cueTable{}
			if err := decodeStrict(b, c); err != nil {
				return nil, nil, nil, fmt.Errorf("%s: %w", name, err)
			}
			c.compile()
			cues = c
			continue
		}
		t := &table{}
		if err := decodeStrict(b, t); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := t.compile(); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		if prev, dup := seen[t.Predicate]; dup {
			return nil, nil, nil, fmt.Errorf("%s: predicate %s already defined in %s", name, t.Predicate, prev)
		}
		seen[t.Predicate] = name
		tables = append(tables, t)
	}
	if cues == nil {
		return nil, nil, nil, fmt.Errorf("no %s", modalityFile)
	}
	actors.nouns, actors.modifiers = set(actors.Nouns), set(actors.Modifiers)
	// Tables run in the ontology's order, so output order never depends on
	// file names.
	sort.SliceStable(tables, func(i, j int) bool { return predIndex(tables[i].Predicate) < predIndex(tables[j].Predicate) })
	return tables, cues, actors, nil
}

func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func predIndex(id string) int {
	for i, p := range kg.Predicates {
		if p.ID == id {
			return i
		}
	}
	return len(kg.Predicates)
}

func (t *table) compile() error {
	p, ok := kg.PredicateByID(t.Predicate)
	if !ok {
		return fmt.Errorf("predicate %q is not in the ontology (kg.Predicates)", t.Predicate)
	}
	t.pred = p
	for _, q := range t.Qualifiers {
		switch q {
		case "location":
			t.location = true
		case "date":
			t.date = true
		default:
			return fmt.Errorf("unknown qualifier %q (want location or date)", q)
		}
	}
	if len(t.Frames) == 0 {
		return fmt.Errorf("predicate %s has no frames", t.Predicate)
	}
	t.roles = set(t.Roles)
	t.country = set(t.CountryRoles)
	t.modifiers = set(t.Modifiers)
	t.honor = set(t.Honorifics)
	t.exclude = set(t.Exclude)
	t.former = set(t.Former)
	for i := range t.Frames {
		f := &t.Frames[i]
		if err := f.compile(t); err != nil {
			name := f.Name
			if name == "" {
				name = fmt.Sprint("#", i)
			}
			return fmt.Errorf("frame %s: %w", name, err)
		}
	}
	return nil
}

func (f *frame) compile(t *table) error {
	if f.Name == "" {
		return fmt.Errorf("no name")
	}
	if f.Kind == "" {
		f.Kind = "event"
	}
	if !frameKinds[f.Kind] {
		return fmt.Errorf("unknown kind %q", f.Kind)
	}
	f.preps = set(f.Preps)
	f.forms = set(f.Forms)
	for _, st := range f.SubjTypes {
		if !kg.EntityType(st).Valid() || !has(entityStrings(t.pred.Subject), st) {
			return fmt.Errorf("subject_types: %q is not a subject type of %s", st, t.Predicate)
		}
	}
	for _, ot := range f.ObjTypes {
		if !kg.EntityType(ot).Valid() || !has(entityStrings(t.pred.Object), ot) {
			return fmt.Errorf("object_types: %q is not an object type of %s", ot, t.Predicate)
		}
	}
	if f.Kind == "located" {
		if len(f.Forms) == 0 {
			return fmt.Errorf("kind located needs forms")
		}
		for _, x := range f.Forms {
			if !locatedForms[x] {
				return fmt.Errorf("unknown located form %q (want comma, in, possessive or of)", x)
			}
		}
		if f.forms["in"] && len(f.Preps) == 0 {
			return fmt.Errorf("located form in needs preps")
		}
		return nil
	}
	if f.Kind != "event" {
		// Title and appositive frames relate a Person to an organization
		// or country named beside it; the predicate must allow that.
		if !t.pred.Allows(kg.Person, kg.Country) && !t.pred.Allows(kg.Person, kg.Organization) {
			return fmt.Errorf("kind %s needs a predicate from Person to Country or Organization", f.Kind)
		}
		if len(t.Roles) == 0 {
			return fmt.Errorf("kind %s needs the table's roles", f.Kind)
		}
		if f.Kind == "appositive" && len(f.Preps) == 0 {
			return fmt.Errorf("kind appositive needs preps")
		}
		return nil
	}
	if len(f.Trigger.Lemmas) == 0 {
		return fmt.Errorf("trigger has no lemmas")
	}
	if f.Trigger.POS == "" {
		f.Trigger.POS = "any"
	}
	if !posClasses[f.Trigger.POS] {
		return fmt.Errorf("trigger pos %q (want verb, noun or any)", f.Trigger.POS)
	}
	f.lemmas = set(f.Trigger.Lemmas)
	f.then = set(f.Trigger.Then)
	for _, v := range f.Via {
		f.via = append(f.via, strings.Fields(strings.ToLower(v)))
	}
	f.requires = set(f.Requires)
	if len(f.Requires) > 0 && f.Window <= 0 {
		f.Window = 8
	}
	f.fillers = set(f.Fillers)
	f.objPreps = map[string]bool{}
	f.purpose = set(f.Purpose)
	switch f.Passive {
	case "", "by", "actor":
	default:
		return fmt.Errorf("passive %q (want by or actor)", f.Passive)
	}
	for _, o := range f.Object {
		switch o {
		case "direct":
			f.direct = true
		case "left":
			f.objLeft = true
		case "relative":
			f.objRel = true
		case "as":
			f.objAs = true
		default:
			f.objPreps[strings.ToLower(o)] = true
		}
	}
	f.pairs = set(f.Pairs)
	if len(f.Subject) == 0 && len(f.Pairs) == 0 {
		return fmt.Errorf("no subject strategy and no pairs")
	}
	f.subjPrep = map[string]bool{}
	for _, s := range f.Subject {
		if !subjectStrategies[s] {
			if !objectPreps[s] {
				return fmt.Errorf("unknown subject strategy %q (want left, possessor, modifier, apposition, sentence or a preposition)", s)
			}
			f.subjPrep[s] = true
		}
	}
	f.subj = f.Subject
	if len(f.Object) == 0 && len(f.Pairs) == 0 && !f.Reciprocal {
		return fmt.Errorf("no object, pairs or reciprocal: the frame can never relate two parties")
	}
	if (f.Reciprocal || len(f.Pairs) > 0) && !t.pred.Symmetric {
		// Pairs within one group have no direction.
		return fmt.Errorf("reciprocal and pairs need a symmetric predicate; %s is not", t.Predicate)
	}
	if c := f.Companions; c != nil {
		if len(c.Verbs) == 0 || c.Prep == "" {
			return fmt.Errorf("companions need verbs and prep")
		}
		f.compVerb = set(c.Verbs)
	}
	return nil
}

func (c *cueTable) compile() {
	split := func(xs []string) [][]string {
		var out [][]string
		for _, x := range xs {
			out = append(out, strings.Fields(strings.ToLower(x)))
		}
		return out
	}
	c.negClause, c.negChain = split(c.Negated.Clause), split(c.Negated.Chain)
	c.aspectual = set(c.Aspectual)
	c.repClause, c.repChain = split(c.Reported.Clause), split(c.Reported.Chain)
}

// vocabulary is every lemma the tables mention: the lemmatiser prefers
// these among a word's candidate lemmas.
func vocabulary(tables []*table, c *cueTable, a *actorTable) map[string]bool {
	v := map[string]bool{}
	add := func(xs ...string) {
		for _, x := range xs {
			for _, w := range strings.Fields(strings.ToLower(x)) {
				v[w] = true
			}
		}
	}
	for _, t := range tables {
		for _, f := range t.Frames {
			add(f.Trigger.Lemmas...)
			add(f.Trigger.Then...)
			add(f.Via...)
			add(f.Requires...)
			if f.Companions != nil {
				add(f.Companions.Verbs...)
			}
			for _, o := range f.Object {
				add(o)
			}
		}
	}
	add(a.Nouns...)
	for w := range reportVerbs {
		add(w)
	}
	for _, xs := range [][]string{c.Negated.Clause, c.Negated.Chain, c.Reported.Clause, c.Reported.Chain, c.Aspectual} {
		add(xs...)
	}
	return v
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[strings.ToLower(x)] = true
	}
	return m
}

// subFS returns the embedded data folder.
func subFS() fs.FS {
	sub, err := fs.Sub(dataFS, path.Clean("data"))
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

func entityStrings(ts []kg.EntityType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}
