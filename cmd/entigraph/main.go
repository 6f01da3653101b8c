// Command entigraph turns news articles into a knowledge graph: it ingests
// files into a Cayley quad store, lists and queries what is stored, and
// exports it as JSON, DOT, SVG/PNG, JSON-LD, N-Quads, GraphML, GEXF or CSV.
//
// Every command is thin: flags into an options struct, one library call,
// output to the streams it is given. The logic lives in the packages.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"github.com/entigraph/entigraph/hugepage"
	"github.com/entigraph/entigraph/internal/outfile"
	"github.com/spf13/cobra"
)

// Exit statuses, mapped in one place (exitCode).
const (
	exitOK      = 0
	exitFailed  = 1 // the command failed, or some inputs failed
	exitUsage   = 2 // bad flags or arguments
	defaultDB   = "entigraph.db"
	defaultJSON = "json"
)

// streams are the command's standard streams, injected for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// errPartial reports that the command did its work but some inputs failed
// (already reported one line each on stderr).
var errPartial = errors.New("some inputs failed")

// usageError marks errors in flags or arguments.
type usageError struct{ error }

func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		return exitUsage
	default:
		return exitFailed
	}
}

type globalOptions struct {
	db          string
	cpuprofile  string
	memprofile  string
	stopProfile func() error // set while a CPU profile runs
}

// startProfile starts a CPU profile into g.cpuprofile, if set, and returns
// the function that stops it and closes the file.
func (g *globalOptions) startProfile() (stop func() error, err error) {
	if g.cpuprofile == "" {
		return g.writeMemProfile, nil
	}
	f, err := outfile.Create(g.cpuprofile, os.Stdout)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Abort()
		return nil, fmt.Errorf("cpu profile %s: %w", g.cpuprofile, err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Commit(); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		return g.writeMemProfile()
	}, nil
}

// writeMemProfile writes the allocation profile into g.memprofile, if set.
func (g *globalOptions) writeMemProfile() error {
	if g.memprofile == "" {
		return nil
	}
	err := outfile.Write(g.memprofile, os.Stdout, func(w io.Writer) error { return pprof.Lookup("allocs").WriteTo(w, 0) })
	if err != nil {
		return fmt.Errorf("memory profile: %w", err)
	}
	return nil
}

func newRootCommand(s streams) *cobra.Command {
	root, _ := newRoot(s)
	return root
}

// newRoot builds the root command and returns its global options, which
// run needs to stop a CPU profile whether or not the command failed.
func newRoot(s streams) (*cobra.Command, *globalOptions) {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "entigraph",
		Short: "Turn news articles into a knowledge graph of who did what to whom",
		Long: `entigraph finds the people, countries, organizations and places named in news
articles, links them by what the text says they did to each other, stores the
result as a quad graph (Cayley), and exports it for Graphviz, JSON-LD and other
graph tools. Every edge carries the sentence it came from.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.PersistentFlags().StringVar(&g.cpuprofile, "cpuprofile", "",
		"write a Go CPU profile of the command to this file (for go tool pprof)")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentFlags().StringVar(&g.memprofile, "memprofile", "",
		"write a Go allocation profile, taken when the command ends, to this file (for go tool pprof)")
	_ = root.PersistentFlags().MarkHidden("memprofile")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		var err error
		g.stopProfile, err = g.startProfile()
		return err
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&g.db, "db", defaultDB,
		"store: a folder holding the bolt file indexes.bolt (ingest creates it where nothing is), \"memory\" for a throw-away store, or a URL such as bolt:///path/store or postgres://user@host/db (docs/scale.md)")
	root.AddCommand(
		newIngestCommand(g, s),
		withoutStore(newExtractCommand(s)),
		newExportCommand(g, s),
		newEntitiesCommand(g, s),
		newRelationsCommand(g, s),
		newPathCommand(g, s),
		newNeighboursCommand(g, s),
		newQueryCommand(g, s),
		withoutStore(newEvalCommand(s)),
		withoutStore(newNERCommand(s)),
		withoutStore(newParseCommand(s)),
		newMergeCommand(g, s),
		newSplitCommand(g, s),
		newVerifyCommand(g, s),
		newServeCommand(g, s),
	)
	for _, c := range root.Commands() {
		formats := []string{"table", "json"}
		switch c.Name() {
		case "export", "extract":
			formats = graphFormats()
		case "entities", "relations":
			formats = append(formats, "csv")
		}
		registerCompletions(c, g, formats)
	}
	root.InitDefaultVersionFlag()
	root.Flags().Lookup("version").Usage = "print the version (module version and commit) and exit"
	return root, g
}

// withoutStore hides the global --db flag from a command that reads and
// writes no store (extract, eval, ner and their subcommands): a flag of its
// own by that name shadows the global one, is hidden from its help, and is
// refused when given.
func withoutStore(cmd *cobra.Command) *cobra.Command {
	var db string
	cmd.PersistentFlags().StringVar(&db, "db", "", "")
	_ = cmd.PersistentFlags().MarkHidden("db")
	prev := cmd.PersistentPreRunE
	cmd.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if c.Flags().Changed("db") {
			return usageError{fmt.Errorf("%s reads and writes no store: --db does not apply", c.CommandPath())}
		}
		if prev != nil {
			return prev(c, args)
		}
		return c.Root().PersistentPreRunE(c, args)
	}
	return cmd
}

// version is the module version and the commit the binary was built from,
// as the Go toolchain records them ("(devel)" for a build in a checkout).
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, when, dirty string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			when = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " (commit " + rev + " " + when + dirty + ")"
	}
	return v + " " + bi.GoVersion
}

func run(ctx context.Context, args []string, s streams) int {
	root, g := newRoot(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if g.stopProfile != nil {
		if perr := g.stopProfile(); perr != nil && err == nil {
			err = perr
		}
	}
	if err != nil && !errors.Is(err, errPartial) {
		fmt.Fprintf(s.err, "entigraph: %v\n", err)
	}
	return exitCode(err)
}

func main() {
	// The graph store, the caches and the maps of a corpus run make a heap
	// of about 100 MB, written at random: on huge pages, extract spends
	// about a fifth less (docs/benchmarks.md).
	hugepage.Heap(256 << 20)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], streams{os.Stdin, os.Stdout, os.Stderr})
	stop()
	os.Exit(code)
}

// exactArgs and minArgs wrap cobra's validators so that wrong arguments
// map to the usage exit status.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
