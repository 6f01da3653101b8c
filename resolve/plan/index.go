// Package plan resolves one document's entities against the entities
// already stored (docs/resolution.md, "Across documents"): a pure planner
// over a small index interface. It reads candidates through Index and
// returns a Plan (which stored node each entity is, which nodes are renamed
// or merged, their canonical names, the lookup keys to write); it writes
// nothing. The graph package implements Index over the quad store and
// writes the plan in the document's transaction.
package plan

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
)

// Kind is what a lookup key is made from.
type Kind string

// The kinds of lookup keys. A node is filed under the keys of every name
// its documents gave it (and of its aliases and sameAs links), and under
// each document that mentions it.
const (
	KindKey    Kind = "key"    // resolve.Key of a name
	KindAcr    Kind = "acr"    // resolve.AcronymKey of an organization's or place's name or alias that is an acronym
	KindInit   Kind = "init"   // resolve.Initials of an organization's or place's name that is not
	KindOrg    Kind = "org"    // resolve.OrgKey of an organization's or place's name
	KindSig    Kind = "sig"    // words' count and first letters: a person's name of two words or more, a long organization or place name
	KindSameAs Kind = "sameas" // a sameAs IRI
	KindDoc    Kind = "doc"    // a document that mentions the node (its IRI)
)

// A Key is one lookup key.
type Key struct {
	Kind Kind
	Key  string
}

// String is the key's stored form, "kind:key".
func (k Key) String() string { return string(k.Kind) + ":" + k.Key }

// ParseKey reads a key's stored form.
func ParseKey(s string) (Key, bool) {
	kind, key, ok := strings.Cut(s, ":")
	if !ok {
		return Key{}, false
	}
	switch Kind(kind) {
	case KindKey, KindAcr, KindInit, KindOrg, KindSig, KindSameAs, KindDoc:
		return Key{Kind(kind), key}, true
	}
	return Key{}, false
}

// Index is what the planner reads: the stored nodes by lookup key and by
// id. Implementations return errors only for a store that cannot be read.
type Index interface {
	// Lookup returns the ids of the stored nodes of type t (any type for
	// "") filed under the key, each once, sorted.
	Lookup(t kg.EntityType, k Key) ([]string, error)
	// Node returns the stored node with that id, or nil if there is none.
	// The planner does not change it.
	Node(id string) (*Node, error)
}

// Node is a stored entity as the planner sees it.
type Node struct {
	ID   string
	Type kg.EntityType
	// Names are the names its documents gave it (eg:name), each with the
	// documents that gave it (sorted IRIs; none for a name kept from a
	// store written before documents' names were).
	Names map[string][]string
	// Docs are the documents that mention it, sorted.
	Docs []string
	// DocTypes are the types documents gave it (eg:type), by document.
	DocTypes map[string][]kg.EntityType
	// Aliases are its aliases, each with the documents that gave it.
	Aliases map[string][]string
	SameAs  map[string]bool
	// Distinct are the nodes it must never merge with (eg:distinctFrom).
	Distinct map[string]bool
	// Stored are its schema:name values (one, in a sound store).
	Stored []string
}

// NewNode returns an empty node.
func NewNode(id string, t kg.EntityType) *Node {
	return &Node{ID: id, Type: t, Names: map[string][]string{}, DocTypes: map[string][]kg.EntityType{},
		Aliases: map[string][]string{}, SameAs: map[string]bool{}, Distinct: map[string]bool{}}
}

// AddDoc records that document doc mentions the node.
func (n *Node) AddDoc(doc string) { n.Docs = addSorted(n.Docs, doc) }

// AddName records that document doc ("" for none) gave the node that name.
func (n *Node) AddName(name, doc string) { addDoc(n.Names, name, doc) }

// AddAlias records that document doc gave the node that alias.
func (n *Node) AddAlias(alias, doc string) { addDoc(n.Aliases, alias, doc) }

func addDoc(m map[string][]string, k, doc string) {
	ds := m[k]
	if doc != "" {
		ds = addSorted(ds, doc)
	}
	m[k] = ds
}

// HasDoc reports whether document doc mentions the node.
func (n *Node) HasDoc(doc string) bool {
	_, ok := slices.BinarySearch(n.Docs, doc)
	return ok
}

func addSorted(xs []string, x string) []string {
	i, ok := slices.BinarySearch(xs, x)
	if ok {
		return xs
	}
	return slices.Insert(xs, i, x)
}

// Uses returns the node's names with the number of documents of each.
func (n *Node) Uses() []resolve.NameUse {
	out := make([]resolve.NameUse, 0, len(n.Names))
	for name, docs := range n.Names {
		out = append(out, resolve.NameUse{Name: name, Docs: len(docs)})
	}
	return out
}

// Vote adds the types its documents gave the node to votes: eg:type where
// written, the node's type for its other documents (and once for a node no
// document mentions).
func (n *Node) Vote(votes map[kg.EntityType]int) {
	if len(n.Docs) == 0 {
		votes[n.Type]++
	}
	for _, d := range n.Docs {
		ts := n.DocTypes[d]
		if len(ts) == 0 {
			votes[n.Type]++
		}
		for _, t := range ts {
			votes[t]++
		}
	}
}

// Merge adds what from holds to n (names, documents, types, aliases,
// sameAs and distinct records).
func (n *Node) Merge(from *Node) {
	for _, m := range []struct{ to, from map[string][]string }{{n.Names, from.Names}, {n.Aliases, from.Aliases}} {
		for k, docs := range m.from {
			if len(docs) == 0 {
				addDoc(m.to, k, "")
			}
			for _, d := range docs {
				addDoc(m.to, k, d)
			}
		}
	}
	for _, d := range from.Docs {
		n.AddDoc(d)
	}
	for d, ts := range from.DocTypes {
		n.DocTypes[d] = append(n.DocTypes[d], ts...)
	}
	for _, m := range []struct{ to, from map[string]bool }{{n.SameAs, from.SameAs}, {n.Distinct, from.Distinct}} {
		for k := range m.from {
			m.to[k] = true
		}
	}
}

// NameKeys returns the lookup keys of a name of an entity of type t.
func NameKeys(t kg.EntityType, name string) []Key {
	return (&keys{}).nameKeys(nil, t, name)
}

// AliasKeys returns the lookup keys of an alias of an entity of type t:
// an organization's or place's acronym.
func AliasKeys(t kg.EntityType, alias string) []Key {
	if orgOrPlace(t) && resolve.IsAcronym(alias) {
		return []Key{{KindAcr, resolve.AcronymKey(alias)}}
	}
	return nil
}

// SameAsKey is the lookup key of a sameAs link.
func SameAsKey(iri string) Key { return Key{KindSameAs, iri} }

// DocKey is the lookup key of a document that mentions a node.
func DocKey(doc string) Key { return Key{KindDoc, doc} }

// keys makes lookup keys, memoising resolve.Key and resolve.WordKey: every
// document looks up and files the same few thousand names, and folding one
// (Unicode normalisation) costs more than the map. The memos are dropped
// when they grow past maxMemo entries.
type keys struct {
	names, wordKeys map[string]string
	nameWords       map[string][]string
}

const maxMemo = 200000

func (k *keys) nameKeys(out []Key, t kg.EntityType, name string) []Key {
	out = append(out, Key{KindKey, k.nameKey(name)})
	if t == kg.Person {
		if s := k.sig(t, name); s != "" {
			out = append(out, Key{KindSig, s})
		}
	}
	if orgOrPlace(t) {
		if resolve.IsAcronym(name) {
			out = append(out, Key{KindAcr, resolve.AcronymKey(name)})
		} else if in := resolve.Initials(name); in != "" {
			out = append(out, Key{KindInit, in})
		}
		out = append(out, Key{KindOrg, k.orgKey(name)})
		if s := k.sig(t, name); s != "" {
			out = append(out, Key{KindSig, s})
		}
	}
	return out
}

func orgOrPlace(t kg.EntityType) bool { return t == kg.Organization || t == kg.Place }

// sig is a name's words' count and their keys' first letters ("Untied
// Nations" and "United Nations": "2un"): for a person, any name of two
// words or more (resolve.PersonVariant compares only such names, word by
// word, and words that differ start alike); for an organization or place,
// a name of two words or more and ten letters or more (resolve.Misspelt's
// names). "" for any other name.
func (k *keys) sig(t kg.EntityType, name string) string {
	switch {
	case t == kg.Person:
	case orgOrPlace(t) && utf8.RuneCountInString(name) >= 10:
	default:
		return ""
	}
	ks := k.nameWordKeys(name)
	if len(ks) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(ks)))
	for _, w := range ks {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

// nameKey is resolve.Key(name): its words' WordKeys, the empty ones left
// out, joined by spaces (TestNameKey holds the two to the same keys).
func (k *keys) nameKey(name string) string {
	v, ok := k.names[name]
	if !ok {
		if k.names == nil || len(k.names) > maxMemo {
			k.names = map[string]string{}
		}
		v = joinKeys(k.nameWordKeys(name))
		k.names[name] = v
	}
	return v
}

// orgKey is resolve.OrgKey(name), from the memoised name keys.
func (k *keys) orgKey(name string) string { return k.nameKey(resolve.OrgName(name)) }

// joinKeys joins the non-empty keys with spaces; one is returned as it is.
func joinKeys(ks []string) string {
	if len(ks) == 1 {
		return ks[0]
	}
	var b strings.Builder
	for _, k := range ks {
		if k == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
	}
	return b.String()
}

// nameWordKeys returns the WordKeys of a name's words (resolve.Words).
func (k *keys) nameWordKeys(name string) []string {
	ks, ok := k.nameWords[name]
	if !ok {
		if k.nameWords == nil || len(k.nameWords) > maxMemo {
			k.nameWords = map[string][]string{}
		}
		if k.wordKeys == nil || len(k.wordKeys) > maxMemo {
			k.wordKeys = map[string]string{}
		}
		ws := resolve.Words(name)
		ks = make([]string, len(ws))
		for i, w := range ws {
			wk, ok := k.wordKeys[w]
			if !ok {
				wk = resolve.WordKey(w)
				k.wordKeys[w] = wk
			}
			ks[i] = wk
		}
		k.nameWords[name] = ks
	}
	return ks
}
