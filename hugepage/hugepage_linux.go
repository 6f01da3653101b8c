package hugepage

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// advise asks for huge pages under the part of s that covers whole ones.
func advise[T any](s []T) {
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	end := (p + uintptr(len(s))*unsafe.Sizeof(s[0])) &^ (Size - 1)
	start := (p + Size - 1) &^ (Size - 1)
	if end > start {
		// A hint: an error (no transparent huge pages, an old kernel)
		// leaves small pages.
		unix.Syscall(unix.SYS_MADVISE, start, end-start, unix.MADV_HUGEPAGE)
	}
	runtime.KeepAlive(s)
}
