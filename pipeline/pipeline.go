// Package pipeline runs entigraph's stages over documents: an ordered list
// of named stages, each annotating one shared kg.Annotated that starts as
// ingest's document, in parallel over documents, the results in input
// order as kg.Extraction values ready for the store. docs/pipeline.md lists
// the stages, what each reads and writes, and how to add or replace one.
//
// A Pipeline loads its models once (New) and is safe for concurrent use.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
	"github.com/entigraph/entigraph/relation/learn"
)

// Annotator is the work of one stage: it reads what earlier stages wrote
// on doc and adds its own annotations to it.
//
// Annotate must be safe for concurrent use on different documents (the
// pipeline runs documents in parallel) and must not keep doc. doc and
// doc.Doc are never nil. An error, or a panic, is this document's failure:
// the pipeline stops there for this document, names the stage and the
// document once (StageError), and goes on with the next document; the
// error itself should say what is wrong without naming either.
type Annotator interface {
	Annotate(doc *kg.Annotated) error
}

// AnnotatorFunc makes a function an Annotator.
type AnnotatorFunc func(doc *kg.Annotated) error

// Annotate calls f(doc).
func (f AnnotatorFunc) Annotate(doc *kg.Annotated) error { return f(doc) }

// Stage is one named step of the pipeline.
type Stage struct {
	Name      string // unique in the pipeline; names the stage in errors
	Annotator Annotator
}

// The default stages' names, in their order.
const (
	Tokens    = "tokens"    // ner.Tokenizer: Sentences, Tokens
	Tags      = "tags"      // a ner.Tagger: Token.Tag, Token.Label, LabelsComplete
	Mentions  = "mentions"  // ner.Annotator: Mentions, Entities
	Relations = "relations" // learn.Combined: the rules' relations and the learned ones they lack
	// Parse is syntax/parse's stage (Sentence.Heads, Sentence.Deprels of
	// the sentences with relation candidates). It is not a default stage:
	// nothing the default stages read needs the trees yet, and it doubles
	// extract's time (docs/pipeline.md). Add it after Mentions:
	// WithStageAfter(Mentions, Stage{Name: Parse, Annotator: st}) with st
	// from parse.NewStage().
	Parse = "parse"
)

// defaults loads the default stages, in order. A stage an option replaces
// is never loaded.
var defaults = []struct {
	name string
	load func() (Annotator, error)
}{
	{Tokens, func() (Annotator, error) { return ner.NewTokenizer() }},
	{Tags, func() (Annotator, error) { return ner.NewModelTagger() }},
	{Mentions, func() (Annotator, error) { return ner.New() }},
	{Relations, func() (Annotator, error) { return learn.NewCombined() }},
}

// stageSpec is a stage before New loads it: load is called when a is nil.
type stageSpec struct {
	name string
	a    Annotator
	load func() (Annotator, error)
}

// Option changes the list of stages New builds.
type Option struct {
	apply func(specs []stageSpec) ([]stageSpec, error)
}

// WithTagger makes t the "tags" stage: ner.NewProseTagger() for prose's
// tagger and recogniser instead of entigraph's model.
func WithTagger(t ner.Tagger) Option {
	return WithStage(Stage{Name: Tags, Annotator: t})
}

// WithStage replaces the stage of s's name with s, or adds s at the end
// when there is none.
func WithStage(s Stage) Option {
	return Option{func(specs []stageSpec) ([]stageSpec, error) {
		if err := s.check(); err != nil {
			return nil, err
		}
		if i := find(specs, s.Name); i >= 0 {
			specs[i] = stageSpec{name: s.Name, a: s.Annotator}
			return specs, nil
		}
		return append(specs, stageSpec{name: s.Name, a: s.Annotator}), nil
	}}
}

// WithStageBefore inserts s right before the stage named before.
func WithStageBefore(before string, s Stage) Option { return insert(before, 0, s) }

// WithStageAfter inserts s right after the stage named after: a stage of
// one's own that reads the mentions goes after Mentions.
func WithStageAfter(after string, s Stage) Option { return insert(after, 1, s) }

func insert(at string, off int, s Stage) Option {
	return Option{func(specs []stageSpec) ([]stageSpec, error) {
		if err := s.check(); err != nil {
			return nil, err
		}
		if find(specs, s.Name) >= 0 {
			return nil, fmt.Errorf("a stage named %q is there already (WithStage replaces one)", s.Name)
		}
		i := find(specs, at)
		if i < 0 {
			return nil, fmt.Errorf("no stage named %q to put %q next to (have %s)", at, s.Name, names(specs))
		}
		return slices.Insert(specs, i+off, stageSpec{name: s.Name, a: s.Annotator}), nil
	}}
}

// WithoutStage removes the stage named name.
func WithoutStage(name string) Option {
	return Option{func(specs []stageSpec) ([]stageSpec, error) {
		i := find(specs, name)
		if i < 0 {
			return nil, fmt.Errorf("no stage named %q to remove (have %s)", name, names(specs))
		}
		return slices.Delete(specs, i, i+1), nil
	}}
}

func (s Stage) check() error {
	if s.Name == "" || s.Annotator == nil {
		return fmt.Errorf("a stage needs a name and an Annotator (got %q, %v)", s.Name, s.Annotator)
	}
	return nil
}

func find(specs []stageSpec, name string) int {
	return slices.IndexFunc(specs, func(s stageSpec) bool { return s.name == name })
}

func names(specs []stageSpec) string {
	n := make([]string, len(specs))
	for i, s := range specs {
		n[i] = s.name
	}
	return strings.Join(n, ", ")
}

// Pipeline is the ordered list of stages run over each document.
type Pipeline struct {
	stages []Stage
}

// New loads the default stages, tokens, tags, mentions, parse and relations,
// changed by opts in order, and returns the pipeline. It is costly (the
// models): make one per process.
func New(opts ...Option) (*Pipeline, error) {
	specs := make([]stageSpec, len(defaults))
	for i, d := range defaults {
		specs[i] = stageSpec{name: d.name, load: d.load}
	}
	for _, o := range opts {
		var err error
		if o.apply == nil {
			continue // the zero Option
		}
		if specs, err = o.apply(specs); err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
	}
	p := &Pipeline{stages: make([]Stage, len(specs))}
	for i, s := range specs {
		if s.a == nil {
			a, err := s.load()
			if err != nil {
				return nil, fmt.Errorf("pipeline: stage %q: %w", s.name, err)
			}
			s.a = a
		}
		p.stages[i] = Stage{Name: s.name, Annotator: s.a}
	}
	return p, nil
}

// Stages returns the names of the stages, in the order they run.
func (p *Pipeline) Stages() []string {
	out := make([]string, len(p.stages))
	for i, s := range p.stages {
		out[i] = s.Name
	}
	return out
}

// StageError says which stage failed on which document: the one place
// where a document's error is named.
type StageError struct {
	Stage string // Stage.Name
	Doc   string // kg.Document.ID
	Err   error
}

func (e *StageError) Error() string { return e.Doc + ": " + e.Stage + ": " + e.Err.Error() }
func (e *StageError) Unwrap() error { return e.Err }

// Annotate runs every stage over one document, in order, and returns the
// annotated document. A stage's error or panic stops the run and comes
// back as a *StageError.
func (p *Pipeline) Annotate(doc *kg.Document) (*kg.Annotated, error) {
	if doc == nil {
		return nil, errors.New("pipeline: nil document")
	}
	ann := &kg.Annotated{Doc: doc}
	for _, s := range p.stages {
		if err := run(s.Annotator, ann); err != nil {
			return nil, &StageError{Stage: s.Name, Doc: doc.ID, Err: err}
		}
	}
	return ann, nil
}

// run calls a.Annotate(ann), turning a panic into an error: prose panics
// on some input, and one document must not end a batch.
func run(a Annotator, ann *kg.Annotated) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return a.Annotate(ann)
}

// Process runs every stage over one document and returns what the store
// takes of it.
func (p *Pipeline) Process(doc *kg.Document) (*kg.Extraction, error) {
	a, err := p.Annotate(doc)
	if err != nil {
		return nil, err
	}
	return &kg.Extraction{Doc: doc, Entities: a.Entities, Relations: a.Relations}, nil
}

// Result is one document's outcome: an Extraction or an error (a load error
// from ingest or a stage error), never both. Stored is set instead when the
// document was not analysed because the store already holds its content
// (RunSkipping): Extraction then holds only the document.
type Result struct {
	Extraction *kg.Extraction
	Err        error
	Stored     bool
}

// Run processes docs on workers goroutines (0 means runtime.GOMAXPROCS) and
// yields the results in input order, so that what a sink writes does not
// depend on scheduling. Documents are read from docs as workers free up:
// at most a few per worker are held in memory at once. Stopping the
// iteration early, or cancelling ctx, stops the workers.
func (p *Pipeline) Run(ctx context.Context, docs iter.Seq2[*kg.Document, error], workers int) iter.Seq[Result] {
	return p.RunSkipping(ctx, docs, workers, nil)
}

// RunSkipping is Run, except that a document for which stored reports true
// is not analysed: its Result has Stored set. A resumed ingest so costs
// only a look-up per document already stored, not its analysis. stored
// (nil: none is skipped) is called on the goroutine that reads docs, in
// input order, ahead of the results; its error is that document's error.
func (p *Pipeline) RunSkipping(ctx context.Context, docs iter.Seq2[*kg.Document, error], workers int, stored func(*kg.Document) (bool, error)) iter.Seq[Result] {
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
				skip := false
				if err == nil && stored != nil {
					if skip, err = stored(doc); err != nil {
						err = fmt.Errorf("%s: %w", doc.ID, err)
					}
				}
				switch {
				case err != nil:
					out <- Result{Err: err}
				case skip:
					out <- Result{Extraction: &kg.Extraction{Doc: doc}, Stored: true}
				default:
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
