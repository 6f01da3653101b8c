package model

import (
	"testing"

	"github.com/entigraph/entigraph/ner/internal/modelfuzz"
)

// FuzzDecode feeds damaged NER model files to Decode (modelfuzz.Fuzz).
func FuzzDecode(f *testing.F) {
	modelfuzz.Fuzz(f, embedded, func(data []byte) (func(), error) {
		m, err := Decode(data)
		if err != nil {
			return nil, err
		}
		return func() { m.Tag([][]string{{"Kim", "Jong", "Un", "met", "Putin", "in", "Moscow", "."}, {}}) }, nil
	})
}
