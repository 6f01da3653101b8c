package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/export/render/internal/gvcache"
)

// TestGraphvizCacheFolder: go-graphviz, which starts in its package init,
// compiled into the user's cache folder gvcache chose (so gvcache's init
// did run first), and TMPDIR is back as it was.
func TestGraphvizCacheFolder(t *testing.T) {
	if err := gvcache.Err(); err != nil {
		t.Skipf("this user has no usable cache folder, so go-graphviz runs without one: %v", err)
	}
	dir := gvcache.Dir()
	m, err := filepath.Glob(filepath.Join(dir, "wazero-*"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no wazero cache in %s (%v): go-graphviz started before gvcache", dir, err)
	}
	if tmp := os.Getenv("TMPDIR"); tmp == filepath.Dir(dir) || strings.HasPrefix(tmp, "/dev/null") {
		t.Errorf("TMPDIR is still %q", tmp)
	}
}
