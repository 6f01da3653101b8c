package serve

import (
	"os"
	"testing"

	"github.com/entigraph/entigraph/internal/rendertest"
)

// The viewer's pictures are svg, drawn by the entigraph-render command:
// the tests build one.
func TestMain(m *testing.M) { os.Exit(rendertest.Main(m)) }
