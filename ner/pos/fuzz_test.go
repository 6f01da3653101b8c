package pos

import (
	"testing"

	"github.com/entigraph/entigraph/ner/internal/modelfuzz"
)

// FuzzDecode feeds damaged POS model files to Decode (modelfuzz.Fuzz).
func FuzzDecode(f *testing.F) {
	modelfuzz.Fuzz(f, embedded, func(data []byte) (func(), error) {
		t, err := Decode(data)
		if err != nil {
			return nil, err
		}
		return func() {
			t.Tag([]string{"Kim", "Jong", "Un", "met", "Putin", "in", "Moscow", "."})
			t.Tag(nil)
		}, nil
	})
}
