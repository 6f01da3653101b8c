package learn

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/entigraph/entigraph/internal/wfile"
	"github.com/entigraph/entigraph/kg"
)

// None is the class of a candidate that states no relation: class 0.
const None = "NONE"

// Classes are the classifier's classes: None, then the ontology's
// predicates in kg.Predicates' order.
var Classes = func() []string {
	out := []string{None}
	for _, p := range kg.Predicates {
		out = append(out, p.ID)
	}
	return out
}()

// ClassOf returns a predicate's class index, 0 (None) for an unknown one.
func ClassOf(predicate string) int {
	for i, c := range Classes {
		if c == predicate {
			return i
		}
	}
	return 0
}

var allowedCache sync.Map // [2]kg.EntityType -> []int

// AllowedClasses returns the classes (predicate indices, None excluded)
// whose predicate takes a subject of type s and an object of type o.
func AllowedClasses(s, o kg.EntityType) []int {
	k := [2]kg.EntityType{s, o}
	if v, ok := allowedCache.Load(k); ok {
		return v.([]int)
	}
	var out []int
	for i, p := range kg.Predicates {
		if p.Allows(s, o) {
			out = append(out, i+1)
		}
	}
	allowedCache.Store(k, out)
	return out
}

// Example is one candidate for training: its features, the classes its
// types allow (None excluded) and its gold class.
type Example struct {
	Features []uint64
	Allowed  []int
	Label    int
}

// Info describes how a model was trained; it is written in the model
// file's header.
type Info struct {
	Version  int      `json:"version"`
	Classes  []string `json:"classes"`
	Epochs   int      `json:"epochs"`
	Seed     uint64   `json:"seed"`
	Docs     int      `json:"docs"`
	Examples int      `json:"examples"`
	Positive int      `json:"positive"`
	Features int      `json:"features"`
	// Gates are the margins the combined stage asks of each predicate's
	// learned relations (Combined), chosen by cross-validation on the
	// training documents.
	Gates Gates `json:"gates,omitempty"`
	// Coref: the candidates include the pronouns and descriptions coref
	// links (WithCoref), in training and in use.
	Coref bool `json:"coref,omitempty"`
}

// Model is a trained multi-class linear classifier over hashed features:
// one weight per feature and class (the averaged perceptron's averages).
type Model struct {
	Info  Info
	index map[uint64]int32
	w     []float32 // len(index) rows of len(Classes)
}

// TrainOptions fix a training run; the same examples and options give the
// same model, bit for bit.
type TrainOptions struct {
	Epochs int    // passes over the examples (default 10)
	Seed   uint64 // the order of the examples in each pass
	Docs   int    // recorded in Info
	Coref  bool   // recorded in Info: the examples include WithCoref's mentions
}

// Train fits a multi-class averaged perceptron: each example is scored
// for None and its allowed classes, and on a mistake the gold class's
// weights of its features go up by one and the predicted class's down by
// one. The returned weights are each weight's average over all steps.
// Examples are visited in an order shuffled with Seed, anew each epoch.
func Train(exs []Example, o TrainOptions) *Model {
	if o.Epochs <= 0 {
		o.Epochs = 10
	}
	nc := len(Classes)
	index := map[uint64]int32{}
	var keys []uint64
	for _, ex := range exs {
		for _, f := range ex.Features {
			if _, ok := index[f]; !ok {
				index[f] = int32(len(keys))
				keys = append(keys, f)
			}
		}
	}
	w := make([]int64, len(keys)*nc)
	u := make([]int64, len(keys)*nc) // sum of step * update, for averaging
	rng := rand.New(rand.NewPCG(o.Seed, 0x656e7469677261))
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	step := int64(1)
	positive := 0
	for _, ex := range exs {
		if ex.Label != 0 {
			positive++
		}
	}
	for range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			ex := &exs[i]
			best, bestScore := 0, int64(0)
			for _, f := range ex.Features {
				bestScore += w[int(index[f])*nc]
			}
			for _, c := range ex.Allowed {
				s := int64(0)
				for _, f := range ex.Features {
					s += w[int(index[f])*nc+c]
				}
				if s > bestScore {
					best, bestScore = c, s
				}
			}
			if best != ex.Label {
				for _, f := range ex.Features {
					r := int(index[f]) * nc
					w[r+ex.Label]++
					u[r+ex.Label] += step
					w[r+best]--
					u[r+best] -= step
				}
			}
			step++
		}
	}
	m := &Model{Info: Info{Version: formatVersion, Classes: Classes, Epochs: o.Epochs, Seed: o.Seed, Docs: o.Docs,
		Examples: len(exs), Positive: positive, Coref: o.Coref}}
	m.index = map[uint64]int32{}
	slices.Sort(keys)
	for _, k := range keys {
		r := int(index[k]) * nc
		row := make([]float32, nc)
		nz := false
		for c := range nc {
			row[c] = float32(float64(w[r+c]) - float64(u[r+c])/float64(step))
			nz = nz || row[c] != 0
		}
		if !nz {
			continue
		}
		m.index[k] = int32(len(m.w) / nc)
		m.w = append(m.w, row...)
	}
	m.Info.Features = len(m.index)
	return m
}

// Predict returns the best class among None and allowed for the features,
// and its margin over None (0 when None wins).
func (m *Model) Predict(features []uint64, allowed []int) (int, float32) {
	nc := len(Classes)
	var scores [64]float32
	for _, f := range features {
		r, ok := m.index[f]
		if !ok {
			continue
		}
		row := m.w[int(r)*nc : int(r+1)*nc]
		scores[0] += row[0]
		for _, c := range allowed {
			scores[c] += row[c]
		}
	}
	best := 0
	for _, c := range allowed {
		if scores[c] > scores[best] {
			best = c
		}
	}
	return best, scores[best] - scores[0]
}

// FileName is the committed model's file name in this package's folder.
const FileName = "model.bin.zst"

//go:embed model.bin.zst
var embedded []byte

const (
	magic         = "ENTREL\x00"
	formatVersion = 1
)

// Default returns the committed model, decoded once.
var Default = sync.OnceValues(func() (*Model, error) {
	m, err := Decode(embedded)
	if err != nil {
		return nil, fmt.Errorf("relation/learn: embedded %s: %w", FileName, err)
	}
	return m, nil
})

// Encode writes the model in the format of the taggers' files
// (internal/wfile: zstd of a magic string and the Info as JSON), then the
// number of features, then the features in increasing order of hash, each
// as the varint delta from the previous one, its count of non-zero weights
// and each as a class byte and a little-endian float32. The bytes depend
// only on the weights and the Info: training twice the same way writes the
// same file.
func (m *Model) Encode(w io.Writer) error {
	info := m.Info
	info.Version = formatVersion
	info.Classes = Classes
	info.Features = len(m.index)
	fw, err := wfile.NewWriter(w, magic, info)
	if err != nil {
		return err
	}
	keys := make([]uint64, 0, len(m.index))
	for k := range m.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fw.Uvarint(uint64(len(keys)))
	nc := len(Classes)
	prev := uint64(0)
	for _, k := range keys {
		fw.Uvarint(k - prev)
		prev = k
		row := m.w[int(m.index[k])*nc : int(m.index[k]+1)*nc]
		nz := 0
		for _, x := range row {
			if x != 0 {
				nz++
			}
		}
		fw.Uvarint(uint64(nz))
		for c, x := range row {
			if x != 0 {
				fw.Byte(byte(c))
				bits := math.Float32bits(x)
				for s := 0; s < 32; s += 8 {
					fw.Byte(byte(bits >> s))
				}
			}
		}
	}
	return fw.Close()
}

// Decode reads a model written by Encode. A model of other classes than
// this build's (an ontology that changed since) is an error: retrain it.
func Decode(data []byte) (*Model, error) {
	m := &Model{}
	r, err := wfile.NewReader(data, magic, "relation model", &m.Info)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if m.Info.Version != formatVersion {
		return nil, fmt.Errorf("relation model format %d, want %d: retrain it", m.Info.Version, formatVersion)
	}
	if !slices.Equal(m.Info.Classes, Classes) {
		return nil, fmt.Errorf("relation model classes %v differ from the ontology's: retrain it", m.Info.Classes)
	}
	nc := len(Classes)
	nk, err := r.Uvarint()
	if err != nil || nk > uint64(len(data))*64 {
		// A feature takes at least two bytes before compression, which
		// zstd shrinks at most about 32-fold here: a larger count is
		// damage, and must not size the tables.
		return nil, fmt.Errorf("relation model: bad feature count %d: %v", nk, err)
	}
	m.index = make(map[uint64]int32, nk)
	m.w = make([]float32, 0, int(nk)*nc)
	k := uint64(0)
	for i := range nk {
		d, err := r.Uvarint()
		if err != nil || (d == 0 && i > 0) {
			return nil, fmt.Errorf("relation model: feature %d: bad key (%v)", i, err)
		}
		k += d
		nz, err := r.Uvarint()
		if err != nil || nz > uint64(nc) {
			return nil, fmt.Errorf("relation model: feature %d: bad weight count %d (%v)", i, nz, err)
		}
		row := make([]float32, nc)
		for range nz {
			var buf [5]byte
			for j := range buf {
				if buf[j], err = r.Byte(); err != nil {
					return nil, fmt.Errorf("relation model: feature %d: %w", i, err)
				}
			}
			if int(buf[0]) >= nc {
				return nil, fmt.Errorf("relation model: feature %d: class %d out of range", i, buf[0])
			}
			row[buf[0]] = math.Float32frombits(binary.LittleEndian.Uint32(buf[1:]))
		}
		m.index[k] = int32(i)
		m.w = append(m.w, row...)
	}
	if _, err := r.Byte(); err == nil {
		return nil, errors.New("relation model: bytes after the weights")
	}
	return m, nil
}
