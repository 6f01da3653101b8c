// Package rendertest builds the entigraph-render command for the tests of
// packages that draw svg or png (export, cmd/entigraph): export.WriteSVG
// runs it, and a test binary has none beside it.
package rendertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Main builds entigraph-render into a temporary folder, points
// $ENTIGRAPH_RENDER at it (unless it is set already), runs the tests and
// removes the folder: call it from TestMain, os.Exit(rendertest.Main(m)).
func Main(m *testing.M) int {
	if os.Getenv("ENTIGRAPH_RENDER") != "" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "entigraph-render-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	exe, err := Build(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Setenv("ENTIGRAPH_RENDER", exe)
	return m.Run()
}

// Build builds entigraph-render into dir and returns its path.
func Build(dir string) (string, error) {
	exe := filepath.Join(dir, "entigraph-render")
	out, err := exec.Command("go", "build", "-o", exe, "github.com/entigraph/entigraph/cmd/entigraph-render").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building entigraph-render for the tests: %v\n%s", err, out)
	}
	return exe, nil
}
