package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
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

// Batch bounds the documents Ingest hands the store at once
// (graph.Store.AddBatch, which writes them in one transaction unless that
// passes graph.BatchQuads or graph.BatchTime).
type Batch struct {
	// Docs is the most documents in a batch; 1 writes each document
	// in a transaction of its own.
	Docs int
	// Wait is the longest a document waits for others to join its
	// batch: when results come slower than the store writes them, a
	// batch is written once its first document has waited this long.
	Wait time.Duration
}

// DefaultBatch is Ingest's batch.
var DefaultBatch = Batch{Docs: 64, Wait: 100 * time.Millisecond}

// Ingest is IngestBatched with DefaultBatch.
func Ingest(ctx context.Context, st *graph.Store, results iter.Seq[Result], onError func(error), progress func(Summary)) (Summary, error) {
	return IngestBatched(ctx, st, results, DefaultBatch, onError, progress)
}

// IngestBatched writes the results into the store in input order, in
// batches bounded by b (graph.Store.AddBatch: the store ends as if each
// document had been written alone, and each is whole or absent after a
// crash); a result marked Stored counts as skipped. A result carrying an
// error, or a document the store rejects, counts as failed and is passed
// to onError (which may be nil); the run goes on. The returned error is
// only for failures that stop the run (the store itself failing, ctx
// cancelled): then the documents after the one that stopped it are not
// counted. progress, when not nil, is called after every document with
// the counts so far. Results are taken while a batch is written (up to
// b.Docs of them wait), so the pipeline's workers go on meanwhile.
func IngestBatched(ctx context.Context, st *graph.Store, results iter.Seq[Result], b Batch, onError func(error), progress func(Summary)) (Summary, error) {
	if b.Docs < 1 {
		b.Docs = 1
	}
	start := time.Now()
	var sum Summary
	entities := map[string]bool{}
	fail := func(err error) {
		sum.Failed++
		if onError != nil {
			onError(err)
		}
	}
	// The results come through a channel that holds a batch's worth, so
	// that the pipeline runs on while the store writes.
	in := make(chan Result, b.Docs)
	stop := make(chan struct{})
	pumped := make(chan struct{})
	go func() {
		defer close(pumped)
		defer close(in)
		for r := range results {
			select {
			case in <- r:
			case <-stop:
				return
			}
		}
	}()
	defer func() {
		close(stop)
		<-pumped
	}()
	var batch []Result
	// write hands the batch to the store and counts what came of each
	// document, in order. Every document the store took is counted, also
	// after ctx is cancelled (a full disk stops the run at its first
	// document that failed so, but a smaller one after it may have been
	// stored); it stops at the first the store refused for ctx.
	write := func() error {
		var exs []*kg.Extraction
		var at []int // batch index of each of exs
		for i, r := range batch {
			if r.Err == nil && !r.Stored {
				exs = append(exs, r.Extraction)
				at = append(at, i)
			}
		}
		res := make([]graph.AddResult, len(batch))
		if len(exs) > 0 {
			for j, a := range st.AddBatch(ctx, exs) {
				res[at[j]] = a
			}
		}
		defer func() { batch = batch[:0] }()
		for i, r := range batch {
			if err := ctx.Err(); err != nil && (res[i].Err == nil && !res[i].Added || errors.Is(res[i].Err, err)) {
				return err
			}
			sum.Read++
			switch a := res[i]; {
			case r.Err != nil:
				fail(r.Err)
			case r.Stored:
				sum.Skipped++
			case a.Err != nil:
				fail(fmt.Errorf("%s: store: %w", r.Extraction.Doc.ID, a.Err))
			case a.Added:
				sum.Added++
				for _, e := range r.Extraction.Entities {
					entities[e.ID] = true
				}
				sum.Relations += len(r.Extraction.Relations)
			default:
				sum.Skipped++
			}
			sum.Entities = len(entities)
			sum.Elapsed = time.Since(start)
			if progress != nil {
				progress(sum)
			}
		}
		return nil
	}
	// A batch is written when full, when its first document has waited
	// b.Wait, and at the end.
	var deadline <-chan time.Time
	for open := true; open; {
		flush := false
		select {
		case r, ok := <-in:
			switch {
			case !ok:
				open, flush = false, true
			case len(batch) == 0:
				deadline = time.After(b.Wait)
				fallthrough
			default:
				batch = append(batch, r)
				flush = len(batch) >= b.Docs
			}
		case <-deadline:
			flush = true
		case <-ctx.Done():
			sum.Elapsed = time.Since(start)
			return sum, ctx.Err()
		}
		if flush && len(batch) > 0 {
			deadline = nil
			if err := write(); err != nil {
				sum.Elapsed = time.Since(start)
				return sum, err
			}
		}
	}
	sum.Elapsed = time.Since(start)
	return sum, ctx.Err()
}
