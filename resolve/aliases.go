package resolve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/entigraph/entigraph/kg"
)

// Aliases is the user's aliases file: the corrections entity resolution
// takes before its own rules (docs/resolution.md).
//
//	entities:
//	  - name: Volodymyr Zelenskyy        # the canonical name
//	    type: Person                      # Person, Country, Organization, Place
//	    aliases: [Zelenskiy, Zelensky, Volodimir Zelenskiy]
//	  - name: Kremlin
//	    type: Organization
//	never:                                # names that must never be one node
//	  - [Jon Smith, Jan Smith]
//
// The file is YAML or JSON (JSON is YAML). A nil *Aliases is empty.
type Aliases struct {
	Entities []AliasEntry `json:"entities" yaml:"entities"`
	Never    [][]string   `json:"never" yaml:"never"`

	byKey map[string]int // Key of name or alias -> index in Entities
	never map[string]map[string]bool
}

// AliasEntry maps variants to one canonical name and type.
type AliasEntry struct {
	Name    string        `json:"name" yaml:"name"`
	Type    kg.EntityType `json:"type" yaml:"type"`
	Aliases []string      `json:"aliases" yaml:"aliases"`
}

// LoadAliases reads and checks an aliases file. Errors name the file and
// every problem found.
func LoadAliases(path string) (*Aliases, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("aliases: %w", err)
	}
	a, err := ParseAliases(data)
	if err != nil {
		return nil, fmt.Errorf("aliases file %s: %w", path, err)
	}
	return a, nil
}

// ParseAliases parses an aliases file's content (YAML or JSON) and checks
// it: every entry needs a name and a known type; a variant may belong to
// one entry only; a never pair needs two different names.
func ParseAliases(data []byte) (*Aliases, error) {
	a := &Aliases{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(a); err != nil && !errors.Is(err, io.EOF) { // io.EOF: an empty file
		return nil, err
	}
	var errs []error
	a.byKey = map[string]int{}
	for i, e := range a.Entities {
		what := fmt.Sprintf("entities[%d] (%q)", i, e.Name)
		if strings.TrimSpace(e.Name) == "" {
			errs = append(errs, fmt.Errorf("%s: no name", what))
			continue
		}
		t, ok := parseType(string(e.Type))
		if !ok {
			errs = append(errs, fmt.Errorf("%s: type %q is not Person, Country, Organization or Place", what, e.Type))
			continue
		}
		a.Entities[i].Type = t
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			k := Key(n)
			if k == "" {
				errs = append(errs, fmt.Errorf("%s: empty alias", what))
				continue
			}
			if j, dup := a.byKey[k]; dup && j != i {
				errs = append(errs, fmt.Errorf("%s: %q is already a variant of %q", what, n, a.Entities[j].Name))
				continue
			}
			a.byKey[k] = i
		}
	}
	a.never = map[string]map[string]bool{}
	for i, p := range a.Never {
		if len(p) != 2 || Key(p[0]) == "" || Key(p[1]) == "" || Key(p[0]) == Key(p[1]) {
			errs = append(errs, fmt.Errorf("never[%d]: want two different names, got %q", i, p))
			continue
		}
		x, y := Key(p[0]), Key(p[1])
		for _, xy := range [][2]string{{x, y}, {y, x}} {
			if a.never[xy[0]] == nil {
				a.never[xy[0]] = map[string]bool{}
			}
			a.never[xy[0]][xy[1]] = true
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return a, nil
}

func parseType(s string) (kg.EntityType, bool) {
	for _, t := range kg.EntityTypes {
		if strings.EqualFold(string(t), s) {
			return t, true
		}
	}
	return "", false
}

// Lookup returns the entry a name is a variant of (its canonical name or
// one of its aliases, compared by Key).
func (a *Aliases) Lookup(name string) (AliasEntry, bool) {
	if a == nil {
		return AliasEntry{}, false
	}
	i, ok := a.byKey[Key(name)]
	if !ok {
		return AliasEntry{}, false
	}
	return a.Entities[i], true
}

// NeverMerge reports whether the names x and y (by Key) must never name one
// node.
func (a *Aliases) NeverMerge(x, y string) bool {
	if a == nil {
		return false
	}
	return a.never[Key(x)][Key(y)]
}

// HasNever reports whether the file lists any never pair.
func (a *Aliases) HasNever() bool { return a != nil && len(a.never) > 0 }

// Apply rewrites one document's extraction by the file: an entity whose
// name, or failing that exactly one of whose aliases (not counting those
// made of words of its name: "Kim" of "Kim Jong Un"), is a variant of an
// entry takes the entry's name, type and id; entities that then share an
// id become one (mentions added, aliases and sameAs joined). Relations are
// renamed with them; a relation the new types no longer allow, or whose
// ends became one entity, is dropped. It returns the number of entities
// renamed. ex is modified in place.
func (a *Aliases) Apply(ex *kg.Extraction) int {
	if a == nil || len(a.Entities) == 0 || ex == nil {
		return 0
	}
	renamed := 0
	rename := map[string]string{}
	byID := map[string]int{}
	var out []kg.Entity
	for _, e := range ex.Entities {
		entry, ok := a.Lookup(e.Name)
		if !ok {
			hit := -1
			for _, al := range e.Aliases {
				if partOf(al, e.Name) {
					continue // "Kim" of "Kim Jong Un" says nothing of which Kim
				}
				if i, found := a.byKey[Key(al)]; found {
					if hit >= 0 && hit != i {
						hit = -2 // aliases of two entries: ambiguous
						break
					}
					hit = i
				}
			}
			if hit >= 0 {
				entry, ok = a.Entities[hit], true
			}
		}
		old := e.ID
		if ok {
			if e.Name != entry.Name || e.Type != entry.Type {
				renamed++
			}
			e.Name, e.Type, e.ID = entry.Name, entry.Type, kg.EntityID(entry.Type, entry.Name)
		}
		rename[old] = e.ID
		if i, dup := byID[e.ID]; dup {
			m := &out[i]
			m.Mentions += e.Mentions
			m.Aliases = union(m.Aliases, e.Aliases)
			m.SameAs = union(m.SameAs, e.SameAs)
			continue
		}
		byID[e.ID] = len(out)
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	ex.Entities = out
	types := map[string]kg.EntityType{}
	for _, e := range out {
		types[e.ID] = e.Type
	}
	rels := ex.Relations[:0]
	for _, r := range ex.Relations {
		r.Subject, r.Object = rename[r.Subject], rename[r.Object]
		if r.Location != "" {
			r.Location = rename[r.Location]
			if t := types[r.Location]; t != kg.Place && t != kg.Country {
				r.Location = ""
			}
		}
		p, ok := kg.PredicateByID(r.Predicate)
		if !ok || r.Subject == r.Object || !p.Allows(types[r.Subject], types[r.Object]) {
			continue
		}
		rels = append(rels, r)
	}
	ex.Relations = rels
	return renamed
}

func union(a, b []string) []string {
	set := map[string]bool{}
	for _, s := range a {
		set[s] = true
	}
	for _, s := range b {
		set[s] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// partOf reports whether every word of alias is a word of name (by
// WordKey) and alias is shorter.
func partOf(alias, name string) bool {
	aw, nw := Words(alias), Words(name)
	if len(aw) >= len(nw) {
		return false
	}
	have := map[string]bool{}
	for _, w := range nw {
		have[WordKey(w)] = true
	}
	for _, w := range aw {
		if !have[WordKey(w)] {
			return false
		}
	}
	return true
}
