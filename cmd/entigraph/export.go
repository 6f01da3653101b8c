package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/internal/outfile"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/view"
)

// outputHelp is the help of every -o flag that names one file.
const outputHelp = "write to FILE instead of stdout (- is stdout; a file is replaced whole once written, a symbolic link's target likewise, a device or pipe written in place)"

// outputOptions are the flags every command that writes a graph shares.
type outputOptions struct {
	format   string
	output   string
	types    []string
	entities []string
	maxNodes int
	filter   export.Filter
}

// pictureMaxNodes is how many entities an svg or png draws unless
// --max-nodes says otherwise: past a few dozen nodes a picture is
// unreadable, and past a few hundred Graphviz lays out images tens of
// thousands of pixels long.
const pictureMaxNodes = 60

func (o *outputOptions) bind(fs *pflag.FlagSet, def string, withFile bool) {
	fs.StringVarP(&o.format, "format", "f", def, "output format: "+strings.Join(export.Names(), ", "))
	if withFile {
		fs.StringVarP(&o.output, "output", "o", "", outputHelp)
	}
	fs.StringSliceVar(&o.types, "type", nil, "keep entities of these types (Person, Country, Organization, Place)")
	fs.StringSliceVar(&o.filter.Predicates, "predicate", nil, "keep relations with these predicate ids (met_with, ...)")
	fs.StringArrayVar(&o.entities, "entity", nil, "keep the ego graph of the entity with this id, name or alias; given twice or more: the relations between those entities")
	fs.IntVar(&o.filter.Depth, "depth", 1, "with --entity: how many hops around it")
	fs.IntVar(&o.filter.MinSupport, "min-support", 0, "keep relations stated by at least N distinct sentences")
	fs.BoolVar(&o.filter.Connected, "connected", false, "drop entities that no shown relation touches (for pictures)")
	fs.BoolVar(&o.filter.AllModalities, "all-modalities", false, "also show negated and reported relations (default: asserted only)")
	fs.StringVar(&o.filter.Since, "since", "", "keep relations of this date or later (2025, 2025-08, 2025-08-15): their own date, else their documents'")
	fs.StringVar(&o.filter.Until, "until", "", "keep relations of this date or earlier (2025, 2025-08, 2025-08-15)")
	fs.IntVar(&o.maxNodes, "max-nodes", -1, fmt.Sprintf("keep the N entities with the most support (0: all; default %d for svg and png, all for the rest)", pictureMaxNodes))
}

// prepare checks the flags and returns the format to write.
func (o *outputOptions) prepare() (export.Format, error) {
	f, ok := export.Lookup(o.format)
	if !ok {
		return f, usageError{fmt.Errorf("unknown format %q (want one of %s)", o.format, strings.Join(export.Names(), ", "))}
	}
	o.filter.Types = o.filter.Types[:0]
	for _, t := range o.types {
		et, ok := parseType(t)
		if !ok {
			return f, usageError{fmt.Errorf("unknown entity type %q (want Person, Country, Organization or Place)", t)}
		}
		o.filter.Types = append(o.filter.Types, et)
	}
	for _, p := range o.filter.Predicates {
		if _, ok := kg.PredicateByID(p); !ok {
			return f, usageError{fmt.Errorf("unknown predicate %q (see docs/ONTOLOGY.md)", p)}
		}
	}
	if o.filter.Depth < 0 || o.filter.MinSupport < 0 || o.maxNodes < -1 {
		return f, usageError{fmt.Errorf("--depth, --min-support and --max-nodes take numbers >= 0")}
	}
	if err := o.filter.Validate(); err != nil {
		return f, usageError{err}
	}
	o.filter.Entity, o.filter.Between = "", nil
	switch len(o.entities) {
	case 0:
	case 1:
		o.filter.Entity = o.entities[0]
	default:
		o.filter.Between = o.entities
	}
	o.filter.MaxNodes = o.maxNodes
	if o.maxNodes == -1 {
		o.filter.MaxNodes = 0
		if f.Name == "svg" || f.Name == "png" {
			o.filter.MaxNodes = pictureMaxNodes
		}
	}
	return f, nil
}

func parseType(s string) (kg.EntityType, bool) {
	for _, t := range kg.EntityTypes {
		if strings.EqualFold(string(t), s) {
			return t, true
		}
	}
	return "", false
}

// write filters g and writes it in the chosen format to the output file or
// w; when --max-nodes cut the graph it says so on errw.
func (o *outputOptions) write(f export.Format, g *kg.Graph, w, errw io.Writer) error {
	g, sum, err := o.filter.ApplySummary(g)
	if err != nil {
		return err
	}
	if len(g.Entities) < sum.Entities {
		fmt.Fprintf(errw, "%s: drew the %d entities with the most support of %d (and %d of %d relations); --max-nodes N for more, or narrow with --entity, --predicate, --type, --min-support\n",
			f.Name, len(g.Entities), sum.Entities, len(g.Relations), sum.Relations)
	}
	if o.output == "" {
		return f.Write(w, g)
	}
	return outfile.Write(o.output, w, func(w io.Writer) error { return f.Write(w, g) })
}

type exportOptions struct {
	*globalOptions
	outputOptions
}

func newExportCommand(g *globalOptions, s streams) *cobra.Command {
	o := &exportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the stored graph as json, dot, svg, png, jsonld, nquads, graphml, gexf or csv",
		Example: "  entigraph export --format svg -o who-met-whom.svg --predicate met_with\n" +
			"  entigraph export --format dot --entity \"Kim Jong Un\" --depth 2\n" +
			"  entigraph export --format jsonld --all-modalities",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExport(cmd.Context(), o, s)
		},
	}
	o.bind(cmd.Flags(), defaultJSON, true)
	return cmd
}

func runExport(ctx context.Context, o *exportOptions, s streams) error {
	f, err := o.prepare()
	if err != nil {
		return err
	}
	st, err := graph.OpenReadOnly(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	g, err := o.read(ctx, st)
	if err != nil {
		return err
	}
	return o.write(f, g, s.out, s.err)
}

// read returns the part of the store the filter needs: with --entity,
// the ego graph or the relations between the entities, read through the
// store's indexes (the filter then keeps of it what it keeps of the whole
// graph); else, or with --since/--until and one --entity (whose hops
// follow only the relations of the period), the whole graph.
func (o *outputOptions) read(ctx context.Context, st *graph.Store) (*kg.Graph, error) {
	f := o.filter
	if f.Entity == "" && len(f.Between) == 0 || f.Entity != "" && (f.Since != "" || f.Until != "") {
		return st.Graph(ctx)
	}
	var ids []string
	for _, q := range append([]string{f.Entity}, f.Between...) {
		if q == "" {
			continue
		}
		ents, err := st.MatchEntities(ctx, q)
		var le *view.LookupError
		if errors.As(err, &le) {
			return nil, fmt.Errorf("filter: no entity has the id, name or alias %q", q)
		}
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			ids = append(ids, e.ID)
		}
	}
	if f.Entity != "" {
		return st.Subgraph(ctx, ids, f.Depth, graph.SubgraphOptions{
			Predicates: f.Predicates, AllModalities: f.AllModalities, MinSupport: f.MinSupport})
	}
	return st.Relations(ctx, ids, graph.SubgraphOptions{AllModalities: true})
}
