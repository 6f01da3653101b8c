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
		info.Features += len(W.keys)
	}
	fw, err := wfile.NewWriter(w, magic, info)
	if err != nil {
		return err
	}
	for _, W := range ws {
		fw.Table(W.keys, W.scale, NumLabels, func(i int) []int16 { return W.row(W.keys[i])[:] })
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
	passes := 1
	if m.info.TwoPass {
		passes = 2
	}
	for pass := 0; pass < passes; pass++ {
		W, err := readWeights(r)
		if err != nil {
			return nil, err
		}
		if pass == 0 {
			m.W = W
		} else {
			m.W2 = W
		}
	}
	return m, nil
}

func readWeights(r *wfile.Reader) (*packed, error) {
	keys, rows, scale, err := r.Table(NumLabels)
	if err != nil {
		return nil, err
	}
	return newPacked(keys, rows, scale), nil
}
