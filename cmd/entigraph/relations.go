package main

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

type relationsOptions struct {
	listOptions
	entity        string
	predicates    []string
	evidence      bool
	allModalities bool
	since, until  string
}

func newRelationsCommand(g *globalOptions, s streams) *cobra.Command {
	o := &relationsOptions{listOptions: listOptions{globalOptions: g}}
	cmd := &cobra.Command{
		Use:     "relations",
		Short:   "List the stored relations, with the sentences that state them",
		Example: "  entigraph relations --entity Putin --evidence\n  entigraph relations --predicate met_with --format json",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRelations(cmd.Context(), o, s)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "table, json or csv (one row per relation and evidence sentence)")
	cmd.Flags().StringVar(&o.entity, "entity", "", "only relations whose subject or object has this id, name or alias")
	cmd.Flags().StringSliceVar(&o.predicates, "predicate", nil, "only these predicate ids")
	cmd.Flags().BoolVar(&o.evidence, "evidence", false, "print the sentences that state each relation")
	cmd.Flags().BoolVar(&o.allModalities, "all-modalities", false, "include negated and reported relations")
	cmd.Flags().StringVar(&o.since, "since", "", "only relations of this date or later (2025, 2025-08, 2025-08-15): their own date, else their documents'")
	cmd.Flags().StringVar(&o.until, "until", "", "only relations of this date or earlier")
	return cmd
}

func runRelations(ctx context.Context, o *relationsOptions, s streams) error {
	if err := o.check(); err != nil {
		return err
	}
	for _, p := range o.predicates {
		if _, ok := kg.PredicateByID(p); !ok {
			return usageError{fmt.Errorf("unknown predicate %q (see docs/ONTOLOGY.md)", p)}
		}
	}
	f := export.Filter{Predicates: o.predicates, AllModalities: o.allModalities, Since: o.since, Until: o.until}
	if err := f.Validate(); err != nil {
		return usageError{err}
	}
	var (
		g     *kg.Graph
		names map[string]string
		err   error
	)
	if o.entity != "" {
		g, names, err = entityRelations(ctx, o.db, o.entity)
	} else if g, err = readGraph(ctx, o.db); err == nil {
		names = map[string]string{}
		for _, e := range g.Entities {
			names[e.ID] = e.Name
		}
	}
	if err != nil {
		return err
	}
	if g, err = f.Apply(g); err != nil {
		return err
	}
	rels := make([]kg.Relation, 0, len(g.Relations))
	for _, r := range g.Relations {
		if !o.evidence && o.format == "json" {
			r.Evidence = nil
		}
		rels = append(rels, r)
	}
	switch o.format {
	case "json":
		return writeJSON(s.out, rels)
	case "csv":
		return export.WriteCSV(s.out, &kg.Graph{Entities: g.Entities, Relations: rels})
	}
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
	// The rows are aligned on their own, then the evidence lines go under
	// each: a line of other cells inside a tabwriter would end its columns.
	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SUBJECT\tPREDICATE\tOBJECT\tMODALITY\tLOCATION\tDATE\tROLE\tSUPPORT")
	for _, r := range rels {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", name(r.Subject), r.Predicate, name(r.Object),
			r.Modality, name(r.Location), r.Date, r.Role, r.Support)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rows := strings.SplitAfter(table.String(), "\n")
	bw := bufio.NewWriter(s.out)
	bw.WriteString(rows[0])
	for i, r := range rels {
		bw.WriteString(rows[i+1])
		if o.evidence {
			for _, ev := range r.Evidence {
				where := fmt.Sprintf("%s:%d-%d", ev.Doc, ev.Start, ev.End)
				if ev.Date != "" {
					where += " (" + ev.Date + ")"
				}
				fmt.Fprintf(bw, "    %s  %s\n", where, oneLine(ev.Sentence))
			}
		}
	}
	return bw.Flush()
}

// entityRelations returns the relations of the entities q names, of
// every modality (the filter applies after), and the names and types of
// the entities they name: read through the store's indexes, not the
// whole graph.
func entityRelations(ctx context.Context, db, q string) (*kg.Graph, map[string]string, error) {
	st, err := graph.OpenReadOnly(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	ents, err := st.MatchEntities(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(ents))
	for i, e := range ents {
		ids[i] = e.ID
	}
	g, err := st.Relations(ctx, ids, graph.SubgraphOptions{AllModalities: true})
	if err != nil {
		return nil, nil, err
	}
	var ends []string
	for _, r := range g.Relations {
		ends = append(ends, r.Subject, r.Object)
		if r.Location != "" {
			ends = append(ends, r.Location)
		}
	}
	brief, err := st.Names(ctx, ends)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	for id, e := range brief {
		names[id] = e.Name
		if !slices.ContainsFunc(g.Entities, func(x kg.Entity) bool { return x.ID == id }) {
			g.Entities = append(g.Entities, e) // for csv's names and types
		}
	}
	return g, names, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
