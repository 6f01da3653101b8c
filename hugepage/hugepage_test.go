package hugepage

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, Size/8 - 1, Size / 8, 3*Size/8 + 5} {
		s := Make[uint64](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Make(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i, x := range s {
			if x != 0 {
				t.Fatalf("Make(%d)[%d] = %d, want zeroed memory", n, i, x)
			}
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(s))); n >= Size/8 && p%Size != 0 {
			t.Errorf("Make(%d) starts at %#x, not on a huge page boundary", n, p)
		}
	}
	// An element whose size does not divide Size: no boundary to start on.
	const n = 2*Size/680 + 1
	s := Make[[680]byte](n)
	if len(s) != n || s[n-1] != [680]byte{} {
		t.Errorf("Make of 680-byte elements: len %d", len(s))
	}
}

// TestHugePages checks, where the kernel grants transparent huge pages on
// request, that an array from Make gets them once written, and that after
// Heap ordinary allocations do. It measures in new processes (this test
// binary run again), whose heap has not yet touched the memory they get:
// in this one, earlier tests may have.
func TestHugePages(t *testing.T) {
	switch os.Getenv("HUGEPAGE_CHILD") {
	case "make":
		before := anonHuge(t)
		s := Make[uint64](4 * Size / 8)
		for i := range s {
			s[i] = uint64(i)
		}
		fmt.Printf("anon-huge %d %d\n", before, anonHuge(t))
		runtime.KeepAlive(s)
		return
	case "heap", "noheap":
		if os.Getenv("HUGEPAGE_CHILD") == "heap" {
			Heap(64 << 20)
		}
		before := anonHuge(t)
		// 8 MB in small objects, as a program's heap grows.
		var keep [][]byte
		for range 8 << 10 {
			b := make([]byte, 1<<10)
			b[0] = 1
			keep = append(keep, b)
		}
		fmt.Printf("anon-huge %d %d\n", before, anonHuge(t))
		runtime.KeepAlive(keep)
		return
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if runtime.GOOS != "linux" || err != nil || !strings.Contains(string(mode), "[madvise]") && !strings.Contains(string(mode), "[always]") {
		t.Skipf("transparent huge pages are not available here (%q, %v)", strings.TrimSpace(string(mode)), err)
	}
	grew := func(child string) int {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHugePages$", "-test.count=1")
		cmd.Env = append(os.Environ(), "HUGEPAGE_CHILD="+child)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		var before, after int
		if i := strings.Index(string(out), "anon-huge "); i < 0 {
			t.Fatalf("child printed no figures:\n%s", out)
		} else if _, err := fmt.Sscanf(string(out[i:]), "anon-huge %d %d", &before, &after); err != nil {
			t.Fatal(err)
		}
		return after - before
	}
	if g := grew("make"); g < Size>>10 {
		t.Errorf("AnonHugePages grew by %d kB after writing %d MB from Make: no huge page", g, 4*Size>>20)
	}
	if strings.Contains(string(mode), "[madvise]") {
		if g := grew("heap"); g < Size>>10 {
			t.Errorf("AnonHugePages grew by %d kB after allocating 8 MB past Heap: no huge page", g)
		}
		if g := grew("noheap"); g >= Size>>10 {
			t.Errorf("AnonHugePages grew by %d kB after allocating 8 MB without Heap: the test cannot tell", g)
		}
	}
}

// anonHuge returns the process's AnonHugePages, in kB.
func anonHuge(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "AnonHugePages:" {
			n, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("no AnonHugePages in /proc/self/smaps_rollup")
	return 0
}
