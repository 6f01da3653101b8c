package model

import (
	"math"
	"slices"
)

// scorer adds the weight rows of features to a score vector.
type scorer interface {
	score(sc *[NumLabels]float32, keys []uint64)
}

// packed is the read-only form of trained weights: 16-bit weights in rows
// of NumLabels, found through an open-addressing table of the feature
// keys. It is what Decode builds and what tagging reads.
type packed struct {
	keys  []uint64 // sorted
	scale float32  // a weight is a row's value * scale
	slots []slot   // len a power of two, at most 3/4 full
	mask  uint64
}

// slot holds a key and its row, so that a lookup touches one cache line.
type slot struct {
	key uint64 // 0: empty (feature keys are never 0)
	row [NumLabels]int16
}

// row returns the weights of key k, or nil.
func (p *packed) row(k uint64) *[NumLabels]int16 {
	for i := k & p.mask; ; i = (i + 1) & p.mask {
		s := &p.slots[i]
		if s.key == k {
			return &s.row
		}
		if s.key == 0 {
			return nil
		}
	}
}

// pack quantises W: the largest weight maps to 32767; rows whose weights
// all round to zero are dropped.
func pack(W *weights) *packed {
	maxAbs := float32(0)
	for _, x := range W.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = maxAbs / 32767
	}
	keys := make([]uint64, 0, len(W.idx))
	for k, r := range W.idx {
		for _, x := range W.w[int(r)*NumLabels : int(r)*NumLabels+NumLabels] {
			if quantise(x, scale) != 0 {
				keys = append(keys, k)
				break
			}
		}
	}
	slices.Sort(keys)
	rows := make([]int16, len(keys)*NumLabels)
	for i, k := range keys {
		r := int(W.idx[k]) * NumLabels
		for j := 0; j < NumLabels; j++ {
			rows[i*NumLabels+j] = quantise(W.w[r+j], scale)
		}
	}
	return newPacked(keys, rows, scale)
}

func quantise(x, scale float32) int16 {
	return int16(max(-32767, min(32767, math.Round(float64(x/scale)))))
}

// newPacked builds the lookup table over sorted keys and their rows.
func newPacked(keys []uint64, rows []int16, scale float32) *packed {
	n := 1024
	for n*3 < 4*len(keys) {
		n *= 2
	}
	p := &packed{keys: keys, scale: scale, slots: make([]slot, n), mask: uint64(n - 1)}
	for r, k := range keys {
		i := k & p.mask
		for p.slots[i].key != 0 {
			i = (i + 1) & p.mask
		}
		p.slots[i].key = k
		copy(p.slots[i].row[:], rows[r*NumLabels:r*NumLabels+NumLabels])
	}
	return p
}

func (p *packed) score(sc *[NumLabels]float32, keys []uint64) {
	var acc [NumLabels]int32
	for _, k := range keys {
		i := k & p.mask
		for {
			s := &p.slots[i]
			if s.key == k {
				for j := range acc {
					acc[j] += int32(s.row[j])
				}
				break
			}
			if s.key == 0 {
				break
			}
			i = (i + 1) & p.mask
		}
	}
	for j := range sc {
		sc[j] += float32(acc[j]) * p.scale
	}
}
