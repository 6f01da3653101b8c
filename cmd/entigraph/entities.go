package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

type listOptions struct {
	*globalOptions
	format string
}

func (o *listOptions) check() error {
	switch o.format {
	case "table", "json", "csv":
	default:
		return usageError{fmt.Errorf("unknown format %q (want table, json or csv)", o.format)}
	}
	return nil
}

type entitiesOptions struct {
	listOptions
	types []string
}

func newEntitiesCommand(g *globalOptions, s streams) *cobra.Command {
	o := &entitiesOptions{listOptions: listOptions{globalOptions: g}}
	cmd := &cobra.Command{
		Use:   "entities",
		Short: "List the stored entities",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEntities(cmd.Context(), o, s)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "table, json or csv")
	cmd.Flags().StringSliceVar(&o.types, "type", nil, "only entities of these types")
	return cmd
}

func runEntities(ctx context.Context, o *entitiesOptions, s streams) error {
	if err := o.check(); err != nil {
		return err
	}
	keep := map[kg.EntityType]bool{}
	for _, t := range o.types {
		et, ok := parseType(t)
		if !ok {
			return usageError{fmt.Errorf("unknown entity type %q", t)}
		}
		keep[et] = true
	}
	g, err := readGraph(ctx, o.db)
	if err != nil {
		return err
	}
	ents := make([]kg.Entity, 0, len(g.Entities))
	for _, e := range g.Entities {
		if len(keep) == 0 || keep[e.Type] {
			ents = append(ents, e)
		}
	}
	switch o.format {
	case "json":
		return writeJSON(s.out, ents)
	case "csv":
		return export.WriteEntitiesCSV(s.out, &kg.Graph{Entities: ents})
	}
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tNAME\tMENTIONS\tDOCS\tALIASES\tID")
	for _, e := range ents {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", e.Type, e.Name, e.Mentions, e.Documents, strings.Join(e.Aliases, "; "), e.ID)
	}
	return tw.Flush()
}

// readGraph opens an existing store and reads its graph view.
func readGraph(ctx context.Context, db string) (*kg.Graph, error) {
	st, err := graph.OpenReadOnly(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Graph(ctx)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
