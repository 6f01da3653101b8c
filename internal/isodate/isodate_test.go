package isodate

import "testing"

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"2025": true, "2025-08": true, "2025-08-15": true, "1931/1945": true, "1996-09-03/1996-09-04": true,
		"": false, "10000": false, "-001": false, "2025-13": false, "2025-02-30": false, "2025-8-15": false,
		"1931/": false, "/1945": false, "1931/1945/1950": false, "2025-08-15T10:00": false, "２０２５": false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}
