package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	neturl "net/url"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/shape"
	csql "github.com/cayleygraph/cayley/graph/sql"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // registers "cockroach" (driver pgx)
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"  // registers "postgres" (driver lib/pq)
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/lib/pq"
)

// sqlQuads is a database of Cayley's SQL backend as a quadStore: the
// PostgreSQL flavour (lib/pq) or the CockroachDB one (pgx). Cayley's
// schema is used as it is (tables nodes and quads, created by
// graph.InitQuadStore); Gizmo queries run on Cayley's own SQL quad
// store, while the look-ups, the scan and the writes of the Store go
// through the same database with queries of their own: two queries a
// look-up and one a scan (Cayley's iterators read each value of each
// quad with a query of its own), and each write in one transaction of
// multi-row statements (postgres_write.go) or, on CockroachDB, through
// Cayley's ApplyDeltas.
//
// Several processes may write one database at once (docs/scale.md).
// Each read-plan-write of the Store (Add, Merge, Split, Repair) holds a
// lock of the database's for its whole length (lockWrites): a row of
// table entigraph_lock locked FOR UPDATE in a transaction of its own, on
// a connection of its own, so a process that dies lets go of it. Every
// write first draws a number from the sequence entigraph_writes, outside
// any transaction, so that a writer sees at its next lock that another
// wrote since and drops what it keeps in memory of the store (the
// resolver's index).
type sqlQuads struct {
	flavor string // Cayley's name: "postgres" or "cockroach"
	addr   string // the driver's connection string
	db     *sql.DB
	qs     graph.QuadStore // Cayley's store over the same database
	ro     bool

	// values caches the values of hashes (a hash is its value's for
	// good, so it holds across writers), under mu.
	mu     sync.Mutex
	values map[graph.ValueHash]quad.Value

	// seen is the last number this handle drew from entigraph_writes or
	// found there at its last lock; -1 before the first lock.
	seen int64

	// tx is the transaction of a batch (beginBatch), nil outside one:
	// every query and write goes through it; failed: a write inside it
	// failed (PostgreSQL then refuses the rest of the transaction).
	tx     *sql.Tx
	failed bool
}

// sqlRunner is what queries run on: the pool, or a batch's transaction.
type sqlRunner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// run returns what the store's queries run on: the batch's transaction
// inside a batch, else the pool.
func (s *sqlQuads) run() sqlRunner {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// batches: on PostgreSQL. CockroachDB's writes go through Cayley's
// ApplyDeltas, which makes transactions of its own (and retries them).
func (s *sqlQuads) batches() bool { return s.flavor == "postgres" && !s.ro }

// beginBatch opens the transaction that the writes and reads of a batch
// go through until endBatch.
func (s *sqlQuads) beginBatch(ctx context.Context) error {
	if s.ro {
		return errors.New("the store is open read-only")
	}
	if s.tx != nil {
		return errors.New("a batch is already open")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	s.tx, s.failed = tx, false
	return nil
}

// errBatchFailed is endBatch's error when a write inside the batch failed.
var errBatchFailed = errors.New("a write inside the batch failed; the batch was rolled back")

func (s *sqlQuads) endBatch(commit bool) error {
	tx, failed := s.tx, s.failed
	if tx == nil {
		return nil
	}
	s.tx, s.failed = nil, false
	switch {
	case !commit:
		return tx.Rollback()
	case failed:
		tx.Rollback()
		return errBatchFailed
	}
	return tx.Commit()
}

// sqlFlavors maps a URL scheme to Cayley's flavour and its driver.
var sqlFlavors = map[string]struct{ flavor, driver string }{
	"postgres":   {"postgres", "postgres"},
	"postgresql": {"postgres", "postgres"},
	"cockroach":  {"cockroach", "pgx"},
}

// openSQL opens the database at url (the whole URL Open was given) for
// the scheme's flavour, creating Cayley's tables where there are none,
// unless o forbids it.
func openSQL(scheme string) func(ctx context.Context, url string, o OpenOptions) (quadStore, error) {
	return func(ctx context.Context, url string, o OpenOptions) (quadStore, error) {
		fl := sqlFlavors[scheme]
		addr := url
		if scheme == "cockroach" {
			// pgx reads a postgresql:// URL; the scheme only chose it.
			addr = "postgresql" + strings.TrimPrefix(url, url[:len("cockroach")])
		}
		db, addr, err := connectSQL(ctx, fl.driver, addr)
		if err != nil {
			return nil, err
		}
		s := &sqlQuads{flavor: fl.flavor, addr: addr, db: db, ro: o.ReadOnly, seen: -1, values: map[graph.ValueHash]quad.Value{}}
		if err := s.init(ctx, o); err != nil {
			db.Close()
			return nil, err
		}
		if s.qs, err = graph.NewQuadStore(fl.flavor, addr, nil); err != nil {
			db.Close()
			return nil, err
		}
		return s, nil
	}
}

// connectSQL opens a pool on the connection string and checks that the
// server answers. lib/pq requires SSL unless told otherwise, where psql
// and libpq prefer it: a URL that names no sslmode is tried again
// without SSL when the server has none (a local server, most often).
func connectSQL(ctx context.Context, driver, addr string) (*sql.DB, string, error) {
	db, err := pingSQL(ctx, driver, addr)
	if err != nil && driver == "postgres" && strings.Contains(err.Error(), "SSL is not enabled on the server") {
		if u, perr := neturl.Parse(addr); perr == nil && u.Query().Get("sslmode") == "" {
			q := u.Query()
			q.Set("sslmode", "disable")
			u.RawQuery = q.Encode()
			addr = u.String()
			db, err = pingSQL(ctx, driver, addr)
		}
	}
	return db, addr, err
}

func pingSQL(ctx context.Context, driver, addr string) (*sql.DB, error) {
	db, err := sql.Open(driver, addr)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sqlTables are what a store in a database is: Cayley's two tables and
// entigraph's lock and write counter.
var sqlTables = []string{"nodes", "quads", "entigraph_lock", "entigraph_writes"}

// initLockKey is the PostgreSQL advisory lock init holds while it makes
// the tables (any number: entigraph takes no other).
const initLockKey = 0x656e7469 // "enti"

// init makes the store's tables where none are (Cayley's with
// graph.InitQuadStore, then entigraph's two), as o allows. Of several
// processes making them at once, all but one fail to; they then find the
// tables made and go on.
func (s *sqlQuads) init(ctx context.Context, o OpenOptions) error {
	have, err := s.tables(ctx)
	if err != nil {
		return err
	}
	switch {
	case have == len(sqlTables):
		return nil
	case have == 0 && (o.MustExist || o.ReadOnly):
		return ErrNotExist
	case o.ReadOnly:
		return fmt.Errorf("%w: the database holds only %d of the store's tables %v", ErrNotStore, have, sqlTables)
	}
	if s.flavor == "postgres" {
		// Of several processes making the tables at once, the others
		// wait here, then find them made.
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, initLockKey); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, initLockKey)
		if have, err = s.tables(ctx); err != nil || have == len(sqlTables) {
			return err
		}
	}
	var ierr error
	if have == 0 {
		ierr = graph.InitQuadStore(s.flavor, s.addr, nil)
		if errors.Is(ierr, graph.ErrDatabaseExists) {
			ierr = nil
		}
	}
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS entigraph_lock (id INT PRIMARY KEY)`,
		`INSERT INTO entigraph_lock (id) VALUES (1) ON CONFLICT DO NOTHING`,
		`CREATE SEQUENCE IF NOT EXISTS entigraph_writes`,
	} {
		if ierr != nil {
			break
		}
		_, ierr = s.db.ExecContext(ctx, stmt)
	}
	if have, err = s.tables(ctx); err != nil {
		return err
	}
	if have < len(sqlTables) {
		if ierr == nil {
			ierr = fmt.Errorf("%w: the database holds only %d of the store's tables %v, and they could not be made", ErrNotStore, have, sqlTables)
		}
		return fmt.Errorf("making the store's tables: %w", ierr)
	}
	// Another process made them first (ierr) or this one did.
	return nil
}

// tables counts the store's tables (and sequence) that the database has,
// in the schema its search_path names first.
func (s *sqlQuads) tables(ctx context.Context) (int, error) {
	n := 0
	for _, t := range sqlTables {
		var reg sql.NullString
		if err := s.db.QueryRowContext(ctx, `SELECT to_regclass($1)::text`, t).Scan(&reg); err != nil {
			return 0, err
		}
		if reg.Valid {
			n++
		}
	}
	return n, nil
}

func (s *sqlQuads) has(v quad.Value) bool {
	var one int
	err := s.run().QueryRowContext(context.Background(), `SELECT 1 FROM nodes WHERE hash = $1`, csql.HashOf(v).SQLValue()).Scan(&one)
	return err == nil
}

// valueCols are the columns of table nodes that hold a value, in the
// order decodeValue takes them.
var valueCols = []string{"value", "value_string", "datatype", "language", "iri", "bnode", "value_int", "value_bool", "value_float", "value_time"}

// quadSelect reads quads with their four values: one row a quad, ordered
// as written (Cayley's horizon column).
var quadSelect = func() string {
	var cols []string
	for _, a := range []string{"s", "p", "o", "l"} {
		for _, c := range valueCols {
			cols = append(cols, a+"."+c)
		}
	}
	return `SELECT ` + strings.Join(cols, ", ") + ` FROM quads q
	JOIN nodes s ON s.hash = q.subject_hash
	JOIN nodes p ON p.hash = q.predicate_hash
	JOIN nodes o ON o.hash = q.object_hash
	LEFT JOIN nodes l ON l.hash = q.label_hash`
}()

// nodeRow is one value's columns, as scanned.
type nodeRow struct {
	data   []byte
	str    sql.NullString
	typ    sql.NullString
	lang   sql.NullString
	iri    sql.NullBool
	bnode  sql.NullBool
	vint   sql.NullInt64
	vbool  sql.NullBool
	vfloat sql.NullFloat64
	vtime  sql.NullTime
}

func (r *nodeRow) dest() []any {
	return []any{&r.data, &r.str, &r.typ, &r.lang, &r.iri, &r.bnode, &r.vint, &r.vbool, &r.vfloat, &r.vtime}
}

// value decodes the row as Cayley's SQL store wrote it (csql.NodeValues):
// nil for a row of NULLs (no label).
func (r *nodeRow) value() (quad.Value, error) {
	switch {
	case r.str.Valid:
		s := strings.ReplaceAll(r.str.String, `\x00`, "\x00") // Cayley escapes NUL
		switch {
		case r.iri.Bool:
			return quad.IRI(r.str.String), nil
		case r.bnode.Bool:
			return quad.BNode(r.str.String), nil
		case r.lang.Valid:
			return quad.LangString{Value: quad.String(s), Lang: r.lang.String}, nil
		case r.typ.Valid:
			return quad.TypedString{Value: quad.String(s), Type: quad.IRI(r.typ.String)}, nil
		}
		return quad.String(s), nil
	case r.vint.Valid:
		return quad.Int(r.vint.Int64), nil
	case r.vbool.Valid:
		return quad.Bool(r.vbool.Bool), nil
	case r.vfloat.Valid:
		return quad.Float(r.vfloat.Float64), nil
	case r.vtime.Valid:
		return quad.Time(r.vtime.Time), nil
	case r.data != nil:
		return pquads.UnmarshalValue(r.data)
	}
	return nil, nil
}

// query runs a quadSelect query and calls fn with each quad.
func (s *sqlQuads) query(ctx context.Context, fn func(quad.Quad), where string, args ...any) error {
	rows, err := s.run().QueryContext(ctx, quadSelect+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r [4]nodeRow
	dest := make([]any, 0, 4*len(valueCols))
	for i := range r {
		dest = append(dest, r[i].dest()...)
	}
	for rows.Next() {
		r = [4]nodeRow{}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		var q quad.Quad
		for i, d := range quad.Directions {
			v, err := r[i].value()
			if err != nil {
				return err
			}
			q.Set(d, v)
		}
		fn(q)
	}
	return rows.Err()
}

var dirColumn = map[quad.Direction]string{
	quad.Subject:   "subject_hash",
	quad.Predicate: "predicate_hash",
	quad.Object:    "object_hash",
	quad.Label:     "label_hash",
}

// quadsOf reads the quads' hashes by the direction's index, then the
// values it has not cached by the primary key of nodes: two queries that
// touch only what the answer needs. (One query joining quads with nodes
// four times let the planner scan all of nodes for each look-up while
// the table's statistics were those of an empty table, which they are
// for a while after the store is made: ingest slowed with the store.)
func (s *sqlQuads) quadsOf(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	col, ok := dirColumn[dir]
	if !ok || v == nil {
		return nil, nil
	}
	rows, err := s.run().QueryContext(ctx, `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads WHERE `+col+` = $1 ORDER BY horizon`, csql.HashOf(v).SQLValue())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hs [][4]csql.NodeHash
	for rows.Next() {
		var h [4]csql.NodeHash
		if err := rows.Scan(&h[0], &h[1], &h[2], &h[3]); err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	flat := make([]csql.NodeHash, 0, 4*len(hs))
	for _, h := range hs {
		flat = append(flat, h[:]...)
	}
	if err := s.cacheValues(ctx, flat); err != nil {
		return nil, err
	}
	out := make([]quad.Quad, len(hs))
	for i, h := range hs {
		for j, d := range quad.Directions {
			if h[j].Valid() {
				v := s.values[h[j].ValueHash]
				if v == nil {
					return nil, fmt.Errorf("value %x of a quad is not in table nodes", h[j].ValueHash[:])
				}
				out[i].Set(d, v)
			}
		}
	}
	if len(s.values) > maxCachedValues {
		clear(s.values) // next time from the database
	}
	return out, nil
}

// maxCachedValues bounds sqlQuads.values.
const maxCachedValues = 1 << 20

// cacheValues reads the values of the hashes that s.values lacks (the
// invalid ones, a quad's missing label, left out) in one query; the caller
// holds s.mu.
func (s *sqlQuads) cacheValues(ctx context.Context, hs []csql.NodeHash) error {
	var missing [][]byte
	asked := map[graph.ValueHash]bool{}
	for _, x := range hs {
		if _, ok := s.values[x.ValueHash]; x.Valid() && !ok && !asked[x.ValueHash] {
			asked[x.ValueHash] = true
			missing = append(missing, x.SQLValue().([]byte))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return s.fetchValues(ctx, missing)
}

// fetchValues reads the values of the hashes into s.values; the caller
// holds s.mu.
func (s *sqlQuads) fetchValues(ctx context.Context, hashes [][]byte) error {
	rows, err := s.run().QueryContext(ctx, `SELECT hash, `+strings.Join(valueCols, ", ")+` FROM nodes WHERE hash = ANY($1::bytea[])`, pq.ByteaArray(hashes))
	if err != nil {
		return err
	}
	defer rows.Close()
	var h csql.NodeHash
	var r nodeRow
	dest := append([]any{&h}, r.dest()...)
	for rows.Next() {
		r = nodeRow{}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		v, err := r.value()
		if err != nil {
			return err
		}
		s.values[h.ValueHash] = v
	}
	return rows.Err()
}

func (s *sqlQuads) scan(ctx context.Context, fn func(quad.Quad)) error {
	return s.query(ctx, fn, ` ORDER BY q.horizon`)
}

// apply writes the batch in one transaction, having first counted the
// write in entigraph_writes (see sqlQuads): on PostgreSQL in batches of
// rows (applyBatched), on CockroachDB through Cayley's ApplyDeltas, which
// retries the transaction as CockroachDB asks.
func (s *sqlQuads) apply(rm, add []quad.Quad) error {
	if s.ro {
		return errors.New("the store is open read-only")
	}
	if len(rm) == 0 && len(add) == 0 {
		return nil
	}
	if err := s.db.QueryRow(`SELECT nextval('entigraph_writes')`).Scan(&s.seen); err != nil {
		return err
	}
	if s.tx != nil {
		// Inside a batch: its transaction, on either flavour.
		err := s.applyBatched(context.Background(), s.tx, deltas(rm, add))
		if err != nil {
			s.failed = true
		}
		return err
	}
	if s.flavor == "postgres" {
		return s.applyBatched(context.Background(), nil, deltas(rm, add))
	}
	return s.qs.ApplyDeltas(deltas(rm, add), graph.IgnoreOpts{IgnoreDup: true})
}

// lockWrites takes the database's write lock (see sqlQuads) and reports
// whether another process has written since this handle's last write or
// lock (always at the first lock: what the caller keeps may predate it).
// unlock lets go of it.
func (s *sqlQuads) lockWrites(ctx context.Context) (stale bool, unlock func(), err error) {
	if s.ro {
		return false, func() {}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return false, nil, err
	}
	unlock = func() {
		tx.Rollback()
		conn.Close()
	}
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT id FROM entigraph_lock WHERE id = 1 FOR UPDATE`).Scan(&one); err != nil {
		unlock()
		return false, nil, fmt.Errorf("taking the store's write lock: %w", err)
	}
	// The sequence is read outside tx's snapshot (sequences are not
	// transactional): the last number any process drew.
	var last int64
	var called bool
	if err := s.db.QueryRowContext(ctx, `SELECT last_value, is_called FROM entigraph_writes`).Scan(&last, &called); err != nil {
		unlock()
		return false, nil, err
	}
	if !called {
		last = 0
	}
	stale = s.seen != last
	s.seen = last
	return stale, unlock, nil
}

// cayley returns Cayley's SQL store for Gizmo, as one whose ValueOf is
// nil for a value not in the database (Cayley's returns its hash, found
// or not), which the query layer (gizmoStore) counts on.
func (s *sqlQuads) cayley() graph.QuadStore { return sqlCayley{s.qs, s} }

type sqlCayley struct {
	graph.QuadStore
	s *sqlQuads
}

func (c sqlCayley) ValueOf(v quad.Value) graph.Ref {
	if v == nil || !c.s.has(v) {
		return nil
	}
	return c.QuadStore.ValueOf(v)
}

// OptimizeShape leaves shapes to Cayley's generic iterators: Cayley's
// SQL optimiser makes iterators that crash the process (in Gizmo's
// goroutine, where no caller can recover) on queries as plain as
// g.V().Out().Out().Out().Count() (iteratorNext.NextPath on a cursor
// never opened, found by FuzzQuery on PostgreSQL), and it took a value
// not in the database for one of its own. The generic iterators read the
// SQL store through QuadIterator and NameOf: slower, one query a step.
func (c sqlCayley) OptimizeShape(sh shape.Shape) (shape.Shape, bool) { return sh, false }

func (s *sqlQuads) close() error {
	return errors.Join(s.qs.Close(), s.db.Close())
}

// sharedWriter is a quadStore that other processes may write at the same
// time (sqlQuads). The Store holds lockWrites over each of its
// read-plan-write steps and forgets its resolver's index when stale.
type sharedWriter interface {
	lockWrites(ctx context.Context) (stale bool, unlock func(), err error)
}

// lockShared takes the backend's write lock, if it has one, for one
// read-plan-write step of s; when another process has written since, it
// drops the resolver's index, built again from the store when next
// needed. The caller holds s.mu.
func (s *Store) lockShared(ctx context.Context) (unlock func(), err error) {
	w, ok := s.qs.(sharedWriter)
	if !ok {
		return func() {}, nil
	}
	stale, unlock, err := w.lockWrites(ctx)
	if err != nil {
		return nil, err
	}
	if stale {
		s.idx = nil
	}
	return unlock, nil
}
