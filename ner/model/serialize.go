package model

import (
	_ "embed"
	"errors"
	"fmt"
	"io"

	"github.com/entigraph/entigraph/ner/internal/wfile"
)

// embedded is the committed model, written by `entigraph ner train`.
//
//go:embed model.bin.gz
var embedded []byte

// FileName is the name of the embedded model file in this package's folder.
const FileName = "model.bin.gz"

const (
	magic         = "ENTNER\x00"
	formatVersion = 1
)

// Encode writes m as gzip'd binary: a header, the training Info as JSON,
// then each pass's weights: the number of features, the quantisation
// step, the sorted feature keys as varint deltas and the 16-bit weights,
// label by label. The output depends only on the weights, so training
// twice with the same seed gives the same bytes.
func (m *Model) Encode(w io.Writer) error {
	info := m.info
	info.Version = formatVersion
	info.TwoPass = m.W2 != nil
	ws := []*packed{m.W}
	if m.W2 != nil {
		ws = append(ws, m.W2)
	}
	info.Features = 0
	for _, W := range ws {
		info.Features += W.n
	}
	fw, err := wfile.NewWriter(w, magic, info)
	if err != nil {
		return err
	}
	for _, W := range ws {
		keys := W.keys()
		fw.Table(keys, W.scale, NumLabels, func(i int) []int16 { return W.row(keys[i])[:] })
	}
	return fw.Close()
}

// Decode reads a model written by Encode. It fails if the model's features
// were computed with other gazetteers than the embedded ones.
func Decode(data []byte) (*Model, error) {
	m := &Model{}
	r, err := wfile.NewReader(data, magic, "NER model", &m.info)
	if err != nil {
		return nil, err
	}
	if m.info.Version != formatVersion {
		return nil, fmt.Errorf("model format %d, want %d", m.info.Version, formatVersion)
	}
	m.gaz, err = loadGazetteer()
	if err != nil {
		return nil, err
	}
	if m.info.Gazetteers != m.gaz.sum {
		return nil, errors.New("model trained with other gazetteers than the embedded ones: retrain it")
	}
	keys1, rows1, scale1, err := r.Table(NumLabels)
	if err != nil {
		return nil, err
	}
	if !m.info.TwoPass {
		m.W, err = newPacked(keys1, rows1, scale1)
		return m, err
	}
	keys2, rows2, scale2, err := r.Table(NumLabels)
	if err != nil {
		return nil, err
	}
	// Both passes in one table (mergePasses), each pass a view of it.
	t, err := mergePasses(keys1, rows1, keys2, rows2)
	if err != nil {
		return nil, err
	}
	m.W = &packed{t: t, off: 0, n: len(keys1), scale: scale1}
	m.W2 = &packed{t: t, off: NumLabels, n: len(keys2), scale: scale2}
	return m, nil
}
