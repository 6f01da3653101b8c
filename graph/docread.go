package graph

import (
	"context"
	"sort"

	"github.com/cayleygraph/quad"
)

// DocumentsNamed returns the stored documents whose source name
// (kg.Document.ID) is one of ids, sorted as Documents sorts them, reading
// only their own quads through the store's indexes: what a reader wants
// for the few documents behind the evidence it shows, where Documents
// reads the whole store. A name no document has is left out; two
// documents of one name (different texts) both come back. Quads is the
// count the document recorded when it was written (eg:quads).
func (s *Store) DocumentsNamed(ctx context.Context, ids ...string) ([]DocInfo, error) {
	unlock := s.rlock()
	defer unlock()
	if s.qs == nil {
		return nil, ErrClosed
	}
	seen := map[string]bool{}
	var out []DocInfo
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		docs, err := s.qs.subjectsOf(ctx, quad.String(id), PredSource)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if _, ok := d.(quad.IRI); !ok {
				continue
			}
			if _, ok := iriSuffix(d, DocPrefix); !ok {
				continue
			}
			qs, err := s.qs.quadsOf(ctx, quad.Subject, d)
			if err != nil {
				return nil, err
			}
			sn := newSnapshot()
			for _, q := range qs {
				sn.add(q)
			}
			for _, di := range sn.documents() {
				if di.ID != id {
					continue
				}
				if rec := sn.docs[d.(quad.IRI)]; rec != nil {
					di.Quads = oneInt(rec.count)
				}
				out = append(out, di)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Hash < out[j].Hash
	})
	return out, nil
}
