package wfile

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	type head struct{ Name string }
	keys := []uint64{3, 10, 11, 1 << 40}
	rows := [][]int16{{1, -2}, {300, -32768}, {0, 0}, {32767, 0}}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "TEST\x00", head{"x"})
	if err != nil {
		t.Fatal(err)
	}
	w.Uvarint(7)
	w.Byte(9)
	w.Table(keys, 0.25, 2, func(i int) []int16 { return rows[i] })
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var h head
	r, err := NewReader(buf.Bytes(), "TEST\x00", "test file", &h)
	if err != nil || h.Name != "x" {
		t.Fatalf("header %+v, %v", h, err)
	}
	defer r.Close()
	if x, err := r.Uvarint(); x != 7 || err != nil {
		t.Fatalf("Uvarint = %d, %v", x, err)
	}
	if c, err := r.Byte(); c != 9 || err != nil {
		t.Fatalf("Byte = %d, %v", c, err)
	}
	tb, err := r.Table(2)
	if err != nil || tb.Scale() != 0.25 || tb.Len() != len(keys) || !slices.Equal(tb.Keys(), keys) {
		t.Fatalf("Table: scale %v, %d keys %v: %v", tb.Scale(), tb.Len(), tb.Keys(), err)
	}
	for i, k := range keys {
		got := make([]int16, 2)
		if !tb.Row(k, got) || !slices.Equal(got, rows[i]) {
			t.Errorf("row %d = %v, want %v", i, got, rows[i])
		}
	}
	if _, err := NewReader(buf.Bytes(), "OTHER\x00", "POS model", &h); err == nil || !strings.Contains(err.Error(), "not an entigraph POS model") {
		t.Errorf("wrong magic: %v", err)
	}
}

// FuzzReader feeds damaged files to the reader: it must return errors,
// never panic or allocate beyond the input's size.
func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "TEST\x00", map[string]int{"a": 1})
	if err != nil {
		f.Fatal(err)
	}
	w.Uvarint(3)
	w.Table([]uint64{1, 5}, 1, 2, func(i int) []int16 { return []int16{int16(i), -1} })
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var h map[string]int
		r, err := NewReader(data, "TEST\x00", "test file", &h)
		if err != nil {
			return
		}
		defer r.Close()
		if _, err := r.Uvarint(); err != nil {
			return
		}
		tb, err := r.Table(2)
		if err == nil && tb.N() != 2 {
			t.Fatalf("table of %d labels, want 2", tb.N())
		}
	})
}
