package model

import (
	_ "embed"
	"fmt"
	"io"
	"math"

	"github.com/entigraph/entigraph/internal/wfile"
)

// embedded is the committed model, written by `entigraph ner train`.
//
//go:embed model.bin.zst
var embedded []byte

// FileName is the name of the embedded model file in this package's folder.
const FileName = "model.bin.zst"

const (
	magic         = "ENTNER\x00"
	formatVersion = 3
)

// Encode writes m as gzip'd binary: a header, the training Info as JSON,
// the gazetteer the features were computed with (sorted sequence hashes
// and their lists), then the weights: for a two-pass model, each pass's
// feature count and quantisation step, then one table of both passes'
// rows side by side (mergePasses), its sorted feature keys as varint
// deltas and each row's non-zero weights. The output depends only on the
// weights and the gazetteer, so training twice with the same seed gives
// the same bytes.
func (m *Model) Encode(w io.Writer) error {
	info := m.info
	info.Version = formatVersion
	info.TwoPass = m.W2 != nil
	info.Features = m.W.n
	if m.W2 != nil {
		info.Features += m.W2.n
	}
	fw, err := wfile.NewWriter(w, magic, info)
	if err != nil {
		return err
	}
	m.gaz.encode(fw)
	m.gaz.clus.encode(fw)
	t, n := m.W.t, NumLabels
	if m.W2 != nil {
		t, n = merged(m.W, m.W2), bothLabels
		for _, W := range []*packed{m.W, m.W2} {
			fw.Uvarint(uint64(W.n))
			fw.Uvarint(uint64(math.Float32bits(W.scale)))
		}
	}
	keys := t.Keys()
	row := make([]int16, n)
	fw.Table(keys, t.Scale(), n, func(i int) []int16 {
		t.Row(keys[i], row)
		return row
	})
	return fw.Close()
}

// Decode reads a model written by Encode.
func Decode(data []byte) (*Model, error) {
	m := &Model{}
	r, err := wfile.NewReader(data, magic, "NER model", &m.info)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if m.info.Version != formatVersion {
		return nil, fmt.Errorf("model format %d, want %d: retrain it", m.info.Version, formatVersion)
	}
	if m.gaz, err = decodeGazetteer(r); err != nil {
		return nil, err
	}
	m.gaz.sum = m.info.Gazetteers
	if m.gaz.clus, err = decodeGazetteer(r); err != nil {
		return nil, err
	}
	m.gaz.clus.sum = m.info.Clusters
	if !m.info.TwoPass {
		t, err := r.Table(NumLabels)
		if err != nil {
			return nil, err
		}
		m.W = &packed{t: t, n: t.Len(), scale: t.Scale()}
		return m, nil
	}
	// Both passes in one table, each pass a view of it.
	var ns [2]int
	var scales [2]float32
	for p := range 2 {
		n, err := r.Uvarint()
		if err != nil || n > 1<<24 {
			return nil, fmt.Errorf("bad feature count %d: %v", n, err)
		}
		s, err := r.Uvarint()
		if err != nil || s > math.MaxUint32 {
			return nil, fmt.Errorf("bad weight scale: %v", err)
		}
		ns[p], scales[p] = int(n), math.Float32frombits(uint32(s))
	}
	t, err := r.Table(bothLabels)
	if err != nil {
		return nil, err
	}
	m.W = &packed{t: t, off: 0, n: ns[0], scale: scales[0]}
	m.W2 = &packed{t: t, off: NumLabels, n: ns[1], scale: scales[1]}
	return m, nil
}
