package export

import (
	"os"
	"testing"

	"github.com/entigraph/entigraph/internal/rendertest"
)

// svg and png are drawn by the entigraph-render command: the tests build
// one.
func TestMain(m *testing.M) { os.Exit(rendertest.Main(m)) }
