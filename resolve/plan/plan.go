package plan

import (
	"slices"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
)

// DocName is the name and type one document gave an entity.
type DocName struct {
	Name string
	Type kg.EntityType
}

// Plan is the outcome of resolving one document against the store.
type Plan struct {
	// Extraction is the document's extraction under the resolved ids,
	// names and types: entities that turned out one are one, relations
	// between them are gone. A relation the resolved types do not allow
	// is kept (the store's view leaves it out while that holds).
	Extraction *kg.Extraction
	// DocNames are the document's own names and types for each resolved
	// id (sorted), stored as its eg:name and eg:type quads.
	DocNames map[string][]DocName
	// Renames maps a stored node whose id changes to its new id (a
	// rename, or a merge into another node).
	Renames map[string]string
	// Names is the canonical name of every resolved id the document
	// touches.
	Names map[string]string
	// Groups lists, for every resolved id, the stored nodes that are now
	// that node (none for a new one).
	Groups map[string][]*Node
	// Types is the type of every resolved id.
	Types map[string]kg.EntityType
	// Keys are the lookup keys to write for each resolved id, labelled
	// with the document: its document key, and the keys of the names,
	// aliases and sameAs links the document gives it. Sorted.
	Keys map[string][]Key
}

// Planner resolves documents. Its zero value resolves with no aliases
// file. It memoises name keys across documents, so it is not safe for
// concurrent use.
type Planner struct {
	// Aliases is the user's aliases file; nil for none.
	Aliases *resolve.Aliases
	k       keys
}

// CanonicalName is resolve.Canonical, except that a name of the aliases
// file's entries wins.
func (pl *Planner) CanonicalName(uses []resolve.NameUse) string {
	if pl.Aliases != nil {
		var pinned []string
		for _, u := range uses {
			if e, ok := pl.Aliases.Lookup(u.Name); ok {
				pinned = append(pinned, e.Name)
			}
		}
		if len(pinned) > 0 {
			sort.Strings(pinned)
			return pinned[0]
		}
	}
	if one := oneName(uses); one != "" {
		// resolve.Canonical's choices are then all of that name, which
		// comes out word by word.
		return strings.Join(resolve.Words(one), " ")
	}
	return resolve.Canonical(uses)
}

// oneName returns the name every use has, "" if they have two or more.
func oneName(uses []resolve.NameUse) string {
	if len(uses) == 0 {
		return ""
	}
	for _, u := range uses[1:] {
		if u.Name != uses[0].Name {
			return ""
		}
	}
	return uses[0].Name
}

// Compatible reports whether entities of types a and b may be one node:
// the same type, or an Organization and a Place (an institution and its
// building: "Kremlin", "White House").
func Compatible(a, b kg.EntityType) bool {
	return a == b || OrgPlace(a) == b
}

// OrgPlace returns Place for Organization and Organization for Place, ""
// for other types.
func OrgPlace(t kg.EntityType) kg.EntityType {
	switch t {
	case kg.Organization:
		return kg.Place
	case kg.Place:
		return kg.Organization
	}
	return ""
}

// Keys returns the lookup keys a document writes for one of its resolved
// entities, of type t: its document key, and the keys of the names the
// document gave it, its aliases and sameAs links. Sorted, each once. Each
// document writes its own, so that the keys a store holds depend only on
// its documents, never on the order they came in.
func (pl *Planner) Keys(doc string, t kg.EntityType, names []DocName, aliases, sameAs []string) []Key {
	var ks []Key
	for _, n := range names {
		ks = pl.k.nameKeys(ks, n.Type, n.Name)
		// Whatever the type the node ends with, an organization's
		// name is filed as a place's and the other way round.
		if o := OrgPlace(n.Type); o != "" {
			ks = pl.k.nameKeys(ks, o, n.Name)
		}
	}
	for _, a := range aliases {
		ks = append(ks, AliasKeys(t, a)...)
	}
	for _, s := range sameAs {
		ks = append(ks, SameAsKey(s))
	}
	out := append(ks, DocKey(doc))
	sortKeys(out)
	return slices.Compact(out)
}

func sortKeys(ks []Key) {
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].Kind != ks[j].Kind {
			return ks[i].Kind < ks[j].Kind
		}
		return ks[i].Key < ks[j].Key
	})
}
