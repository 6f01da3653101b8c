package graph

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// entityPreds are the predicates of an entity's own quads that its record
// (kg.Entity: name, type, aliases, sameAs, mentions, documents) is made
// of, as snapshot.add reads them. Its other quads (its names and types per
// document, its search and lookup keys, its asserted edges) are many for
// an entity in many documents, and the record needs none of them.
var entityPreds = []quad.Value{RDFType, SchemaName, SchemaAlternateName, SchemaSameAs, PredMentions}

// predQuads calls fn with the predicate, object and a token standing for
// the label of each quad (subj, p, *, *) with p one of preds. Two quads
// have equal tokens exactly when they have the same label (nil for none):
// a record counts its documents by label, and on bolt the labels (one
// document IRI a quad) are then never read, only compared by reference;
// nor is an object read more than once (an entity's thousand mention
// quads have a few distinct counts).
func (s *Store) predQuads(ctx context.Context, subj quad.Value, preds []quad.Value, fn func(p, o quad.Value, label any)) error {
	c, ok := s.qs.(*cayleyQuads)
	if !ok {
		qs, err := s.qs.quadsOf(ctx, quad.Subject, subj)
		if err != nil {
			return err
		}
		for _, q := range qs {
			if slices.Contains(preds, q.Predicate) {
				fn(q.Predicate, q.Object, q.Label) // a nil Label is a nil any
			}
		}
		return nil
	}
	_, err := guarded(c.file, func() (struct{}, error) {
		ref := c.qs.ValueOf(subj)
		if ref == nil {
			return struct{}{}, nil
		}
		type found struct {
			p         quad.Value
			obj, labl graph.Ref
		}
		var qs []found
		objs := map[graph.Ref]quad.Value{}
		var want []graph.Ref
		for _, p := range preds {
			pref := c.qs.ValueOf(p)
			if pref == nil {
				continue
			}
			err := c.quadRefs(ctx, quad.Subject, ref, pref, func(r graph.Ref) {
				o := c.qs.QuadDirection(r, quad.Object)
				if _, seen := objs[o]; !seen {
					objs[o] = nil
					want = append(want, o)
				}
				qs = append(qs, found{p, o, c.qs.QuadDirection(r, quad.Label)})
			})
			if err != nil {
				return struct{}{}, err
			}
		}
		vals, err := c.values(ctx, want)
		if err != nil {
			return struct{}{}, err
		}
		for i, o := range want {
			objs[o] = vals[i]
		}
		for _, q := range qs {
			fn(q.p, objs[q.obj], q.labl) // a nil Ref is a nil any
		}
		return struct{}{}, nil
	})
	return err
}

// entityRecord reads the record of the entity id from its quads of
// entityPreds only: the record snapshot.add makes of all its quads. nil
// when they make none.
func (s *Store) entityRecord(ctx context.Context, id string) (*entRec, error) {
	return s.entityRecordOf(ctx, id, entityPreds...)
}

// entityRecordOf is entityRecord from the quads of preds only (some of
// entityPreds): a partial record.
func (s *Store) entityRecordOf(ctx context.Context, id string, preds ...quad.Value) (*entRec, error) {
	var rec *entRec
	err := s.addRecord(ctx, &rec, id, preds...)
	return rec, err
}

// addRecord adds to *rec what the entity id's quads of preds (some of
// entityPreds) say, making the record if they make one and *rec is nil.
func (s *Store) addRecord(ctx context.Context, rec **entRec, id string, preds ...quad.Value) error {
	iri := EntityIRI(id)
	if _, ok := EntityID(iri); !ok {
		return nil
	}
	if s.recs == nil {
		return s.readRecord(ctx, rec, iri, id, preds)
	}
	for _, p := range preds {
		part, ok := s.recs.get(id, p)
		if !ok {
			if err := s.readRecord(ctx, &part, iri, id, []quad.Value{p}); err != nil {
				return err
			}
			s.recs.put(id, p, part)
		}
		if part != nil {
			if *rec == nil {
				*rec = &entRec{aliases: map[string]bool{}, docs: map[any]bool{}}
			}
			(*rec).merge(part)
		}
	}
	return nil
}

// readRecord is addRecord, reading the store.
func (s *Store) readRecord(ctx context.Context, rec **entRec, iri quad.Value, id string, preds []quad.Value) error {
	get := func() *entRec {
		if *rec == nil {
			*rec = &entRec{aliases: map[string]bool{}, docs: map[any]bool{}}
		}
		return *rec
	}
	err := s.predQuads(ctx, iri, preds, func(p, o quad.Value, label any) {
		switch p {
		case RDFType:
			if t := classType(o); t != "" {
				get().typ = t
			}
		case SchemaName:
			e := get()
			e.names = append(e.names, str(o))
		case SchemaAlternateName:
			e := get()
			e.aliases[str(o)] = true
			e.docs[label] = true
		case SchemaSameAs:
			addTo(&get().sameAs, str(o))
		case PredMentions:
			e := get()
			if n := num(o); n > 0 {
				e.mention += n
			}
			e.docs[label] = true
		}
	})
	if err != nil {
		return fmt.Errorf("graph: entity %q: %w", id, err)
	}
	return nil
}

// merge adds the record part (of other quads of the same entity) to e.
func (e *entRec) merge(part *entRec) {
	if part.typ != "" {
		e.typ = part.typ
	}
	e.names = append(e.names, part.names...)
	for a := range part.aliases {
		e.aliases[a] = true
	}
	for s := range part.sameAs {
		addTo(&e.sameAs, s)
	}
	for d := range part.docs {
		e.docs[d] = true
	}
	e.mention += part.mention
}

// recordCache keeps the parts of entity records read (one part a
// predicate of entityPreds), for a store that nothing can write while it
// is open: bolt opened read-only, whose file lock keeps writers out (a
// server's store; serve closes it when idle, so that a writer gets in, and
// a new open starts a new cache). A hub's record is read from a quad per
// document, and the hubs are what most searches and views ask for.
type recordCache struct {
	mu    sync.Mutex
	parts map[recordPart]*entRec // nil: the entity has no such quads
	size  int                    // the documents the parts hold, about their memory
}

type recordPart struct {
	id   string
	pred quad.Value
}

// maxCachedDocs bounds a recordCache: past it, it starts again empty.
const maxCachedDocs = 2_000_000

func newRecordCache() *recordCache { return &recordCache{parts: map[recordPart]*entRec{}} }

func (c *recordCache) get(id string, p quad.Value) (*entRec, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.parts[recordPart{id, p}]
	return r, ok
}

func (c *recordCache) put(id string, p quad.Value, r *entRec) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 1
	if r != nil {
		n += len(r.docs) + len(r.aliases)
	}
	if c.size+n > maxCachedDocs {
		clear(c.parts)
		c.size = 0
	}
	c.parts[recordPart{id, p}] = r
	c.size += n
}
