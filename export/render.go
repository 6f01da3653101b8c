package export

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/goccy/go-graphviz"

	"github.com/entigraph/entigraph/export/internal/gvcache"
	"github.com/entigraph/entigraph/kg"
)

func init() {
	// go-graphviz has started (its init ran before this package's) with
	// the cache folder gvcache chose: TMPDIR goes back as it was.
	gvcache.Restore()
	Register(Format{Name: "svg", Ext: ".svg", Mime: "image/svg+xml", Write: WriteSVG})
	Register(Format{Name: "png", Ext: ".png", Mime: "image/png", Write: WritePNG})
}

// WriteSVG lays g out with Graphviz's dot (compiled to WebAssembly and run
// in-process by go-graphviz: nothing needs to be installed) and writes the
// picture as SVG. The DOT it lays out is exactly WriteDOT's.
func WriteSVG(w io.Writer, g *kg.Graph) error {
	return writeErr("svg", render(w, g, graphviz.SVG))
}

// WritePNG is WriteSVG as a PNG picture.
func WritePNG(w io.Writer, g *kg.Graph) error {
	return writeErr("png", render(w, g, graphviz.PNG))
}

// The Graphviz instance, created on the first render and reused; renders
// take turns on it, since go-graphviz keeps one WebAssembly module for the
// whole process.
//
// Costs measured on the 2-core machine (summit fixture, 19 nodes, 22
// edges): go-graphviz compiles its WebAssembly in its package init, in
// every process that links this package, whether it renders or not: 0.5 s
// the first time for a user, then about 20 ms, from wazero's compilation
// cache in the user's cache folder (see export/internal/gvcache). Creating the instance (graphviz.New with
// our plugins) takes about 1 ms; an SVG render about 9 ms; a PNG render
// 150-250 ms, mostly rasterising and PNG compression.
var (
	gvOnce  sync.Once
	gv      *graphviz.Graphviz
	gvErr   error
	gvMu    sync.Mutex
	gvSetup time.Duration
)

// FirstRender reports how long creating the Graphviz instance took (zero
// before the first svg or png render).
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

func render(w io.Writer, g *kg.Graph, format graphviz.Format) error {
	var dot bytes.Buffer
	bw := bufio.NewWriter(&dot)
	writeDOT(bw, orEmpty(g))
	if err := bw.Flush(); err != nil {
		return err
	}
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
	graph, err := graphviz.ParseBytes(dot.Bytes())
	if err != nil {
		return fmt.Errorf("graphviz parsing our DOT: %w", err)
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
