// Package wtable is the read-only weight table of the trained taggers
// (ner/model, ner/pos and syntax/parse): hashed feature keys mapped to rows of 16-bit
// weights over n labels, found by open addressing.
//
// A key's first slot is given by its high bits, so the table's order is
// the keys' order: built from sorted keys (as the model files store
// them), it is written front to back, with no cache miss per key.
//
// Trained rows are sparse (about 3.3 weights in a row of 17 NER labels or
// 45 POS tags are not zero), so a slot holds its key and where its non-zero
// weights are, and the weights are stored as (label, weight) pairs. Next to
// dense rows this takes a third of the memory for NER and a quarter for
// POS, and adding a row up is three or four additions instead of n: both
// matter because tagging is bound by memory, not arithmetic (every lookup
// of a feature is a likely cache miss, and every megabyte a process
// touches costs page faults).
package wtable

import (
	"errors"
	"slices"

	"github.com/entigraph/entigraph/hugepage"
)

// MaxLabels bounds n: a label is stored in a byte.
const MaxLabels = 256

// slot is one place of the open-addressing table: its key (0: empty) and
// its pairs, pairs[off:off+cnt].
type slot struct {
	key uint64
	off uint32
	cnt uint32
}

// Table is a read-only weight table. Its methods are safe for concurrent
// use.
type Table struct {
	n     int
	count int // keys held
	scale float32
	slots []slot
	mask  uint64
	shift uint // a key's first slot is k >> shift
	// pairs are label<<16 | uint16(weight).
	pairs []uint32
}

// New builds the table of keys (distinct and not 0) whose dense rows are
// rows[i*n:(i+1)*n]; a weight w stands for w*scale. Rows that are all zero
// are kept (a key present with no weight).
func New(n int, keys []uint64, rows []int16, scale float32) (*Table, error) {
	if len(rows) != len(keys)*n {
		return nil, errors.New("wtable: rows do not match keys")
	}
	nz := 0
	for _, w := range rows {
		if w != 0 {
			nz++
		}
	}
	return NewFunc(n, keys, nz, func(i int, dst []int16) { copy(dst, rows[i*n:(i+1)*n]) }, scale)
}

// NewFunc is New with key i's dense row written into dst (n zeros) by
// row, so that callers that assemble rows need not hold them all. nz is
// the number of weights that are not zero, when the caller knows it (0:
// unknown): the table is then made in one allocation of its final size.
// Sorted keys fill the table front to back.
func NewFunc(n int, keys []uint64, nz int, row func(i int, dst []int16), scale float32) (*Table, error) {
	if n <= 0 || n > MaxLabels {
		return nil, errors.New("wtable: bad label count")
	}
	size, bits := 1024, uint(10)
	for size*3 < 4*len(keys) {
		size *= 2
		bits++
	}
	if nz <= 0 {
		nz = 4 * len(keys)
	}
	// Looked up at random for as long as the process runs: on 2 MB pages,
	// a lookup misses the TLB far less often, and filling the table
	// faults in a page per 2 MB, not per 4 KB.
	t := &Table{n: n, count: len(keys), scale: scale, slots: hugepage.Make[slot](size), mask: uint64(size - 1), shift: 64 - bits, pairs: hugepage.Make[uint32](nz)[:0]}
	dst := make([]int16, n)
	for r, k := range keys {
		if k == 0 {
			return nil, errors.New("wtable: key 0")
		}
		i := k >> t.shift
		for t.slots[i].key != 0 {
			if t.slots[i].key == k {
				return nil, errors.New("wtable: duplicate key")
			}
			i = (i + 1) & t.mask
		}
		clear(dst)
		row(r, dst)
		s := slot{key: k, off: uint32(len(t.pairs))}
		for j, w := range dst {
			if w != 0 {
				t.pairs = append(t.pairs, uint32(j)<<16|uint32(uint16(w)))
			}
		}
		s.cnt = uint32(len(t.pairs)) - s.off
		t.slots[i] = s
	}
	return t, nil
}

// N returns the number of labels of a row.
func (t *Table) N() int { return t.n }

// Scale returns the value of weight 1.
func (t *Table) Scale() float32 { return t.scale }

// Len returns the number of keys.
func (t *Table) Len() int { return t.count }

// Sum adds the rows of keys to acc (len at least N).
func (t *Table) Sum(acc []int32, keys []uint64) {
	slots, mask, shift, pairs := t.slots, t.mask, t.shift, t.pairs
	acc = acc[:t.n]
	for _, k := range keys {
		for i := k >> shift; ; i = (i + 1) & mask {
			s := &slots[i]
			if s.key == k {
				addPairs(acc, pairs[s.off:s.off+s.cnt])
				break
			}
			if s.key == 0 {
				break
			}
		}
	}
}

// addPairs adds a row's pairs to acc. A loop of its own, so that the
// compiler keeps its few values in registers: inside Sum's loops it kept
// the index and the pair on the stack, and each addition waited for
// their stores (about three times slower), and it does the same when
// this function is inlined there.
//
//go:noinline
func addPairs(acc []int32, ps []uint32) {
	for _, p := range ps {
		acc[p>>16] += int32(int16(uint16(p)))
	}
}

// Touch reads, for each of keys, the slot it hashes to and the first of
// that slot's pairs, and returns a value made of them (for a sink, so the
// reads are not optimised away). The reads do not depend on each other, so
// the processor overlaps their cache misses, which Sum's probing, branching
// on each key, cannot; a Sum of the same keys that follows finds them in
// cache.
func (t *Table) Touch(keys []uint64) uint64 {
	slots, shift, pairs := t.slots, t.shift, t.pairs
	if len(pairs) == 0 {
		return 0
	}
	last := uint32(len(pairs) - 1)
	var x uint64
	for _, k := range keys {
		s := &slots[k>>shift]
		x += s.key + uint64(pairs[min(s.off, last)])
	}
	return x
}

// Row writes the dense row of key k into dst (len at least N) and reports
// whether the table has k.
func (t *Table) Row(k uint64, dst []int16) bool {
	dst = dst[:t.n]
	clear(dst)
	for i := k >> t.shift; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == k && k != 0 {
			for _, p := range t.pairs[s.off : s.off+s.cnt] {
				dst[p>>16] = int16(uint16(p))
			}
			return true
		}
		if s.key == 0 {
			return false
		}
	}
}

// Keys returns the keys, sorted.
func (t *Table) Keys() []uint64 {
	keys := make([]uint64, 0, t.count)
	for _, s := range t.slots {
		if s.key != 0 {
			keys = append(keys, s.key)
		}
	}
	slices.Sort(keys)
	return keys
}
