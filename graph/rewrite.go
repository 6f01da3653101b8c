package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
)

// rewrite computes the quads that rename stored entities: every quad of
// an id in mapping moves to the new id, in the documents of docs (nil: all
// documents; shared quads are then moved, else copied). Statements and
// evidence naming a renamed entity are re-minted (their IRIs hash the
// entity ids); a node's mentions in one document add up when two nodes
// become one; each document touched gets its quad count rewritten. The
// entities' schema:name quads are left to the caller.
func (s *Store) rewrite(ctx context.Context, mapping map[string]string, docs map[string]bool) (rm, add []quad.Quad, err error) {
	if len(mapping) == 0 {
		return nil, nil, nil
	}
	inDocs := func(label quad.Value) bool {
		if docs == nil {
			return true
		}
		return docs[str(label)]
	}
	mapIRI := func(v quad.Value) quad.Value {
		if id, ok := EntityID(v); ok {
			if to, ok := mapping[id]; ok {
				return EntityIRI(to)
			}
		}
		return v
	}
	rmSet := map[quad.Quad]bool{}
	addSet := map[quad.Quad]bool{}
	remove := func(q quad.Quad) { rmSet[q] = true }
	put := func(q quad.Quad) { addSet[q] = true }
	touched := map[quad.Value]bool{} // document labels whose quads changed
	stmts := map[quad.IRI]bool{}
	mentions := map[[2]string]int{} // (new id, doc) -> mentions moved there
	mentionDocs := map[[2]string]quad.Value{}

	// Quads of each renamed entity, as subject and as object.
	var olds []string
	for old := range mapping {
		olds = append(olds, old)
	}
	sort.Strings(olds)
	for _, old := range olds {
		if !s.qs.has(EntityIRI(old)) {
			continue
		}
		for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
			qs, err := s.qs.quadsOf(ctx, dir, EntityIRI(old))
			if err != nil {
				return nil, nil, err
			}
			for _, q := range qs {
				if _, isStmt := iriSuffix(q.Subject, StmtPrefix); isStmt {
					stmts[q.Subject.(quad.IRI)] = true
					continue
				}
				if q.Label != nil && !inDocs(q.Label) {
					continue
				}
				if q.Predicate == SchemaName && dir == quad.Subject {
					if docs == nil {
						remove(q)
					}
					continue
				}
				if q.Label == nil && docs != nil {
					// Shared quads are copied to the new node.
					nq := q
					nq.Subject, nq.Object = mapIRI(q.Subject), mapIRI(q.Object)
					if q.Predicate == RDFType && classType(q.Object) != "" {
						nid, _ := EntityID(nq.Subject)
						nq.Object = TypeClass(kg.TypeOfID(nid))
					}
					if nq != q && nq.Subject != nq.Object {
						put(nq)
					}
					continue
				}
				remove(q)
				if q.Label != nil {
					touched[q.Label] = true
				}
				nq := q
				nq.Subject, nq.Object = mapIRI(q.Subject), mapIRI(q.Object)
				if q.Predicate == RDFType && classType(q.Object) != "" {
					nid, _ := EntityID(nq.Subject)
					nq.Object = TypeClass(kg.TypeOfID(nid))
				}
				if q.Predicate == PredMentions {
					nid, _ := EntityID(nq.Subject)
					k := [2]string{nid, str(q.Label)}
					mentions[k] += max(num(q.Object), 0)
					mentionDocs[k] = q.Label
					continue
				}
				if pred, ok := iriSuffix(q.Predicate, RelPrefix); ok {
					si, _ := EntityID(nq.Subject)
					oi, _ := EntityID(nq.Object)
					a, b := canonical(pred, si, oi)
					nq.Subject, nq.Object = EntityIRI(a), EntityIRI(b)
				}
				if nq.Subject == nq.Object {
					continue // an edge or record between two nodes now one
				}
				put(nq)
			}
		}
	}
	// Mentions add up with those the new node already has there.
	for k, n := range mentions {
		label := mentionDocs[k]
		if have, err := s.objectsLabelled(ctx, EntityIRI(k[0]), PredMentions, label); err != nil {
			return nil, nil, err
		} else {
			for _, v := range have {
				q := quad.Quad{Subject: EntityIRI(k[0]), Predicate: PredMentions, Object: v, Label: label}
				if !rmSet[q] {
					remove(q)
					n += max(num(v), 0)
				}
			}
		}
		put(quad.Quad{Subject: EntityIRI(k[0]), Predicate: PredMentions, Object: quad.Int(n), Label: label})
	}
	// Statements, and their evidence.
	var stIRIs []string
	for st := range stmts {
		stIRIs = append(stIRIs, string(st))
	}
	sort.Strings(stIRIs)
	for _, sti := range stIRIs {
		st := quad.IRI(sti)
		sq, err := s.quadsOf(ctx, quad.Subject, st)
		if err != nil {
			return nil, nil, err
		}
		var k stmtKey
		for _, q := range sq {
			switch q.Predicate {
			case RDFSubject:
				k.Subject = idOf(q.Object)
			case RDFPredicate:
				k.Predicate, _ = iriSuffix(q.Object, RelPrefix)
			case RDFObject:
				k.Object = idOf(q.Object)
			case PredModality:
				k.Modality = str(q.Object)
			case PredRole:
				k.Role = str(q.Object)
			case PredLocation:
				k.Location = idOf(q.Object)
			case PredDate:
				k.Date = str(q.Object)
			case PredText:
				k.Text = str(q.Object)
			}
		}
		nk := k
		m := func(id string) string {
			if to, ok := mapping[id]; ok {
				return to
			}
			return id
		}
		nk.Subject, nk.Object = canonical(nk.Predicate, m(k.Subject), m(k.Object))
		if nk.Location != "" {
			// Kept whatever its type: the view shows only places
			// (snapshot.graph), and a later vote may make it one again.
			nk.Location = m(k.Location)
		}
		newSt := nk.iri()
		if newSt == st {
			continue
		}
		evs, err := s.quadsOf(ctx, quad.Object, st)
		if err != nil {
			return nil, nil, err
		}
		if nk.Subject == nk.Object {
			// Its two ends are now one node: the statement and its
			// evidence (in the documents moved) go. (A relation the
			// types voted for no longer allow is kept, and left out of
			// the view: a later vote may allow it again, and what the
			// store keeps must not depend on the order documents came
			// in.)
			kept := 0
			for _, eq := range evs {
				if eq.Predicate != PredStatement {
					continue
				}
				if !inDocs(eq.Label) {
					kept++
					continue
				}
				evq, err := s.quadsOf(ctx, quad.Subject, eq.Subject)
				if err != nil {
					return nil, nil, err
				}
				for _, q := range evq {
					remove(q)
				}
				touched[eq.Label] = true
			}
			if kept == 0 {
				for _, q := range sq {
					remove(q)
				}
			}
			continue
		}
		kept := 0 // evidence that stays with the old statement
		for _, eq := range evs {
			if eq.Predicate != PredStatement {
				continue
			}
			if !inDocs(eq.Label) {
				kept++
				continue
			}
			ev := eq.Subject
			evq, err := s.quadsOf(ctx, quad.Subject, ev)
			if err != nil {
				return nil, nil, err
			}
			start, end := -1, -1
			for _, q := range evq {
				switch q.Predicate {
				case PredStart:
					start = num(q.Object)
				case PredEnd:
					end = num(q.Object)
				}
			}
			hash, _ := iriSuffix(eq.Label, DocPrefix)
			newEv := evidenceIRI(newSt, hash, start, end)
			for _, q := range evq {
				remove(q)
				nq := q
				nq.Subject = newEv
				if q.Predicate == PredStatement {
					nq.Object = newSt
				}
				put(nq)
			}
			touched[eq.Label] = true
		}
		for _, q := range sq {
			nq := q
			nq.Subject = newSt
			switch q.Predicate {
			case RDFSubject:
				nq.Object = EntityIRI(nk.Subject)
			case RDFObject:
				nq.Object = EntityIRI(nk.Object)
			case PredLocation:
				if nk.Location == "" {
					if kept == 0 {
						remove(q)
					}
					continue
				}
				nq.Object = EntityIRI(nk.Location)
			}
			put(nq)
			if kept == 0 {
				remove(q)
			}
		}
	}
	// Quad counts of the documents touched: the stored count, less the
	// quads removed, plus the quads added that the store does not hold
	// (a quad both removed and added stays, and counts once).
	var labels []quad.Value
	for l := range touched {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool { return str(labels[i]) < str(labels[j]) })
	delta := map[quad.Value]int{}
	for q := range rmSet {
		if q.Label != nil {
			delta[q.Label]--
		}
	}
	bySubject := map[quad.Value]map[quad.Quad]bool{} // stored quads of subjects that exist
	held := func(q quad.Quad) (bool, error) {
		if !s.qs.has(q.Subject) {
			return false, nil
		}
		set, ok := bySubject[q.Subject]
		if !ok {
			qs, err := s.quadsOf(ctx, quad.Subject, q.Subject)
			if err != nil {
				return false, err
			}
			set = make(map[quad.Quad]bool, len(qs))
			for _, x := range qs {
				set[x] = true
			}
			bySubject[q.Subject] = set
		}
		return set[q], nil
	}
	for q := range addSet {
		if q.Label == nil || !touched[q.Label] {
			continue
		}
		if rmSet[q] {
			delta[q.Label]++
			continue
		}
		h, err := held(q)
		if err != nil {
			return nil, nil, err
		}
		if !h {
			delta[q.Label]++
		}
	}
	for _, l := range labels {
		counts, err := s.objects(ctx, l, PredQuads)
		if err != nil {
			return nil, nil, err
		}
		if len(counts) != 1 {
			return nil, nil, fmt.Errorf("document %s has %d quad counts (run Verify)", quad.StringOf(l), len(counts))
		}
		remove(quad.Quad{Subject: l, Predicate: PredQuads, Object: counts[0], Label: l})
		put(quad.Quad{Subject: l, Predicate: PredQuads, Object: quad.Int(num(counts[0]) + delta[l]), Label: l})
	}
	for q := range rmSet {
		rm = append(rm, q)
	}
	for q := range addSet {
		add = append(add, q)
	}
	sortQuads(rm)
	sortQuads(add)
	return rm, add, nil
}

// quadsOf returns the quads with v in direction dir.
func (s *Store) quadsOf(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	return s.qs.quadsOf(ctx, dir, v)
}

// objectsLabelled returns the objects of (subj, pred, *, label).
func (s *Store) objectsLabelled(ctx context.Context, subj quad.Value, pred quad.Value, label quad.Value) ([]quad.Value, error) {
	qs, err := s.quadsOf(ctx, quad.Subject, subj)
	if err != nil {
		return nil, err
	}
	var out []quad.Value
	for _, q := range qs {
		if q.Predicate == pred && q.Label == label {
			out = append(out, q.Object)
		}
	}
	return out, nil
}

// applyQuads writes one transaction (removals, then additions) and drops
// the nodes the resolver has read, which may no longer match the store.
func (s *Store) applyQuads(ctx context.Context, rm, add []quad.Quad) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.idx = nil
	if err := s.qs.apply(rm, add); err != nil {
		return errors.Join(err, s.failedWrite(ctx))
	}
	return nil
}
