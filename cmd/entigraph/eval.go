package main

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

type evalOptions struct {
	gold    string
	format  string
	workers int
	resolve resolveOptions
	ner     nerChoice
}

func newEvalCommand(s streams) *cobra.Command {
	o := &evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval --gold DIR PATH...",
		Short: "Score the pipeline against gold annotations of the same articles",
		Long: `Runs the pipeline over the articles (as extract does, in a throw-away store)
and compares the graph with the gold annotations in DIR (docs/gold.md): entity
precision and recall per type, nodes that should have merged and did not,
nodes that merged two real entities, countries lacking their Wikidata sameAs;
relation precision, recall and F1 per predicate, over the plainly stated
(single-sentence) relations, all asserted ones and all of them; met_with
location accuracy; relation date accuracy and document date accuracy; and
the negated or reported facts emitted as asserted.
Every article needs its gold file.`,
		Example: "  entigraph eval --gold testdata/gold testdata/news\n  entigraph eval --gold testdata/gold --format json testdata/news/004_111b9e2c7f64e5cc.txt",
		Args:    minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEval(cmd.Context(), o, args, s)
		},
	}
	cmd.Flags().StringVar(&o.gold, "gold", "", "folder of gold annotations, one <document>.json per article (required)")
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "table or json")
	cmd.Flags().IntVarP(&o.workers, "workers", "j", 0, "documents processed at once (0: one per CPU)")
	o.resolve.bind(cmd.Flags())
	o.ner.bind(cmd.Flags())
	return cmd
}

func (o *evalOptions) check() error {
	if o.gold == "" {
		return usageError{fmt.Errorf("--gold DIR is required")}
	}
	if o.format != "table" && o.format != "json" {
		return usageError{fmt.Errorf("unknown format %q (want table or json)", o.format)}
	}
	return nil
}

func runEval(ctx context.Context, o *evalOptions, paths []string, s streams) error {
	if err := o.check(); err != nil {
		return err
	}
	gold, err := eval.Load(o.gold)
	if err != nil {
		return err
	}
	docs := &docTexts{text: map[string]string{}, date: map[string]string{}}
	g, failed, err := evalExtract(ctx, docs.tee(o.ner.read(paths, s.in)), o.workers, &o.resolve, &o.ner, s)
	if err != nil {
		return err
	}
	if len(docs.keys()) == 0 {
		return fmt.Errorf("no documents read")
	}
	gold, err = gold.Only(docs.keys())
	if err != nil {
		return err
	}
	if err := gold.CheckSentences(docs.get); err != nil {
		return err
	}
	r := eval.Score(gold, g)
	r.ScoreDocDates(gold, docs.dates())
	if o.format == "json" {
		err = r.WriteJSON(s.out)
	} else {
		err = r.WriteText(s.out)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return errPartial
	}
	return nil
}

// evalExtract runs the pipeline into a throw-away store, as extract does,
// and returns the graph and the number of inputs that failed.
func evalExtract(ctx context.Context, docs iter.Seq2[*kg.Document, error], workers int, ro *resolveOptions, nc *nerChoice, s streams) (*kg.Graph, int, error) {
	st, err := graph.Open(ctx, "memory")
	if err != nil {
		return nil, 0, err
	}
	defer st.Close()
	if err := ro.configure(st); err != nil {
		return nil, 0, err
	}
	p, err := nc.pipeline()
	if err != nil {
		return nil, 0, err
	}
	onError := func(err error) { fmt.Fprintf(s.err, "entigraph: %v\n", err) }
	sum, err := pipeline.Ingest(ctx, st, p.Run(ctx, docs, workers), onError, nil)
	if err != nil {
		return nil, 0, err
	}
	g, err := st.Graph(ctx)
	if err != nil {
		return nil, 0, err
	}
	return g, sum.Failed, nil
}

// docTexts records the text of every document read, by eval.Key, so the
// gold's sentences can be checked against what was scored.
type docTexts struct {
	mu    sync.Mutex
	text  map[string]string
	date  map[string]string
	order []string
}

func (d *docTexts) tee(docs iter.Seq2[*kg.Document, error]) iter.Seq2[*kg.Document, error] {
	return func(yield func(*kg.Document, error) bool) {
		for doc, err := range docs {
			if err == nil && doc != nil {
				k := eval.Key(doc.ID)
				d.mu.Lock()
				if _, ok := d.text[k]; !ok {
					d.order = append(d.order, k)
				}
				d.text[k] = doc.Text
				d.date[k] = doc.Date
				d.mu.Unlock()
			}
			if !yield(doc, err) {
				return
			}
		}
	}
}

func (d *docTexts) keys() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.order...)
}

// dates returns the date each document was read with, by eval.Key.
func (d *docTexts) dates() map[string]string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]string, len(d.date))
	for k, v := range d.date {
		out[k] = v
	}
	return out
}

func (d *docTexts) get(doc string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, ok := d.text[doc]
	return t, ok
}
