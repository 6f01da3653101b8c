package serve

import (
	"context"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

// SubgraphOptions narrows a Subgraph walk (graph.SubgraphOptions).
type SubgraphOptions = graph.SubgraphOptions

// Source is what the server reads: exactly the read methods of
// *graph.Store that it uses, so that a *graph.Store is a Source.
//
// FindEntities, Entity, TopRelations, Subgraph and Path are the store's indexed reads
// (they touch only the quads of the entities asked about, never the whole
// store); Query runs Gizmo, Stats counts, DocumentsNamed reads the
// documents of some source names (the titles and URLs of the evidence
// shown), through the indexes too. Every method must be safe for concurrent use
// and honour ctx. Entity, TopRelations, Subgraph and Path return an error wrapping
// graph.ErrNoEntity when an id names no entity (the server answers 404).
type Source interface {
	FindEntities(ctx context.Context, q string, t kg.EntityType, limit int) ([]kg.Entity, error)
	Entity(ctx context.Context, id string) (kg.Entity, error)
	TopRelations(ctx context.Context, id string, o SubgraphOptions, max, evidence int) (*graph.TopRelations, error)
	Subgraph(ctx context.Context, ids []string, depth int, o SubgraphOptions) (*kg.Graph, error)
	Path(ctx context.Context, from, to string, maxHops, limit int) (*kg.Graph, error)
	Query(ctx context.Context, q string, limit int) ([]interface{}, error)
	Stats(ctx context.Context) (graph.Stats, error)
	DocumentsNamed(ctx context.Context, ids ...string) ([]graph.DocInfo, error)
}
