// Package coref links pronouns and definite descriptions inside one
// annotated document to the entities the ner stage found: "he", "its",
// "the president", "the company", "the ministry", "the two leaders".
//
// It is rule-based in the style of the multi-sieve resolvers (Raghunathan
// et al. 2010, Lee et al. 2013): exact names, partial names and acronyms are
// already linked by ner's resolution, so two sieves remain, run left to
// right over the document in one pass:
//
//   - descriptions: "the" + a head noun (title, "company", "ministry",
//     "agency", "group", "party", "kingdom", "Jewish state", "the two
//     leaders") go to the most recent entity whose title, name or type fits;
//   - pronouns: he/she/him/his/her/it/its (and they/their/both for a pair
//     written "X and Y") go to the most salient earlier entity that agrees
//     in gender, number and animacy. Salience follows Lappin and Leass
//     (1994): recency (halved each sentence back, three sentences at most),
//     grammatical role (subject over object over the rest), role
//     parallelism, and every earlier mention of the entity in the window,
//     resolved pronouns included.
//
// Gender comes from titles (Mr, Mrs, King, Queen) and a committed table of
// given names (data/givennames.tsv, with its sources); an unknown gender
// agrees with both. Pronouns are never linked forwards (no cataphora), a
// pronoun inside a quotation is never the quotation's speaker, and
// pleonastic "it" ("it is unclear whether") is left alone.
//
// The grammatical role of a mention comes from part-of-speech tags and
// position unless Options.Role gives it (the hook for a dependency parse).
package coref

import (
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// Kind says what sort of expression a Link starts from.
type Kind string

// Link kinds.
const (
	Pronoun     Kind = "pronoun"     // he, his, it, they, both ...
	Description Kind = "description" // the president, the company, the two leaders ...
)

// Link is one pronoun or description and what it refers to.
type Link struct {
	Start, End int    // byte range of the expression in Document.Text
	Text       string // Document.Text[Start:End]
	Sentence   int    // index into Annotated.Sentences
	Kind       Kind
	// Entities holds the id of the entity referred to, or two ids (sorted)
	// for a plural expression that stands for a pair ("the two leaders",
	// "both", "they" after "X and Y").
	Entities []string
}

// Role is the grammatical role of a mention in its clause.
type Role int

// Roles, from least to most salient.
const (
	Other   Role = iota // in a prepositional phrase, a modifier, anything else
	Object              // the object of a verb
	Subject             // the subject of a clause
)

// RoleFunc returns the role of the mention spanning tokens [first, last] of
// sentence sent. It is the hook for a dependency parse; it must not keep a.
type RoleFunc func(a *kg.Annotated, sent, first, last int) Role

// Options tune a Resolver. The zero value is the default.
type Options struct {
	// Role gives grammatical roles; nil means TagRole (POS and position).
	Role RoleFunc
}

// Resolver links pronouns and descriptions; it is immutable and safe for
// concurrent use.
type Resolver struct {
	role RoleFunc
}

// New returns a Resolver with the given options.
func New(o Options) *Resolver {
	r := &Resolver{role: o.Role}
	if r.role == nil {
		r.role = TagRole
	}
	return r
}

var defaultResolver = New(Options{})

// Resolve links the pronouns and descriptions of a with the default
// options. See Resolver.Resolve.
func Resolve(a *kg.Annotated) []Link { return defaultResolver.Resolve(a) }

// Resolve returns the links of a's pronouns and descriptions, in text
// order. Expressions it cannot link with confidence are left out. Tokens
// inside a name mention are never anaphors. A nil or empty document gives
// nil. Resolve does not modify a.
func (r *Resolver) Resolve(a *kg.Annotated) []Link {
	if a == nil || a.Doc == nil || len(a.Tokens) == 0 {
		return nil
	}
	d := newDocState(a, r.role)
	var links []Link
	for si := range a.Sentences {
		d.sentence(si, &links)
	}
	sort.SliceStable(links, func(i, j int) bool { return links[i].Start < links[j].Start })
	return links
}

// MayLink reports whether token i of toks, in a sentence whose tokens end
// before index end, may begin an anaphor that Resolve links: a pronoun of
// its table ("he", "its", "they", "both", ...), or "the" with one
// of the head nouns of its descriptions ("president", "company", "leaders",
// "state", ...) among the next five tokens. It reads the words only, not
// the tags or the mentions, so it holds for every anaphor Resolve links
// and for some it does not: a cheap test of whether a sentence may hold
// one, for a stage that wants to skip the sentences coreference cannot add
// an argument to (syntax/parse.Stage).
func MayLink(toks []kg.Token, i, end int) bool {
	w := toks[i].Text
	if len(w) > len("themselves") {
		return false
	}
	w = strings.ToLower(w)
	if _, ok := pronouns[w]; ok { // "both" among them
		return true
	}
	if w != "the" {
		return false
	}
	for k := i + 1; k < min(end, i+6, len(toks)); k++ {
		h := strings.ToLower(toks[k].Text)
		if _, ok := orgHeads[h]; ok || titleHeads[h] || h == "state" || h == "republic" {
			return true
		}
		if _, ok := pluralHeads[h]; ok {
			return true
		}
	}
	return false
}
