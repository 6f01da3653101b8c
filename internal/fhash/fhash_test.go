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
