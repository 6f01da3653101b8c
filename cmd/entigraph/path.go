package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/view"
)

// graphReadOptions are the flags of the commands that answer a question
// about some entities of the stored graph.
type graphReadOptions struct {
	listOptions
	predicates    []string
	allModalities bool
}

func (o *graphReadOptions) bind(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "table or json")
	cmd.Flags().StringSliceVar(&o.predicates, "predicate", nil, "follow only relations with these predicate ids")
	cmd.Flags().BoolVar(&o.allModalities, "all-modalities", false, "also follow negated and reported relations")
}

// check checks the flags.
func (o *graphReadOptions) checkFlags() error {
	if o.format == "csv" {
		return usageError{fmt.Errorf("unknown format %q (want table or json)", o.format)}
	}
	if err := o.check(); err != nil {
		return err
	}
	for _, p := range o.predicates {
		if _, ok := kg.PredicateByID(p); !ok {
			return usageError{fmt.Errorf("unknown predicate %q (see docs/ONTOLOGY.md)", p)}
		}
	}
	return nil
}

// walk is what the flags keep of relations, as the store's walks take it.
func (o *graphReadOptions) walk() graph.SubgraphOptions {
	return graph.SubgraphOptions{Predicates: o.predicates, AllModalities: o.allModalities}
}

// lookup returns the one entity q names, read through the store's
// search index; a name that names none or several is a usage error.
func lookup(ctx context.Context, st *graph.Store, q string) (kg.Entity, error) {
	e, err := st.LookupEntity(ctx, q)
	var le *view.LookupError
	if errors.As(err, &le) {
		return e, usageError{err}
	}
	return e, err
}

// open checks the flags, opens the store read-only and looks up the one
// entity each of names names, in order. The caller closes the store.
func (o *graphReadOptions) open(ctx context.Context, names ...string) (*graph.Store, []kg.Entity, error) {
	if err := o.checkFlags(); err != nil {
		return nil, nil, err
	}
	st, err := graph.OpenReadOnly(ctx, o.db)
	if err != nil {
		return nil, nil, err
	}
	ents := make([]kg.Entity, len(names))
	for i, n := range names {
		if ents[i], err = lookup(ctx, st, n); err != nil {
			st.Close()
			return nil, nil, err
		}
	}
	return st, ents, nil
}

type pathOptions struct {
	graphReadOptions
	maxHops, limit int
}

func newPathCommand(g *globalOptions, s streams) *cobra.Command {
	o := &pathOptions{graphReadOptions: graphReadOptions{listOptions: listOptions{globalOptions: g}}}
	cmd := &cobra.Command{
		Use:   "path A B",
		Short: "Print the shortest paths between two entities, relation by relation",
		Long: `Finds the shortest chains of relations joining two stored entities (each
named by id, name or alias), reading relations either way round, and prints
each path with the relations between each pair of neighbours on it ("<"
marks a relation stated from the far end: "-[<met_with]-" after Trump reads
"... met_with Trump"). Only asserted relations are followed unless
--all-modalities. Paths run through entities only, never through types or
values.`,
		Example: "  entigraph path \"Kim Jong Un\" \"Donald Trump\"\n  entigraph path Putin Merz --predicate met_with,spoke_with --format json",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPath(cmd.Context(), o, args[0], args[1], s)
		},
	}
	o.bind(cmd)
	cmd.Flags().IntVar(&o.maxHops, "max", 0, "longest path to look for, in relations (0: any)")
	cmd.Flags().IntVar(&o.limit, "limit", 20, "print at most N paths (0: all)")
	return cmd
}

// pathStep is one hop of a path: two neighbouring entities and every
// relation between them.
type pathStep struct {
	From      string        `json:"from"`
	To        string        `json:"to"`
	Relations []kg.Relation `json:"relations"`
}

type pathResult struct {
	Entities []kg.Entity `json:"entities"`
	Steps    []pathStep  `json:"steps"`
}

func runPath(ctx context.Context, o *pathOptions, a, b string, s streams) error {
	if o.maxHops < 0 || o.limit < 0 {
		return usageError{fmt.Errorf("--max and --limit take numbers >= 0")}
	}
	st, ends, err := o.open(ctx, a, b)
	if err != nil {
		return err
	}
	defer st.Close()
	from, to := ends[0], ends[1]
	// Every shortest path (the store's walk), then at most --limit of
	// them in view.Paths' order.
	g, err := st.PathWith(ctx, from.ID, to.ID, o.maxHops, 0, o.walk())
	if err != nil {
		return err
	}
	rels := g.Relations
	byID := map[string]kg.Entity{}
	for _, e := range g.Entities {
		byID[e.ID] = e
	}
	paths := view.Paths(rels, from.ID, to.ID, o.maxHops, o.limit)
	if len(paths) == 0 {
		return fmt.Errorf("no path joins %s and %s through the relations shown", from.Name, to.Name)
	}
	results := make([]pathResult, 0, len(paths))
	for _, p := range paths {
		var r pathResult
		for i, id := range p {
			r.Entities = append(r.Entities, byID[id])
			if i > 0 {
				between := view.Between(rels, p[i-1], id)
				for k := range between {
					between[k].Evidence = nil
				}
				r.Steps = append(r.Steps, pathStep{From: p[i-1], To: id, Relations: between})
			}
		}
		results = append(results, r)
	}
	if o.format == "json" {
		return writeJSON(s.out, results)
	}
	for _, r := range results {
		var b strings.Builder
		b.WriteString(r.Entities[0].Name)
		for i, st := range r.Steps {
			var labels []string
			for _, rel := range st.Relations {
				l := rel.Predicate
				if p, _ := kg.PredicateByID(rel.Predicate); !p.Symmetric && rel.Subject != st.From {
					l = "<" + l // stated from the far end
				}
				if rel.Modality != kg.Asserted {
					l += " (" + rel.Modality + ")"
				}
				labels = append(labels, l)
			}
			fmt.Fprintf(&b, "  -[%s]-  %s", strings.Join(labels, ", "), r.Entities[i+1].Name)
		}
		fmt.Fprintln(s.out, b.String())
	}
	return nil
}

type neighboursOptions struct {
	graphReadOptions
	depth int
}

func newNeighboursCommand(g *globalOptions, s streams) *cobra.Command {
	o := &neighboursOptions{graphReadOptions: graphReadOptions{listOptions: listOptions{globalOptions: g}}}
	cmd := &cobra.Command{
		Use:     "neighbours NAME",
		Aliases: []string{"neighbors"},
		Short:   "List the entities within N relations of an entity",
		Example: "  entigraph neighbours Putin\n  entigraph neighbours \"North Korea\" --depth 2 --format json",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNeighbours(cmd.Context(), o, args[0], s)
		},
	}
	o.bind(cmd)
	cmd.Flags().IntVar(&o.depth, "depth", 1, "how many relations away")
	return cmd
}

type neighbour struct {
	kg.Entity
	Distance int `json:"distance"`
}

func runNeighbours(ctx context.Context, o *neighboursOptions, name string, s streams) error {
	if o.depth < 0 {
		return usageError{fmt.Errorf("--depth takes a number >= 0")}
	}
	st, ends, err := o.open(ctx, name)
	if err != nil {
		return err
	}
	defer st.Close()
	centre := ends[0]
	ents, dist, err := st.Neighbours(ctx, []string{centre.ID}, o.depth, o.walk())
	if err != nil {
		return err
	}
	out := []neighbour{}
	for _, e := range ents { // sorted by id
		if d, ok := dist[e.ID]; ok && e.ID != centre.ID {
			out = append(out, neighbour{e, d})
		}
	}
	sortNeighbours(out)
	if o.format == "json" {
		return writeJSON(s.out, out)
	}
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DISTANCE\tTYPE\tNAME\tID")
	for _, n := range out {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", n.Distance, n.Type, n.Name, n.ID)
	}
	return tw.Flush()
}

// sortNeighbours orders by distance, then by id (an insertion sort
// here was quadratic in a hub's thousands of neighbours).
func sortNeighbours(ns []neighbour) {
	slices.SortFunc(ns, func(a, b neighbour) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), strings.Compare(a.ID, b.ID))
	})
}
