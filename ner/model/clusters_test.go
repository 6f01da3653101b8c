package model

import (
	"strings"
	"testing"

	"github.com/entigraph/entigraph/internal/fhash"
)

func TestClusterPrefix(t *testing.T) {
	for _, c := range []struct {
		id   uint16
		n    int
		want uint16
	}{
		{0b1_0110, 2, 0b1_01}, // path 0110, first 2 bits
		{0b1_0110, 4, 0b1_0110},
		{0b1_0110, 8, 0b1_0110}, // a shorter path is its own prefix
		{0b1_0110_1100_1010, 12, 0b1_0110_1100_1010},
		{0b1_0110_1100_1010, 4, 0b1_0110},
		{1, 4, 1}, // the root
	} {
		if got := ClusterPrefix(c.id, c.n); got != c.want {
			t.Errorf("ClusterPrefix(%b, %d) = %b, want %b", c.id, c.n, got, c.want)
		}
	}
}

// clusterOf returns the path of word w in table g (0: none).
func clusterOf(g *gazetteer, w string) uint16 {
	lw, _ := lowerHash(w, nil)
	return g.get(clusterKey(lw))
}

// TestClusters checks the committed clusters on words whose neighbours
// in the vectors are plain: the days of the week share a cluster, a
// surname and a first name share their coarse clusters with other names,
// not with the days; case does not matter; a non-word has none.
func TestClusters(t *testing.T) {
	g, err := loadClusters()
	if err != nil {
		t.Fatal(err)
	}
	mon, tue := clusterOf(g, "Monday"), clusterOf(g, "TUESDAY")
	if mon == 0 || mon != tue {
		t.Errorf("Monday %b and Tuesday %b are not in one cluster", mon, tue)
	}
	smith, jones := clusterOf(g, "Smith"), clusterOf(g, "jones")
	if smith == 0 || ClusterPrefix(smith, 8) != ClusterPrefix(jones, 8) {
		t.Errorf("Smith %b and Jones %b differ in their first 8 bits", smith, jones)
	}
	if ClusterPrefix(smith, 4) == ClusterPrefix(mon, 4) {
		t.Errorf("Smith %b and Monday %b share their first 4 bits", smith, mon)
	}
	if c := clusterOf(g, "xq7-zz9"); c != 0 {
		t.Errorf("a non-word has cluster %b", c)
	}
	n := 0
	for i, k := range g.keys {
		if k != 0 && (g.vals[i] < 2 || g.vals[i] >= 1<<15) {
			t.Fatalf("path %b: not 1 to 14 bits", g.vals[i])
		}
		if k != 0 {
			n++
		}
	}
	if n < 300_000 {
		t.Errorf("%d words, want at least 300,000", n)
	}
}

// TestLoadClusters checks the exported table: the same paths as the
// tagger's table, by the hash of a word's lower case, and the file's sum.
func TestLoadClusters(t *testing.T) {
	c, err := LoadClusters()
	if err != nil {
		t.Fatal(err)
	}
	g, err := loadClusters()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Monday", "smith", "the", "xq7-zz9"} {
		if got, want := c.Path(fhash.String(strings.ToLower(w))), clusterOf(g, w); got != want {
			t.Errorf("Path(%q) = %b, want %b", w, got, want)
		}
	}
	if c.Path(fhash.String("monday")) == 0 {
		t.Error("monday has no cluster")
	}
	if c.Sum() != g.sum || len(c.Sum()) != 64 {
		t.Errorf("Sum %q, want %q", c.Sum(), g.sum)
	}
}

// TestParseClustersErrors checks that a bad table is refused with the
// file's name and line.
func TestParseClustersErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"01\tthe a\n0x1\tof\n", "t.txt line 2: path \"0x1\""},
		{"01 the a\n", "t.txt line 1: want a path"},
		{"0101010101010101\tthe\n", "t.txt line 1: want a path of at most 15 bits"},
	} {
		_, err := parseClusters([]byte(c.in), "t.txt")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
	g, err := parseClusters([]byte("0\tthe a\n1\tof\n"), "t.txt")
	if err != nil {
		t.Fatal(err)
	}
	if clusterOf(g, "The") != 0b10 || clusterOf(g, "of") != 0b11 {
		t.Errorf("the %b, of %b", clusterOf(g, "the"), clusterOf(g, "of"))
	}
}
