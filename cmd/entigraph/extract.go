package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/pipeline"
)

type extractOptions struct {
	outputOptions
	workers int
	resolve resolveOptions
	ner     nerChoice
}

func newExtractCommand(s streams) *cobra.Command {
	o := &extractOptions{}
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Run the pipeline on articles and print the graph, without a store",
		Long: `Runs the same pipeline as ingest into a throw-away in-memory store and prints
the result to stdout: the pipe-friendly way to try entigraph.`,
		Example: "  entigraph extract testdata/news/004_111b9e2c7f64e5cc.txt\n  entigraph extract --format dot story.txt | dot -Tsvg > story.svg",
		Args:    minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.Context(), o, args, s)
		},
	}
	o.bind(cmd.Flags(), defaultJSON, false)
	cmd.Flags().IntVarP(&o.workers, "workers", "j", 0, "documents processed at once (0: one per CPU)")
	o.resolve.bind(cmd.Flags())
	o.ner.bind(cmd.Flags())
	return cmd
}

func runExtract(ctx context.Context, o *extractOptions, paths []string, s streams) error {
	f, err := o.prepare()
	if err != nil {
		return err
	}
	st, err := graph.Open(ctx, "memory")
	if err != nil {
		return err
	}
	defer st.Close()
	if err := o.resolve.configure(st); err != nil {
		return err
	}
	p, err := o.ner.pipeline()
	if err != nil {
		return err
	}
	onError := func(err error) { fmt.Fprintf(s.err, "entigraph: %v\n", err) }
	sum, err := pipeline.Ingest(ctx, st, p.Run(ctx, o.ner.read(paths, s.in), o.workers), onError, nil)
	if err != nil {
		return err
	}
	g, err := st.Graph(ctx)
	if err != nil {
		return err
	}
	if err := o.write(f, g, s.out, s.err); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errPartial
	}
	return nil
}
