// Package pipeline wires entigraph's stages together: documents from ingest
// go through ner and relation extraction, in parallel, and come out as
// kg.Extraction values in input order, ready for the store.
//
// A Pipeline loads its models once (New) and is safe for concurrent use.
package pipeline

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"sync"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
	"github.com/entigraph/entigraph/relation"
)

// Pipeline is the ordered list of stages run over each document.
type Pipeline struct {
	ner *ner.Annotator
	rel *relation.Extractor
}

// New loads the NER and relation models. It is costly: make one per process.
// Options go to the ner stage (ner.WithNER chooses the entity tagger; the
// default is entigraph's own model).
func New(opts ...ner.Option) (*Pipeline, error) {
	a, err := ner.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	x, err := relation.New()
	if err != nil {
		return nil, fmt.Errorf("relation: %w", err)
	}
	return &Pipeline{ner: a, rel: x}, nil
}

// StageError says which stage failed on which document.
type StageError struct {
	Stage string // "ner", "relation"
	Doc   string // kg.Document.ID
	Err   error
}

func (e *StageError) Error() string { return e.Doc + ": " + e.Stage + ": " + e.Err.Error() }
func (e *StageError) Unwrap() error { return e.Err }

// Process runs every stage over one document.
func (p *Pipeline) Process(doc *kg.Document) (*kg.Extraction, error) {
	a, err := p.ner.Annotate(doc)
	if err != nil {
		return nil, &StageError{Stage: "ner", Doc: doc.ID, Err: err}
	}
	return &kg.Extraction{Doc: doc, Entities: a.Entities, Relations: p.rel.Extract(a)}, nil
}

// Result is one document's outcome: an Extraction or an error (a load error
// from ingest or a stage error), never both.
type Result struct {
	Extraction *kg.Extraction
	Err        error
}

// Run processes docs on workers goroutines (0 means runtime.GOMAXPROCS) and
// yields the results in input order, so that what a sink writes does not
// depend on scheduling. Documents are read from docs as workers free up:
// at most a few per worker are held in memory at once. Stopping the
// iteration early, or cancelling ctx, stops the workers.
func (p *Pipeline) Run(ctx context.Context, docs iter.Seq2[*kg.Document, error], workers int) iter.Seq[Result] {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return func(yield func(Result) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type job struct {
			doc *kg.Document
			out chan Result
		}
		jobs := make(chan job, workers)
		order := make(chan chan Result, 2*workers)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					ex, err := p.Process(j.doc)
					j.out <- Result{Extraction: ex, Err: err}
				}
			}()
		}
		// The feeder reads the input and queues jobs; order keeps the
		// per-document result channels in input order.
		go func() {
			defer close(order)
			defer close(jobs)
			for doc, err := range docs {
				out := make(chan Result, 1)
				if err != nil {
					out <- Result{Err: err}
				} else {
					select {
					case jobs <- job{doc, out}:
					case <-ctx.Done():
						return
					}
				}
				select {
				case order <- out:
				case <-ctx.Done():
					return
				}
			}
		}()
		defer wg.Wait()
		defer func() {
			cancel()
			// Drain so the feeder can finish; result channels are
			// buffered, so workers never block on them.
			for range order {
			}
		}()
		for out := range order {
			select {
			case r := <-out:
				if !yield(r) {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}
}
