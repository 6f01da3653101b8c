package main

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

// Shell completion of flag values (entigraph completion bash|zsh|fish):
// formats, predicates and types from the ontology and the export registry,
// entity names from the store named by --db.

// completeValues completes from a fixed list, keeping those with the typed
// prefix.
func completeValues(values []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, v := range values {
			if strings.HasPrefix(strings.ToLower(v), strings.ToLower(prefix)) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func predicateIDs() []string {
	var ids []string
	for _, p := range kg.Predicates {
		ids = append(ids, p.ID)
	}
	return ids
}

func typeNames() []string {
	var ts []string
	for _, t := range kg.EntityTypes {
		ts = append(ts, string(t))
	}
	return ts
}

// completeEntities completes entity names (canonical names, then aliases)
// from the store of --db, at most 50: those starting with what is typed,
// found through the store's search index (FindEntities), so nothing is
// offered before a letter is typed; nothing when the store cannot be read
// within a second.
func completeEntities(g *globalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		st, err := graph.OpenExisting(ctx, g.db)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		defer st.Close()
		ents, err := st.FindEntities(ctx, prefix, "", 0)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		seen := map[string]bool{}
		var out []string
		p := strings.ToLower(prefix)
		for _, e := range ents {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if !seen[n] && strings.HasPrefix(strings.ToLower(n), p) {
					seen[n] = true
					out = append(out, n)
				}
			}
		}
		sort.Strings(out)
		if len(out) > 50 {
			out = out[:50]
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// registerCompletions adds value completion to the flags a command has of
// these names: --format (the command's own formats), --predicate, --type,
// --entity.
func registerCompletions(cmd *cobra.Command, g *globalOptions, formats []string) {
	reg := func(name string, f cobra.CompletionFunc) {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, f)
		}
	}
	reg("format", completeValues(formats))
	reg("predicate", completeValues(predicateIDs()))
	reg("type", completeValues(typeNames()))
	reg("entity", completeEntities(g))
}

// graphFormats are the formats of export and extract.
func graphFormats() []string { return export.Names() }
