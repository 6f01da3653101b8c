package model

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"math/bits"
	"strings"
	"sync"

	"github.com/entigraph/entigraph/internal/fhash"
)

// Word clusters: each word of clusters/glove.txt has a path in a binary
// tree of clusters of pre-trained word vectors (see clusters/README.md),
// and the prefixes of its path are features of the word and of its
// neighbours, in the manner of Brown cluster features (Ratinov and Roth,
// 2009; Turian et al., 2010). They let what the model learnt of a word
// carry over to the words the vectors put near it, seen in training or not.

//go:embed clusters/glove.txt
var clustersFile []byte

// The table maps a word's lower case hash (clusterKey) to its path as a heap number:
// 1 followed by the path's bits (path "01" is 0b101), so a path of up to 15
// bits fits in a uint16 that is never 0. It is a gazetteer table (a
// sequence is a word's hash alone), which the model file carries.

// loadClusters builds the cluster table from clusters/glove.txt, as
// training does. Tagging reads the one the model file carries.
func loadClusters() (*gazetteer, error) {
	return parseClusters(clustersFile, "clusters/glove.txt")
}

// parseClusters builds a cluster table from b, named name in errors: one
// leaf cluster a line, its path, a tab, then its words separated by spaces.
func parseClusters(b []byte, name string) (*gazetteer, error) {
	g := newGazetteer(350_000)
	sum := sha256.Sum256(b)
	g.sum = hex.EncodeToString(sum[:])
	var lb []byte
	n := 0
	for line := range strings.Lines(string(b)) {
		n++
		path, words, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !ok || len(path) > 15 {
			return nil, fmt.Errorf("%s line %d: want a path of at most 15 bits, a tab and words", name, n)
		}
		id := uint16(1)
		for _, c := range []byte(path) {
			if c != '0' && c != '1' {
				return nil, fmt.Errorf("%s line %d: path %q is not of 0s and 1s", name, n, path)
			}
			id = id<<1 | uint16(c-'0')
		}
		for w := range strings.SplitSeq(words, " ") {
			var lw uint64
			lw, lb = lowerHash(w, lb[:0])
			k := clusterKey(lw)
			if g.get(k) != 0 {
				continue // two spellings of one lower case: the first
			}
			if !g.add(k, id) {
				return nil, fmt.Errorf("%s: too many words for the table", name)
			}
		}
	}
	return g, nil
}

// Clusters is the table of word clusters of clusters/glove.txt for the
// models of other packages (syntax/parse reads it). It is safe for
// concurrent use.
type Clusters struct{ g *gazetteer }

// LoadClusters returns the table of clusters/glove.txt that the built-in
// model carries (TestClustersInModel checks it is the file's): it decodes
// the model on the first call (Load), which is several times faster than
// building the table from the file, and costs nothing more in a process
// that tags with the model too.
func LoadClusters() (*Clusters, error) { return loadSharedClusters() }

var loadSharedClusters = sync.OnceValues(func() (*Clusters, error) {
	m, err := Load()
	if err != nil {
		return nil, err
	}
	return &Clusters{m.gaz.clus}, nil
})

// Path returns the cluster path of the word whose lower case hashes to lw
// (fhash.Bytes of it) as a heap number: 1 followed by the path's bits (see
// ClusterPrefix), 0 when the word is not in the table.
func (c *Clusters) Path(lw uint64) uint16 { return c.g.get(clusterKey(lw)) }

// Sum returns the SHA-256 of clusters/glove.txt (hex), for a model trained
// on the table to record and check.
func (c *Clusters) Sum() string { return c.g.sum }

// clusterKey is the table's key of a word whose lower case hash is lw (a
// mix of it: a table's slot is chosen by a key's high bits, which FNV-1a
// spreads poorly over short words).
func clusterKey(lw uint64) uint64 { return fhash.Mix(lw ^ 0x9e3779b97f4a7c15) }

// cluster sets t.clus from table c. Only the word-only features read it,
// which tagging computes once per word (wordCache), so tagging looks it up
// there and not for every token.
func (c *gazetteer) cluster(t *tokinfo) { t.clus = c.get(clusterKey(t.lw)) }

// ClusterPrefix returns the heap number of the first n bits of path id
// (id itself when its path is not longer): a coarser cluster.
func ClusterPrefix(id uint16, n int) uint16 {
	if d := bits.Len16(id) - 1; d > n {
		return id >> (d - n)
	}
	return id
}

// Prefix lengths of the cluster paths that are features: of the word
// itself, and of the words next to it (chosen on dev: see README.md).
var (
	selfPrefixes      = [...]int{4, 8, 12, 14}
	neighbourPrefixes = [...]int{8}
)

// clusterFeature is the value of template t's feature for prefix length n
// of path id.
func clusterFeature(t tmpl, id uint16, n int) uint64 {
	return feat(t, fhash.Pair(uint64(n), uint64(ClusterPrefix(id, n))))
}
