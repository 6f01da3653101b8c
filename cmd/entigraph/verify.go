package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/graph"
)

type verifyOptions struct {
	*globalOptions
	repair bool
	drop   bool
}

// errUnclean is verify's failure when it found something wrong (already
// listed on stdout).
var errUnclean = errors.New("the store is not clean")

func newVerifyCommand(g *globalOptions, s streams) *cobra.Command {
	o := &verifyOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the store's invariants; with --repair, mend what can be mended",
		Long: `Checks the store: the bolt file's own consistency (pages, free list,
buckets), Cayley's indexes against its quad log, every document whole or
absent, every relation's ends and evidence present, every evidence node's
statement and document present, every entity's name the one its documents'
names resolve to. Prints one line per problem, what repair does about it,
and exits 0 only when the store is clean.

--repair rebuilds what the store keeps enough to rebuild: a bolt file whose
pages or indexes are wrong is written anew from its quads (the old file is
kept beside it as indexes.bolt.broken-TIME), a wrong name is recomputed.
It removes nothing unless --drop is given too: then half-written documents
(all their quads; ingest their source again to restore them) and statements
left with no evidence are removed. Without --drop it says what it would
remove.`,
		Example: "  entigraph verify\n  entigraph verify --repair\n  entigraph verify --repair --drop",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.drop && !o.repair {
				return usageError{errors.New("--drop goes with --repair")}
			}
			return runVerify(cmd.Context(), o, s)
		},
	}
	cmd.Flags().BoolVar(&o.repair, "repair", false, "rebuild what can be rebuilt from what the store keeps")
	cmd.Flags().BoolVar(&o.drop, "drop", false, "with --repair: also remove half-written documents and statements without evidence")
	return cmd
}

func runVerify(ctx context.Context, o *verifyOptions, s streams) error {
	var st *graph.Store
	var err error
	if o.repair {
		st, err = graph.OpenExisting(ctx, o.db)
	} else {
		st, err = graph.OpenReadOnly(ctx, o.db)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	if o.repair {
		res, err := st.Repair(ctx, graph.RepairOptions{Drop: o.drop})
		if err != nil {
			return err
		}
		for _, f := range res.Done {
			fmt.Fprintf(s.out, "repaired: %s: %s\n", f.Check, f.Problem)
		}
		if res.Rebuilt {
			fmt.Fprintf(s.out, "rebuilt the bolt file from its quads; the old one is %s\n", res.Backup)
		}
		for _, f := range res.Left {
			fmt.Fprintf(s.out, "left: %s: %s (%s)\n", f.Check, f.Problem, f.Fix)
		}
	}
	rep, err := st.Check(ctx)
	if err != nil {
		return err
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(s.out, "%s: %s (%s)\n", f.Check, f.Problem, f.Fix)
	}
	if !rep.Clean() {
		fmt.Fprintf(s.out, "verify: %d problems in %d documents, %d quads\n", len(rep.Findings), rep.Documents, rep.Quads)
		return errUnclean
	}
	fmt.Fprintf(s.out, "verify: clean: %d documents, %d quads\n", rep.Documents, rep.Quads)
	return nil
}
