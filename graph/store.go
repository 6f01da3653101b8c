package graph

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"

	"github.com/entigraph/entigraph/kg"
)

// DefaultPath is the bolt store Open uses for an empty URL. Like every bolt
// store it is a directory holding cayley's indexes.bolt.
const DefaultPath = "entigraph.db"

// LockTimeout is how long opening a bolt store waits for another process's
// lock on it before it fails with ErrLocked.
const LockTimeout = time.Second

// ErrLocked is wrapped by the error Open returns when another process holds
// the bolt store open.
var ErrLocked = errors.New("store is locked by another process")

// ErrNotExist is wrapped by the error OpenExisting returns when there is no
// store at the URL.
var ErrNotExist = errors.New("no store there")

// ErrClosed is returned by the methods of a closed Store.
var ErrClosed = errors.New("graph: store is closed")

// A backend opens the quad storage at an address: the part of Open's URL
// after the scheme.
type backend struct {
	// persistent backends can be reopened after a failed write, which
	// drops the in-memory caches that the failure may have left stale.
	persistent bool
	// sharedQuery backends can serve Gizmo queries concurrently with
	// other reads. The memory backend cannot: it builds the cayley store
	// a query runs on (memQuads.cayley), and cayley's memstore writes to
	// itself even in its iterators (cloneAll). Other reads are shared on
	// every backend.
	sharedQuery bool
	open        func(ctx context.Context, addr string) (quadStore, error)
	// exists reports whether a store is at addr; nil means always.
	exists func(addr string) (bool, error)
}

// backends maps a URL scheme to its backend.
var backends = map[string]backend{}

func register(scheme string, b backend) {
	if _, dup := backends[scheme]; dup {
		panic("graph: backend registered twice: " + scheme)
	}
	backends[scheme] = b
}

func init() {
	register("bolt", backend{persistent: true, sharedQuery: true, open: openBolt, exists: boltExists})
	register("memory", backend{open: func(context.Context, string) (quadStore, error) {
		return newMemQuads(), nil
	}})
	notYet := backend{open: func(context.Context, string) (quadStore, error) {
		return nil, errors.New("postgres backend: not yet supported")
	}}
	register("postgres", notYet)
	register("postgresql", notYet)
}

// Backends lists the URL schemes Open knows, sorted.
func Backends() []string {
	out := make([]string, 0, len(backends))
	for k := range backends {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):(.*)$`)

// parseURL splits Open's URL into a backend scheme and its address.
func parseURL(u string) (scheme, addr string) {
	switch {
	case u == "":
		return "bolt", DefaultPath
	case u == "memory":
		return "memory", ""
	}
	m := schemeRE.FindStringSubmatch(u)
	if m == nil {
		return "bolt", u
	}
	scheme = strings.ToLower(m[1])
	if strings.HasPrefix(scheme, "postgres") {
		return scheme, u
	}
	return scheme, strings.TrimPrefix(m[2], "//")
}

// openBolt opens (creating it on first use) the bolt store in directory
// dir, cayley's layout: dir/indexes.bolt. It opens the bolt file itself
// rather than through cayley's "bolt" registration because that passes no
// bolt options, and bolt then waits forever for another process's file
// lock; here the wait is LockTimeout.
func openBolt(ctx context.Context, dir string) (quadStore, error) {
	if dir == "" {
		return nil, errors.New("bolt: empty path")
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("bolt: %s is a file; a bolt store is a directory (cayley's layout: DIR/indexes.bolt)", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("bolt: %w", err)
	}
	file := filepath.Join(dir, "indexes.bolt")
	db, err := hbolt.Open(file, &bolt.Options{Timeout: LockTimeout})
	if err == bolt.ErrTimeout {
		return nil, fmt.Errorf("bolt: %s: %w (waited %v for its file lock)", dir, ErrLocked, LockTimeout)
	} else if err != nil {
		return nil, fmt.Errorf("bolt: %s: %w", dir, err)
	}
	// no_bloom: by default cayley's kv store allocates bloom filters sized
	// for 100 million quads (some hundreds of MB) and fills them by reading
	// the whole quad log, on every open; duplicate checks then go to bolt,
	// which measured no slower here.
	opts := graph.Options{kv.OptNoBloom: true}
	qs, err := kv.New(db, opts)
	if err == graph.ErrNotInitialized {
		// A new file: what graph.InitQuadStore("bolt", dir, nil) does.
		if err = kv.Init(db, nil); err == nil {
			qs, err = kv.New(db, opts)
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("bolt: %s: %w", dir, err)
	}
	return &cayleyQuads{qs: qs}, nil
}

// redact hides a password in a URL, for error messages.
func redact(s string) string {
	if u, err := neturl.Parse(s); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return u.Redacted()
		}
	}
	return s
}

// boltExists reports whether dir holds a bolt store.
func boltExists(dir string) (bool, error) {
	fi, err := os.Stat(filepath.Join(dir, "indexes.bolt"))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	}
	return fi.Mode().IsRegular(), nil
}

// Store is an entigraph quad store. Its methods are safe for concurrent
// use; writes are serialised, and so are Gizmo queries on the memory
// backend.
type Store struct {
	mu     sync.RWMutex
	scheme string
	addr   string
	be     backend
	qs     quadStore
	res    Resolution // cross-document resolution (resolve.go)
	idx    *index     // the resolver's index; nil until needed
	// seen is Add's scratch set of quads (extractionQuads), under mu.
	seen map[quad.Quad]bool
}

// Open opens or creates a store by URL-like name:
//   - "" (DefaultPath), a plain path, "bolt://PATH" or "bolt:PATH": a bolt
//     store in directory PATH, created on first use;
//   - "memory": an in-memory store (a plain-Go quad set, see doc.go),
//     gone when closed;
//   - "postgres://...": an error (not yet supported).
//
// A bolt store open in another process makes Open fail with an error
// wrapping ErrLocked after LockTimeout.
func Open(ctx context.Context, url string) (*Store, error) {
	return open(ctx, url, false)
}

// OpenExisting is Open for readers: it does not create a bolt store, and
// fails with an error wrapping ErrNotExist when there is none at the URL.
// ("memory" opens an empty store as Open does.)
func OpenExisting(ctx context.Context, url string) (*Store, error) {
	return open(ctx, url, true)
}

func open(ctx context.Context, rawURL string, existing bool) (*Store, error) {
	scheme, addr := parseURL(rawURL)
	url := redact(rawURL)
	be, ok := backends[scheme]
	if !ok {
		return nil, fmt.Errorf("graph: open %q: unknown store scheme %q (known: %s)", url, scheme, strings.Join(Backends(), ", "))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if existing && be.exists != nil {
		ok, err := be.exists(addr)
		if err != nil {
			return nil, fmt.Errorf("graph: open %q: %w", url, err)
		}
		if !ok {
			return nil, fmt.Errorf("graph: open %q: %w", url, ErrNotExist)
		}
	}
	s := &Store{scheme: scheme, addr: addr, be: be}
	if err := s.open(ctx); err != nil {
		return nil, fmt.Errorf("graph: open %q: %w", url, err)
	}
	return s, nil
}

// rlock takes the lock for reading.
func (s *Store) rlock() (unlock func()) {
	s.mu.RLock()
	return s.mu.RUnlock
}

// qlock takes the lock for a Gizmo query: shared where the backend allows
// it.
func (s *Store) qlock() (unlock func()) {
	if s.be.sharedQuery {
		return s.rlock()
	}
	s.mu.Lock()
	return s.mu.Unlock
}

func (s *Store) open(ctx context.Context) error {
	qs, err := s.be.open(ctx, s.addr)
	if err != nil {
		return err
	}
	s.qs = qs
	return nil
}

// Close closes the store. Closing twice is not an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.close()
}

func (s *Store) close() error {
	if s.qs == nil {
		return nil
	}
	err := s.qs.close()
	s.qs = nil
	return err
}

// Add writes one document's extraction in one cayley transaction: all its
// quads or none. A document whose content hash is already stored is left
// alone and Add returns added=false. Entities already stored (same ID) are
// the same node: aliases and mentions add up across documents. An
// extraction that breaks the ontology (unknown predicate, relation to an
// entity not in ex.Entities, ...) is refused with an error wrapping
// ErrInvalid, before anything is written.
func (s *Store) Add(ctx context.Context, ex *kg.Extraction) (added bool, err error) {
	hash, err := validate(ex)
	if err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.qs == nil {
		return false, ErrClosed
	}
	doc := DocIRI(hash)
	have, err := s.objects(ctx, doc, PredQuads)
	if err != nil {
		return false, fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
	}
	if len(have) > 0 {
		return false, nil
	}
	if s.res.Aliases != nil {
		ex = copyExtraction(ex)
		s.res.Aliases.Apply(ex)
	}
	named := map[string]bool{}
	docNames := map[string][]DocName{}
	var rm, add []quad.Quad
	var p *plan
	if s.res.Off {
		if s.idx == nil {
			if s.idx, err = s.loadIndex(ctx); err != nil {
				return false, fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
			}
		}
		for _, e := range ex.Entities {
			n := s.idx.nodes[e.ID]
			named[e.ID] = n != nil && len(n.stored) > 0
			docNames[e.ID] = []DocName{{e.Name, e.Type}}
		}
	} else {
		if p, rm, add, err = s.resolveAdd(ctx, ex, string(doc)); err != nil {
			return false, fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
		}
		ex, docNames = p.ex, p.docNames
		for _, e := range ex.Entities {
			named[e.ID] = true // resolveAdd wrote the names
		}
	}
	if s.seen == nil {
		s.seen = map[quad.Quad]bool{}
	}
	shared, labelled := extractionQuads(ex, hash, named, docNames, s.seen)
	clear(s.seen) // its room stays, for the next document
	batch := make([]quad.Quad, 0, len(add)+len(shared)+len(labelled))
	add = append(append(append(batch, add...), shared...), labelled...)
	if err := ctx.Err(); err != nil {
		return false, err
	}
	// One batch, one bolt transaction: the document and the renames it
	// causes (see deltas).
	if err := s.qs.apply(rm, add); err != nil {
		err = fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
		if s.be.persistent {
			// cayley's kv store caches node ids it assigned inside the
			// failed (rolled back) transaction; reopen to drop them.
			s.close()
			if rerr := s.open(ctx); rerr != nil {
				err = errors.Join(err, fmt.Errorf("graph: reopen after failed write: %w", rerr))
			}
		}
		return false, err
	}
	if p == nil {
		p = plainPlan(ex)
	}
	s.idx.apply(p, string(doc))
	return true, nil
}

// objects returns the objects of the quads (subj, pred, *, *).
func (s *Store) objects(ctx context.Context, subj quad.Value, pred quad.Value) ([]quad.Value, error) {
	qs, err := s.qs.quadsOf(ctx, quad.Subject, subj)
	if err != nil {
		return nil, err
	}
	var out []quad.Value
	for _, q := range qs {
		if q.Predicate == pred {
			out = append(out, q.Object)
		}
	}
	return out, nil
}

// scan calls fn with every quad in the store.
func (s *Store) scan(ctx context.Context, fn func(quad.Quad)) error {
	return s.qs.scan(ctx, fn)
}

// Quads returns every quad in the store, sorted by subject, predicate,
// object and label (their N-Quads forms).
func (s *Store) Quads(ctx context.Context) ([]quad.Quad, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	var out []quad.Quad
	if err := s.scan(ctx, func(q quad.Quad) { out = append(out, q) }); err != nil {
		return nil, err
	}
	sortQuads(out)
	return out, nil
}

func sortQuads(qs []quad.Quad) {
	// Each quad's N-Quads strings are made once, not at every comparison.
	type keyed struct {
		k [4]string
		q quad.Quad
	}
	ks := make([]keyed, len(qs))
	for i, q := range qs {
		ks[i] = keyed{[4]string{quad.StringOf(q.Subject), quad.StringOf(q.Predicate), quad.StringOf(q.Object), quad.StringOf(q.Label)}, q}
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := &ks[i].k, &ks[j].k
		for k := range a {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return false
	})
	for i := range ks {
		qs[i] = ks[i].q
	}
}

// load reads the whole store into a snapshot.
func (s *Store) load(ctx context.Context) (*snapshot, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	sn := newSnapshot()
	if err := s.scan(ctx, sn.add); err != nil {
		return nil, err
	}
	return sn, nil
}

// Graph returns the store's aggregated read view in the ontology's JSON
// form, sorted (see doc.go for the aggregation rules).
func (s *Store) Graph(ctx context.Context) (*kg.Graph, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	return sn.graph(), nil
}

// DocInfo describes one stored document.
type DocInfo struct {
	ID    string `json:"id"` // source name (kg.Document.ID)
	Date  string `json:"date"`
	Hash  string `json:"hash"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Quads int    `json:"quads"` // quads labelled with the document
}

// Documents lists the stored documents sorted by ID, then hash.
func (s *Store) Documents(ctx context.Context) ([]DocInfo, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	return sn.documents(), nil
}

// Stats counts what the store holds.
type Stats struct {
	Documents  int `json:"documents"`
	Entities   int `json:"entities"`
	Relations  int `json:"relations"`  // distinct asserted edges (subject, predicate, object)
	Statements int `json:"statements"` // statement nodes (one per distinct sentence of a relation)
	Evidence   int `json:"evidence"`   // evidence nodes (one per statement, document and offsets)
	Quads      int `json:"quads"`
}

// Stats counts documents, entities, asserted edges, statements, evidence
// and quads.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return Stats{}, err
	}
	return Stats{
		Documents:  len(sn.docs),
		Entities:   len(sn.entities),
		Relations:  len(sn.edges),
		Statements: len(sn.stmts),
		Evidence:   len(sn.evs),
		Quads:      sn.quads,
	}, nil
}

// Verify checks that every stored document is complete: it has exactly as
// many quads labelled with its IRI as its quad count says, and that every
// label belongs to such a document. It returns nil or an error listing
// every problem.
func (s *Store) Verify(ctx context.Context) error {
	sn, err := s.load(ctx)
	if err != nil {
		return err
	}
	return sn.verify()
}
