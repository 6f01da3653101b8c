// Package gazetteer is entigraph's embedded table of countries: names,
// official names, spellings, acronyms, demonyms, capitals and Wikidata IRIs.
//
// The table is countries.tsv, generated from ../shared/data/countries by
// internal/gen (go generate), plus the hand-curated extras.tsv; both are
// embedded, so nothing is read from disk at run time. See README.md for the
// sources and their licences.
//
// Lookups take a surface form as written and apply the case rules of the
// form's kind: acronyms match only exactly as written ("US", "U.S.",
// "DPRK", never "us"); names, demonyms and capitals match when every word
// but a short function word starts with a capital letter ("North Korea",
// "NORTH KOREA", "Democratic People's Republic of Korea", not "north korea").
// ISO alpha-2 and alpha-3 codes are not matchable forms: too many are
// English words or common abbreviations ("IN", "IT", "AI", "CAN", "PER").
//
// A Gazetteer is immutable after loading and safe for concurrent use.
package gazetteer

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
)

//go:generate go run ./internal/gen -src ../../../shared/data/countries -o countries.tsv

//go:embed countries.tsv
var countriesTSV string

//go:embed extras.tsv
var extrasTSV string

// Entry is one country or territory.
type Entry struct {
	CCA3, CCA2 string
	// Sovereign is true for states and de-facto states (kg.Country); false
	// for dependent territories (kg.Place).
	Sovereign bool
	Name      string // common English name: the canonical name ("North Korea")
	Official  string // "Democratic People's Republic of Korea"
	Wikidata  string // "http://www.wikidata.org/entity/Q423", or ""
	Capitals  []string
	Demonyms  []string
	Alt       []string
	Acronyms  []string
}

// Form says how a surface names its entry.
type Form int

// Forms of a hit.
const (
	FormName    Form = iota // common or official name or another spelling
	FormAcronym             // "DPRK", "U.S."
	FormDemonym             // "North Korean"
	FormCapital             // "Pyongyang"
)

func (f Form) String() string {
	switch f {
	case FormName:
		return "name"
	case FormAcronym:
		return "acronym"
	case FormDemonym:
		return "demonym"
	case FormCapital:
		return "capital"
	}
	return fmt.Sprintf("Form(%d)", int(f))
}

// Hit is one entry a surface form names.
type Hit struct {
	Entry *Entry
	Form  Form
	form  string // the form as listed, for the case rules
}

// Gazetteer maps surface forms to entries.
type Gazetteer struct {
	entries  []*Entry
	byCode   map[string]*Entry
	byKey    map[string][]Hit
	maxWords int
}

var (
	defaultOnce sync.Once
	defaultG    *Gazetteer
	defaultErr  error
)

// Default returns the embedded gazetteer, parsed once per process.
func Default() (*Gazetteer, error) {
	defaultOnce.Do(func() { defaultG, defaultErr = Parse(countriesTSV, extrasTSV) })
	return defaultG, defaultErr
}

// Parse builds a gazetteer from a countries table and an extras table in
// the formats of countries.tsv and extras.tsv.
func Parse(countries, extras string) (*Gazetteer, error) {
	g := &Gazetteer{byCode: map[string]*Entry{}, byKey: map[string][]Hit{}}
	for n, line := range strings.Split(countries, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 10 {
			return nil, fmt.Errorf("gazetteer: countries.tsv:%d: %d fields, want 10", n+1, len(f))
		}
		e := &Entry{CCA3: f[0], CCA2: f[1], Sovereign: f[2] == "1", Name: f[3], Official: f[4],
			Wikidata: f[5], Capitals: split(f[6]), Demonyms: split(f[7]), Alt: split(f[8]), Acronyms: split(f[9])}
		g.entries = append(g.entries, e)
		g.byCode[e.CCA3] = e
	}
	for n, line := range strings.Split(extras, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			return nil, fmt.Errorf("gazetteer: extras.tsv:%d: %d fields, want 3 or 4", n+1, len(f))
		}
		e := g.byCode[f[0]]
		v := f[2]
		if f[1] == "entry" {
			// A state the data lacks (a former one: the Soviet Union).
			if e != nil {
				return nil, fmt.Errorf("gazetteer: extras.tsv:%d: code %q exists", n+1, f[0])
			}
			e = &Entry{CCA3: f[0], Name: v, Official: v}
			g.entries = append(g.entries, e)
			g.byCode[e.CCA3] = e
			continue
		}
		if e == nil {
			return nil, fmt.Errorf("gazetteer: extras.tsv:%d: unknown code %q", n+1, f[0])
		}
		switch f[1] {
		case "alt":
			e.Alt = appendNew(e.Alt, v)
		case "acronym":
			e.Acronyms = appendNew(e.Acronyms, v)
		case "capital":
			e.Capitals = appendNew(e.Capitals, v)
		case "demonym":
			e.Demonyms = appendNew(e.Demonyms, v)
		case "nocapital":
			e.Capitals = remove(e.Capitals, v)
		case "sovereign":
			e.Sovereign = v == "1"
		case "wikidata":
			e.Wikidata = v
		default:
			return nil, fmt.Errorf("gazetteer: extras.tsv:%d: unknown kind %q", n+1, f[1])
		}
	}
	for _, e := range g.entries {
		g.add(e, FormName, e.Name)
		g.add(e, FormName, e.Official)
		for _, a := range e.Alt {
			g.add(e, FormName, a)
		}
		for _, a := range e.Acronyms {
			g.add(e, FormAcronym, a)
		}
		for _, d := range e.Demonyms {
			g.add(e, FormDemonym, d)
		}
		for _, c := range e.Capitals {
			g.add(e, FormCapital, c)
		}
	}
	return g, nil
}

func (g *Gazetteer) add(e *Entry, f Form, form string) {
	k := Key(form)
	if k == "" {
		return
	}
	for _, h := range g.byKey[k] {
		if h.Entry == e && h.Form == f && (f != FormAcronym || h.form == form) {
			return
		}
	}
	g.byKey[k] = append(g.byKey[k], Hit{Entry: e, Form: f, form: form})
	if n := len(Words(form)); n > g.maxWords {
		g.maxWords = n
	}
}

// Entries returns every entry, sorted by alpha-3 code.
func (g *Gazetteer) Entries() []*Entry { return g.entries }

// ByCode returns the entry with that ISO alpha-3 code, or nil.
func (g *Gazetteer) ByCode(cca3 string) *Entry { return g.byCode[cca3] }

// MaxWords is the largest number of words in any form: the longest span a
// caller needs to try.
func (g *Gazetteer) MaxWords() int { return g.maxWords }

// HasKey reports whether some form has the key Key(s), whatever its case.
// Callers scanning text use it to stop extending a span early.
func (g *Gazetteer) HasKey(key string) bool { _, ok := g.byKey[key]; return ok }

// Lookup returns the entries the surface form names, applying the case rules
// of each form's kind. The hits are ordered name, acronym, demonym, capital,
// then by code. A surface naming several entries in the same way (the
// demonym "Congolese") returns them all: callers decide what is ambiguous.
func (g *Gazetteer) Lookup(surface string) []Hit {
	return g.LookupKey(Key(surface), surface)
}

// LookupKey is Lookup for a caller that has already computed Key(surface).
func (g *Gazetteer) LookupKey(key, surface string) []Hit {
	hs := g.byKey[key]
	if len(hs) == 0 {
		return nil
	}
	var out []Hit
	for _, h := range hs {
		if h.Form == FormAcronym {
			if foldQuotes(strings.TrimSpace(surface)) != h.form {
				continue
			}
		} else if !capitalised(surface) {
			continue
		}
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Form != out[j].Form {
			return out[i].Form < out[j].Form
		}
		return out[i].Entry.CCA3 < out[j].Entry.CCA3
	})
	return out
}

// Key normalises a surface form for lookup: letters and digits only,
// lower-cased, so "U.S." and "US", "People's" and "People’s", "North  Korea"
// and "North Korea" share a key (the case rules then tell them apart).
func Key(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Words splits a form into words at spaces.
func Words(s string) []string { return strings.Fields(s) }

// lowerOK are the words that may stay lower-case inside a capitalised name.
var lowerOK = map[string]bool{"of": true, "the": true, "and": true, "da": true, "de": true, "del": true,
	"des": true, "du": true, "la": true, "le": true, "di": true, "do": true, "dos": true, "das": true, "y": true, "e": true, "and/or": true}

// capitalised reports whether every word of s (split at spaces and hyphens)
// starts with an upper-case letter, short function words excepted, and at
// least one word does.
func capitalised(s string) bool {
	any := false
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '\t' || r == '\n' }) {
		r := firstLetter(w)
		if r == 0 {
			continue
		}
		if unicode.IsUpper(r) {
			any = true
			continue
		}
		if !lowerOK[strings.ToLower(strings.Trim(w, "'’"))] {
			return false
		}
	}
	return any
}

func firstLetter(w string) rune {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return r
		}
	}
	return 0
}

// quoteFolder turns curly apostrophes straight (built once: a Replacer is
// costly to build and safe for concurrent use).
var quoteFolder = strings.NewReplacer("’", "'", "‘", "'")

func foldQuotes(s string) string { return quoteFolder.Replace(s) }

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func appendNew(xs []string, v string) []string {
	for _, x := range xs {
		if x == v {
			return xs
		}
	}
	return append(xs, v)
}

func remove(xs []string, v string) []string {
	var out []string
	for _, x := range xs {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
