// Package eval scores what the pipeline extracted against hand-made gold
// annotations of the same documents (docs/gold.md): entity precision and
// recall per type, entity-resolution errors (split and merged nodes),
// countries lacking their Wikidata sameAs, and relation precision, recall
// and F1 per predicate, for all relations, asserted ones and the plainly
// stated (single-sentence) ones, with met_with location accuracy and the
// negated or hedged facts emitted as asserted.
//
// Gold is one JSON file per document in a folder; Load reads and checks
// it, Score compares a kg.Graph with it and Report.Write prints the result.
package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
)

// Doc is the gold annotation of one document: the content of one file of
// the gold folder.
type Doc struct {
	// Doc is the document's file name ("000_cf6b1362018f176d.txt"); the gold
	// file is named after it with .json for its extension.
	Doc string `json:"doc"`
	// Date is the document's own date (ISO 8601) when the text gives one.
	Date      string     `json:"date"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`

	file string // the gold file it was read from, for errors
}

// Entity is one entity that the document names, with every surface form it
// is written as in that document.
type Entity struct {
	ID      string        `json:"id"` // kg.EntityID(Type, Name)
	Name    string        `json:"name"`
	Type    kg.EntityType `json:"type"`
	Aliases []string      `json:"aliases"`
	SameAs  []string      `json:"sameAs"`
}

// Relation is one relation the document states, with the first sentence
// that states it.
type Relation struct {
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Modality  string `json:"modality"`
	Location  string `json:"location"`
	Date      string `json:"date"`
	Role      string `json:"role"`
	// SingleSentence is true when the sentence names both ends and states
	// the relation plainly: no pronoun or description standing for an end,
	// no inference beyond the sentence.
	SingleSentence bool `json:"single_sentence"`
	// Sentence is the sentence that states the relation, byte for byte as
	// the document has it. A stand-off annotation (of text that may not be
	// copied into the repository, such as CoNLL-2003's Reuters stories)
	// gives Span instead, and CheckSentences fills Sentence in from the
	// document's text.
	Sentence string `json:"sentence,omitempty"`
	// Span is the sentence's byte offsets [start, end) in the document's
	// text, in stand-off annotations.
	Span *[2]int `json:"span,omitempty"`
}

// Gold is the annotation of a set of documents.
type Gold struct {
	Docs []*Doc // sorted by Doc
}

// Key returns the name that gold files and predicted evidence are matched
// by: the last element of a document id ("testdata/news/x.txt" -> "x.txt").
func Key(docID string) string {
	return path.Base(filepath.ToSlash(docID))
}

// Load reads every *.json file in dir and checks it (see Check). It does
// not look at the documents' text: call CheckSentences for that.
func Load(dir string) (*Gold, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("gold: no *.json files in %s", dir)
	}
	g := &Gold{}
	for _, f := range files {
		d, err := ReadDoc(f)
		if err != nil {
			return nil, err
		}
		g.Docs = append(g.Docs, d)
	}
	sort.Slice(g.Docs, func(i, j int) bool { return g.Docs[i].Doc < g.Docs[j].Doc })
	if err := g.Check(); err != nil {
		return nil, err
	}
	return g, nil
}

// ReadDoc reads one gold file, without checking it (Load checks).
func ReadDoc(file string) (*Doc, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("gold: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	d := &Doc{}
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("gold: %s: %w", file, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("gold: %s: more than one JSON value", file)
	}
	d.file = file
	return d, nil
}

// Check validates the annotations: file names match documents, entity ids
// are kg.EntityID of their type and name, types and predicates are the
// ontology's with types the predicate allows, symmetric relations are
// written with subject id < object id, every relation has a sentence, and
// one id means the same name and type in every document. The error names
// the file and the entity or relation at fault; all problems are reported
// together.
func (g *Gold) Check() error {
	var errs []error
	names := map[string]string{} // id -> name across documents
	docs := map[string]string{}
	for _, d := range g.Docs {
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("gold: %s: %s", d.file, fmt.Sprintf(format, a...)))
		}
		if d.Doc == "" {
			bad("no \"doc\"")
		} else if d.file != "" {
			want := strings.TrimSuffix(d.Doc, path.Ext(d.Doc)) + ".json"
			if filepath.Base(d.file) != want {
				bad("doc %q belongs in a file named %s", d.Doc, want)
			}
		}
		if prev, ok := docs[d.Doc]; ok {
			bad("doc %q is annotated twice (also in %s)", d.Doc, prev)
		}
		docs[d.Doc] = d.file
		ents := map[string]Entity{}
		for i, e := range d.Entities {
			where := fmt.Sprintf("entity %d (%s)", i, e.ID)
			switch {
			case !e.Type.Valid():
				bad("%s: type %q is not one of Person, Country, Organization, Place", where, e.Type)
			case e.Name == "":
				bad("%s: no name", where)
			case e.ID != kg.EntityID(e.Type, e.Name):
				bad("%s: id should be %s (kg.EntityID of its type and name)", where, kg.EntityID(e.Type, e.Name))
			}
			if _, dup := ents[e.ID]; dup {
				bad("%s: listed twice", where)
			}
			ents[e.ID] = e
			if len(e.Aliases) == 0 {
				bad("%s: no aliases (list every form the document writes it as)", where)
			}
			for _, a := range e.Aliases {
				if strings.TrimSpace(a) == "" {
					bad("%s: empty alias", where)
				}
			}
			if e.Type == kg.Country && len(e.SameAs) == 0 {
				bad("%s: a Country needs its Wikidata sameAs", where)
			}
			for _, s := range e.SameAs {
				if !strings.HasPrefix(s, "http://www.wikidata.org/entity/Q") {
					bad("%s: sameAs %q is not a Wikidata entity IRI", where, s)
				}
			}
			if prev, ok := names[e.ID]; ok && prev != e.Name {
				bad("%s: named %q here but %q in another document", where, e.Name, prev)
			}
			names[e.ID] = e.Name
		}
		for i, r := range d.Relations {
			where := fmt.Sprintf("relation %d (%s %s %s)", i, r.Subject, r.Predicate, r.Object)
			p, ok := kg.PredicateByID(r.Predicate)
			if !ok {
				bad("%s: unknown predicate %q (see docs/ONTOLOGY.md)", where, r.Predicate)
				continue
			}
			s, sok := ents[r.Subject]
			o, ook := ents[r.Object]
			if !sok {
				bad("%s: subject %q is not among the document's entities", where, r.Subject)
			}
			if !ook {
				bad("%s: object %q is not among the document's entities", where, r.Object)
			}
			if sok && ook && !p.Allows(s.Type, o.Type) {
				bad("%s: %s does not take a %s subject and a %s object", where, p.ID, s.Type, o.Type)
			}
			if r.Subject == r.Object {
				bad("%s: subject and object are the same entity", where)
			}
			if p.Symmetric && r.Subject > r.Object {
				bad("%s: %s is symmetric: write the smaller id as subject", where, p.ID)
			}
			switch r.Modality {
			case kg.Asserted, kg.Negated, kg.Reported:
			default:
				bad("%s: modality %q is not asserted, negated or reported", where, r.Modality)
			}
			if r.Location != "" {
				l, ok := ents[r.Location]
				if !ok {
					bad("%s: location %q is not among the document's entities", where, r.Location)
				} else if l.Type != kg.Place && l.Type != kg.Country {
					bad("%s: location %q is a %s, not a Place or Country", where, r.Location, l.Type)
				}
			}
			if p.ID == "holds_position" {
				if r.Role == "" || r.Role != strings.ToLower(r.Role) {
					bad("%s: holds_position needs its role, lower-cased", where)
				}
			} else if r.Role != "" {
				bad("%s: only holds_position carries a role", where)
			}
			switch {
			case r.Span != nil && (r.Span[0] < 0 || r.Span[1] <= r.Span[0]):
				bad("%s: span %v is not a range of bytes [start, end)", where, *r.Span)
			case r.Span == nil && strings.TrimSpace(r.Sentence) == "":
				bad("%s: no sentence and no span", where)
			}
		}
	}
	return errors.Join(errs...)
}

// CheckSentences checks that every relation's sentence is, byte for byte,
// part of its document's text, and fills in the sentence of a stand-off
// relation (one given by Span) from the text, checking that the span lies
// within it on character boundaries and matches the sentence when both are
// given. text returns a document's text by Key and false when it is not at
// hand; documents not at hand are skipped.
func (g *Gold) CheckSentences(text func(doc string) (string, bool)) error {
	var errs []error
	for _, d := range g.Docs {
		t, ok := text(d.Doc)
		if !ok {
			continue
		}
		for i := range d.Relations {
			r := &d.Relations[i]
			bad := func(format string, a ...any) {
				errs = append(errs, fmt.Errorf("gold: %s: relation %d (%s %s %s): %s",
					d.file, i, r.Subject, r.Predicate, r.Object, fmt.Sprintf(format, a...)))
			}
			if r.Span == nil {
				if !strings.Contains(t, r.Sentence) {
					bad("sentence not found in %s: %q", d.Doc, r.Sentence)
				}
				continue
			}
			s, e := r.Span[0], r.Span[1]
			if s < 0 || e <= s || e > len(t) || !utf8.RuneStart(t[s]) || (e < len(t) && !utf8.RuneStart(t[e])) {
				bad("span [%d, %d) is not a range of characters of %s (%d bytes)", s, e, d.Doc, len(t))
				continue
			}
			switch {
			case r.Sentence == "":
				r.Sentence = t[s:e]
			case r.Sentence != t[s:e]:
				bad("span [%d, %d) of %s is %q, not the sentence %q", s, e, d.Doc, t[s:e], r.Sentence)
			}
		}
	}
	return errors.Join(errs...)
}

// WriteFile writes d to file as indented JSON, the form of the committed
// gold files.
func (d *Doc) WriteFile(file string) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}

// Standoff turns d's relations into stand-off form: each sentence is
// replaced by its byte span in text, the document's text (the first place
// the sentence stands in it). It fails, changing nothing, when a sentence
// is not in the text.
func (d *Doc) Standoff(text string) error {
	spans := make([][2]int, len(d.Relations))
	for i, r := range d.Relations {
		if r.Span != nil {
			spans[i] = *r.Span
			continue
		}
		at := strings.Index(text, r.Sentence)
		if r.Sentence == "" || at < 0 {
			return fmt.Errorf("gold: %s: relation %d (%s %s %s): sentence not found in %s: %q",
				d.Doc, i, r.Subject, r.Predicate, r.Object, d.Doc, r.Sentence)
		}
		spans[i] = [2]int{at, at + len(r.Sentence)}
	}
	for i := range d.Relations {
		sp := spans[i]
		d.Relations[i].Span = &sp
		d.Relations[i].Sentence = ""
	}
	return nil
}

// NewsDir returns a text function for CheckSentences that reads documents
// from a folder.
func NewsDir(dir string) func(doc string) (string, bool) {
	return func(doc string) (string, bool) {
		b, err := os.ReadFile(filepath.Join(dir, doc))
		if err != nil {
			return "", false
		}
		return string(b), true
	}
}

// Only returns the gold of the named documents (by Key), in g's order. It
// fails when one of them has no gold.
func (g *Gold) Only(docs []string) (*Gold, error) {
	want := map[string]bool{}
	for _, d := range docs {
		want[Key(d)] = true
	}
	out := &Gold{}
	for _, d := range g.Docs {
		if want[d.Doc] {
			out.Docs = append(out.Docs, d)
			delete(want, d.Doc)
		}
	}
	if len(want) > 0 {
		var missing []string
		for d := range want {
			missing = append(missing, d)
		}
		sort.Strings(missing)
		return nil, fmt.Errorf("gold: no annotation for %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// Doc returns the gold of a document by Key, or nil.
func (g *Gold) Doc(key string) *Doc {
	for _, d := range g.Docs {
		if d.Doc == key {
			return d
		}
	}
	return nil
}

// Graph returns the gold as the graph a perfect pipeline would produce:
// one entity per id with every alias of every document, and one relation
// per (subject, predicate, object, modality, role) with one evidence per
// document that states it (offsets are not known and are 0). Scoring it
// against the same gold gives 1 everywhere.
func (g *Gold) Graph() *kg.Graph {
	out := &kg.Graph{}
	ents := map[string]int{}
	docsOf := map[string]map[string]bool{}
	for _, d := range g.Docs {
		for _, e := range d.Entities {
			i, ok := ents[e.ID]
			if !ok {
				i = len(out.Entities)
				ents[e.ID] = i
				out.Entities = append(out.Entities, kg.Entity{ID: e.ID, Name: e.Name, Type: e.Type, Aliases: []string{}, SameAs: []string{}})
				docsOf[e.ID] = map[string]bool{}
			}
			x := &out.Entities[i]
			for _, a := range e.Aliases {
				if !contains(x.Aliases, a) {
					x.Aliases = append(x.Aliases, a)
				}
			}
			for _, s := range e.SameAs {
				if !contains(x.SameAs, s) {
					x.SameAs = append(x.SameAs, s)
				}
			}
			x.Mentions += len(e.Aliases)
			docsOf[e.ID][d.Doc] = true
			x.Documents = len(docsOf[e.ID])
		}
	}
	rels := map[[5]string]int{}
	for _, d := range g.Docs {
		for _, r := range d.Relations {
			k := [5]string{r.Subject, r.Predicate, r.Object, r.Modality, r.Role}
			i, ok := rels[k]
			if !ok {
				i = len(out.Relations)
				rels[k] = i
				out.Relations = append(out.Relations, kg.Relation{Subject: r.Subject, Predicate: r.Predicate, Object: r.Object,
					Modality: r.Modality, Location: r.Location, Date: r.Date, Role: r.Role})
			}
			x := &out.Relations[i]
			if x.Location == "" {
				x.Location = r.Location
			}
			if x.Date == "" {
				x.Date = r.Date
			}
			x.Evidence = append(x.Evidence, kg.Evidence{Doc: d.Doc, Sentence: r.Sentence})
			x.Support = len(x.Evidence)
		}
	}
	kg.SortEntities(out.Entities)
	kg.SortRelations(out.Relations)
	return out
}
