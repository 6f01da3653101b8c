// Package isodate checks the date forms entigraph writes: ISO 8601 dates
// at the precision the text gives (YYYY, YYYY-MM, YYYY-MM-DD) and
// intervals of two of them (A/B). The fuzz tests of the date readers and
// of relation extraction hold their output to it.
package isodate

import (
	"strings"
	"time"
)

// Valid reports whether s is a date (YYYY, YYYY-MM or YYYY-MM-DD, a day
// that exists) or an interval A/B of two such dates.
func Valid(s string) bool {
	if a, b, ok := strings.Cut(s, "/"); ok {
		return Date(a) && Date(b)
	}
	return Date(s)
}

// Date reports whether s is one date: YYYY, YYYY-MM or YYYY-MM-DD, a day
// that exists.
func Date(s string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			_, err := time.Parse(layout, s)
			return err == nil
		}
	}
	return false
}
