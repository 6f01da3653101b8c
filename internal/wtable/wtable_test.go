package wtable

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAgainstDense builds tables of random sparse rows and checks Sum, Row
// and Keys against the dense rows they came from, for keys present and
// absent, repeated keys in one Sum, and tables past several growth steps.
func TestAgainstDense(t *testing.T) {
	for _, tc := range []struct{ n, keys int }{{1, 1}, {17, 10}, {17, 5000}, {45, 3000}, {64, 1500}} {
		rng := rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.keys)))
		dense := map[uint64][]int16{}
		var keys []uint64
		var rows []int16
		for len(keys) < tc.keys {
			k := rng.Uint64() | 1
			if dense[k] != nil {
				continue
			}
			row := make([]int16, tc.n)
			for j := range row {
				if rng.IntN(4) == 0 {
					row[j] = int16(rng.IntN(65535) - 32767)
				}
			}
			dense[k] = row
			keys = append(keys, k)
			rows = append(rows, row...)
		}
		tb, err := New(tc.n, keys, rows, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if tb.Len() != tc.keys || tb.N() != tc.n || tb.Scale() != 0.5 {
			t.Errorf("Len %d N %d Scale %v", tb.Len(), tb.N(), tb.Scale())
		}
		sorted := slices.Sorted(func(yield func(uint64) bool) {
			for _, k := range keys {
				if !yield(k) {
					return
				}
			}
		})
		if !slices.Equal(tb.Keys(), sorted) {
			t.Errorf("n=%d: Keys differ", tc.n)
		}
		dst := make([]int16, tc.n)
		for _, k := range keys {
			if !tb.Row(k, dst) || !slices.Equal(dst, dense[k]) {
				t.Fatalf("n=%d: Row(%x) = %v, want %v", tc.n, k, dst, dense[k])
			}
		}
		if tb.Row(2, dst) {
			t.Errorf("Row of an absent key")
		}
		for trial := 0; trial < 200; trial++ {
			var q []uint64
			want := make([]int32, tc.n)
			for range rng.IntN(30) {
				k := keys[rng.IntN(len(keys))]
				if rng.IntN(3) == 0 {
					k = rng.Uint64() &^ 1 // even: never a key
				}
				q = append(q, k)
				for j, w := range dense[k] {
					want[j] += int32(w)
				}
			}
			got := make([]int32, tc.n)
			tb.Sum(got, q)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d: Sum(%x) = %v, want %v", tc.n, q, got, want)
			}
		}
	}
}

func TestNewErrors(t *testing.T) {
	for name, f := range map[string]func() (*Table, error){
		"zero labels":   func() (*Table, error) { return New(0, nil, nil, 1) },
		"rows mismatch": func() (*Table, error) { return New(2, []uint64{1}, []int16{1}, 1) },
		"key 0":         func() (*Table, error) { return New(1, []uint64{0}, []int16{1}, 1) },
		"duplicate":     func() (*Table, error) { return New(1, []uint64{5, 5}, []int16{1, 2}, 1) },
	} {
		if _, err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
