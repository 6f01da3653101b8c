package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
	"github.com/entigraph/entigraph/resolve/plan"
)

// ErrNoEntity is wrapped by the errors Entity, Subgraph, Path, Merge and
// Split return for an id that names no stored entity.
var ErrNoEntity = errors.New("no such entity")

// Merge makes the stored entities ids one node, in one transaction: every
// alias, mention, relation, statement and evidence of each moves to the
// merged node (mentions in one document add up). Only a relation between
// two of them goes, with its evidence: an entity has no relation to
// itself. The merged node's name is chosen from all their documents' names
// as Add chooses it (docs/resolution.md), and so is its id. The entities
// must have one type, or be Organizations and Places (the type most of
// their documents give wins, ties Organization). It returns the merged
// node's id.
func (s *Store) Merge(ctx context.Context, ids ...string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.qs == nil {
		return "", ErrClosed
	}
	unlock, err := s.lockShared(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	if len(ids) < 2 {
		return "", errors.New("graph: merge: want two entities or more")
	}
	s.idx = nil // read afresh
	ix := s.index(ctx)
	var nodes []*plan.Node
	var uses []resolve.NameUse
	votes := map[kg.EntityType]int{}
	for _, id := range ids {
		n, err := ix.Node(id)
		if err != nil {
			return "", fmt.Errorf("graph: merge: %w", err)
		}
		if n == nil || n.Type == "" {
			return "", fmt.Errorf("graph: merge: %q: %w", id, ErrNoEntity)
		}
		if containsNode(nodes, n) {
			continue
		}
		if len(nodes) > 0 && !plan.Compatible(n.Type, nodes[0].Type) {
			return "", fmt.Errorf("graph: merge: %s is a %s and %s a %s: fix the type first (an aliases file entry)", nodes[0].ID, nodes[0].Type, n.ID, n.Type)
		}
		nodes = append(nodes, n)
		uses = append(uses, n.Uses()...)
		n.Vote(votes)
	}
	typ := nodes[0].Type
	if o := plan.OrgPlace(typ); votes[o] > votes[typ] || votes[o] == votes[typ] && typ == kg.Place {
		typ = o
	}
	name := s.canonicalName(uses)
	to := kg.EntityID(typ, name)
	if other, err := ix.Node(to); err != nil {
		return "", fmt.Errorf("graph: merge: %w", err)
	} else if other != nil && !containsNode(nodes, other) {
		to = nodes[0].ID
	}
	mapping := map[string]string{}
	for _, n := range nodes {
		if n.ID != to {
			mapping[n.ID] = to
		}
	}
	rm, add, err := s.rewrite(ctx, mapping, nil)
	if err != nil {
		return "", fmt.Errorf("graph: merge: %w", err)
	}
	r, a := nameQuads(to, name, nodes)
	if err := s.applyQuads(ctx, append(rm, r...), append(add, a...)); err != nil {
		return "", fmt.Errorf("graph: merge: %w", err)
	}
	return to, nil
}

// Split moves out of the stored entity id the documents that gave it one
// of names (compared by resolve.Key) into a node of its own, in one
// transaction that keeps all evidence: their aliases, mentions, edges and
// evidence move, a statement stated in documents on both sides is kept on
// both, and the two nodes are recorded as distinct (eg:distinctFrom) so
// that later documents never merge them again. Each side is named from its
// documents' names; the side whose id would change is the one that moves.
// It returns the ids of the two nodes: the one that stayed and the new one.
func (s *Store) Split(ctx context.Context, id string, names []string) (stayed, moved string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.qs == nil {
		return "", "", ErrClosed
	}
	unlock, err := s.lockShared(ctx)
	if err != nil {
		return "", "", err
	}
	defer unlock()
	return s.split(ctx, id, names, true)
}

// split is Split; record says whether the two nodes are recorded as
// distinct (Add's own splits, which undo a link a later document made
// ambiguous, are not: a document may tie the two again). The caller holds
// the write lock (and the backend's, lockShared).
func (s *Store) split(ctx context.Context, id string, names []string, record bool) (stayed, moved string, err error) {
	s.idx = nil // read afresh
	n, err := s.index(ctx).Node(id)
	if err != nil {
		return "", "", fmt.Errorf("graph: split: %w", err)
	}
	if n == nil || n.Type == "" {
		return "", "", fmt.Errorf("graph: split: %q: %w", id, ErrNoEntity)
	}
	want := map[string]bool{}
	for _, nm := range names {
		want[resolve.Key(nm)] = true
	}
	out := map[string]bool{} // documents that go
	var outUses, inUses []resolve.NameUse
	for nm, docs := range n.Names {
		if want[resolve.Key(nm)] {
			for _, d := range docs {
				out[d] = true
			}
		}
	}
	for nm, docs := range n.Names {
		o, i := 0, 0
		for _, d := range docs {
			if out[d] {
				o++
			} else {
				i++
			}
		}
		if o > 0 {
			outUses = append(outUses, resolve.NameUse{Name: nm, Docs: o})
		}
		if i > 0 {
			inUses = append(inUses, resolve.NameUse{Name: nm, Docs: i})
		}
	}
	all := map[string]bool{}
	for _, d := range n.Docs {
		all[d] = true
	}
	for d := range out {
		all[d] = true
	}
	if len(out) == 0 {
		return "", "", fmt.Errorf("graph: split: no document calls %s %q (its documents' names: %s)", id, names, strings.Join(sortedKeys(boolSet(n.Names)), ", "))
	}
	if len(inUses) == 0 {
		return "", "", fmt.Errorf("graph: split: every document of %s calls it %q: nothing would stay", id, names)
	}
	outName, inName := s.canonicalName(outUses), s.canonicalName(inUses)
	outID, inID := kg.EntityID(n.Type, outName), kg.EntityID(n.Type, inName)
	if outID == id || outID == inID {
		// The named side keeps the id: the rest moves.
		rest := map[string]bool{}
		for d := range all {
			if !out[d] {
				rest[d] = true
			}
		}
		out, outName, inName = rest, inName, outName
		outID, inID = kg.EntityID(n.Type, outName), id
		if outID == id {
			return "", "", fmt.Errorf("graph: split: both sides of %s would be named %q", id, outName)
		}
	}
	if other, err := s.index(ctx).Node(outID); err != nil {
		return "", "", fmt.Errorf("graph: split: %w", err)
	} else if other != nil {
		return "", "", fmt.Errorf("graph: split: %s is already another entity (merge into it with entigraph merge)", outID)
	}
	rm, add, err := s.rewrite(ctx, map[string]string{id: outID}, out)
	if err != nil {
		return "", "", fmt.Errorf("graph: split: %w", err)
	}
	r1, a1 := nameQuads(id, inName, []*plan.Node{n})
	rm = append(rm, r1...)
	add = append(add, a1...)
	add = append(add, quad.Quad{Subject: EntityIRI(outID), Predicate: SchemaName, Object: quad.String(outName)})
	if record {
		add = append(add, quad.Quad{Subject: EntityIRI(outID), Predicate: PredDistinctFrom, Object: EntityIRI(id)})
	}
	if err := s.applyQuads(ctx, rm, add); err != nil {
		return "", "", fmt.Errorf("graph: split: %w", err)
	}
	// The lookup keys moved with their documents: each side gets those
	// its own names give (a second transaction; Check finds and Repair
	// mends them should it not be written).
	if err := s.fixKeys(ctx, id, outID); err != nil {
		return "", "", fmt.Errorf("graph: split: the resolution keys: %w", err)
	}
	return id, outID, nil
}

func containsNode(ns []*plan.Node, n *plan.Node) bool {
	for _, m := range ns {
		if m.ID == n.ID {
			return true
		}
	}
	return false
}

func boolSet[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}
