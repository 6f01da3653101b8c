package render

import (
	"bytes"
	"context"
	"math"
	"sync"

	"github.com/fogleman/gg"
	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/gvc"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
)

// pngRenderer draws Graphviz's layout into a PNG with gg. go-graphviz ships
// a PNG renderer of its own, but it fills shapes without stroking their
// outlines (so borders, double borders and note corners vanish), draws
// thick edges as filled blobs and sizes text at the wrong scale. This one
// follows Graphviz's renderer contract (gvrender_core_*.c):
//
//   - ellipse, polygon, bezier: fill with the fill colour when the shape
//     is filled, then stroke with the pen colour unless the pen is "none";
//   - go-graphviz v0.2.10 passes filled=true for every shape, so whether a
//     shape is filled is worked out as Graphviz decides it: the page
//     background is; a cluster or node is when its style fills it, and a
//     node only its first shape (the inner one: further peripheries are
//     outlines); an edge's arrowheads are and its curves are not;
//   - polyline: stroke only;
//   - dashed and dotted pens as cairo's renderer draws them;
//   - text: Go's own sans-serif font (embedded, so every machine draws the
//     same picture), at the layout's scale and shrunk when needed to fit
//     the width Graphviz measured for the span with Helvetica's metrics.
type pngRenderer struct {
	*graphviz.DefaultRenderEngine
	dc     *gg.Context
	shapes int // shapes drawn so far for the current node
}

func newPNGRenderPlugin(ctx context.Context) (*graphviz.RenderPlugin, error) {
	return graphviz.NewRenderPlugin(ctx, "png",
		&pngRenderer{DefaultRenderEngine: new(graphviz.DefaultRenderEngine)},
		gvc.WithRenderFeatures(gvc.RenderYGoesDown, gvc.RenderDoesTransform),
		gvc.WithRenderQuality(10),
	)
}

func (r *pngRenderer) x(job *graphviz.Job, x float64) float64 { return job.Scale().X() * x }
func (r *pngRenderer) y(job *graphviz.Job, y float64) float64 { return -job.Scale().Y() * y }

func (r *pngRenderer) BeginPage(_ context.Context, job *graphviz.Job) error {
	r.dc = gg.NewContext(int(job.Width()), int(job.Height()))
	t := job.Translation()
	r.dc.Translate(r.x(job, t.X()), r.y(job, t.Y()))
	r.dc.SetLineJoinRound()
	return nil
}

func (r *pngRenderer) EndPage(_ context.Context, job *graphviz.Job) error {
	var buf bytes.Buffer
	if err := r.dc.EncodePNG(&buf); err != nil {
		return err
	}
	job.SetOutputData(buf.Bytes())
	job.SetOutputDataPosition(uint(buf.Len()))
	r.dc = nil
	return nil
}

func setColor(dc *gg.Context, c *graphviz.Color) {
	v := c.RGBAUint()
	dc.SetRGBA255(int(v[0]), int(v[1]), int(v[2]), int(v[3]))
}

func (r *pngRenderer) BeginNode(_ context.Context, _ *graphviz.Job) error {
	r.shapes = 0
	return nil
}

// filled says whether the shape being drawn is filled (see pngRenderer).
func (r *pngRenderer) filled(job *graphviz.Job, curve bool) bool {
	o := job.Object()
	switch o.Type() {
	case gvc.RootGraphObjectType:
		return true
	case gvc.ClusterObjectType:
		return o.Fill() != gvc.FillNone
	case gvc.NodeObjectType:
		r.shapes++
		return r.shapes == 1 && o.Fill() != gvc.FillNone
	case gvc.EdgeObjectType:
		return !curve
	}
	return false
}

// finish fills the current path when the shape is filled, then strokes it
// with the object's pen.
func (r *pngRenderer) finish(job *graphviz.Job, curve bool) {
	o := job.Object()
	if r.filled(job, curve) {
		setColor(r.dc, o.FillColor())
		if o.Pen() == gvc.PenNone {
			r.dc.Fill()
			return
		}
		r.dc.FillPreserve()
	}
	r.stroke(job)
}

func (r *pngRenderer) stroke(job *graphviz.Job) {
	o := job.Object()
	if o.Pen() == gvc.PenNone {
		r.dc.ClearPath()
		return
	}
	s := job.Scale().X()
	w := o.PenWidth() * s
	r.dc.SetLineWidth(w)
	r.dc.SetLineCapButt()
	switch o.Pen() {
	case gvc.PenDashed:
		r.dc.SetDash(6*s, 6*s)
	case gvc.PenDotted:
		r.dc.SetDash(math.Max(w, 1.5*s), 3*s)
	default:
		r.dc.SetDash()
	}
	setColor(r.dc, o.PenColor())
	r.dc.Stroke()
	r.dc.SetDash()
}

func (r *pngRenderer) Ellipse(_ context.Context, job *graphviz.Job, p []*graphviz.PointFloat, _ bool) error {
	// p[0] is the centre, p[1] a corner of the bounding box.
	cx, cy := r.x(job, p[0].X()), r.y(job, p[0].Y())
	rx := math.Abs(r.x(job, p[1].X()) - cx)
	ry := math.Abs(r.y(job, p[1].Y()) - cy)
	r.dc.NewSubPath()
	r.dc.DrawEllipse(cx, cy, rx, ry)
	r.finish(job, false)
	return nil
}

func (r *pngRenderer) path(job *graphviz.Job, p []*graphviz.PointFloat) {
	r.dc.NewSubPath()
	r.dc.MoveTo(r.x(job, p[0].X()), r.y(job, p[0].Y()))
	for _, q := range p[1:] {
		r.dc.LineTo(r.x(job, q.X()), r.y(job, q.Y()))
	}
}

func (r *pngRenderer) Polygon(_ context.Context, job *graphviz.Job, p []*graphviz.PointFloat, _ bool) error {
	if len(p) == 0 {
		return nil
	}
	r.path(job, p)
	r.dc.ClosePath()
	r.finish(job, false)
	return nil
}

func (r *pngRenderer) Polyline(_ context.Context, job *graphviz.Job, p []*graphviz.PointFloat) error {
	if len(p) == 0 {
		return nil
	}
	r.path(job, p)
	r.stroke(job)
	return nil
}

func (r *pngRenderer) BezierCurve(_ context.Context, job *graphviz.Job, p []*graphviz.PointFloat, _ bool) error {
	if len(p) == 0 {
		return nil
	}
	r.dc.NewSubPath()
	r.dc.MoveTo(r.x(job, p[0].X()), r.y(job, p[0].Y()))
	for i := 1; i+2 < len(p); i += 3 {
		r.dc.CubicTo(
			r.x(job, p[i].X()), r.y(job, p[i].Y()),
			r.x(job, p[i+1].X()), r.y(job, p[i+1].Y()),
			r.x(job, p[i+2].X()), r.y(job, p[i+2].Y()))
	}
	r.finish(job, true)
	return nil
}

func (r *pngRenderer) TextSpan(_ context.Context, job *graphviz.Job, p *graphviz.PointFloat, span *graphviz.TextSpan) error {
	text := span.Text()
	if text == "" {
		return nil
	}
	s := job.Scale().X()
	want := span.Size().X() * s // the width Graphviz laid out
	size := span.Font().Size() * s
	face := goFace(size)
	if got := measure(face, text); want > 0 && got > want {
		face = goFace(size * want / got)
	}
	r.dc.SetFontFace(face)
	x := r.x(job, p.X())
	switch span.Just() {
	case 'r':
		x -= want
	case 'l':
	default:
		x -= want / 2
	}
	// Graphviz gives the baseline; centre our (maybe narrower) text in the
	// span it measured.
	if got := measure(face, text); got < want {
		x += (want - got) / 2
	}
	// The baseline, as Graphviz's SVG renderer places it.
	y := r.y(job, p.Y()+span.YOffsetCenterLine())
	setColor(r.dc, job.Object().PenColor())
	r.dc.DrawString(text, x, y)
	return nil
}

func measure(face font.Face, s string) float64 {
	return float64(font.MeasureString(face, s)) / 64
}

// The Go font, parsed once; faces cached by size. Renders take turns (see
// gvMu), so the cache needs no lock of its own beyond the once.
var (
	goFontOnce sync.Once
	goFont     *truetype.Font
	goFaces    = map[float64]font.Face{}
)

func goFace(size float64) font.Face {
	goFontOnce.Do(func() {
		f, err := truetype.Parse(goregular.TTF)
		if err != nil {
			panic("export: the embedded Go font does not parse: " + err.Error())
		}
		goFont = f
	})
	size = math.Round(size*4) / 4
	if f, ok := goFaces[size]; ok {
		return f
	}
	f := truetype.NewFace(goFont, &truetype.Options{Size: size, Hinting: font.HintingNone})
	goFaces[size] = f
	return f
}
