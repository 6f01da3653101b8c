package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// Query runs a Gizmo query (cayley's JavaScript path language) and returns
// its results as JSON-encodable values, in the form cayley's HTTP API
// gives (query.JSON collation):
//
//   - path finals (All, GetLimit) give one map per result, tag name ->
//     value: the default tag "id" for the path's node, plus any Tag/As/Save
//     names; g.V("<urn:entigraph:person/donald-trump>").Out("<urn:entigraph:rel/met_with>").All()
//     gives [{"id": "<urn:entigraph:person/vladimir-putin>"}];
//   - g.Emit(x) gives x as is (numbers come back as int64 or float64);
//   - values are IRIs in angle brackets ("<urn:...>"), plain strings for
//     string literals, int64 for integers: a string literal that itself
//     begins with "<" cannot be told from an IRI.
//
// limit caps the number of results; 0 or less means no cap. ctx cancels a
// running query. A query that would crash Cayley's Gizmo is refused with
// an error wrapping ErrQueryCrash (see gizmosafe.go).
func (s *Store) Query(ctx context.Context, q string, limit int) ([]interface{}, error) {
	defer s.qlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	if limit < 0 {
		limit = 0
	}
	qs := gizmoStore{s.qs.cayley()}
	if err := gizmoDryRun(ctx, qs, q); err != nil {
		return nil, fmt.Errorf("gizmo: %w", err)
	}
	it, err := gizmo.NewSession(qs).Execute(ctx, q, query.Options{Limit: limit, Collation: query.JSON})
	if err != nil {
		return nil, fmt.Errorf("gizmo: %w", err)
	}
	defer func() {
		// Close interrupts the script, but it runs in a goroutine of its
		// own: wait for it to end before the store's lock is released,
		// since the memory store must not be read during a write.
		it.Close()
		for it.Next(context.Background()) {
		}
	}()
	out := []interface{}{}
	for it.Next(ctx) {
		// A nil result is the script's own return value (Meta), which
		// cayley's HTTP API passes on as null; we drop it.
		if r := it.Result(); r != nil {
			out = append(out, r)
		}
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("gizmo: %w", err)
	}
	return out, nil
}
