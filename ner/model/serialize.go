package model

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
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
	js, err := json.Marshal(info)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	var b [binary.MaxVarintLen64]byte
	put := func(x uint64) { bw.Write(b[:binary.PutUvarint(b[:], x)]) }
	put(uint64(len(js)))
	bw.Write(js)
	for _, W := range ws {
		put(uint64(len(W.keys)))
		binary.Write(bw, binary.LittleEndian, math.Float32bits(W.scale))
		prev := uint64(0)
		for _, k := range W.keys {
			put(k - prev)
			prev = k
		}
		rows := make([]*[NumLabels]int16, len(W.keys))
		for i, k := range W.keys {
			rows[i] = W.row(k)
		}
		for l := 0; l < NumLabels; l++ {
			for i := range W.keys {
				v := rows[i][l]
				bw.WriteByte(byte(uint16(v)))
				bw.WriteByte(byte(uint16(v) >> 8))
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Decode reads a model written by Encode. It fails if the model's features
// were computed with other gazetteers than the embedded ones.
func Decode(data []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return nil, errors.New("not an entigraph NER model")
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<20 {
		return nil, fmt.Errorf("bad header: %v", err)
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(r, js); err != nil {
		return nil, err
	}
	m := &Model{}
	if err := json.Unmarshal(js, &m.info); err != nil {
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

func readWeights(r *bufio.Reader) (*packed, error) {
	nk, err := binary.ReadUvarint(r)
	if err != nil || nk > 1<<26 {
		return nil, fmt.Errorf("bad feature count: %v", err)
	}
	var sb uint32
	if err := binary.Read(r, binary.LittleEndian, &sb); err != nil {
		return nil, err
	}
	keys := make([]uint64, nk)
	k := uint64(0)
	for i := range keys {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		if d == 0 && i > 0 {
			return nil, errors.New("feature keys out of order")
		}
		k += d
		keys[i] = k
	}
	rows := make([]int16, int(nk)*NumLabels)
	// The weights are stored label by label; read one label's column at a
	// time in one call rather than two bytes per call.
	col := make([]byte, 2*int(nk))
	for l := 0; l < NumLabels; l++ {
		if _, err := io.ReadFull(r, col); err != nil {
			return nil, err
		}
		for i := 0; i < int(nk); i++ {
			rows[i*NumLabels+l] = int16(binary.LittleEndian.Uint16(col[2*i:]))
		}
	}
	return newPacked(keys, rows, math.Float32frombits(sb)), nil
}
