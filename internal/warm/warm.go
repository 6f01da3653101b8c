package warm

import (
	_ "github.com/cayleygraph/cayley"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"
	_ "github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/query/gizmo"
	_ "github.com/cayleygraph/quad/graphml"
	_ "github.com/cayleygraph/quad/nquads"
	_ "github.com/goccy/go-graphviz"
	_ "github.com/jdkato/prose/v2"
	_ "github.com/piprate/json-gold/ld"
	_ "github.com/spf13/cobra"
	_ "golang.org/x/net/html"
)
