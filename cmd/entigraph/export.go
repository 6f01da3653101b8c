package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

// outputOptions are the flags every command that writes a graph shares.
type outputOptions struct {
	format string
	output string
	types  []string
	filter export.Filter
}

func (o *outputOptions) bind(fs *pflag.FlagSet, def string, withFile bool) {
	fs.StringVarP(&o.format, "format", "f", def, "output format: "+strings.Join(export.Names(), ", "))
	if withFile {
		fs.StringVarP(&o.output, "output", "o", "", "write to FILE instead of stdout (written whole, then renamed into place)")
	}
	fs.StringSliceVar(&o.types, "type", nil, "keep entities of these types (Person, Country, Organization, Place)")
	fs.StringSliceVar(&o.filter.Predicates, "predicate", nil, "keep relations with these predicate ids (met_with, ...)")
	fs.StringVar(&o.filter.Entity, "entity", "", "keep the ego graph of the entity with this id, name or alias")
	fs.IntVar(&o.filter.Depth, "depth", 1, "with --entity: how many hops around it")
	fs.IntVar(&o.filter.MinSupport, "min-support", 0, "keep relations stated by at least N distinct sentences")
	fs.BoolVar(&o.filter.Connected, "connected", false, "drop entities that no shown relation touches (for pictures)")
	fs.BoolVar(&o.filter.AllModalities, "all-modalities", false, "also show negated and reported relations (default: asserted only)")
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
	if o.filter.Depth < 0 || o.filter.MinSupport < 0 {
		return f, usageError{fmt.Errorf("--depth and --min-support take numbers >= 0")}
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

// write filters g and writes it in the chosen format to the output file or w.
func (o *outputOptions) write(f export.Format, g *kg.Graph, w io.Writer) error {
	g, err := o.filter.Apply(g)
	if err != nil {
		return err
	}
	if o.output == "" {
		return f.Write(w, g)
	}
	return writeFileAtomic(o.output, func(w io.Writer) error { return f.Write(w, g) })
}

// writeFileAtomic writes a temporary file beside path and renames it into
// place, so a failed export never leaves a half-written file behind.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	// CreateTemp makes the file private; an export is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

type exportOptions struct {
	*globalOptions
	outputOptions
}

func newExportCommand(g *globalOptions, s streams) *cobra.Command {
	o := &exportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the stored graph as json, dot, svg, png, jsonld, nquads or graphml",
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
	g, err := st.Graph(ctx)
	if err != nil {
		return err
	}
	return o.write(f, g, s.out)
}
