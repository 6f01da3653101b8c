// Package fhash holds the feature hashing that the trained taggers (ner/model
// and ner/pos) share. Their committed weights are keyed by these exact
// values: changing anything here means retraining both.
package fhash

// FNV-1a parameters, for hashing words byte by byte, and the golden-ratio
// constant that Pair mixes with.
const (
	Offset = 14695981039346656037
	Prime  = 1099511628211
	Golden = 0x9e3779b97f4a7c15
)

// Mix is the splitmix64 finaliser: it spreads the bits of x.
func Mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Pair hashes an ordered pair of hashes.
func Pair(a, b uint64) uint64 { return Mix(a*Golden ^ Mix(b+Golden)) }

// Bytes is the FNV-1a hash of b: how the taggers and the parser hash a word.
func Bytes(b []byte) uint64 {
	h := uint64(Offset)
	for _, c := range b {
		h = (h ^ uint64(c)) * Prime
	}
	return h
}

// String is Bytes of s's bytes, without copying them.
func String(s string) uint64 {
	h := uint64(Offset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * Prime
	}
	return h
}
