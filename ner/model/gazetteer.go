package model

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/entigraph/entigraph/hugepage"
	"github.com/entigraph/entigraph/internal/fhash"
	"github.com/entigraph/entigraph/internal/wfile"
)

//go:embed gazetteers/*.txt
var gazetteerFS embed.FS

// gazList describes one embedded list: its file, and whether a match must
// start with a capitalised token.
type gazList struct {
	name    string
	needCap bool
}

// gazLists are the gazetteers in feature order. Appending is safe; changing
// the order or the files changes the features, so the model records their
// checksum and Load refuses a model trained with other lists.
var gazLists = []gazList{
	{"country", true},
	{"capital", true},
	{"city", true},
	{"demonym", true},
	{"firstname", true},
	{"name", true},
	{"orgkey", true},
	{"title", false},
	{"lockey", true},
	{"wnperson", true},
	{"wnlocation", true},
	{"wnorg", true},
	{"proper", true},
	{"common", false},
}

const numGaz = 14

// maxGazLen is the longest entry, in tokens, that is matched.
const maxGazLen = 6

// gazetteer matches token sequences against the lists.
type gazetteer struct {
	// Open addressing over sequence hashes: keys[i] (0: empty) has value
	// vals[i], the bits of the lists holding the sequence, and isPrefix
	// when it is a proper prefix of an entry. Two arrays rather than one
	// of key-value pairs: most lookups are of sequences no list has, and
	// they read keys only, half the memory a padded pair array takes.
	// A key's first slot is given by its high bits (k >> shift), so
	// that a table written from sorted keys (decodeGazetteer) is written
	// front to back.
	keys    []uint64
	vals    []uint16
	mask    uint64
	shift   uint
	needCap uint16
	sum     string // SHA-256 over the lists' names and contents
	// clus, in the gazetteer of the lists, is the table of word clusters
	// (clusters.go), which travels with it.
	clus *gazetteer
}

// newGazetteer returns an empty table for n sequences, at most 3/4 full.
func newGazetteer(n int) *gazetteer {
	size, bits := 1024, uint(10)
	for size*3 < 4*n {
		size *= 2
		bits++
	}
	// Read at random for every token (hugepage).
	g := &gazetteer{keys: hugepage.Make[uint64](size), vals: hugepage.Make[uint16](size), mask: uint64(size - 1), shift: 64 - bits}
	for i, l := range gazLists {
		if l.needCap {
			g.needCap |= 1 << i
		}
	}
	return g
}

// loadGazetteer builds the gazetteer from the lists, as training does.
// Tagging reads the one a model file carries (decodeGazetteer).
func loadGazetteer() (*gazetteer, error) {
	g := newGazetteer(390_000) // room for the lists as they are: 2^19 slots
	h := sha256.New()
	var lb []byte
	for i, l := range gazLists {
		b, err := gazetteerFS.ReadFile("gazetteers/" + l.name + ".txt")
		if err != nil {
			return nil, err
		}
		h.Write([]byte(l.name + "\n"))
		h.Write(b)
		// One entry a line, tokens separated by spaces; no allocation per
		// line.
		rest := string(b)
		for len(rest) > 0 {
			line := rest
			if j := strings.IndexByte(rest, '\n'); j >= 0 {
				line, rest = rest[:j], rest[j+1:]
			} else {
				rest = ""
			}
			s, n := seqSeed, 0
			for len(line) > 0 {
				for len(line) > 0 && (line[0] == ' ' || line[0] == '\t' || line[0] == '\r') {
					line = line[1:]
				}
				if len(line) == 0 {
					break
				}
				j := 0
				for j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' {
					j++
				}
				if n > 0 {
					if !g.add(s, isPrefix) {
						return nil, errors.New("gazetteers too large for their table")
					}
				}
				var lw uint64
				lw, lb = lowerHash(line[:j], lb[:0])
				s = fhash.Pair(s, lw)
				n++
				line = line[j:]
			}
			if n == 0 || n > maxGazLen {
				continue
			}
			if !g.add(s, 1<<i) {
				return nil, errors.New("gazetteers too large for their table")
			}
		}
	}
	g.sum = hex.EncodeToString(h.Sum(nil))
	clus, err := loadClusters()
	g.clus = clus
	return g, err
}

// isPrefix marks a sequence that is a proper prefix of an entry.
const isPrefix = 1 << 15

// add ors bits into the value of key k; false when the table is too full.
func (g *gazetteer) add(k uint64, bits uint16) bool {
	if k == 0 {
		k = 1
	}
	for i, n := k>>g.shift, 0; n < 256; i, n = (i+1)&g.mask, n+1 {
		switch g.keys[i] {
		case k:
			g.vals[i] |= bits
			return true
		case 0:
			g.keys[i], g.vals[i] = k, bits
			return true
		}
	}
	return false
}

// encode writes the table's sequences, sorted, as varint deltas, each
// with its value.
func (g *gazetteer) encode(w *wfile.Writer) {
	type entry struct {
		k uint64
		v uint16
	}
	var es []entry
	for i, k := range g.keys {
		if k != 0 {
			es = append(es, entry{k, g.vals[i]})
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.k, b.k) })
	w.Uvarint(uint64(len(es)))
	prev := uint64(0)
	for _, e := range es {
		w.Uvarint(e.k - prev)
		w.Uvarint(uint64(e.v))
		prev = e.k
	}
}

// decodeGazetteer reads a table written by encode. The model file
// carries the gazetteer its features were computed with: building it from
// the lists (loadGazetteer) costs every process tens of milliseconds of
// hashing and a cache miss per sequence, where this reads sorted keys
// into slots front to back.
//
// The table is sized by the entries read, not by the count the file
// gives: a damaged count (up to 2M) must not allocate tens of megabytes
// ahead of a file that holds a few bytes.
func decodeGazetteer(r *wfile.Reader) (*gazetteer, error) {
	n, err := r.Uvarint()
	if err != nil || n > 1<<21 { // the lists hold 317k sequences
		return nil, fmt.Errorf("bad gazetteer size %d: %v", n, err)
	}
	type entry struct {
		k uint64
		v uint16
	}
	// Read in chunks: a growing slice would copy, and allocate about
	// four times what it holds.
	const chunk = 1 << 14
	var chunks [][]entry
	k := uint64(0)
	for i := 0; i < int(n); i++ {
		d, err := r.Uvarint()
		if err != nil {
			return nil, err
		}
		v, err := r.Uvarint()
		if err != nil {
			return nil, err
		}
		if d == 0 || v == 0 || v > 1<<16-1 {
			return nil, errors.New("bad gazetteer entry")
		}
		k += d
		if i%chunk == 0 {
			chunks = append(chunks, make([]entry, 0, min(int(n)-i, chunk)))
		}
		c := &chunks[len(chunks)-1]
		*c = append(*c, entry{k, uint16(v)})
	}
	g := newGazetteer(int(n))
	for _, c := range chunks {
		for _, e := range c {
			if !g.add(e.k, e.v) {
				return nil, errors.New("gazetteer too large for its table")
			}
		}
	}
	return g, nil
}

// get returns the value of key k (0 when absent).
func (g *gazetteer) get(k uint64) uint16 {
	if k == 0 {
		k = 1
	}
	for i := k >> g.shift; ; i = (i + 1) & g.mask {
		switch g.keys[i] {
		case k:
			return g.vals[i]
		case 0:
			return 0
		}
	}
}

const seqSeed uint64 = 0x243f6a8885a308d3

// match marks in toks[i].gaz the position (1 Begin, 2 Inside, 3 Last,
// 4 Unit) of each token in the longest matches of each list, left to right
// without overlaps within a list.
func (g *gazetteer) match(toks []tokinfo) {
	var next [numGaz]int
	for i := range toks {
		toks[i].gaz = [numGaz]uint8{}
	}
	for i := range toks {
		var best [numGaz]int
		s := uint64(seqSeed)
		found := false
		for n := 1; n <= maxGazLen && i+n <= len(toks); n++ {
			s = fhash.Pair(s, toks[i+n-1].lw)
			v := g.get(s)
			if m := v &^ isPrefix; m != 0 {
				if toks[i].cap == capLower || toks[i].cap == capNone {
					m &^= g.needCap
				}
				for l := 0; l < numGaz; l++ {
					if m&(1<<l) != 0 {
						best[l] = n
						found = true
					}
				}
			}
			if v&isPrefix == 0 {
				break
			}
		}
		if !found {
			continue
		}
		for l := 0; l < numGaz; l++ {
			n := best[l]
			if n == 0 || i < next[l] {
				continue
			}
			next[l] = i + n
			if n == 1 {
				toks[i].gaz[l] = 4
				continue
			}
			toks[i].gaz[l] = 1
			for j := i + 1; j < i+n-1; j++ {
				toks[j].gaz[l] = 2
			}
			toks[i+n-1].gaz[l] = 3
		}
	}
}
