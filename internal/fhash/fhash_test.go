package fhash

import "testing"

// The committed models are keyed by these values: they must never change.
func TestPinned(t *testing.T) {
	if got := Mix(1); got != 0x5692161d100b05e5 {
		t.Errorf("Mix(1) = %#x", got)
	}
	if Pair(1, 2) == Pair(2, 1) {
		t.Error("Pair must be ordered")
	}
	if got := Pair(1, 2); got != Mix(1*Golden^Mix(2+Golden)) {
		t.Errorf("Pair(1, 2) = %#x", got)
	}
}

// TestFNV1a: Bytes and String are 64-bit FNV-1a (the published test
// vectors) and agree with each other.
func TestFNV1a(t *testing.T) {
	for s, want := range map[string]uint64{"": 0xcbf29ce484222325, "a": 0xaf63dc4c8601ec8c, "foobar": 0x85944171f73967e8} {
		if got := String(s); got != want {
			t.Errorf("String(%q) = %#x, want %#x", s, got, want)
		}
		if got := Bytes([]byte(s)); got != want {
			t.Errorf("Bytes(%q) = %#x, want %#x", s, got, want)
		}
	}
}
