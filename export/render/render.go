// Package render draws DOT as SVG or PNG with Graphviz compiled to
// WebAssembly and run in-process by go-graphviz: nothing needs to be
// installed.
//
// go-graphviz (v0.2.10, the only version the module proxy serves) starts
// its WebAssembly runtime in its package init, in every process that links
// it, whether it draws or not: about 35 ms of CPU and 15 MB of memory, and
// a look into the user's cache folder. So only the entigraph-render
// command links this package; entigraph runs it for `svg` and `png`
// (export.WriteSVG), and its other commands never start Graphviz.
package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/goccy/go-graphviz"

	"github.com/entigraph/entigraph/export/render/internal/gvcache"
)

func init() {
	// go-graphviz has started (its init ran before this package's) with
	// the cache folder gvcache chose: TMPDIR goes back as it was.
	gvcache.Restore()
}

// SVG lays dot out with Graphviz's dot and writes the picture as SVG. A
// failed render writes nothing to w.
func SVG(w io.Writer, dot []byte) error { return draw(w, dot, graphviz.SVG) }

// PNG is SVG as a PNG picture, drawn by our own renderer (see
// pngRenderer).
func PNG(w io.Writer, dot []byte) error { return draw(w, dot, graphviz.PNG) }

// The Graphviz instance, created on the first render and reused; renders
// take turns on it, since go-graphviz keeps one WebAssembly module for the
// whole process.
//
// Costs measured on the 2-core machine (summit fixture, 19 nodes, 22
// edges): go-graphviz compiles its WebAssembly in its package init: 0.5 s
// the first time for a user, then about 20 ms, from wazero's compilation
// cache in the user's cache folder (see internal/gvcache). Creating the
// instance (graphviz.New with our plugins) takes about 1 ms; an SVG render
// about 9 ms; a PNG render 150-250 ms, mostly rasterising and PNG
// compression.
var (
	gvOnce  sync.Once
	gv      *graphviz.Graphviz
	gvErr   error
	gvMu    sync.Mutex
	gvSetup time.Duration
)

// FirstRender reports how long creating the Graphviz instance took (zero
// before the first render).
func FirstRender() time.Duration {
	gvMu.Lock()
	defer gvMu.Unlock()
	return gvSetup
}

func instance(ctx context.Context) (*graphviz.Graphviz, error) {
	gvOnce.Do(func() {
		start := time.Now()
		gv, gvErr = newGraphviz(ctx)
		gvSetup = time.Since(start)
	})
	return gv, gvErr
}

func draw(w io.Writer, dot []byte, format graphviz.Format) error {
	if err := gvcache.Err(); err != nil {
		return err
	}
	ctx := context.Background()
	gvMu.Lock()
	defer gvMu.Unlock()
	inst, err := instance(ctx)
	if err != nil {
		return fmt.Errorf("starting graphviz: %w", err)
	}
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("graphviz parsing the DOT: %w", err)
	}
	defer graph.Close()
	// Render into memory: a failed render writes nothing to w.
	var out bytes.Buffer
	if err := inst.Render(ctx, graph, format, &out); err != nil {
		return err
	}
	_, err = w.Write(out.Bytes())
	return err
}

// newGraphviz starts Graphviz with our PNG renderer in place of
// go-graphviz's (see pngRenderer); SVG is Graphviz's own renderer.
func newGraphviz(ctx context.Context) (*graphviz.Graphviz, error) {
	png, err := newPNGRenderPlugin(ctx)
	if err != nil {
		return nil, err
	}
	dev, err := graphviz.PNGDevicePlugin(ctx)
	if err != nil {
		return nil, err
	}
	return graphviz.NewWithPlugins(ctx, png, dev)
}
