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
// request, that an array from Make gets them once written. It measures in
// a new process (this test binary run again), whose heap has not yet
// touched the memory Make gets: in this one, earlier tests may have.
func TestHugePages(t *testing.T) {
	if os.Getenv("HUGEPAGE_CHILD") == "1" {
		before := anonHuge(t)
		s := Make[uint64](4 * Size / 8)
		for i := range s {
			s[i] = uint64(i)
		}
		after := anonHuge(t)
		runtime.KeepAlive(s)
		fmt.Printf("anon-huge %d %d\n", before, after)
		return
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if runtime.GOOS != "linux" || err != nil || !strings.Contains(string(mode), "[madvise]") && !strings.Contains(string(mode), "[always]") {
		t.Skipf("transparent huge pages are not available here (%q, %v)", strings.TrimSpace(string(mode)), err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHugePages$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HUGEPAGE_CHILD=1")
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
	if after-before < Size>>10 {
		t.Errorf("AnonHugePages went from %d kB to %d kB after writing %d MB from Make: no huge page", before, after, 4*Size>>20)
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
