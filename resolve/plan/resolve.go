package plan

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
)

// uf is a union-find over string keys.
type uf map[string]string

func (u uf) find(x string) string {
	for {
		p, ok := u[x]
		if !ok || p == x {
			return x
		}
		u[x] = u[p]
		x = p
	}
}

// member is one element of a resolution group: a stored node or an
// incoming entity.
type member struct {
	node *Node      // stored node, or nil
	ent  *kg.Entity // incoming entity, or nil
}

func (m member) names() []string {
	if m.node != nil {
		out := make([]string, 0, len(m.node.Names))
		for n := range m.node.Names {
			out = append(out, n)
		}
		sort.Strings(out)
		return out
	}
	return []string{m.ent.Name}
}

func (m member) typ() kg.EntityType {
	if m.node != nil {
		return m.node.Type
	}
	return m.ent.Type
}

// run is one document's resolution.
type run struct {
	pl      *Planner
	ix      Index
	err     error // the first error of the index; the run then stops
	doc     string
	u       uf
	members map[string]member
	sets    map[string][]string // root -> member keys
	nodes   map[string]*Node    // the index's nodes read, nil for none
	docEnts map[string][]string // document -> the nodes it mentions
}

// node returns the stored node id (nil if there is none), read once per
// run.
func (r *run) node(id string) *Node {
	n, ok := r.nodes[id]
	if !ok && r.err == nil {
		n, r.err = r.ix.Node(id)
		r.nodes[id] = n
	}
	return n
}

// lookup returns the stored nodes of type t filed under the key, sorted.
func (r *run) lookup(t kg.EntityType, k Key) []string {
	if r.err != nil {
		return nil
	}
	ids, err := r.ix.Lookup(t, k)
	if err != nil {
		r.err = err
		return nil
	}
	return ids
}

// docNodes returns the stored nodes a document mentions.
func (r *run) docNodes(doc string) []string {
	ids, ok := r.docEnts[doc]
	if !ok {
		ids = r.lookup("", DocKey(doc))
		r.docEnts[doc] = ids
	}
	return ids
}

func (r *run) key(m member) string {
	if m.node != nil {
		return "n:" + m.node.ID
	}
	return "e:" + m.ent.ID
}

func (r *run) add(m member) string {
	k := r.key(m)
	if _, ok := r.members[k]; !ok {
		r.members[k] = m
		r.u[k] = k
		r.sets[k] = []string{k}
	}
	return k
}

// group returns the members of k's group. A stored node's key ("n:ID")
// that is not a member stands for a group of that node alone.
func (r *run) group(k string) []member {
	set, ok := r.sets[r.u.find(k)]
	if !ok {
		if id, isNode := strings.CutPrefix(k, "n:"); isNode {
			return []member{{node: r.node(id)}}
		}
	}
	out := make([]member, len(set))
	for i, mk := range set {
		out[i] = r.members[mk]
	}
	return out
}

// docsOf returns the documents a group's members are mentioned in.
func (r *run) docsOf(root string) map[string]bool {
	out := map[string]bool{}
	for _, k := range r.sets[root] {
		m := r.members[k]
		if m.node != nil {
			for _, d := range m.node.Docs {
				out[d] = true
			}
		} else {
			out[r.doc] = true
		}
	}
	return out
}

// union joins the groups of a and b unless a rule forbids it: different
// types, a Split's record, a never pair of the aliases file, and (for
// variant matches, strict) a document that names both as two entities.
func (r *run) union(a, b string, strict bool) bool {
	ra, rb := r.u.find(a), r.u.find(b)
	if ra == rb {
		return true
	}
	ma, mb := r.members[ra], r.members[rb]
	if !Compatible(ma.typ(), mb.typ()) {
		return false
	}
	aliases := r.pl.Aliases
	for _, ka := range r.sets[ra] {
		for _, kb := range r.sets[rb] {
			x, y := r.members[ka], r.members[kb]
			if x.node != nil && y.node != nil && (x.node.Distinct[y.node.ID] || y.node.Distinct[x.node.ID]) {
				return false
			}
			if aliases.HasNever() {
				for _, nx := range x.names() {
					for _, ny := range y.names() {
						if aliases.NeverMerge(nx, ny) {
							return false
						}
					}
				}
			}
		}
	}
	if strict {
		da := r.docsOf(ra)
		for d := range r.docsOf(rb) {
			if da[d] {
				return false
			}
		}
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	r.u[rb] = ra
	r.sets[ra] = append(r.sets[ra], r.sets[rb]...)
	delete(r.sets, rb)
	return true
}

// affectedPeople returns the stored people (sorted ids) mentioned in a
// document with a stored node that is now in one group with another
// stored node.
func (r *run) affectedPeople() []string {
	set := map[string]bool{}
	roots := make([]string, 0, len(r.sets))
	for root := range r.sets {
		roots = append(roots, root)
	}
	sort.Strings(roots)
	for _, root := range roots {
		var stored []*Node
		for _, k := range r.sets[root] {
			if m := r.members[k]; m.node != nil {
				stored = append(stored, m.node)
			}
		}
		if len(stored) < 2 {
			continue
		}
		for _, n := range stored {
			for _, d := range n.Docs {
				for _, id := range r.docNodes(d) {
					if kg.TypeOfID(id) == kg.Person && r.node(id) != nil {
						set[id] = true
					}
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// groupType is the type of most of a group's documents (a stored node
// counts its documents, an incoming entity one); ties go to Organization,
// then Place.
func (r *run) groupType(root string) kg.EntityType {
	votes := map[kg.EntityType]int{}
	for _, k := range r.sets[root] {
		m := r.members[k]
		if m.node != nil {
			m.node.Vote(votes)
		} else {
			votes[m.ent.Type]++
		}
	}
	best, bn := kg.EntityType(""), -1
	for _, t := range []kg.EntityType{kg.Organization, kg.Place, kg.Person, kg.Country} {
		if n, ok := votes[t]; ok && n > bn {
			best, bn = t, n
		}
	}
	return best
}

// strongMatches returns the stored nodes an incoming entity is on name
// evidence alone: its id; a name with its Key; its sameAs; for
// organizations and places, an acronym tied to it (one node only).
func (r *run) strongMatches(e *kg.Entity) []string {
	var out []string
	if n := r.node(e.ID); n != nil && n.Type == e.Type {
		out = append(out, e.ID)
	}
	key := Key{KindKey, r.pl.k.nameKey(e.Name)}
	out = append(out, r.lookup(e.Type, key)...)
	if other := OrgPlace(e.Type); other != "" {
		// "Kremlin" an Organization here and a Place there: one node,
		// of the type most of its documents give it.
		out = append(out, r.lookup(other, key)...)
	}
	for _, s := range e.SameAs {
		out = append(out, r.lookup(e.Type, SameAsKey(s))...)
	}
	if e.Type == kg.Organization {
		// "Siemens AG" and "Siemens", "Hyundai Motors Corporation" and
		// "Hyundai Motors": one company, its legal form aside.
		out = append(out, r.lookup(e.Type, Key{KindOrg, r.pl.k.orgKey(e.Name)})...)
	}
	if orgOrPlace(e.Type) {
		acr := map[string]bool{}
		if resolve.IsAcronym(e.Name) {
			// The nodes that have it as a name or an alias (a document
			// tied it to their expansion); failing those, through
			// initials alone (see initialsMay), the nodes whose name's
			// initials spell it.
			k := resolve.AcronymKey(e.Name)
			for _, id := range r.lookup(e.Type, Key{KindAcr, k}) {
				acr[id] = true
			}
			if len(acr) == 0 && initialsMay(k, e.Name) {
				for _, id := range r.lookup(e.Type, Key{KindInit, k}) {
					acr[id] = true
				}
			}
		} else {
			// Acronyms the document tied to it, then its initials.
			var ks []string
			for _, a := range e.Aliases {
				if resolve.IsAcronym(a) {
					ks = append(ks, resolve.AcronymKey(a))
				}
			}
			tied := len(ks)
			if in := resolve.Initials(e.Name); in != "" {
				ks = append(ks, in)
			}
			ek := r.pl.k.nameKey(e.Name)
			for i, k := range ks {
				// Only nodes whose own name is that acronym: two
				// expansions are not linked through their initials.
				// Through initials alone, the pair must pass the
				// acronym side's test above (three letters or an
				// "&" in the acronym), and the name must be the one
				// expansion of the acronym the store knows: not with
				// another one in the acronym's node (a document
				// tied them, or Unlinks undoes it) or elsewhere. So
				// the link does not depend on which came first.
				initials := i >= tied
				if initials && r.otherExpansionStored(e.Type, k, ek) {
					continue
				}
				for _, id := range r.lookup(e.Type, Key{KindAcr, k}) {
					n := r.node(id)
					if n == nil || !hasAcronymName(n, k, initials) || initials && r.otherExpansion(n, k, ek) {
						continue
					}
					acr[id] = true
				}
			}
		}
		if len(acr) == 1 { // an acronym that fits two nodes decides nothing
			for id := range acr {
				out = append(out, id)
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// hasAcronymName reports whether one of n's names is the acronym k; by
// initials alone (initials), one that initials may spell: three letters
// or more, or with an "&" ("J&J").
// otherExpansionStored reports whether a stored node of type t has a
// name whose initials are k and none of key ek: an expansion of the
// acronym k other than the name of key ek.
func (r *run) otherExpansionStored(t kg.EntityType, k, ek string) bool {
	for _, id := range r.lookup(t, Key{KindInit, k}) {
		if n := r.node(id); n != nil && !r.hasKey(n, ek) {
			return true
		}
	}
	return false
}

// hasKey reports whether one of n's names has the key k.
func (r *run) hasKey(n *Node, k string) bool {
	for name := range n.Names {
		if r.pl.k.nameKey(name) == k {
			return true
		}
	}
	return false
}

func hasAcronymName(n *Node, k string, initials bool) bool {
	for name := range n.Names {
		if resolve.IsAcronym(name) && resolve.AcronymKey(name) == k && (!initials || initialsMay(k, name)) {
			return true
		}
	}
	return false
}

// initialsMay reports whether an acronym (its key k, as written) may be
// linked to a name by its initials alone: three letters or more, or an
// "&" acronym ("J&J", "P&G"); two letters ("OM", "PP") spell too many
// names (OM Gruppen, Ogilvy and Mather).
func initialsMay(k, acronym string) bool {
	return len(k) >= 3 || strings.Contains(acronym, "&")
}

// variantName returns the closest transliteration match between two
// groups' names: resolve.Variant, resolve.NearVariant or NoMatch (equal
// names are not asked about: step 1 joined them).
func (r *run) variantName(xs, ys []string) resolve.Match {
	best := resolve.NoMatch
	for _, x := range xs {
		kx := r.pl.k.nameWordKeys(x)
		for _, y := range ys {
			// Most candidates fail on the keys alone.
			if !resolve.MayBeVariants(kx, r.pl.k.nameWordKeys(y)) {
				continue
			}
			if m := resolve.PersonVariant(x, y); m != resolve.SameName && m > best {
				best = m
			}
		}
	}
	return best
}

// corroborated is the context test of two people whose names are
// variants: the entities mentioned with each (in any of their documents)
// must share people or organizations, one for a Variant, two for a
// NearVariant. Countries and places are too common in news to tell two
// people apart.
func corroborated(m resolve.Match, a, b map[string]kg.EntityType) bool {
	strong := 0
	for id, t := range a {
		if _, ok := b[id]; ok && (t == kg.Person || t == kg.Organization) {
			strong++
		}
	}
	switch m {
	case resolve.Variant:
		return strong >= 1
	case resolve.NearVariant:
		return strong >= 2
	}
	return false
}
