// Package wfile is the file format of the trained taggers (ner/model and
// ner/pos): zstd-compressed, a magic string, a JSON header, then sections of varints
// and tables of hashed feature keys with 16-bit weights. Both committed
// model files are written with it; a test in each tagger pins that encoding
// and decoding give back the same bytes.
package wfile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/entigraph/entigraph/internal/wtable"
	"github.com/klauspost/compress/zstd"
)

// Writer writes one model file. Errors are sticky: check Close.
type Writer struct {
	zw  *zstd.Encoder
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
	// One goroutine: the same weights always give the same bytes.
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<20))
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
// each key's row of n weights, row(i) for key i, as its weights that are
// not zero: the number of them in all rows, then row by row their count
// and each one's label (a byte) and weight (two bytes). Sorted keys and sparse rows are what wtable builds its table
// from fastest: front to back, with no dense row in between.
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
	count := func(r []int16) int {
		nz := 0
		for _, v := range r {
			if v != 0 {
				nz++
			}
		}
		return nz
	}
	total := 0
	for i := range keys {
		total += count(row(i)[:n])
	}
	w.Uvarint(uint64(total))
	for i := range keys {
		r := row(i)[:n]
		w.Uvarint(uint64(count(r)))
		for j, v := range r {
			if v != 0 {
				w.bw.WriteByte(byte(j))
				w.bw.WriteByte(byte(uint16(v)))
				w.bw.WriteByte(byte(uint16(v) >> 8))
			}
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

// Reader reads one model file. It inflates into its own buffer and
// decodes in place: read byte by byte through bufio (ReadUvarint), the
// half million varints of a model cost more than inflating them.
type Reader struct {
	z    *zstd.Decoder
	buf  []byte
	r, w int   // buf[r:w] is read but not yet decoded
	err  error // the inflater's, once it has failed or ended
}

// NewReader checks the magic and decodes the JSON header into header.
// what names the kind of file in errors ("NER model").
func NewReader(data []byte, magic, what string, header any) (*Reader, error) {
	// zstd, not gzip: the tables' keys and weights barely compress (4.6
	// MB raw gave 4.3 MB of gzip), and inflating them cost every process
	// about 45 ms, where zstd decodes at several hundred MB/s.
	zr, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	if err != nil {
		return nil, err
	}
	r := &Reader{z: zr, buf: make([]byte, 64<<10)}
	if err := r.header(magic, what, header); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// header checks the magic and decodes the JSON header into header.
func (r *Reader) header(magic, what string, header any) error {
	head := make([]byte, len(magic))
	if err := r.full(head); err != nil || string(head) != magic {
		return errors.New("not an entigraph " + what)
	}
	n, err := r.Uvarint()
	if err != nil || n > 1<<20 {
		return fmt.Errorf("%s: bad header: %v", what, err)
	}
	js := make([]byte, n)
	if err := r.full(js); err != nil {
		return err
	}
	return json.Unmarshal(js, header)
}

// Close releases the decompressor.
func (r *Reader) Close() { r.z.Close() }

// fill makes at least n (at most len(r.buf)) bytes available in
// r.buf[r.r:r.w], and reports whether it could.
func (r *Reader) fill(n int) bool {
	if r.w-r.r >= n {
		return true
	}
	r.w = copy(r.buf, r.buf[r.r:r.w])
	r.r = 0
	for r.w < n && r.err == nil {
		m, err := r.z.Read(r.buf[r.w:])
		r.w += m
		if err != nil {
			r.err = err
		}
	}
	return r.w >= n
}

// short returns the error of a read past what the stream holds.
func (r *Reader) short() error {
	if r.err != nil && r.err != io.EOF {
		return r.err
	}
	return io.ErrUnexpectedEOF
}

// full reads len(p) bytes into p.
func (r *Reader) full(p []byte) error {
	for len(p) > 0 {
		if !r.fill(min(len(p), len(r.buf))) {
			return r.short()
		}
		n := copy(p, r.buf[r.r:r.w])
		r.r += n
		p = p[n:]
	}
	return nil
}

// Uvarint reads a varint.
func (r *Reader) Uvarint() (uint64, error) {
	r.fill(binary.MaxVarintLen64)
	x, n := binary.Uvarint(r.buf[r.r:r.w])
	if n == 0 {
		return 0, r.short()
	}
	if n < 0 {
		return 0, errors.New("varint overflows 64 bits")
	}
	r.r += n
	return x, nil
}

// Byte reads one byte.
func (r *Reader) Byte() (byte, error) {
	if !r.fill(1) {
		return 0, r.short()
	}
	c := r.buf[r.r]
	r.r++
	return c, nil
}

// Table reads a table written by Table with rows of n weights.
func (r *Reader) Table(n int) (*wtable.Table, error) {
	if n <= 0 || n > wtable.MaxLabels {
		return nil, fmt.Errorf("bad label count %d", n)
	}
	nk, err := r.Uvarint()
	if err != nil || nk > 1<<24 {
		return nil, fmt.Errorf("bad feature count %d: %v", nk, err)
	}
	var f [4]byte
	if err := r.full(f[:]); err != nil {
		return nil, err
	}
	// Sizes read from the file bound what is read, not what is allocated
	// ahead: a damaged count must not allocate gigabytes.
	keys := make([]uint64, 0, min(nk, 1<<20))
	k := uint64(0)
	for range nk {
		d, err := r.Uvarint()
		if err != nil {
			return nil, err
		}
		if d == 0 {
			return nil, errors.New("feature keys out of order")
		}
		k += d
		keys = append(keys, k)
	}
	total, err := r.Uvarint()
	if err != nil || total > nk*uint64(n) {
		return nil, fmt.Errorf("bad weight count %d: %v", total, err)
	}
	var rerr error
	t, err := wtable.NewFunc(n, keys, int(min(total, 16*nk)), func(_ int, dst []int16) {
		if rerr != nil {
			return
		}
		nz, err := r.Uvarint()
		if err != nil || nz > uint64(n) {
			rerr = fmt.Errorf("bad row length %d: %v", nz, err)
			return
		}
		if !r.fill(3 * int(nz)) {
			rerr = r.short()
			return
		}
		p := r.buf[r.r : r.r+3*int(nz)]
		r.r += len(p)
		next := 0
		for ; len(p) > 0; p = p[3:] {
			j, v := int(p[0]), int16(binary.LittleEndian.Uint16(p[1:]))
			if j < next || j >= n || v == 0 {
				rerr = fmt.Errorf("bad weight: label %d, weight %d", j, v)
				return
			}
			dst[j], next = v, j+1
		}
	}, math.Float32frombits(binary.LittleEndian.Uint32(f[:])))
	if rerr != nil {
		return nil, rerr
	}
	return t, err
}
