package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/graph"
)

type queryOptions struct {
	*globalOptions
	limit int
}

func newQueryCommand(g *globalOptions, s streams) *cobra.Command {
	o := &queryOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "query GIZMO",
		Short: "Run a Cayley Gizmo query against the store and print JSON",
		Long: `Runs a Gizmo (JavaScript) query, as in Cayley, against the stored quads.
Entities are <urn:entigraph:TYPE/SLUG>, relations <urn:entigraph:rel/ID>:
the quad schema is described in graph/doc.go (go doc ./graph).`,
		Example: `  entigraph query 'g.V("<urn:entigraph:person/donald-trump>").Out("<urn:entigraph:rel/met_with>").All()'`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQuery(cmd.Context(), o, args[0], s)
		},
	}
	cmd.Flags().IntVar(&o.limit, "limit", 1000, "at most this many results")
	return cmd
}

func runQuery(ctx context.Context, o *queryOptions, q string, s streams) error {
	st, err := graph.OpenReadOnly(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.Query(ctx, q, o.limit)
	if err != nil {
		return err
	}
	return writeJSON(s.out, res)
}
