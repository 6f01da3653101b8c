package main

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

type ingestOptions struct {
	*globalOptions
	paths   []string
	workers int
	batch   int
	quiet   bool
	create  bool
	resolve resolveOptions
	ner     nerChoice
}

func newIngestCommand(g *globalOptions, s streams) *cobra.Command {
	o := &ingestOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Read articles and add their entities and relations to the store",
		Long: `Reads files, folders (recursively) and - (stdin): .txt, .md, .html and .jsonl
(one article per line: "text" required; "id", "title", "url", "date" optional).
Documents are written in batches (--batch), each batch in one transaction
(bounded in quads and time too): after a crash each document is whole or
absent, and the store is the same as with one transaction a document.
Content already stored is skipped.
The store (--db) is created where nothing is: a new folder, or an empty one;
a folder that holds other files takes --create.
A file that cannot be read gets one error line; the others are still ingested,
and the exit status is 1.`,
		Example: "  entigraph ingest testdata/news\n  entigraph --db memory ingest articles.jsonl\n  cat story.txt | entigraph ingest -",
		Args:    minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runIngest(cmd.Context(), o, s)
		},
	}
	cmd.Flags().IntVarP(&o.workers, "workers", "j", 0, "documents processed at once (0: one per CPU)")
	cmd.Flags().IntVar(&o.batch, "batch", pipeline.DefaultBatch.Docs, "documents written in one transaction at most (1: one transaction each)")
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "no progress on stderr")
	cmd.Flags().BoolVar(&o.create, "create", false, "make the store even if --db names a folder that holds other files (without it a store is created only where nothing is)")
	o.resolve.bind(cmd.Flags())
	o.ner.bind(cmd.Flags())
	return cmd
}

func runIngest(ctx context.Context, o *ingestOptions, s streams) error {
	st, err := graph.OpenWith(ctx, o.db, graph.OpenOptions{Create: o.create})
	if err != nil {
		return err
	}
	if err := o.resolve.configure(st); err != nil {
		st.Close()
		return err
	}
	p, err := o.ner.pipeline()
	if err != nil {
		st.Close()
		return err
	}
	var prog *ingestProgress
	if !o.quiet {
		prog = newIngestProgress(s.err, ingest.Count(o.paths))
	}
	progress := func(sum pipeline.Summary) {
		if prog != nil {
			prog.update(sum)
		}
	}
	// A full disk stops the run at the first write that finds it full:
	// every later document would fail the same way.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var full error
	onError := func(err error) {
		if full != nil {
			return
		}
		if errors.Is(err, syscall.ENOSPC) {
			full = err
			stop(err)
			return
		}
		if prog != nil {
			prog.interrupt()
		}
		fmt.Fprintf(s.err, "entigraph: %v\n", err)
	}
	docs := o.ner.read(o.paths, s.in)
	// What the store holds already is not analysed again: a resumed run
	// costs a look-up per stored document.
	// (Not waiting for the writer: analysis goes on while a batch is
	// written.)
	stored := func(d *kg.Document) (bool, error) { return st.HasDocumentNoWait(ctx, d) }
	batch := pipeline.DefaultBatch
	batch.Docs = o.batch
	sum, err := pipeline.IngestBatched(ctx, st, p.RunSkipping(ctx, docs, o.workers, stored), batch, onError, progress)
	if prog != nil {
		prog.finish()
	}
	if cerr := st.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing store: %w", cerr)
	}
	fmt.Fprintf(s.out, "ingest: %s\n", sum)
	if full != nil {
		return fmt.Errorf("%w; stopped there: %d documents of this run are stored, the one being written is not (nothing is half written); free some space and run the same command again: what is stored is skipped and it goes on from there", full, sum.Added)
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errPartial
	}
	return nil
}
