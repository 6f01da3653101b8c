package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/entigraph/entigraph/pipeline"
)

// TestIngestProgressPlain: where stderr is no terminal, progress is plain
// lines, each with the total, the rate and the time left; none in the
// first second, and at most one per plainEvery.
func TestIngestProgressPlain(t *testing.T) {
	var buf bytes.Buffer
	p := newIngestProgress(&buf, 100)
	p.update(pipeline.Summary{Read: 5})
	if buf.Len() != 0 {
		t.Fatalf("progress in the first second: %q", buf.String())
	}
	p.start = time.Now().Add(-10 * time.Second)
	p.update(pipeline.Summary{Read: 50, Added: 48, Failed: 2})
	p.update(pipeline.Summary{Read: 51, Added: 49, Failed: 2})
	want := "ingest: 50 of 100 documents (48 added, 0 skipped, 2 failed), 5.0/s, 10s, about 10s left\n"
	if buf.String() != want {
		t.Errorf("got %q\nwant %q", buf.String(), want)
	}
	if strings.Contains(buf.String(), "\r") {
		t.Error("a carriage return in plain progress")
	}
	q := newIngestProgress(&buf, -1)
	if s := q.plain(pipeline.Summary{Read: 3}); strings.Contains(s, " of ") || strings.Contains(s, "left") {
		t.Errorf("unknown total: %q", s)
	}
}
