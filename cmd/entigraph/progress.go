package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/entigraph/entigraph/pipeline"
)

// ingestProgress shows an ingest's progress on stderr: a progress bar with
// the count, rate and time left when stderr is a terminal, else a plain
// line every plainEvery (a log file gets lines, not carriage returns).
// Nothing shows in the first second, so short runs stay quiet.
type ingestProgress struct {
	w         io.Writer
	total     int // -1: unknown (stdin)
	start     time.Time
	bar       *progressbar.ProgressBar
	lastPlain time.Time
	shown     bool
}

const plainEvery = 5 * time.Second

func newIngestProgress(w io.Writer, total int) *ingestProgress {
	return &ingestProgress{w: w, total: total, start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// update is the pipeline's progress callback.
func (p *ingestProgress) update(sum pipeline.Summary) {
	if time.Since(p.start) < time.Second {
		return
	}
	if !isTerminal(p.w) {
		if time.Since(p.lastPlain) < plainEvery {
			return
		}
		p.lastPlain = time.Now()
		p.shown = true
		fmt.Fprintln(p.w, "ingest: "+p.plain(sum))
		return
	}
	if p.bar == nil {
		max := int64(p.total)
		p.bar = progressbar.NewOptions64(max,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		p.shown = true
	}
	_ = p.bar.Set(sum.Read)
}

// plain is the line written where there is no terminal: the count, the
// total when known, the rate and the time left.
func (p *ingestProgress) plain(sum pipeline.Summary) string {
	el := time.Since(p.start)
	rate := float64(sum.Read) / el.Seconds()
	s := fmt.Sprintf("%d", sum.Read)
	if p.total > 0 {
		s += fmt.Sprintf(" of %d", p.total)
	}
	s += fmt.Sprintf(" documents (%d added, %d skipped, %d failed), %.1f/s, %s", sum.Added, sum.Skipped, sum.Failed, rate, el.Round(time.Second))
	if p.total > 0 && rate > 0 && sum.Read < p.total {
		left := time.Duration(float64(p.total-sum.Read) / rate * float64(time.Second))
		s += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	return s
}

// interrupt makes room for an error line: it ends the bar's line.
func (p *ingestProgress) interrupt() {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

// finish clears the bar.
func (p *ingestProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
