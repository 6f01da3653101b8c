package ingest

import (
	"strings"
	"testing"

	"github.com/entigraph/entigraph/internal/isodate"
)

// FuzzDates feeds arbitrary strings to the date readers: a metadata date
// (NormalizeDate) and a text line (dateLine). What they recognise must be
// a real ISO 8601 date that NormalizeDate gives back unchanged, and the
// bytes a line gives up as metadata must lie within it.
func FuzzDates(f *testing.F) {
	for _, s := range []string{
		"2025-05-10T08:00:00Z", "Sat, 10 May 2025 08:00:00 GMT", "May 10, 2025", "2025/05/10",
		"2025-05", "2025", "31 April 2025", "Sept. 1, 2025", "10th May, 2025",
		"Published: 10 May 2025 | Updated 11 May 2025",
		"date 2025-05-10 North Korean leader Kim Jong Un said",
		"WASHINGTON, May 10, 2025 (Reuters) - text",
		"KHASAVYURT, Russia 1996-08-31",
		"Published 3:04 PM EDT, Fri August 22, 2025",
		"Updated 10.15 GMT+1 on 22 Aug 2025",
		"1800-01-01", "2200-12-31", "0000-00-00", "ſt 1 May 2025",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if iso, ok := NormalizeDate(s); ok {
			if !isodate.Date(iso) {
				t.Fatalf("NormalizeDate(%q) = %q, not an ISO 8601 date", s, iso)
			}
			if again, ok := NormalizeDate(iso); !ok || again != iso {
				t.Fatalf("NormalizeDate(%q) = %q, but NormalizeDate(%q) = %q, %v", s, iso, iso, again, ok)
			}
		}
		line := strings.TrimSpace(s)
		iso, skip, whole, ok := dateLine(line)
		if !ok {
			if iso != "" || skip != 0 || whole {
				t.Fatalf("dateLine(%q) = %q %d %v with no date", line, iso, skip, whole)
			}
			return
		}
		if len(iso) != len("2006-01-02") || !isodate.Date(iso) {
			t.Fatalf("dateLine(%q) gives %q, not a full ISO 8601 date", line, iso)
		}
		if skip < 0 || skip > len(line) || whole && skip != len(line) {
			t.Fatalf("dateLine(%q) skips %d bytes (whole %v) of %d", line, skip, whole, len(line))
		}
		if again, ok := NormalizeDate(iso); !ok || again != iso {
			t.Fatalf("dateLine(%q) = %q, which NormalizeDate reads as %q, %v", line, iso, again, ok)
		}
	})
}
