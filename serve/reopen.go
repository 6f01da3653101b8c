package serve

import (
	"context"
	"sync"
	"time"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

// Store is a store that the server opens when a request comes and closes
// once no request has used it for a while, so that a writer (`entigraph
// ingest`) can work beside a running server: a bolt store open for
// reading holds the file's shared lock, and a writer waits for every
// reader to close it (docs/api.md, "Beside an ingest"). While requests
// keep coming the store stays open; when they stop, it is closed after
// Idle. Opening it again waits for a writer's next turn (it gives way
// between documents; docs/reliability.md).
//
// Its methods are the store's, each on the store open at the time.
type Store struct {
	open func(context.Context) (*graph.Store, error)
	idle time.Duration

	mu    sync.Mutex
	st    *graph.Store
	users int
	gen   int // counts the releases, so that a stale idle timer does nothing
}

// NewStore returns a Store that opens with open (graph.OpenReadOnly on a
// URL, say) and closes the store after idle without requests (idle <= 0:
// never).
func NewStore(open func(context.Context) (*graph.Store, error), idle time.Duration) *Store {
	return &Store{open: open, idle: idle}
}

// acquire returns the open store (opening it if need be) and the function
// that gives it back.
func (s *Store) acquire(ctx context.Context) (*graph.Store, func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st == nil {
		st, err := s.open(ctx)
		if err != nil {
			return nil, nil, err
		}
		s.st = st
	}
	s.users++
	return s.st, s.release, nil
}

func (s *Store) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users--
	s.gen++
	if s.users > 0 || s.idle <= 0 {
		return
	}
	gen := s.gen
	time.AfterFunc(s.idle, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.users == 0 && s.gen == gen && s.st != nil {
			s.st.Close()
			s.st = nil
		}
	})
}

// Open opens the store now (to report a store that cannot be opened
// before serving); it is closed after idle as after a request.
func (s *Store) Open(ctx context.Context) error {
	_, release, err := s.acquire(ctx)
	if err == nil {
		release()
	}
	return err
}

// Close closes the store if it is open.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st == nil {
		return nil
	}
	err := s.st.Close()
	s.st = nil
	return err
}

// with runs f on the open store.
func with[T any](ctx context.Context, s *Store, f func(*graph.Store) (T, error)) (T, error) {
	st, release, err := s.acquire(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	defer release()
	return f(st)
}

// FindEntities is graph.Store.FindEntities.
func (s *Store) FindEntities(ctx context.Context, q string, t kg.EntityType, limit int) ([]kg.Entity, error) {
	return with(ctx, s, func(st *graph.Store) ([]kg.Entity, error) { return st.FindEntities(ctx, q, t, limit) })
}

// Entity is graph.Store.Entity.
func (s *Store) Entity(ctx context.Context, id string) (kg.Entity, error) {
	return with(ctx, s, func(st *graph.Store) (kg.Entity, error) { return st.Entity(ctx, id) })
}

// TopRelations is graph.Store.TopRelations.
func (s *Store) TopRelations(ctx context.Context, id string, o SubgraphOptions, max, evidence int) (*graph.TopRelations, error) {
	return with(ctx, s, func(st *graph.Store) (*graph.TopRelations, error) { return st.TopRelations(ctx, id, o, max, evidence) })
}

// Subgraph is graph.Store.Subgraph.
func (s *Store) Subgraph(ctx context.Context, ids []string, depth int, o SubgraphOptions) (*kg.Graph, error) {
	return with(ctx, s, func(st *graph.Store) (*kg.Graph, error) { return st.Subgraph(ctx, ids, depth, o) })
}

// Path is graph.Store.Path.
func (s *Store) Path(ctx context.Context, from, to string, maxHops, limit int) (*kg.Graph, error) {
	return with(ctx, s, func(st *graph.Store) (*kg.Graph, error) { return st.Path(ctx, from, to, maxHops, limit) })
}

// Query is graph.Store.Query.
func (s *Store) Query(ctx context.Context, q string, limit int) ([]interface{}, error) {
	return with(ctx, s, func(st *graph.Store) ([]interface{}, error) { return st.Query(ctx, q, limit) })
}

// Stats is graph.Store.Stats.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	return with(ctx, s, func(st *graph.Store) (graph.Stats, error) { return st.Stats(ctx) })
}

// DocumentsNamed is graph.Store.DocumentsNamed.
func (s *Store) DocumentsNamed(ctx context.Context, ids ...string) ([]graph.DocInfo, error) {
	return with(ctx, s, func(st *graph.Store) ([]graph.DocInfo, error) { return st.DocumentsNamed(ctx, ids...) })
}
