// Package hugepage asks the kernel to back memory with 2 MB pages: large,
// long-lived arrays (Make), or the start of the Go heap (Heap).
//
// The taggers look their weights up at random in tables of several
// megabytes (internal/wtable, the NER gazetteer and word cache). With
// 4 KB pages nearly every lookup of a cold feature also misses the TLB,
// and filling a table faults in one page per 4 KB, each a trap into the
// kernel (several microseconds on the virtual machines entigraph was
// measured on, docs/benchmarks.md). Where transparent huge pages are
// enabled only on request (/sys/kernel/mm/transparent_hugepage/enabled
// says [madvise], as on many distributions), Go's heap never asks; Make
// does, for one array, and Heap for the memory the heap grows into.
//
// The request is a hint: the memory is the Go heap's as ever, and where the
// kernel declines or the system is not Linux it is simply backed by small
// pages.
package hugepage

import (
	"runtime"
	"unsafe"
)

// Size is the size of a huge page on the systems Make asks for them.
const Size = 2 << 20

// Make returns a zeroed slice of n Ts. When it spans at least a huge page,
// the kernel is asked to back the huge pages it covers with huge pages,
// and when T's size divides Size it starts on a huge page boundary so that
// it covers as many as it can. Call Make for arrays written soon after and
// kept long: a huge page is allocated whole on first touch.
func Make[T any](n int) []T {
	var zero T
	sz := unsafe.Sizeof(zero)
	if sz == 0 || uintptr(n)*sz < Size {
		return make([]T, n)
	}
	if Size%sz != 0 {
		s := make([]T, n)
		advise(s)
		return s
	}
	// Room to start on a boundary: the part before it is never touched, so
	// it costs address space, not memory.
	s := make([]T, n+int(Size/sz))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	off := int(((p+Size-1)&^(Size-1) - p) / sz)
	s = s[off : off+n : off+n]
	advise(s)
	return s
}

// Heap asks the kernel to back the first size bytes the Go heap grows
// into with huge pages. It allocates that much (mapped, never written),
// asks for huge pages under it, and lets the collector free it: the heap's
// next allocations reuse the lowest free addresses, its range among them.
// A command that builds a large heap at random (entigraph's graph store,
// maps and caches) spends far less on page faults and TLB misses; measured
// in docs/benchmarks.md. Call it once, first thing; it costs one
// collection of an empty heap.
func Heap(size int) {
	if size < Size {
		return
	}
	advise(make([]byte, size))
	runtime.GC() // frees it: nothing refers to it any more
}
