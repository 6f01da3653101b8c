// Command entigraph-render draws a DOT graph as SVG or PNG with Graphviz
// compiled to WebAssembly (package export/render): entigraph runs it for
// `export --format svg|png` and `extract --format svg|png`, so that its
// other commands never start Graphviz's runtime. Install it beside
// entigraph (go build -o DIR ./cmd/..., or go install
// github.com/entigraph/entigraph/cmd/...).
//
//	entigraph-render svg|png < graph.dot > picture
//
// Exit status 0, 1 when the drawing failed (one line on stderr), 2 for a
// bad argument.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/entigraph/entigraph/export/render"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, in io.Reader, out, errw io.Writer) int {
	draw := map[string]func(io.Writer, []byte) error{"svg": render.SVG, "png": render.PNG}
	if len(args) != 1 || draw[args[0]] == nil {
		fmt.Fprintln(errw, "usage: entigraph-render svg|png < graph.dot > picture")
		return 2
	}
	dot, err := io.ReadAll(in)
	if err == nil {
		bw := bufio.NewWriter(out)
		if err = draw[args[0]](bw, dot); err == nil {
			err = bw.Flush()
		}
	}
	if err != nil {
		// One line: Graphviz's messages end in line breaks of their own.
		msg := strings.Join(strings.Fields(err.Error()), " ")
		fmt.Fprintf(errw, "entigraph-render: %s\n", msg)
		return 1
	}
	return 0
}
