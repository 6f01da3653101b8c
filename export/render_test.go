package export

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entigraph/entigraph/kg"
)

func TestRenderSVG(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			g := loadFixture(t, fx)
			start := time.Now()
			svg := write(t, "svg", g)
			t.Logf("svg of %s: %d bytes in %v", fx, len(svg), time.Since(start))
			texts, titles := svgTexts(t, svg)
			for _, e := range g.Entities {
				if !contains(texts, clean(e.Name)) {
					t.Errorf("the SVG has no label %q", e.Name)
				}
			}
			if fx == "summit" {
				for _, want := range []string{"Legend", "Person", "Country", "met in Anchorage", "15 Aug 2025", "president", "met in Anchorage (negated)"} {
					if !contains(texts, want) {
						t.Errorf("the SVG has no text %q", want)
					}
				}
				if !contains(titles, "entity type Person") {
					t.Error("the SVG lost the tooltips")
				}
			}
		})
	}
}

func TestRenderPNG(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			g := loadFixture(t, fx)
			start := time.Now()
			b := write(t, "png", g)
			t.Logf("png of %s: %d bytes in %v", fx, len(b), time.Since(start))
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("the PNG does not decode: %v", err)
			}
			if fx == "empty" {
				return
			}
			sz := img.Bounds().Size()
			if sz.X < 400 || sz.Y < 200 || len(b) < 20000 {
				t.Errorf("PNG %dx%d, %d bytes: too small to show the graph", sz.X, sz.Y, len(b))
			}
			// A real picture: mostly white background, a fair share of
			// coloured fills, and some dark ink (outlines, text, edges).
			white, dark, colour := inks(img)
			total := float64(sz.X * sz.Y)
			if white/total < 0.5 || dark/total < 0.005 || colour/total < 0.02 {
				t.Errorf("PNG ink: white %.3f, dark %.3f, colour %.3f of the pixels", white/total, dark/total, colour/total)
			}
			if again := write(t, "png", g); !bytes.Equal(again, b) {
				t.Error("two renders of one graph differ")
			}
		})
	}
}

// inks counts white, dark and coloured (saturated) pixels.
func inks(img image.Image) (white, dark, colour float64) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			hi, lo := max(r, g, bl), min(r, g, bl)
			switch {
			case lo > 245:
				white++
			case hi < 110:
				dark++
			case hi-lo > 25:
				colour++
			}
		}
	}
	return
}

// TestRenderConcurrent: renders from several goroutines all succeed and
// draw the same picture.
func TestRenderConcurrent(t *testing.T) {
	g := loadFixture(t, "escapes")
	want := write(t, "svg", g)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			format := []string{"svg", "png"}[i%2]
			var buf bytes.Buffer
			f, _ := Lookup(format)
			if err := f.Write(&buf, g); err != nil {
				errs <- err.Error()
				return
			}
			if format == "svg" && !bytes.Equal(buf.Bytes(), want) {
				errs <- "a concurrent svg render differs"
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestRenderWriterError: a failing writer's error comes back.
func TestRenderWriterError(t *testing.T) {
	if err := WriteSVG(failWriter{}, &kg.Graph{}); err == nil {
		t.Error("WriteSVG to a failing writer: no error")
	}
}

// TestRendererMissing: with no entigraph-render to run, svg is one error
// saying where it was looked for and how to build it.
func TestRendererMissing(t *testing.T) {
	t.Setenv(RendererEnv, "")
	t.Setenv("PATH", t.TempDir())
	err := WriteSVG(io.Discard, &kg.Graph{})
	if err == nil || !strings.HasPrefix(err.Error(), "export svg: svg and png are drawn by the entigraph-render command, which is neither beside this program (") ||
		!strings.Contains(err.Error(), "go build -o ") || !strings.Contains(err.Error(), RendererEnv) {
		t.Errorf("no renderer: %v", err)
	}
}

// TestRendererFails: the renderer's own one line is the error, without
// its name; anything else it says names it; nothing is written.
func TestRendererFails(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ script, want string }{
		{"echo 'entigraph-render: graphviz cache folder /x: not a directory' >&2; exit 1", "export png: graphviz cache folder /x: not a directory"},
		{"echo killed >&2; exit 3", "export png: " + filepath.Join(dir, "r") + ": killed"},
		{"exit 1", "export png: " + filepath.Join(dir, "r") + ": exit status 1"},
	} {
		exe := filepath.Join(dir, "r")
		if err := os.WriteFile(exe, []byte("#!/bin/sh\ncat > /dev/null\n"+c.script+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv(RendererEnv, exe)
		var buf bytes.Buffer
		if err := WritePNG(&buf, &kg.Graph{}); err == nil || err.Error() != c.want || buf.Len() != 0 {
			t.Errorf("%s: %v, %d bytes written; want %q", c.script, err, buf.Len(), c.want)
		}
	}
	t.Setenv(RendererEnv, filepath.Join(dir, "nothing"))
	if err := WriteSVG(io.Discard, &kg.Graph{}); err == nil || !strings.Contains(err.Error(), "no such file") || !strings.Contains(err.Error(), RendererEnv) {
		t.Errorf("a renderer path to nothing: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("write failed") }

func BenchmarkRenderSVG(b *testing.B) {
	g := loadFixture(b, "summit")
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if err := WriteSVG(&buf, g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderPNG(b *testing.B) {
	g := loadFixture(b, "summit")
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if err := WritePNG(&buf, g); err != nil {
			b.Fatal(err)
		}
	}
}
