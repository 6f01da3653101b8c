// Package lexicon is entigraph's event-trigger lexicon: which verbs (and
// which verbs in which context) state which of the ontology's predicates,
// derived from PETRARCH2's CAMEO verb dictionary.
//
// The table is cameo.tsv, generated at development time from
// ../shared/data/petrarch2/CAMEO.2.0.txt (MIT licence, Open Event Data
// Alliance) by internal/gen (go generate ./relation/lexicon) and embedded,
// so nothing is read from disk at run time. The mapping of CAMEO codes to
// predicates is documented in docs/relations.md ("The CAMEO lexicon").
//
// A trigger is a verb lemma ("condemn", "meet with") alone, or a verb with a
// pattern of the words around it ("sign" + "* {peace deal}"). A CAMEO code
// "A:B" gives two directions: Predicate is what the subject does to the
// object (A), Reverse what the object does to the subject (B): "host"
// (043:042) is met_with forward and visited in reverse (the guest visits
// the host); "face criticism" (:111) is criticized in reverse only.
//
// The lexicon is a feature, not an extractor: it says which predicates a
// word can trigger; whether the sentence states the relation, between whom
// and with which modality is the relation extractor's business.
//
// A Lexicon is immutable after loading and safe for concurrent use.
package lexicon

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -src ../../../shared/data/petrarch2 -o cameo.tsv

//go:embed cameo.tsv
var cameoTSV string

// Trigger is one row of the table: a verb alone or a verb with a pattern.
type Trigger struct {
	Lemma string // the verb's lemma, lower case: "meet", "meet with", "blow up"
	Block string // the dictionary's verb block: "MEET_PEOPLE"
	Code  string // the CAMEO code as the dictionary writes it: "042:043", "111", ":111"
	// Predicate is the ontology predicate of the subject acting on the
	// object, "" for none; Reverse that of the object acting on the
	// subject.
	Predicate, Reverse string
	// Pattern is "" for the verb alone, else the dictionary's pattern,
	// lower case: "* (for talks)", "&military * exercises" ("*" is the
	// verb; "(...)" a prepositional phrase; "{...}" a noun phrase; "&name"
	// a synonym set).
	Pattern string
	Line    int // the line of CAMEO.2.0.txt it comes from

	before, after []elem // the pattern's words before and after the verb
}

// Predicates returns the trigger's predicates, forward then reverse, each
// once.
func (t Trigger) Predicates() []string {
	var out []string
	if t.Predicate != "" {
		out = append(out, t.Predicate)
	}
	if t.Reverse != "" && t.Reverse != t.Predicate {
		out = append(out, t.Reverse)
	}
	return out
}

// elem is one word of a pattern: any of its alternatives, each a sequence
// of words, indexed by the first word (the rest, possibly empty).
type elem map[string][][]string

func newElem(alts [][]string) elem {
	e := elem{}
	for _, a := range alts {
		if len(a) > 0 {
			e[a[0]] = append(e[a[0]], a[1:])
		}
	}
	return e
}

// at returns the length of an alternative that stands at ws[i:], or 0.
func (e elem) at(ws []string, i int) int {
	for _, rest := range e[ws[i]] {
		if i+1+len(rest) <= len(ws) && equal(ws[i+1:i+1+len(rest)], rest) {
			return 1 + len(rest)
		}
	}
	return 0
}

// Lexicon is a loaded trigger table.
type Lexicon struct {
	forms    map[string][]string   // inflected form or lemma ("met", "met with") -> lemmas
	maxWords int                   // the longest form, in words
	verbs    map[string][]Trigger  // lemma -> its verb rows (one per block)
	patterns map[string][]*Trigger // lemma -> the pattern rows that apply to it
	synsets  map[string][][]string
}

// Load returns the embedded table, parsed once.
var Load = sync.OnceValue(func() *Lexicon {
	l, err := Parse(cameoTSV)
	if err != nil {
		panic("lexicon: embedded cameo.tsv: " + err.Error())
	}
	return l
})

// Parse reads a table in cameo.tsv's format (see internal/gen). Errors name
// the line.
func Parse(tsv string) (*Lexicon, error) {
	l := &Lexicon{
		forms:    map[string][]string{},
		verbs:    map[string][]Trigger{},
		patterns: map[string][]*Trigger{},
		synsets:  map[string][][]string{},
	}
	type pending struct {
		t      *Trigger
		lemmas string
		n      int
	}
	var pats []pending
	blockVerbs := map[string][]string{}
	lines := strings.Split(tsv, "\n")
	// Synonym sets come last in the file but patterns need them: read them first.
	for n, line := range lines {
		if f := strings.Split(line, "\t"); f[0] == "synset" {
			if len(f) != 3 || !strings.HasPrefix(f[1], "&") || f[2] == "" {
				return nil, fmt.Errorf("line %d: a synset row is: synset, &name, members", n+1)
			}
			for _, m := range strings.Split(f[2], "|") {
				l.synsets[f[1]] = append(l.synsets[f[1]], strings.Fields(m))
			}
		}
	}
	for n, line := range lines {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		switch f[0] {
		case "synset":
			continue
		case "verb", "pattern":
		default:
			return nil, fmt.Errorf("line %d: unknown row kind %q", n+1, f[0])
		}
		if len(f) != 8 {
			return nil, fmt.Errorf("line %d: %d fields, want 8", n+1, len(f))
		}
		at, err := strconv.Atoi(f[7])
		if err != nil {
			return nil, fmt.Errorf("line %d: bad line number %q", n+1, f[7])
		}
		t := &Trigger{Block: f[1], Code: f[4], Predicate: none(f[5]), Reverse: none(f[6]), Line: at}
		if f[0] == "verb" {
			if f[2] == "" {
				return nil, fmt.Errorf("line %d: verb row without a lemma", n+1)
			}
			t.Lemma = f[2]
			l.verbs[t.Lemma] = append(l.verbs[t.Lemma], *t)
			blockVerbs[t.Block] = append(blockVerbs[t.Block], t.Lemma)
			l.addForm(t.Lemma, t.Lemma)
			if f[3] != "" {
				for _, form := range strings.Split(f[3], "|") {
					l.addForm(form, t.Lemma)
				}
			}
			continue
		}
		t.Pattern = f[3]
		if t.before, t.after, err = l.compile(f[3]); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		pats = append(pats, pending{t, f[2], n + 1})
	}
	for _, p := range pats {
		lemmas := blockVerbs[p.t.Block]
		if p.lemmas != "*" {
			lemmas = strings.Split(p.lemmas, "|")
		}
		if len(lemmas) == 0 {
			return nil, fmt.Errorf("line %d: pattern of block %s, which has no verb rows", p.n, p.t.Block)
		}
		for _, lem := range lemmas {
			t := *p.t
			t.Lemma = lem
			l.patterns[lem] = append(l.patterns[lem], &t)
		}
	}
	return l, nil
}

func none(p string) string {
	if p == "-" {
		return ""
	}
	return p
}

func (l *Lexicon) addForm(form, lemma string) {
	form = strings.Join(strings.Fields(form), " ")
	for _, x := range l.forms[form] {
		if x == lemma {
			return
		}
	}
	l.forms[form] = append(l.forms[form], lemma)
	if n := len(strings.Fields(form)); n > l.maxWords {
		l.maxWords = n
	}
}

// compile turns a pattern into the words required before and after the
// verb. Markers of source and target ("$", "+", "^", "%") require nothing;
// "a/b" is either word; a noun also matches its plural.
func (l *Lexicon) compile(p string) (before, after []elem, err error) {
	r := strings.NewReplacer("(", " ", ")", " ", "{", " ", "}", " ")
	side := &before
	star := false
	for _, w := range strings.Fields(r.Replace(p)) {
		switch {
		case w == "*":
			if star {
				return nil, nil, fmt.Errorf("pattern %q: two verbs (*)", p)
			}
			star, side = true, &after
		case w == "$" || w == "+" || w == "^" || w == "%":
		case strings.HasPrefix(w, "&"):
			m, ok := l.synsets[w]
			if !ok {
				return nil, nil, fmt.Errorf("pattern %q: synonym set %s not defined", p, w)
			}
			*side = append(*side, newElem(m))
		default:
			var alts [][]string
			for _, a := range strings.Split(w, "/") {
				if a != "" {
					alts = append(alts, []string{a}, []string{a + "s"})
				}
			}
			*side = append(*side, newElem(alts))
		}
	}
	if !star {
		return nil, nil, fmt.Errorf("pattern %q: no verb (*)", p)
	}
	return before, after, nil
}

// Lemmas returns the lemmas of a verb form as written, any case: "met" ->
// [meet], "Signed" -> [sign], "met with" -> [meet with]; nil when the form
// is no verb of the lexicon.
func (l *Lexicon) Lemmas(form string) []string {
	return l.forms[strings.Join(strings.Fields(strings.ToLower(form)), " ")]
}

// Verb returns the rows of a lemma alone, one per block it is in, with a
// predicate or not.
func (l *Lexicon) Verb(lemma string) []Trigger {
	return l.verbs[lemma]
}

// Predicates returns the predicates the lemma alone triggers in either
// direction, sorted: "condemn" -> [criticized], "host" -> [met_with
// visited].
func (l *Lexicon) Predicates(lemma string) []string {
	set := map[string]bool{}
	for _, t := range l.verbs[lemma] {
		for _, p := range t.Predicates() {
			set[p] = true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Patterns returns the pattern rows that apply to a lemma, in the table's
// order.
func (l *Lexicon) Patterns(lemma string) []Trigger {
	ps := l.patterns[lemma]
	out := make([]Trigger, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// Match is a trigger found in a sentence: the verb form is words[Start:End].
type Match struct {
	Start, End int
	Trigger
}

// Window bounds how far from the verb a pattern's words are looked for.
const Window = 10

// Find returns the triggers with a predicate in a sentence, given as its
// words in lower case (tokens, punctuation included or not): for every
// verb form (the longest at each position), the verb's own rows and the
// patterns whose words stand, in order, within Window words before and
// after it. Matches come in sentence order, patterns before the verb's own
// row at one position. Words are matched as written, whatever their part
// of speech: "the attack" matches the verb "attack" (a caller with tags
// filters).
func (l *Lexicon) Find(words []string) []Match {
	var out []Match
	for i := 0; i < len(words); i++ {
		for n := min(l.maxWords, len(words)-i); n >= 1; n-- {
			lemmas := l.forms[strings.Join(words[i:i+n], " ")]
			if len(lemmas) == 0 {
				continue
			}
			out = append(out, l.At(words, i, i+n, lemmas)...)
			break
		}
	}
	return out
}

// At returns the triggers with a predicate of the verb words[start:end]
// read as any of lemmas: its patterns that match around it, then its own
// rows. A pattern the dictionary repeats (same words, same code) is
// returned once.
func (l *Lexicon) At(words []string, start, end int, lemmas []string) []Match {
	var out []Match
	before, after := words[max(0, start-Window):start], words[end:min(len(words), end+Window)]
	for _, lem := range lemmas {
	patterns:
		for _, p := range l.patterns[lem] {
			if (p.Predicate == "" && p.Reverse == "") || !inOrder(before, p.before) || !inOrder(after, p.after) {
				continue
			}
			for _, m := range out {
				if m.Lemma == lem && m.Pattern == p.Pattern && m.Code == p.Code {
					continue patterns
				}
			}
			out = append(out, Match{start, end, *p})
		}
	}
	for _, lem := range lemmas {
		for _, t := range l.verbs[lem] {
			if t.Predicate != "" || t.Reverse != "" {
				out = append(out, Match{start, end, t})
			}
		}
	}
	return out
}

// inOrder reports whether every elem stands in ws, in order.
func inOrder(ws []string, es []elem) bool {
	i := 0
	for _, e := range es {
		n := 0
		for ; i < len(ws); i++ {
			if n = e.at(ws, i); n > 0 {
				break
			}
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

func equal(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
