package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/serve"
)

type serveOptions struct {
	*globalOptions
	addr string
	idle time.Duration
	opts serve.Options
}

func newServeCommand(g *globalOptions, s streams) *cobra.Command {
	o := &serveOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the store read-only over HTTP: a JSON API and a viewer in the browser",
		Long: `Opens the store read-only and serves a JSON API (docs/api.md) and the viewer,
a page to search entities, see their neighbours, and read the sentences behind
every edge. It listens on localhost unless --addr says otherwise, logs one
line per request on stderr, and stops cleanly on Ctrl-C or SIGTERM.`,
		Example: "  entigraph serve --db news.db\n  entigraph serve --addr 127.0.0.1:9000",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), o, s)
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	cmd.Flags().DurationVar(&o.idle, "idle", 500*time.Millisecond, "close the store after this long without requests, so that an ingest can write (0: keep it open)")
	cmd.Flags().DurationVar(&o.opts.Timeout, "timeout", 10*time.Second, "each request's deadline")
	cmd.Flags().DurationVar(&o.opts.GizmoTimeout, "gizmo-timeout", 5*time.Second, "a Gizmo query's time limit")
	cmd.Flags().IntVar(&o.opts.GizmoLimit, "gizmo-limit", 1000, "at most this many Gizmo results")
	cmd.Flags().IntVar(&o.opts.MaxBytes, "max-bytes", 8<<20, "the largest answer in bytes")
	return cmd
}

func runServe(ctx context.Context, o *serveOptions, s streams) error {
	if o.idle < 0 || o.opts.Timeout <= 0 || o.opts.GizmoTimeout <= 0 || o.opts.GizmoLimit <= 0 || o.opts.MaxBytes <= 0 {
		return usageError{fmt.Errorf("--idle must be >= 0; --timeout, --gizmo-timeout, --gizmo-limit and --max-bytes take values > 0")}
	}
	idle := o.idle
	if o.db == "memory" {
		idle = 0 // closed, a memory store is gone
	}
	st := serve.NewStore(func(ctx context.Context) (*graph.Store, error) { return graph.OpenReadOnly(ctx, o.db) }, idle)
	if err := st.Open(ctx); err != nil {
		return err
	}
	defer st.Close()
	o.opts.Logger = slog.New(slog.NewTextHandler(s.err, nil))
	srv, err := serve.New(ctx, st, o.opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.err, "entigraph: serving %s on http://%s/ (Ctrl-C stops)\n", o.db, ln.Addr())
	return srv.Run(ctx, ln)
}
