// Package wfile is the file format of the trained taggers (ner/model and
// ner/pos): gzip'd, a magic string, a JSON header, then sections of varints
// and tables of hashed feature keys with 16-bit weights. Both committed
// model files are written with it; a test in each tagger pins that encoding
// and decoding give back the same bytes.
package wfile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	kgzip "github.com/klauspost/compress/gzip"
)

// Writer writes one model file. Errors are sticky: check Close.
type Writer struct {
	zw  *gzip.Writer
	bw  *bufio.Writer
	err error
	b   [binary.MaxVarintLen64]byte
}

// NewWriter starts a file: magic, then header as JSON.
func NewWriter(w io.Writer, magic string, header any) (*Writer, error) {
	js, err := json.Marshal(header)
	if err != nil {
		return nil, err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	fw := &Writer{zw: zw, bw: bufio.NewWriter(zw)}
	fw.bw.WriteString(magic)
	fw.Uvarint(uint64(len(js)))
	fw.bw.Write(js)
	return fw, nil
}

// Uvarint writes x as a varint.
func (w *Writer) Uvarint(x uint64) { w.bw.Write(w.b[:binary.PutUvarint(w.b[:], x)]) }

// Byte writes one byte.
func (w *Writer) Byte(c byte) { w.bw.WriteByte(c) }

// Table writes sorted feature keys (as deltas), the quantisation scale, and
// n weights per key, column by column: row(i) is key i's n weights.
func (w *Writer) Table(keys []uint64, scale float32, n int, row func(i int) []int16) {
	w.Uvarint(uint64(len(keys)))
	var f [4]byte
	binary.LittleEndian.PutUint32(f[:], math.Float32bits(scale))
	w.bw.Write(f[:])
	prev := uint64(0)
	for _, k := range keys {
		w.Uvarint(k - prev)
		prev = k
	}
	rows := make([][]int16, len(keys))
	for i := range keys {
		rows[i] = row(i)
	}
	for j := 0; j < n; j++ {
		for i := range rows {
			v := uint16(rows[i][j])
			w.bw.WriteByte(byte(v))
			w.bw.WriteByte(byte(v >> 8))
		}
	}
}

// Close flushes and ends the gzip stream.
func (w *Writer) Close() error {
	if err := w.bw.Flush(); err != nil {
		return err
	}
	return w.zw.Close()
}

// Reader reads one model file.
type Reader struct{ r *bufio.Reader }

// NewReader checks the magic and decodes the JSON header into header.
// what names the kind of file in errors ("NER model").
func NewReader(data []byte, magic, what string, header any) (*Reader, error) {
	// klauspost's gzip reader: the same format, inflated about a third
	// faster than compress/gzip (every process pays it once per model).
	zr, err := kgzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return nil, errors.New("not an entigraph " + what)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<20 {
		return nil, fmt.Errorf("%s: bad header: %v", what, err)
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(r, js); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(js, header); err != nil {
		return nil, err
	}
	return &Reader{r}, nil
}

// Uvarint reads a varint.
func (r *Reader) Uvarint() (uint64, error) { return binary.ReadUvarint(r.r) }

// Byte reads one byte.
func (r *Reader) Byte() (byte, error) { return r.r.ReadByte() }

// Table reads what Writer.Table wrote, with n weights per key: the keys,
// the weights row by row (key i's at rows[i*n:(i+1)*n]) and the scale. The
// keys must be strictly increasing.
func (r *Reader) Table(n int) (keys []uint64, rows []int16, scale float32, err error) {
	nk, err := binary.ReadUvarint(r.r)
	if err != nil || nk > 1<<24 {
		return nil, nil, 0, fmt.Errorf("bad feature count %d: %v", nk, err)
	}
	var f [4]byte
	if _, err := io.ReadFull(r.r, f[:]); err != nil {
		return nil, nil, 0, err
	}
	keys = make([]uint64, nk)
	k := uint64(0)
	for i := range keys {
		d, err := binary.ReadUvarint(r.r)
		if err != nil {
			return nil, nil, 0, err
		}
		if d == 0 && i > 0 {
			return nil, nil, 0, errors.New("feature keys out of order")
		}
		k += d
		keys[i] = k
	}
	rows = make([]int16, int(nk)*n)
	// Stored column by column: read one column in one call.
	col := make([]byte, 2*int(nk))
	for j := 0; j < n; j++ {
		if _, err := io.ReadFull(r.r, col); err != nil {
			return nil, nil, 0, err
		}
		for i := 0; i < int(nk); i++ {
			rows[i*n+j] = int16(binary.LittleEndian.Uint16(col[2*i:]))
		}
	}
	return keys, rows, math.Float32frombits(binary.LittleEndian.Uint32(f[:])), nil
}
