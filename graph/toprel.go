package graph

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
)

// TopRelations is what a one-entity view shows of an entity's relations
// (TopRelations below).
type TopRelations struct {
	Entity    kg.Entity
	Relations []kg.Relation
	Total     int // the relations the options keep, all of them
	// Names are the id, name and type of the entities at the other
	// ends of Relations and of their locations (Store.Names).
	Names map[string]kg.Entity
	// Docs are the documents of the evidence given, by source name
	// (of two documents with one name, the first in Relations' order).
	Docs map[string]DocInfo
}

// TopRelations returns the entity id and the relations of it that o keeps
// (o.MaxNodes is not used), the best supported first (ties in
// kg.SortRelations' order), at most max of them (max < 0: all), and how
// many there are in all. Each relation's support, location and date are
// those Relations gives (every sentence counts); its evidence is at most
// evidence sentences (evidence < 0: all), those of its latest statements
// (by the statement's date, then sentence), each statement's in the
// view's order, and only those are read: a relation stated in a thousand
// documents costs its statements' quads, not a thousand evidence nodes
// and documents. A hub's statements, and the sentences of the relations
// kept, are read on every core (GOMAXPROCS goroutines). An id that names
// no entity is an error wrapping ErrNoEntity.
func (s *Store) TopRelations(ctx context.Context, id string, o SubgraphOptions, max, evidence int) (*TopRelations, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	f := newFetcher(ctx, s)
	if err := f.entity(id); err != nil {
		return nil, err
	}
	sts, err := f.statementsOf(id)
	if err != nil {
		return nil, err
	}
	sn := newSnapshot()
	sn.entities[id] = f.ents[id]
	// The statements' quads, on every core: a hub has thousands of them.
	stQuads := make([][]quad.Quad, len(sts))
	stHas := make([]bool, len(sts))
	err = f.parallel(len(sts), func(w *fetcher, i int) error {
		var err error
		if stQuads[i], err = w.quadsOf(quad.Subject, sts[i]); err != nil {
			return err
		}
		stHas[i], err = w.hasEvidence(sts[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	has := map[quad.IRI]bool{}
	for i, st := range sts {
		for _, q := range stQuads[i] {
			sn.add(q)
		}
		has[st] = stHas[i]
	}
	// Support first, to rank them; location and date (a place's names
	// read for a tie) only for those kept.
	type top struct {
		k relKey
		a *relAgg
		r kg.Relation // its key and support
	}
	var all []top
	for k, a := range sn.aggregate(func(iri quad.IRI) bool { return has[iri] }) {
		r := kg.Relation{Subject: k.subj, Predicate: k.pred, Object: k.obj, Modality: k.mod, Role: k.role, Support: len(a.texts)}
		if o.keeps(r) && (r.Subject == id || r.Object == id) {
			all = append(all, top{k, a, r})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := &all[i].r, &all[j].r
		if a.Support != b.Support {
			return a.Support > b.Support
		}
		return kg.RelationLess(a, b)
	})
	out := &TopRelations{Total: len(all), Relations: []kg.Relation{}, Docs: map[string]DocInfo{}}
	if max >= 0 && len(all) > max {
		all = all[:max]
	}
	ends := map[string]bool{}
	var ferr error
	sn.more = f.namesOnly(&ferr)
	for _, t := range all {
		r := sn.relation(t.k, t.a)
		if ferr != nil {
			return nil, ferr
		}
		out.Relations = append(out.Relations, r)
		for _, x := range []string{r.Subject, r.Object, r.Location} {
			if x != "" && x != id {
				ends[x] = true
			}
		}
	}
	docs := make([][]DocInfo, len(all))
	err = f.parallel(len(all), func(w *fetcher, i int) error {
		var err error
		out.Relations[i].Evidence, docs[i], err = w.latestEvidence(sn, all[i].a.stmts, evidence)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, ds := range docs {
		for _, d := range ds {
			if _, ok := out.Docs[d.ID]; !ok {
				out.Docs[d.ID] = d
			}
		}
	}
	out.Entity = f.ents[id].entity(id)
	if out.Names, err = s.names(ctx, sortedKeys(ends)); err != nil {
		return nil, err
	}
	return out, nil
}

// hasEvidence reports whether some evidence node names the statement st
// (Graph leaves out a statement with none), reading no value on bolt.
func (f *fetcher) hasEvidence(st quad.IRI) (bool, error) {
	c, ok := f.s.qs.(*cayleyQuads)
	if !ok {
		evs, err := f.s.qs.subjectsOf(f.ctx, st, PredStatement)
		return len(evs) > 0, err
	}
	return guarded(c.file, func() (bool, error) {
		ref, pref := c.qs.ValueOf(st), c.qs.ValueOf(PredStatement)
		if ref == nil || pref == nil {
			return false, nil
		}
		n := 0
		err := c.quadRefs(f.ctx, quad.Object, ref, pref, func(cgraph.Ref) { n++ })
		return n > 0, err
	})
}

// latestEvidence reads the evidence of the statements sts (of one
// relation, their quads in sn) until it has max sentences (max < 0: all):
// the latest statements first (by date, then sentence, then IRI), each
// statement's evidence in the view's order; and the documents of the
// sentences given.
func (f *fetcher) latestEvidence(sn *snapshot, sts []quad.IRI, max int) ([]kg.Evidence, []DocInfo, error) {
	sts = append([]quad.IRI(nil), sts...)
	sort.Slice(sts, func(i, j int) bool {
		a, b := sn.stmts[sts[i]], sn.stmts[sts[j]]
		if da, db := one(a.date), one(b.date); da != db {
			return da > db
		}
		if ta, tb := one(a.txt), one(b.txt); ta != tb {
			return ta < tb
		}
		return sts[i] < sts[j]
	})
	out := []kg.Evidence{}
	var docs []DocInfo
	for _, st := range sts {
		if max >= 0 && len(out) >= max {
			break
		}
		evs, err := f.s.qs.subjectsOf(f.ctx, st, PredStatement)
		if err != nil {
			return nil, nil, err
		}
		one := newSnapshot()
		one.stmts[st] = sn.stmts[st]
		for _, ev := range evs {
			qs, err := f.quadsOf(quad.Subject, ev)
			if err != nil {
				return nil, nil, err
			}
			for _, q := range qs {
				one.add(q)
				if d, ok := q.Object.(quad.IRI); ok && q.Predicate == PredDocument {
					if err := f.doc(d); err != nil {
						return nil, nil, err
					}
					for _, dq := range f.docs[d] {
						one.add(dq)
					}
				}
			}
		}
		var got []kg.Evidence
		for _, e := range one.evs {
			if oneIRI(e.stmt) != st {
				continue
			}
			if ev, ok := one.evidence(e); ok {
				got = append(got, ev)
			}
		}
		sortEvidence(got)
		if max >= 0 {
			got = got[:min(len(got), max-len(out))]
		}
		out = append(out, got...)
		for _, d := range one.documents() {
			for _, ev := range got {
				if ev.Doc == d.ID {
					docs = append(docs, d)
					break
				}
			}
		}
	}
	return out, docs, nil
}

// perWorker is the least work a goroutine of parallel is started for (a
// variable for the tests).
var perWorker = 32

// parallel calls fn(w, i) for each i in [0, n), on up to GOMAXPROCS
// goroutines (fewer for small n), each with a fetcher of its own (w: their
// caches are not shared; f's entities are read only); the first error.
func (f *fetcher) parallel(n int, fn func(w *fetcher, i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), (n+perWorker-1)/perWorker)
	if workers <= 1 {
		for i := range n {
			if err := fn(f, i); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for k := range workers {
		w := f
		if k > 0 {
			w = newFetcher(f.ctx, f.s)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || f.ctx.Err() != nil {
					return
				}
				if err := fn(w, i); err != nil {
					errs[k] = err
					next.Store(int64(n)) // the others stop
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return f.ctx.Err()
}
