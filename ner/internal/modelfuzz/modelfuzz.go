// Package modelfuzz is the fuzz test of the two model decoders (ner/model,
// ner/pos): their damaged inputs are model files' contents before
// compression, compressed here, and each decode is held to a bound on what
// it allocates.
package modelfuzz

import (
	"runtime"
	"sync"
	"testing"

	"github.com/klauspost/compress/zstd"
)

var (
	encOnce sync.Once
	enc     *zstd.Encoder
	decOnce sync.Once
	dec     *zstd.Decoder
)

// Compress returns raw as a model file compresses it.
func Compress(raw []byte) []byte {
	encOnce.Do(func() {
		enc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	})
	return enc.EncodeAll(raw, nil)
}

// Decompress returns the first max bytes of a model file's content.
func Decompress(tb testing.TB, file []byte, max int) []byte {
	decOnce.Do(func() { dec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1)) })
	raw, err := dec.DecodeAll(file, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return raw[:min(max, len(raw))]
}

// Allocated returns the bytes allocated on the heap while fn ran.
func Allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Limit is what decoding size bytes of content may allocate: the
// decompressor's and reader's buffers, and a bounded multiple of what the
// content holds. A count read from a damaged file must not allocate ahead
// of what the file holds.
func Limit(size int) uint64 { return 16<<20 + 256*uint64(size) }

// Fuzz runs the fuzz test of a decoder: seeds are prefixes of the
// committed model file's content and of the file itself; each fuzzed
// input is the content of a file, compressed as a model file is (so that
// the fuzzer damages the model, not only the compression), and is also
// tried as the file itself. A damaged file must give an error, never a
// panic or an allocation beyond what its content holds (checked where
// that is known: the compressed content); one that decodes must tag
// (use runs the decoded model).
func Fuzz(f *testing.F, file []byte, decode func(data []byte) (use func(), err error)) {
	for _, n := range []int{0, 7, 40, 400, 4000, 40000} {
		f.Add(Decompress(f, file, n))
	}
	f.Add(file[:min(len(file), 2000)])
	f.Fuzz(func(t *testing.T, raw []byte) {
		for i, data := range [][]byte{Compress(raw), raw} {
			var use func()
			var err error
			if n := Allocated(func() { use, err = decode(data) }); i == 0 && n > Limit(len(raw)) {
				t.Fatalf("decoding %d bytes of content allocated %d bytes", len(raw), n)
			}
			if err == nil {
				use()
			}
		}
	})
}
