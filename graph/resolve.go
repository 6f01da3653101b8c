package graph

import (
	"context"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
	"github.com/entigraph/entigraph/resolve/plan"
)

// PredDocName is the name one document gave an entity (its own canonical
// name for it), labelled with the document: the evidence the store's
// canonical name is chosen from (docs/resolution.md).
const PredDocName = quad.IRI(NS + "name")

// PredDocType is the type one document gave an entity (a schema.org
// class), labelled with the document: the votes an Organization-or-Place
// node's type is chosen by.
const PredDocType = quad.IRI(NS + "type")

// DocName is the name and type one document gave an entity.
type DocName = plan.DocName

// PredDistinctFrom records that two nodes must never merge (written by
// Split): shared, <a> eg:distinctFrom <b>.
const PredDistinctFrom = quad.IRI(NS + "distinctFrom")

// Resolution configures cross-document entity resolution in Add.
type Resolution struct {
	// Off turns it off: entities are then one node only when their ids
	// are equal, and a node keeps the name its first document gave it.
	Off bool
	// Aliases is the user's aliases file; nil for none.
	Aliases *resolve.Aliases
}

// SetResolution sets how Add resolves entities across documents. The
// default is on, with no aliases file.
func (s *Store) SetResolution(r Resolution) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res = r
	s.planner = nil
}

// plans returns the store's planner, made when first needed.
func (s *Store) plans() *plan.Planner {
	if s.planner == nil {
		s.planner = &plan.Planner{Aliases: s.res.Aliases}
	}
	return s.planner
}

func addTo(m *map[string]bool, k string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[k] = true
}

// allows reports whether the predicate takes entities of those ids' types.
func allows(pred, subj, obj string) bool {
	p, ok := kg.PredicateByID(pred)
	return ok && p.Allows(kg.TypeOfID(subj), kg.TypeOfID(obj))
}

// canonicalName is plan.Planner.CanonicalName with the store's aliases.
func (s *Store) canonicalName(uses []resolve.NameUse) string {
	return s.plans().CanonicalName(uses)
}

// nameQuads returns the quads that set the canonical name of the node id
// to name, removing the names of the nodes merged into it. nodes are the
// stored nodes of its group (the node id among them if it is stored): their
// stored names come from them, not from the store.
func nameQuads(id, name string, nodes []*plan.Node) (rm, add []quad.Quad) {
	var self *plan.Node
	for _, n := range nodes {
		if n.ID == id {
			self = n
		}
		for _, v := range n.Stored {
			if n.ID == id && v == name {
				continue
			}
			rm = append(rm, quad.Quad{Subject: EntityIRI(n.ID), Predicate: SchemaName, Object: quad.String(v)})
		}
	}
	if self == nil || len(self.Stored) != 1 || self.Stored[0] != name {
		add = append(add, quad.Quad{Subject: EntityIRI(id), Predicate: SchemaName, Object: quad.String(name)})
	}
	return rm, add
}

// plainPlan is the plan of an extraction written without resolution:
// every entity its own group (the stored node of its id, if any), its
// name kept once the node has one.
func (s *Store) plainPlan(ix *storeIndex, ex *kg.Extraction, doc string) (*plan.Plan, error) {
	p := &plan.Plan{Extraction: ex, DocNames: map[string][]DocName{}, Renames: map[string]string{}, Names: map[string]string{},
		Groups: map[string][]*plan.Node{}, Types: map[string]kg.EntityType{}, Keys: map[string][]plan.Key{}}
	for _, e := range ex.Entities {
		n, err := ix.Node(e.ID)
		if err != nil {
			return nil, err
		}
		p.DocNames[e.ID] = []DocName{{Name: e.Name, Type: e.Type}}
		p.Names[e.ID] = e.Name
		p.Types[e.ID] = e.Type
		if n != nil {
			p.Groups[e.ID] = []*plan.Node{n}
		} else {
			p.Groups[e.ID] = nil
		}
		p.Keys[e.ID] = s.plans().Keys(doc, e.Type, p.DocNames[e.ID], e.Aliases, e.SameAs)
	}
	return p, nil
}

// resolveAdd resolves an extraction against the stored entities and
// returns the plan and the quads that rename stored nodes (rm, then add).
func (s *Store) resolveAdd(ctx context.Context, ix *storeIndex, ex *kg.Extraction, doc string) (p *plan.Plan, rm, add []quad.Quad, err error) {
	if p, err = s.plans().Plan(ix, ex, doc); err != nil {
		return nil, nil, nil, err
	}
	if rm, add, err = s.rewrite(ctx, p.Renames, nil); err != nil {
		return nil, nil, nil, err
	}
	ids := make([]string, 0, len(p.Names))
	for id := range p.Names {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r, a := nameQuads(id, p.Names[id], p.Groups[id])
		rm, add = append(rm, r...), append(add, a...)
	}
	return p, rm, add, nil
}

// unlink undoes the links between acronyms and expansions made by their
// initials alone that ex makes ambiguous (plan.Planner.Unlinks), each in
// a transaction before the document's own: should the document then fail,
// the store is as it would be had the links never been made, and adding
// the document again gives what one transaction would have.
func (s *Store) unlink(ctx context.Context, ex *kg.Extraction) error {
	us, err := s.plans().Unlinks(s.index(ctx), ex)
	if err != nil {
		return err
	}
	for _, u := range us {
		// A split Split itself refuses (the acronym's side would take
		// another node's id) leaves the link: the order of documents
		// then decides it, as before there were Unlinks. A write that
		// fails fails the document's own write after it.
		s.split(ctx, u.Node, u.Names, false)
	}
	return nil
}

// copyExtraction copies the entity and relation slices (and their
// slices), so that rewriting them leaves the caller's extraction alone.
func copyExtraction(ex *kg.Extraction) *kg.Extraction {
	out := &kg.Extraction{Doc: ex.Doc}
	for _, e := range ex.Entities {
		e.Aliases = append([]string(nil), e.Aliases...)
		e.SameAs = append([]string(nil), e.SameAs...)
		out.Entities = append(out.Entities, e)
	}
	out.Relations = append([]kg.Relation(nil), ex.Relations...)
	return out
}
