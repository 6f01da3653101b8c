package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
	"github.com/entigraph/entigraph/view"
)

// resolveOptions are the entity resolution flags of the commands that
// write a store (ingest, extract, eval).
type resolveOptions struct {
	aliases   string
	noResolve bool
}

func (o *resolveOptions) bind(fs *pflag.FlagSet) {
	fs.StringVar(&o.aliases, "aliases", "", "aliases file (YAML or JSON): variants of a name, its type, names never to merge (docs/resolution.md)")
	fs.BoolVar(&o.noResolve, "no-resolve", false, "no resolution across documents: entities are one node only when their ids are equal")
}

// configure loads the aliases file and sets the store's resolution.
func (o *resolveOptions) configure(st *graph.Store) error {
	r := graph.Resolution{Off: o.noResolve}
	if o.aliases != "" {
		a, err := resolve.LoadAliases(o.aliases)
		if err != nil {
			return err
		}
		r.Aliases = a
	}
	st.SetResolution(r)
	return nil
}

type mergeOptions struct {
	*globalOptions
	entities []string
}

func newMergeCommand(g *globalOptions, s streams) *cobra.Command {
	o := &mergeOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "merge ENTITY ENTITY...",
		Short: "Make two or more stored entities one node, keeping all their evidence",
		Long: `Merges stored entities that are one real-world entity. ENTITY is an id
(person/volodymyr-zelenskyy) or a name or alias that names exactly one stored
entity. Aliases, mentions, relations, statements and evidence all move to the
merged node, in one transaction; its name and id are chosen from all their
documents' names as ingest chooses them (docs/resolution.md). The entities
must have one type.`,
		Example: "  entigraph merge organization/kcna organization/korean-central-news-agency\n  entigraph merge \"Zelenskiy\" \"Volodymyr Zelenskyy\"",
		Args:    minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.entities = args
			return runMerge(cmd.Context(), o, s)
		},
	}
}

func runMerge(ctx context.Context, o *mergeOptions, s streams) error {
	st, err := graph.OpenExisting(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	ids, err := findEntities(ctx, st, o.entities)
	if err != nil {
		return err
	}
	id, err := st.Merge(ctx, ids...)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("closing store: %w", err)
	}
	fmt.Fprintf(s.out, "merged %s into %s\n", strings.Join(ids, ", "), id)
	return nil
}

type splitOptions struct {
	*globalOptions
	entity string
	names  []string
}

func newSplitCommand(g *globalOptions, s streams) *cobra.Command {
	o := &splitOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "split ENTITY NAME...",
		Short: "Split a stored entity in two by the names its documents gave it",
		Long: `Moves out of a stored entity (an id, or a name or alias naming exactly one)
the documents that gave it one of the NAMEs, into a node of its own, in one
transaction that keeps all evidence: their aliases, mentions, relations and
evidence move with them. The two nodes are recorded as distinct, so documents
ingested later never merge them again. "entigraph entities -f json" shows
each entity's aliases; the names to split by are the documents' own names
for it, as ingest stored them.`,
		Example: "  entigraph split person/jon-smith \"Jan Smith\"",
		Args:    minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.entity, o.names = args[0], args[1:]
			return runSplit(cmd.Context(), o, s)
		},
	}
}

func runSplit(ctx context.Context, o *splitOptions, s streams) error {
	st, err := graph.OpenExisting(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	ids, err := findEntities(ctx, st, []string{o.entity})
	if err != nil {
		return err
	}
	stayed, moved, err := st.Split(ctx, ids[0], o.names)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("closing store: %w", err)
	}
	fmt.Fprintf(s.out, "split %s: %s stays, %s is new\n", ids[0], stayed, moved)
	return nil
}

// findEntities maps each argument to a stored entity id: an id as is, else
// the one entity that view.Lookup finds for it. An argument naming none or
// several is a usage error that lists the candidates.
func findEntities(ctx context.Context, st *graph.Store, args []string) ([]string, error) {
	g, err := st.Graph(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]bool{}
	for _, e := range g.Entities {
		byID[e.ID] = true
	}
	var out []string
	for _, a := range args {
		if byID[a] {
			out = append(out, a)
			continue
		}
		if kg.TypeOfID(a) != "" && !strings.Contains(a, " ") {
			return nil, usageError{fmt.Errorf("no stored entity %s", a)}
		}
		e, err := view.Lookup(g.Entities, a)
		if err != nil {
			return nil, usageError{err}
		}
		out = append(out, e.ID)
	}
	return out, nil
}
