package gvcache

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestMain puts TMPDIR back, as package render's init does: else the
// tests' temporary folders would be made in the cache folder.
func TestMain(m *testing.M) {
	Restore()
	os.Exit(m.Run())
}

// TestPrepareBesideAnotherProcess: another entigraph process starting at
// the same moment makes and removes probe files in the cache's folders
// (writable) while this one lists and opens their files. A file gone
// between the listing and the open is not an error (it was: "graphviz
// cache file .../.probe-2771199090: no such file or directory", seen when
// two fuzz workers started svg exports together).
func TestPrepareBesideAnotherProcess(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(base, "entigraph", "go-graphviz", "wazero-v0-test")
	if err := os.MkdirAll(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "module"), []byte("compiled"), 0o600); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the other process
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				if err := writable(sub); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()
	for range 2000 {
		if _, err := prepare(); err != nil {
			t.Error(err)
			break
		}
	}
	close(stop)
	wg.Wait()
}

func TestReadable(t *testing.T) {
	d := t.TempDir()
	p := filepath.Join(d, "f")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := readable(p); err != nil {
		t.Errorf("readable file: %v", err)
	}
	if err := readable(filepath.Join(d, "gone")); err != nil {
		t.Errorf("a file gone since the listing: %v", err)
	}
	// A file that is there but cannot be opened (under a file, as a
	// user without read permission would see it: root reads anything).
	bad := filepath.Join(p, "x")
	if err := readable(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("unopenable file: got %v, want an error naming %s", err, bad)
	}
}
