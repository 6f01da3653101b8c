package graph

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/entigraph/entigraph/graph/boltkv"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve/plan"
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

// ErrDamaged is wrapped by the errors of a store whose file is damaged:
// cut short, emptied, its pages wrong.
var ErrDamaged = errors.New("the store's file is damaged")

// ErrNotStore is wrapped by the error Open returns for a path that holds
// something other than a store: a folder of other files, another
// program's file where the store's file should be.
var ErrNotStore = errors.New("not an entigraph store")

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
	open        func(ctx context.Context, addr string, o OpenOptions) (quadStore, error)
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
	register("bolt", backend{persistent: true, sharedQuery: true, open: openBolt})
	register("memory", backend{open: func(context.Context, string, OpenOptions) (quadStore, error) {
		return newMemQuads(), nil
	}})
	// Cayley's SQL backend (postgres.go). Cockroach is wired but not
	// tested here (docs/scale.md).
	for scheme := range sqlFlavors {
		register(scheme, backend{sharedQuery: true, open: openSQL(scheme)})
	}
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
	if _, ok := sqlFlavors[scheme]; ok {
		return scheme, u // the driver's connection string
	}
	return scheme, strings.TrimPrefix(m[2], "//")
}

// openBolt opens the bolt store in directory dir, cayley's layout:
// dir/indexes.bolt. It creates one only where o allows (see OpenOptions),
// checks an existing file before bbolt maps it (boltkv.CheckFile: a file
// cut short or another program's file is an error naming it, not a fault),
// and opens the file itself rather than through cayley's registry, so that
// it can pass bbolt a lock timeout (LockTimeout; bbolt's default waits
// forever) and read-only mode.
func openBolt(ctx context.Context, dir string, o OpenOptions) (quadStore, error) {
	if dir == "" {
		return nil, errors.New("bolt: empty path")
	}
	file := filepath.Join(dir, boltkv.File)
	wait := LockTimeout
	if o.ReadOnly {
		wait = ReadTimeout
	}
	if o.wait > 0 {
		wait = o.wait
	}
	locked := func() error {
		return fmt.Errorf("%s: %w (waited %v for its file lock)", dir, ErrLocked, wait)
	}
	create := false
	var dirf *os.File // the folder, for its flock (readers.go)
	closeDir := func() {
		if dirf != nil {
			dirf.Close()
			dirf = nil
		}
	}
	switch fi, err := os.Stat(dir); {
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("%s is a file, not a store: a store is a folder holding %s", dir, boltkv.File)
	case errors.Is(err, fs.ErrNotExist):
		create = true
	case err != nil:
		return nil, err
	default:
		how := syscall.LOCK_EX
		if o.ReadOnly {
			// A reader holds the folder shared while it waits for the
			// file: the writer sees it and gives way.
			if dirf, err = lockDir(dir, syscall.LOCK_SH); err != nil {
				return nil, err
			}
			how = syscall.LOCK_SH
		}
		release, err := boltkv.CheckFileLocked(file, how, wait)
		if errors.Is(err, boltkv.ErrTimeout) && !o.ReadOnly && readersOnly(file) {
			// Readers hold the file, not another writer: they end.
			wait = WriterWait
			release, err = boltkv.CheckFileLocked(file, how, wait)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			var fe *boltkv.FileError
			switch {
			case err == nil:
			case errors.Is(err, boltkv.ErrTimeout):
				err = locked()
			case errors.As(err, &fe) && (fe.Problem == boltkv.Truncated || fe.Problem == boltkv.Damaged):
				err = fmt.Errorf("%w: %w", ErrDamaged, err)
			case errors.As(err, &fe):
				err = fmt.Errorf("%w: %w", ErrNotStore, err)
			}
			if err != nil {
				closeDir()
				return nil, err
			}
			// A reader keeps its lock until bbolt has taken its own
			// (both shared); a writer lets go for bbolt to take it.
			if o.ReadOnly {
				defer release()
			} else {
				release()
			}
			break
		}
		closeDir()
		ents, rerr := os.ReadDir(dir)
		if rerr != nil {
			return nil, rerr
		}
		others := 0
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), newFilePrefix) {
				others++ // not a store file left half made by a crash
			}
		}
		if others > 0 && !o.Create {
			return nil, fmt.Errorf("%s is a folder of %d entries but no store (no %s in it): %w; to make a store in it anyway, pass --create", dir, others, boltkv.File, ErrNotStore)
		}
		create = true
	}
	if create && (o.MustExist || o.ReadOnly) {
		return nil, ErrNotExist
	}
	if create {
		if err := createBolt(dir, file); err != nil {
			return nil, err
		}
	}
	if !o.ReadOnly {
		var err error
		if dirf, err = os.Open(dir); err != nil {
			return nil, err
		}
	}
	db, err := boltkv.Open(file, &bolt.Options{Timeout: wait, ReadOnly: o.ReadOnly})
	if o.ReadOnly {
		closeDir() // a reader holds the folder only while it waits
	}
	if errors.Is(err, bolt.ErrTimeout) {
		closeDir()
		return nil, locked()
	} else if err != nil {
		closeDir()
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	// no_bloom: by default cayley's kv store allocates bloom filters sized
	// for 100 million quads (some hundreds of MB) and fills them by reading
	// the whole quad log, on every open; duplicate checks then go to bolt,
	// which measured no slower here.
	opts := graph.Options{kv.OptNoBloom: true}
	qs, err := guarded(file, func() (graph.QuadStore, error) {
		qs, err := kv.New(db, opts)
		if err == graph.ErrNotInitialized {
			// A bolt file, but no Cayley metadata in it: another
			// program's. Initialising it would write into it.
			return nil, fmt.Errorf("%s: %w: a bolt file of another program (no Cayley metadata in it)", file, ErrNotStore)
		}
		return qs, err
	})
	if err != nil {
		db.Close()
		closeDir()
		if !errors.Is(err, ErrNotStore) && !errors.Is(err, ErrDamaged) {
			err = fmt.Errorf("%s: %w", file, err)
		}
		return nil, err
	}
	return &cayleyQuads{qs: qs, kv: db, db: db.Bolt(), file: file, dir: dirf, dirName: dir}, nil
}

// newFilePrefix starts the names of store files being made (createBolt).
const newFilePrefix = "." + boltkv.File + ".new-"

// createBolt makes a new store file in dir (created if missing) as file:
// it is written whole beside it (what graph.InitQuadStore("bolt", ...)
// writes) and then linked in under its name, so a crash while it is made
// leaves no file or a whole one, never a half-made store that later opens
// would refuse; and of two processes creating one at once, the second
// finds the first's and uses it.
func createBolt(dir, file string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, newFilePrefix)
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name)
	tmp.Close()
	db, err := boltkv.Open(name, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		return err
	}
	if err := kv.Init(db, nil); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	if err := os.Link(name, file); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// guarded runs fn, which reads a mapped bolt file, turning a fault on the
// mapping (a page past the end of a file cut short under us) or a panic of
// bbolt's on a damaged page into an error wrapping ErrDamaged.
func guarded[T any](file string, fn func() (T, error)) (v T, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %w: %v", file, ErrDamaged, r)
		}
	}()
	return fn()
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

// Store is an entigraph quad store. Its methods are safe for concurrent
// use; writes are serialised, and so are Gizmo queries on the memory
// backend.
type Store struct {
	mu     sync.RWMutex
	scheme string
	addr   string
	be     backend
	opts   OpenOptions
	qs     quadStore
	res    Resolution // cross-document resolution (resolve.go)
	// planner resolves Add's documents (made when first needed) over
	// idx, the stored nodes it has read (lookup.go); nil until needed.
	planner *plan.Planner
	idx     *storeIndex
	// seen is Add's scratch set of quads (extractionQuads), under mu.
	seen map[quad.Quad]bool
	// inBatch: AddBatch has a batch open on qs (batcher).
	inBatch bool
	// batchTime bounds a transaction of AddBatch: BatchTime, but for
	// tests that must not depend on the machine's speed.
	batchTime time.Duration
	// gaveWay is when the writer last let readers in (readers.go).
	gaveWay time.Time
	// recs keeps the entity records read, on a store nothing writes
	// while it is open (bolt, read-only); nil otherwise (entityread.go).
	recs *recordCache
}

// OpenOptions say how OpenWith opens a store.
type OpenOptions struct {
	// Create makes a store in a folder that holds other files. Without
	// it a store is created only where nothing is: no file or folder at
	// the path, or an empty folder.
	Create bool
	// MustExist fails with ErrNotExist where there is no store rather
	// than creating one.
	MustExist bool
	// ReadOnly opens an existing store for reading only (it implies
	// MustExist): nothing is written to its file, and writes fail.
	ReadOnly bool

	wait time.Duration // for the bolt file's lock, if not the default
}

// Open opens or creates a store by URL-like name:
//   - "" (DefaultPath), a plain path, "bolt://PATH" or "bolt:PATH": a bolt
//     store in folder PATH (PATH/indexes.bolt), created where nothing is
//     (see OpenOptions.Create);
//   - "memory": an in-memory store (a plain-Go quad set, see doc.go),
//     gone when closed;
//   - "postgres://...", "postgresql://...": a PostgreSQL database (the
//     URL is lib/pq's connection string), its tables made where there
//     are none; "cockroach://...": CockroachDB (untested). See
//     postgres.go and docs/scale.md.
//
// A bolt store open in another process makes Open fail with an error
// wrapping ErrLocked after LockTimeout. A file at PATH/indexes.bolt that
// is not an entigraph store (cut short, empty, another program's file)
// makes it fail with an error wrapping ErrDamaged or ErrNotStore that
// names the file and the problem, having written nothing.
func Open(ctx context.Context, url string) (*Store, error) {
	return OpenWith(ctx, url, OpenOptions{})
}

// OpenExisting is Open for commands that change a store but must not
// create one: it fails with an error wrapping ErrNotExist when there is
// none at the URL. ("memory" opens an empty store as Open does.)
func OpenExisting(ctx context.Context, url string) (*Store, error) {
	return OpenWith(ctx, url, OpenOptions{MustExist: true})
}

// OpenReadOnly opens an existing store for reading: it writes nothing to
// the store, and its writes fail.
func OpenReadOnly(ctx context.Context, url string) (*Store, error) {
	return OpenWith(ctx, url, OpenOptions{ReadOnly: true})
}

// OpenWith opens a store as o says; see Open for the URLs.
func OpenWith(ctx context.Context, rawURL string, o OpenOptions) (*Store, error) {
	scheme, addr := parseURL(rawURL)
	url := redact(rawURL)
	be, ok := backends[scheme]
	if !ok {
		return nil, fmt.Errorf("graph: open %q: unknown store scheme %q (known: %s)", url, scheme, strings.Join(Backends(), ", "))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &Store{scheme: scheme, addr: addr, be: be, opts: o, batchTime: BatchTime}
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
	qs, err := s.be.open(ctx, s.addr, s.opts)
	if err != nil {
		return err
	}
	s.qs = qs
	s.recs = nil
	if _, bolt := qs.(*cayleyQuads); bolt && s.opts.ReadOnly {
		s.recs = newRecordCache()
	}
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
	unlock, err := s.writeTurn(ctx, ex.Doc.ID)
	if err != nil {
		return false, err
	}
	defer unlock()
	added, _, err = s.add(ctx, ex, hash)
	return added, err
}

// writeTurn makes s ready for a write on behalf of what (a document's
// name, for errors): it lets waiting readers in (giveWay) and takes the
// backend's write lock (lockShared), which unlock lets go of. The caller
// holds s.mu.
func (s *Store) writeTurn(ctx context.Context, what string) (unlock func(), err error) {
	if s.qs == nil {
		return nil, ErrClosed
	}
	if err := s.giveWay(ctx); err != nil {
		return nil, fmt.Errorf("graph: add %q: letting readers in: %w", what, err)
	}
	if s.qs == nil {
		return nil, ErrClosed
	}
	unlock, err = s.lockShared(ctx)
	if err != nil {
		return nil, fmt.Errorf("graph: add %q: %w", what, err)
	}
	return unlock, nil
}

// add is Add past its locks: ex, whose content hash is hash, resolved
// and written in one transaction (or as part of a batch's), and how many
// quads the write held.
func (s *Store) add(ctx context.Context, ex *kg.Extraction, hash string) (added bool, quads int, err error) {
	if err := ctx.Err(); err != nil {
		return false, 0, err
	}
	doc := DocIRI(hash)
	have, err := s.objects(ctx, doc, PredQuads)
	if err != nil {
		return false, 0, fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
	}
	if len(have) > 0 {
		return false, 0, nil
	}
	if s.res.Aliases != nil {
		ex = copyExtraction(ex)
		s.res.Aliases.Apply(ex)
	}
	if err := s.ensureKeys(ctx); err != nil {
		return false, 0, fmt.Errorf("graph: add %q: building the resolution keys: %w", ex.Doc.ID, err)
	}
	if !s.res.Off {
		if err := s.unlink(ctx, ex); err != nil {
			return false, 0, fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
		}
	}
	ix := s.index(ctx)
	named := map[string]bool{}
	var rm, add []quad.Quad
	var p *plan.Plan
	if s.res.Off {
		if p, err = s.plainPlan(ix, ex, string(doc)); err != nil {
			return false, 0, fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
		}
		for _, e := range ex.Entities {
			g := p.Groups[e.ID]
			named[e.ID] = len(g) > 0 && len(g[0].Stored) > 0
		}
	} else {
		if p, rm, add, err = s.resolveAdd(ctx, ix, ex, string(doc)); err != nil {
			return false, 0, fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
		}
		ex = p.Extraction
		for _, e := range ex.Entities {
			named[e.ID] = true // resolveAdd wrote the names
		}
	}
	if s.seen == nil {
		s.seen = map[quad.Quad]bool{}
	}
	// An entity stored under its id has its type stored (rdf:type is a
	// function of the id): sending the quad again cost Cayley its values'
	// hashes and reference counts and an index look-up before it found
	// the quad held, once for every document naming the entity (about a
	// twentieth of the quads a CoNLL document sent). Unless the write
	// removes it (a rename's quads).
	typed := map[string]bool{}
	for _, e := range ex.Entities {
		for _, n := range p.Groups[e.ID] {
			if n.ID == e.ID {
				typed[e.ID] = true
			}
		}
	}
	for _, q := range rm {
		if id, ok := EntityID(q.Subject); ok && q.Predicate == RDFType {
			delete(typed, id)
		}
	}
	shared, labelled := extractionQuads(ex, hash, named, typed, p.DocNames, s.seen)
	clear(s.seen) // its room stays, for the next document
	// The lookup keys are the document's too: its count (the last
	// labelled quad, counting itself) takes them in.
	keys := keyQuads(p, doc)
	count := &labelled[len(labelled)-1]
	count.Object = quad.Int(len(labelled) + len(keys))
	batch := make([]quad.Quad, 0, len(add)+len(shared)+len(labelled)+len(keys))
	add = append(append(append(append(batch, add...), shared...), keys...), labelled...)
	if err := ctx.Err(); err != nil {
		return false, 0, err
	}
	// One batch, one bolt transaction: the document and the renames it
	// causes (see deltas).
	if err := s.qs.apply(rm, add); err != nil {
		err = fmt.Errorf("graph: add %q: %w", ex.Doc.ID, err)
		if rerr := s.failedWrite(ctx); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return false, 0, err
	}
	ix.update(p, string(doc))
	return true, len(rm) + len(add), nil
}

// failedWrite drops what a failed write may have left stale: the nodes
// the resolver has read and, on a persistent store, cayley's caches of
// the rolled-back transaction (by reopening the store). Inside a batch
// the batch's end does the reopening.
func (s *Store) failedWrite(ctx context.Context) error {
	s.idx = nil // may hold what the failed write would have changed
	if !s.be.persistent || s.inBatch {
		return nil
	}
	// cayley's kv store caches node ids it assigned inside the failed
	// (rolled back) transaction; reopen to drop them.
	s.close()
	if err := s.open(ctx); err != nil {
		return fmt.Errorf("graph: reopen after failed write: %w", err)
	}
	return nil
}

// AddResult is what AddBatch did with one extraction: what Add would have
// returned for it.
type AddResult struct {
	Added bool
	Err   error
}

// The bounds of one transaction of AddBatch: it commits once it has
// written BatchQuads quads or has run for BatchTime, and goes on with the
// rest in the next. Readers waiting for the store (readers.go) get in
// between two transactions.
const (
	BatchQuads = 50000
	BatchTime  = 250 * time.Millisecond
)

// AddBatch adds the extractions in order, as that many calls to Add
// would, and the store ends the same; but on bolt and PostgreSQL it
// writes them in few transactions (see BatchQuads), each still all or
// nothing: after a crash a document is whole or absent. An extraction Add
// would refuse before writing (ErrInvalid) is refused alone. When a
// document's write fails inside a transaction, the transaction is rolled
// back and its documents (up to the bad one) are written again one
// transaction each, so that a bad document costs only itself: its result
// carries the error, naming it; the documents after it go on in a new
// transaction.
// The results are in the order of exs.
func (s *Store) AddBatch(ctx context.Context, exs []*kg.Extraction) []AddResult {
	out := make([]AddResult, len(exs))
	hashes := make([]string, len(exs))
	for i, ex := range exs {
		hashes[i], out[i].Err = validate(ex)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for start := 0; start < len(exs); {
		start += s.addBatch(ctx, exs[start:], hashes[start:], out[start:])
	}
	return out
}

// addBatch writes a first part of exs (hashes their content hashes; an
// extraction whose out holds an error already is left out) in one
// transaction, as bounded by BatchQuads and BatchTime, puts what became
// of each in out, and returns how many it took.
func (s *Store) addBatch(ctx context.Context, exs []*kg.Extraction, hashes []string, out []AddResult) int {
	name := "" // the batch's first document, for errors before it starts
	valid := 0
	for i, ex := range exs {
		if out[i].Err == nil {
			if valid == 0 {
				name = ex.Doc.ID
			}
			valid++
		}
	}
	if valid == 0 {
		return len(exs)
	}
	unlock, err := s.writeTurn(ctx, name)
	if err != nil {
		for i := range out {
			if out[i].Err == nil {
				out[i].Err = err
			}
		}
		return len(exs)
	}
	defer unlock()
	one := func(i int) {
		if out[i].Err == nil {
			out[i].Added, _, out[i].Err = s.add(ctx, exs[i], hashes[i])
		}
	}
	b, ok := s.qs.(batcher)
	if !ok || !b.batches() || valid < 2 {
		for i := range exs {
			one(i)
		}
		return len(exs)
	}
	if err := b.beginBatch(ctx); err != nil {
		for i := range exs {
			one(i)
		}
		return len(exs)
	}
	s.inBatch = true
	defer func() {
		if s.inBatch { // a panic went through: the batch must not stay open
			s.inBatch = false
			b.endBatch(false)
		}
	}()
	start, quads, n := time.Now(), 0, 0
	failed := false
	for n < len(exs) && !failed {
		i := n
		n++
		if out[i].Err != nil {
			continue
		}
		added, q, err := s.add(ctx, exs[i], hashes[i])
		out[i].Added, quads, failed = added, quads+q, err != nil
		if quads >= BatchQuads || time.Since(start) >= s.batchTime {
			break
		}
	}
	s.inBatch = false
	if err := b.endBatch(!failed); err == nil && !failed {
		return n
	}
	// The transaction is gone: its documents again, one transaction
	// each, on a store reopened as after any failed write.
	if err := s.failedWrite(ctx); err != nil {
		for i := range n {
			if out[i].Err == nil {
				out[i].Added, out[i].Err = false, err
			}
		}
		return n
	}
	for i := range n {
		out[i].Added = false
		one(i)
	}
	return n
}

// HasDocument reports whether the store holds doc's content (its hash,
// Doc.Hash or the SHA-256 of its text), the test Add makes before it
// writes: an ingest asks it before analysing a document. A hash that is
// not a SHA-256 is not stored (Add then says what is wrong with it).
func (s *Store) HasDocument(ctx context.Context, doc *kg.Document) (bool, error) {
	return s.hasDocument(ctx, doc, true)
}

// HasDocumentNoWait is HasDocument for a caller that must not wait for
// a write: while one holds the store (Add, AddBatch), it reports false at
// once. An ingest asks it before analysing a document, so that analysis
// on the other cores goes on while a batch is written; a stored document
// it reports absent is analysed, and Add then finds it stored.
func (s *Store) HasDocumentNoWait(ctx context.Context, doc *kg.Document) (bool, error) {
	return s.hasDocument(ctx, doc, false)
}

// hasDocument is HasDocument, or HasDocumentNoWait when not wait.
func (s *Store) hasDocument(ctx context.Context, doc *kg.Document, wait bool) (bool, error) {
	if doc == nil {
		return false, nil
	}
	hash, err := docHash(doc)
	if err != nil {
		return false, nil
	}
	if wait {
		s.mu.RLock()
	} else if !s.mu.TryRLock() {
		return false, nil
	}
	defer s.mu.RUnlock()
	if s.qs == nil {
		return false, ErrClosed
	}
	have, err := s.objects(ctx, DocIRI(hash), PredQuads)
	if err != nil {
		return false, fmt.Errorf("graph: looking up %q: %w", doc.ID, err)
	}
	return len(have) > 0, nil
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
