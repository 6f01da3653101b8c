package pipeline

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/entigraph/entigraph/graph"
)

// Summary counts what one ingest run did.
type Summary struct {
	Read      int // documents read (added + skipped + failed)
	Added     int // new documents written to the store
	Skipped   int // documents whose content the store already held
	Failed    int // files or records that could not be read or processed
	Entities  int // distinct entity ids in the documents added, before cross-document resolution
	Relations int // relation statements (one per relation and sentence) in the documents added
	Elapsed   time.Duration
}

// String is the one-line summary the ingest command prints.
func (s Summary) String() string {
	return fmt.Sprintf("%d documents read: %d added, %d skipped (already stored), %d failed; the added documents name %d entities and state %d relations; %s",
		s.Read, s.Added, s.Skipped, s.Failed, s.Entities, s.Relations, s.Elapsed.Round(time.Millisecond))
}

// Ingest writes each result into the store, one transaction per document,
// in input order; a result marked Stored counts as skipped. A result carrying an error, or a document the store
// rejects, counts as failed and is passed to onError (which may be nil);
// the run goes on. The returned error is only for failures that stop the
// run (the store itself failing, ctx cancelled). progress, when not nil, is
// called after every document with the counts so far.
func Ingest(ctx context.Context, st *graph.Store, results iter.Seq[Result], onError func(error), progress func(Summary)) (Summary, error) {
	start := time.Now()
	var sum Summary
	entities := map[string]bool{}
	fail := func(err error) {
		sum.Failed++
		if onError != nil {
			onError(err)
		}
	}
	for r := range results {
		if err := ctx.Err(); err != nil {
			sum.Elapsed = time.Since(start)
			return sum, err
		}
		sum.Read++
		switch {
		case r.Err != nil:
			fail(r.Err)
		case r.Stored:
			sum.Skipped++
		default:
			added, err := st.Add(ctx, r.Extraction)
			switch {
			case err != nil:
				fail(fmt.Errorf("%s: store: %w", r.Extraction.Doc.ID, err))
			case added:
				sum.Added++
				for _, e := range r.Extraction.Entities {
					entities[e.ID] = true
				}
				sum.Relations += len(r.Extraction.Relations)
			default:
				sum.Skipped++
			}
		}
		sum.Entities = len(entities)
		sum.Elapsed = time.Since(start)
		if progress != nil {
			progress(sum)
		}
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}
