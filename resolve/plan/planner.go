package plan

import (
	"sort"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
)

// Plan resolves one (validated) extraction, of the document with IRI doc,
// against the nodes ix holds (docs/resolution.md, "Across documents"). It
// changes neither ex nor the index's nodes. An error is the index's.
func (pl *Planner) Plan(ix Index, ex *kg.Extraction, doc string) (*Plan, error) {
	r := &run{pl: pl, ix: ix, doc: doc, u: uf{}, members: map[string]member{}, sets: map[string][]string{},
		nodes: map[string]*Node{}, docEnts: map[string][]string{}}
	ents := make([]*kg.Entity, len(ex.Entities))
	for i := range ex.Entities {
		ents[i] = &ex.Entities[i]
	}
	// 1. Name evidence.
	for _, e := range ents {
		k := r.add(member{ent: e})
		for _, id := range r.strongMatches(e) {
			if n := r.node(id); n != nil {
				r.union(k, r.add(member{node: n}), false)
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	// 2. Transliteration variants of people, with corroboration. The
	// context of an incoming entity is where its co-mentioned entities
	// went in step 1.
	//
	// A stored node k ("n:ID") need not be a member yet: it is then a
	// group of its own (see r.group).
	ctxOf := func(k string) map[string]kg.EntityType {
		out := map[string]kg.EntityType{}
		for _, m := range r.group(k) {
			if m.node != nil {
				for _, d := range m.node.Docs {
					for _, id := range r.docNodes(d) {
						if id != m.node.ID && r.node(id) != nil {
							out[r.u.find("n:"+id)] = kg.TypeOfID(id)
						}
					}
				}
			} else {
				for _, o := range ents {
					if o != m.ent {
						out[r.u.find("e:"+o.ID)] = o.Type
					}
				}
			}
		}
		delete(out, r.u.find(k))
		return out
	}
	groupNames := func(k string) []string {
		var out []string
		for _, m := range r.group(k) {
			out = append(out, m.names()...)
		}
		return out
	}
	// candidates returns the stored people filed under the signatures
	// of names (resolve.PersonVariant's names share one), sorted.
	candidates := func(names []string) []string {
		var out []string
		for _, name := range names {
			if s := r.pl.k.sig(kg.Person, name); s != "" {
				out = append(out, r.lookup(kg.Person, Key{KindSig, s})...)
			}
		}
		sort.Strings(out)
		return out
	}
	for _, e := range ents {
		if e.Type != kg.Person || len(r.pl.k.nameWordKeys(e.Name)) < 2 {
			continue
		}
		k := "e:" + e.ID
		kNames := groupNames(k)
		cands := candidates(kNames)
		for i, id := range cands {
			if i > 0 && cands[i-1] == id {
				continue
			}
			n := r.node(id)
			if n == nil {
				continue
			}
			// A candidate becomes a member only when it joins k's
			// group: one left alone would be a group of its own,
			// which step 3 skips, and the lone candidates are many.
			nk := "n:" + id
			if r.u.find(nk) == r.u.find(k) {
				continue
			}
			if kNames == nil {
				kNames = groupNames(k)
			}
			if m := r.variantName(kNames, groupNames(nk)); m != resolve.NoMatch && corroborated(m, ctxOf(k), ctxOf(nk)) {
				r.union(k, r.add(member{node: n}), true)
				kNames = nil
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}

	// 2b. Stored people whose context this document changed without
	// naming them: two stored nodes became one, so the people mentioned
	// with either now share it. Checked again until nothing changes, so
	// that the outcome does not depend on which document came last.
	for changed := true; changed && r.err == nil; {
		changed = false
		for _, id := range r.affectedPeople() {
			nk := r.add(member{node: r.node(id)})
			var names []string
			for name := range r.node(id).Names {
				names = append(names, name)
			}
			cands := candidates(names)
			for i, cid := range cands {
				if (i > 0 && cands[i-1] == cid) || cid == id {
					continue
				}
				c := r.node(cid)
				if c == nil {
					continue
				}
				ck := r.add(member{node: c})
				if r.u.find(ck) == r.u.find(nk) {
					continue
				}
				if m := r.variantName(groupNames(nk), groupNames(ck)); m != resolve.NoMatch && corroborated(m, ctxOf(nk), ctxOf(ck)) {
					if r.union(nk, ck, true) {
						changed = true
					}
				}
			}
		}
	}

	// 2c. Misspelt organizations and places: a long name one letter off
	// a stored one in one word ("Untied Nations", resolve.Misspelt), of
	// the same type, with one person or organization mentioned with
	// both, and no document naming both.
	for _, e := range ents {
		sig := r.pl.k.sig(e.Type, e.Name)
		if sig == "" || !orgOrPlace(e.Type) {
			continue
		}
		k := "e:" + e.ID
		ek := r.pl.k.nameKey(e.Name)
		var kctx map[string]kg.EntityType // ctxOf(k), once asked
		for _, id := range r.lookup(e.Type, Key{KindSig, sig}) {
			n := r.node(id)
			if n == nil {
				continue
			}
			nk := "n:" + id
			if r.u.find(nk) == r.u.find(k) {
				continue
			}
			misspelt := false
			for name := range n.Names {
				// One letter in one word: the keys' lengths are
				// within a letter or two (folded endings aside).
				if d := len(r.pl.k.nameKey(name)) - len(ek); d >= -2 && d <= 2 && resolve.Misspelt(e.Name, name) {
					misspelt = true
					break
				}
			}
			if !misspelt {
				continue
			}
			if kctx == nil {
				kctx = ctxOf(k)
			}
			if corroborated(resolve.Variant, kctx, ctxOf(nk)) {
				r.union(k, r.add(member{node: n}), true)
				kctx = nil // k's group grew
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	p := r.name(ex, ents)
	if r.err != nil {
		return nil, r.err
	}
	return p, nil
}

// name is step 3 and 4 of Plan: names and ids of the groups, and the
// extraction under them.
func (r *run) name(ex *kg.Extraction, ents []*kg.Entity) *Plan {
	p := &Plan{DocNames: map[string][]DocName{}, Renames: map[string]string{}, Names: map[string]string{},
		Groups: map[string][]*Node{}, Types: map[string]kg.EntityType{}, Keys: map[string][]Key{}}
	incoming := map[string]string{} // incoming entity id -> resolved id
	roots := make([]string, 0, len(r.sets))
	for root := range r.sets {
		roots = append(roots, root)
	}
	sort.Strings(roots)
	for _, root := range roots {
		var uses []resolve.NameUse
		var nodes []*Node
		var es []*kg.Entity
		for _, mk := range r.sets[root] {
			m := r.members[mk]
			if m.node != nil {
				nodes = append(nodes, m.node)
				uses = append(uses, m.node.Uses()...)
			} else {
				es = append(es, m.ent)
				uses = append(uses, resolve.NameUse{Name: m.ent.Name, Docs: 1})
			}
		}
		if len(es) == 0 && len(nodes) < 2 {
			continue // untouched
		}
		t := r.groupType(root)
		name := r.pl.CanonicalName(uses)
		id := kg.EntityID(t, name)
		if other := r.node(id); other != nil && !containsNode(nodes, id) {
			// The canonical id is another node's: keep the group's
			// first id rather than take it.
			if len(nodes) > 0 {
				id, name = nodes[0].ID, r.pl.CanonicalName(nodes[0].Uses())
			} else {
				id, name = es[0].ID, es[0].Name
			}
		}
		p.Names[id] = name
		p.Groups[id] = nodes
		p.Types[id] = t
		for _, n := range nodes {
			if n.ID != id {
				p.Renames[n.ID] = id
			}
		}
		for _, e := range es {
			incoming[e.ID] = id
			p.DocNames[id] = append(p.DocNames[id], DocName{e.Name, e.Type})
		}
		if dn := p.DocNames[id]; len(dn) > 1 {
			sort.Slice(dn, func(i, j int) bool {
				a, b := dn[i], dn[j]
				return a.Name < b.Name || a.Name == b.Name && a.Type < b.Type
			})
		}
	}

	// 4. The extraction under the resolved ids.
	out := &kg.Extraction{Doc: ex.Doc}
	byID := map[string]int{}
	for _, e := range ex.Entities {
		id := incoming[e.ID]
		if i, ok := byID[id]; ok {
			m := &out.Entities[i]
			m.Mentions += e.Mentions
			m.Aliases = appendNew(m.Aliases, e.Aliases...)
			m.SameAs = appendNew(m.SameAs, e.SameAs...)
			continue
		}
		byID[id] = len(out.Entities)
		e.ID, e.Name, e.Type = id, p.Names[id], p.Types[id]
		e.Aliases = append([]string(nil), e.Aliases...)
		e.SameAs = append([]string(nil), e.SameAs...)
		out.Entities = append(out.Entities, e)
	}
	for _, rel := range ex.Relations {
		rel.Subject, rel.Object = incoming[rel.Subject], incoming[rel.Object]
		if rel.Location != "" {
			rel.Location = incoming[rel.Location]
		}
		if rel.Subject == rel.Object {
			continue // two entities of the document turned out one
		}
		// A relation (or location) the group's type, voted by all its
		// documents so far, does not allow is kept all the same: the
		// store's view leaves it out while that holds, and a later
		// document may tip the vote back (dropping it would make the
		// store depend on the order documents came in).
		out.Relations = append(out.Relations, rel)
	}
	p.Extraction = out
	for _, e := range out.Entities {
		p.Keys[e.ID] = r.pl.Keys(r.doc, e.Type, p.DocNames[e.ID], e.Aliases, e.SameAs)
	}
	return p
}

func containsNode(ns []*Node, id string) bool {
	for _, m := range ns {
		if m.ID == id {
			return true
		}
	}
	return false
}

func appendNew(xs []string, ys ...string) []string {
	for _, y := range ys {
		found := false
		for _, x := range xs {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			xs = append(xs, y)
		}
	}
	return xs
}

// An Unlink undoes a link between an acronym and an expansion that their
// initials alone made (docs/resolution.md, rule 3), once a document names
// a second expansion the acronym could stand for: the documents of Node
// that gave it one of Names (the acronym) move to a node of their own.
// Which links stand then depends on the documents stored, never on the
// order they came in.
type Unlink struct {
	Node  string
	Names []string
}

// Unlinks returns the links the document ex would make ambiguous, to be
// undone before it is planned (sorted by node).
func (pl *Planner) Unlinks(ix Index, ex *kg.Extraction) ([]Unlink, error) {
	r := &run{pl: pl, ix: ix, u: uf{}, members: map[string]member{}, sets: map[string][]string{},
		nodes: map[string]*Node{}, docEnts: map[string][]string{}}
	byNode := map[string]Unlink{}
	for _, e := range ex.Entities {
		if !orgOrPlace(e.Type) || resolve.IsAcronym(e.Name) {
			continue
		}
		k := resolve.Initials(e.Name)
		if k == "" {
			continue
		}
		ek := pl.k.nameKey(e.Name)
		for _, id := range r.lookup(e.Type, Key{KindAcr, k}) {
			n := r.node(id)
			if n == nil || !hasAcronymName(n, k, true) || !r.otherExpansion(n, k, ek) || r.tied(n, k) {
				continue
			}
			var names []string
			for name := range n.Names {
				if resolve.IsAcronym(name) && resolve.AcronymKey(name) == k {
					names = append(names, name)
				}
			}
			sort.Strings(names)
			byNode[id] = Unlink{Node: id, Names: names}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	out := make([]Unlink, 0, len(byNode))
	for _, u := range byNode {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node < out[j].Node })
	return out, nil
}

// otherExpansion reports whether n has a name that is not an acronym,
// whose initials are k and whose key is not ek: an expansion of the
// acronym k other than the name of key ek.
func (r *run) otherExpansion(n *Node, k, ek string) bool {
	for name := range n.Names {
		if !resolve.IsAcronym(name) && resolve.Initials(name) == k && r.pl.k.nameKey(name) != ek {
			return true
		}
	}
	return false
}

// tied reports whether a document of n gave it both the acronym k (as a
// name or an alias) and an expansion of it: the two are then one by that
// document's word, not by their initials alone.
func (r *run) tied(n *Node, k string) bool {
	acr := map[string]bool{}
	for name, docs := range n.Names {
		if resolve.IsAcronym(name) && resolve.AcronymKey(name) == k {
			for _, d := range docs {
				acr[d] = true
			}
		}
	}
	for a, docs := range n.Aliases {
		if resolve.IsAcronym(a) && resolve.AcronymKey(a) == k {
			for _, d := range docs {
				acr[d] = true
			}
		}
	}
	for name, docs := range n.Names {
		if resolve.IsAcronym(name) || resolve.Initials(name) != k {
			continue
		}
		for _, d := range docs {
			if acr[d] {
				return true
			}
		}
	}
	return false
}
