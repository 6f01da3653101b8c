package graph

import (
	"context"
	"fmt"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// subjectsOf is one query on the object index: the distinct subjects of
// (*, p, obj, *) for p in preds, in the order first written.
func (s *sqlQuads) subjectsOf(ctx context.Context, obj quad.Value, preds ...quad.Value) ([]quad.Value, error) {
	if obj == nil || len(preds) == 0 {
		return nil, nil
	}
	ph := make([][]byte, len(preds))
	for i, p := range preds {
		ph[i] = csql.HashOf(p).SQLValue().([]byte)
	}
	return s.column(ctx, `SELECT subject_hash FROM quads WHERE object_hash = $1 AND predicate_hash = ANY($2::bytea[]) GROUP BY subject_hash ORDER BY min(horizon)`,
		csql.HashOf(obj).SQLValue(), pq.ByteaArray(ph))
}

// objectsOf is one query on the subject index: the distinct objects of
// (subj, pred, *, *), in the order first written.
func (s *sqlQuads) objectsOf(ctx context.Context, subj, pred quad.Value) ([]quad.Value, error) {
	if subj == nil || pred == nil {
		return nil, nil
	}
	return s.column(ctx, `SELECT object_hash FROM quads WHERE subject_hash = $1 AND predicate_hash = $2 GROUP BY object_hash ORDER BY min(horizon)`,
		csql.HashOf(subj).SQLValue(), csql.HashOf(pred).SQLValue())
}

// column runs a query that returns one column of node hashes and gives
// their values, read from the cache or in one more query.
func (s *sqlQuads) column(ctx context.Context, q string, args ...any) ([]quad.Value, error) {
	rows, err := s.run().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hs []csql.NodeHash
	for rows.Next() {
		var h csql.NodeHash
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.cacheValues(ctx, hs); err != nil {
		return nil, err
	}
	out := make([]quad.Value, 0, len(hs))
	for _, h := range hs {
		v := s.values[h.ValueHash]
		if v == nil {
			return nil, fmt.Errorf("value %x is not in table nodes", h.ValueHash[:])
		}
		out = append(out, v)
	}
	return out, nil
}
