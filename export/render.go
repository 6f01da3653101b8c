package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "svg", Ext: ".svg", Mime: "image/svg+xml", Write: WriteSVG})
	Register(Format{Name: "png", Ext: ".png", Mime: "image/png", Write: WritePNG})
}

// WriteSVG lays g out with Graphviz's dot and writes the picture as SVG.
// The DOT it lays out is exactly WriteDOT's. The drawing is done by the
// entigraph-render command (see Renderer), Graphviz compiled to
// WebAssembly: nothing else needs to be installed, and a process that
// does not draw never starts Graphviz's runtime (package export/render
// says why). A failed drawing writes nothing to w.
func WriteSVG(w io.Writer, g *kg.Graph) error {
	return writeErr("svg", draw(w, g, "svg"))
}

// WritePNG is WriteSVG as a PNG picture.
func WritePNG(w io.Writer, g *kg.Graph) error {
	return writeErr("png", draw(w, g, "png"))
}

// RendererEnv names the environment variable that gives the path of the
// entigraph-render command, when it is neither beside the running program
// nor on PATH.
const RendererEnv = "ENTIGRAPH_RENDER"

const rendererName = "entigraph-render"

// Renderer returns the path of the entigraph-render command: $ENTIGRAPH_RENDER,
// else the one beside the running program, else the one on PATH.
func Renderer() (string, error) {
	if p := os.Getenv(RendererEnv); p != "" {
		return p, nil
	}
	var dir string
	if exe, err := os.Executable(); err == nil {
		dir = filepath.Dir(exe)
		p := filepath.Join(dir, rendererName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	if p, err := exec.LookPath(rendererName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("svg and png are drawn by the %s command, which is neither beside this program (%s) nor on PATH: build it there with `go build -o %s ./cmd/%s` in entigraph's source, or set %s to its path",
		rendererName, dir, filepath.Join(dir, rendererName), rendererName, RendererEnv)
}

func draw(w io.Writer, g *kg.Graph, format string) error {
	var dot bytes.Buffer
	bw := bufio.NewWriter(&dot)
	writeDOT(bw, orEmpty(g))
	if err := bw.Flush(); err != nil {
		return err
	}
	exe, err := Renderer()
	if err != nil {
		return err
	}
	var out, errb bytes.Buffer
	cmd := exec.Command(exe, format)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = &dot, &out, &errb
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
				return fmt.Errorf("running %s: %w (set %s to its path)", exe, err, RendererEnv)
			}
			return fmt.Errorf("running %s: %w", exe, err)
		}
		// Its one line, without its name: the error is the drawing's.
		msg := strings.TrimSpace(errb.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		if m, ok := strings.CutPrefix(msg, rendererName+": "); ok {
			return errors.New(m)
		}
		if msg == "" {
			msg = ee.String()
		}
		return fmt.Errorf("%s: %s", exe, msg)
	}
	_, err = w.Write(out.Bytes())
	return err
}
