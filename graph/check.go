package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/entigraph/entigraph/graph/boltkv"
	"github.com/entigraph/entigraph/resolve/plan"
)

// Fix says what Repair does about a Finding.
type Fix int

const (
	// FixNone: Repair cannot mend it (the store does not keep what it
	// would take); re-ingest the sources, or restore a copy.
	FixNone Fix = iota
	// FixRebuild: Repair rebuilds it from what the store keeps, losing
	// nothing (the bolt file rewritten from its quads, a name recomputed
	// from the documents' names).
	FixRebuild
	// FixDrop: Repair removes it, but only when told to
	// (RepairOptions.Drop), since that removes stored statements or
	// evidence: a half-written document, evidence whose statement is
	// gone. Re-ingesting the document's source brings it back whole.
	FixDrop
)

func (f Fix) String() string {
	switch f {
	case FixRebuild:
		return "repair rebuilds it"
	case FixDrop:
		return "repair --drop removes it"
	}
	return "repair cannot mend it"
}

// A Finding is one thing Check found wrong with a store.
type Finding struct {
	// Check is the invariant broken: "bolt" (the file's own consistency),
	// "index" (Cayley's indexes against its quad log), "document" (every
	// document whole or absent), "relation" (every edge's ends and
	// evidence present), "evidence", "statement", "name" (each entity's
	// one name, the resolution key computed from its documents' names),
	// "search" (the type-ahead index keys, from the documents' names),
	// "keys" (each entity's eg:lookup keys, those its documents give).
	Check string
	// Problem says what is wrong, in words.
	Problem string
	Fix     Fix

	drop    []quad.Quad // what FixDrop removes
	rm, add []quad.Quad // what a FixRebuild inside the store changes
}

// Report is what Check found.
type Report struct {
	Documents, Quads int
	Findings         []Finding
	// unindexed builds the search index of a store written before it
	// (which has none, and is read by scanning): not a fault, but Repair
	// makes it.
	unindexed []Finding
}

// Clean reports whether Check found nothing wrong.
func (r *Report) Clean() bool { return len(r.Findings) == 0 }

// Check checks the store's invariants and reports every breach in
// words: on bolt the file's own consistency (bbolt's Tx.Check: pages,
// free list, buckets) and Cayley's indexes against its quad log; then,
// on any backend, that every document is whole (its quad count matches
// the quads labelled with it) and every label a document, that every
// relation's ends are stored entities and its evidence is there, that
// every evidence node has its statement and document, that each entity
// has one name, the one its documents' names resolve to, and that it is
// filed under the lookup keys its documents give it (PredLookup).
//
// It writes nothing. An error means the store could not be read at all.
func (s *Store) Check(ctx context.Context) (*Report, error) {
	s.mu.Lock() // the name check makes the store's planner
	defer s.mu.Unlock()
	if s.qs == nil {
		return nil, ErrClosed
	}
	rep := &Report{}
	if c, ok := s.qs.(*cayleyQuads); ok && c.db != nil {
		rep.Findings = append(rep.Findings, boltCheck(c)...)
	}
	var all []quad.Quad
	sn := newSnapshot()
	if err := s.scan(ctx, func(q quad.Quad) {
		all = append(all, q)
		sn.add(q)
	}); err != nil {
		if len(rep.Findings) > 0 {
			return rep, nil // the file is damaged; its quads cannot be read
		}
		return nil, err
	}
	rep.Documents, rep.Quads = len(sn.docs), len(all)
	if _, ok := s.qs.(*cayleyQuads); ok {
		f, err := s.indexCheck(ctx, all)
		if err != nil {
			return nil, err
		}
		rep.Findings = append(rep.Findings, f...)
	}
	content, bad := contentCheck(sn, all)
	rep.Findings = append(rep.Findings, content...)
	if search := searchCheck(all, bad); indexed(all) {
		rep.Findings = append(rep.Findings, search...)
	} else {
		rep.unindexed = search
	}
	nodes := nodesOf(all)
	rep.Findings = append(rep.Findings, s.nameCheck(nodes, bad)...)
	rep.Findings = append(rep.Findings, s.keyCheck(nodes, bad)...)
	return rep, nil
}

// boltCheck runs bbolt's consistency check on the file.
func boltCheck(c *cayleyQuads) []Finding {
	var out []Finding
	_, err := guarded(c.file, func() (struct{}, error) {
		return struct{}{}, c.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				out = append(out, Finding{Check: "bolt", Problem: fmt.Sprintf("%s: %v", c.file, err), Fix: FixRebuild})
			}
			return nil
		})
	})
	if err != nil {
		out = append(out, Finding{Check: "bolt", Problem: err.Error(), Fix: FixRebuild})
	}
	return out
}

// indexCheck compares, for every value, the quads Cayley's subject and
// object indexes list with the quads of the log (all).
func (s *Store) indexCheck(ctx context.Context, all []quad.Quad) ([]Finding, error) {
	var out []Finding
	for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
		want := map[quad.Value]int{}
		for _, q := range all {
			want[q.Get(dir)]++
		}
		vals := make([]quad.Value, 0, len(want))
		for v := range want {
			vals = append(vals, v)
		}
		sort.Slice(vals, func(i, j int) bool { return quad.StringOf(vals[i]) < quad.StringOf(vals[j]) })
		for _, v := range vals {
			got, err := s.qs.quadsOf(ctx, dir, v)
			if err != nil {
				return nil, err
			}
			if len(got) != want[v] {
				out = append(out, Finding{Check: "index", Fix: FixRebuild, Problem: fmt.Sprintf(
					"the %s index lists %d quads with %s as %s, the quad log %d", dir, len(got), quad.StringOf(v), dir, want[v])})
			}
		}
	}
	return out, nil
}

// contentCheck checks documents, relations, statements and evidence.
// It also returns the documents found broken.
func contentCheck(sn *snapshot, all []quad.Quad) ([]Finding, map[quad.Value][]string) {
	var out []Finding
	byLabel := map[quad.Value][]quad.Quad{}
	bySubj := map[quad.Value][]quad.Quad{}
	for _, q := range all {
		if q.Label != nil {
			byLabel[q.Label] = append(byLabel[q.Label], q)
		}
		bySubj[q.Subject] = append(bySubj[q.Subject], q)
	}
	// bad documents: the unit of dropping is the whole document, so that
	// what stays is whole; re-ingesting its source writes it again.
	badDoc := map[quad.Value][]string{}
	var badOrder []quad.Value
	docProblem := func(label quad.Value, format string, args ...any) {
		if badDoc[label] == nil {
			badOrder = append(badOrder, label)
		}
		badDoc[label] = append(badDoc[label], fmt.Sprintf(format, args...))
	}
	docName := func(label quad.Value) string {
		iri, _ := label.(quad.IRI)
		if d := sn.docs[iri]; d != nil && len(d.source) > 0 {
			return fmt.Sprintf("document %s (%s)", strings.Join(d.source, ", "), iri)
		}
		return "document " + quad.StringOf(label)
	}
	for label, n := range sn.labels {
		iri, _ := label.(quad.IRI)
		if _, ok := iriSuffix(label, DocPrefix); !ok || sn.docs[iri] == nil {
			docProblem(label, "%d quads are labelled with it, but no document node says what it is (half written?)", n)
		}
	}
	for iri, d := range sn.docs {
		hash, _ := iriSuffix(iri, DocPrefix)
		switch {
		case len(d.count) != 1:
			docProblem(iri, "%d quad counts, want 1: half written", len(d.count))
		case d.count[0] != sn.labels[iri]:
			docProblem(iri, "%d quads labelled with it, but its count says %d: half written, or quads lost", sn.labels[iri], d.count[0])
		}
		if len(d.source) != 1 {
			docProblem(iri, "%d source names, want 1", len(d.source))
		}
		if len(d.hash) != 1 || d.hash[0] != hash {
			docProblem(iri, "its sha256 %v does not match its IRI", d.hash)
		}
	}
	for iri, e := range sn.evs {
		st := sn.stmts[oneIRI(e.stmt)]
		switch {
		case !e.typed || len(e.stmt) != 1 || len(e.doc) != 1 || len(e.start) != 1 || len(e.end) != 1:
			docProblem(e.label, "evidence %s is incomplete (%d of its quads are there)", iri, len(bySubj[iri]))
		case st == nil || !st.typed:
			docProblem(e.label, "evidence %s points to statement %s, which is missing", iri, oneIRI(e.stmt))
		case e.label != quad.Value(e.doc[0]):
			docProblem(e.label, "evidence %s is labelled with it, but names document %s", iri, e.doc[0])
		}
	}
	// Evidence per (statement's subject, predicate, object, document) for
	// asserted statements: what a direct edge needs.
	type edgeKey struct{ s, p, o string }
	evidenced := map[edgeKey]map[quad.Value]bool{}
	for _, e := range sn.evs {
		st := sn.stmts[oneIRI(e.stmt)]
		if st == nil {
			continue
		}
		if one(st.mod) != string("asserted") {
			continue
		}
		k := edgeKey{one(st.subj), one(st.pred), one(st.obj)}
		if evidenced[k] == nil {
			evidenced[k] = map[quad.Value]bool{}
		}
		evidenced[k][e.label] = true
	}
	entityOK := func(id string) bool {
		e := sn.entities[id]
		return e != nil && e.typ != "" && len(e.names) > 0
	}
	for _, q := range all {
		sid, ok := EntityID(q.Subject)
		pred, isRel := iriSuffix(q.Predicate, RelPrefix)
		if !ok || !isRel || q.Label == nil {
			continue
		}
		oid := idOf(q.Object)
		for _, end := range []string{sid, oid} {
			if !entityOK(end) {
				docProblem(q.Label, "its relation %s %s %s names entity %s, which is not stored (no type or name)", sid, pred, oid, end)
			}
		}
		if !evidenced[edgeKey{sid, pred, oid}][q.Label] {
			docProblem(q.Label, "its relation %s %s %s has no evidence from it", sid, pred, oid)
		}
	}
	// Statements are shared: one stays while some whole document keeps
	// evidence for it.
	hasEvidence := map[quad.IRI]bool{}
	for _, e := range sn.evs {
		if badDoc[e.label] == nil {
			hasEvidence[oneIRI(e.stmt)] = true
		}
	}
	sort.Slice(badOrder, func(i, j int) bool { return quad.StringOf(badOrder[i]) < quad.StringOf(badOrder[j]) })
	for _, label := range badOrder {
		probs := badDoc[label]
		sort.Strings(probs)
		drop := byLabel[label]
		out = append(out, Finding{Check: "document", Fix: FixDrop, drop: drop, Problem: fmt.Sprintf(
			"%s: %s; repair --drop removes its %d quads (%d evidence nodes); ingest its source again to restore it",
			docName(label), strings.Join(probs, "; "), len(drop), countEvidence(drop))})
	}
	var stmts []string
	for iri, st := range sn.stmts {
		switch {
		case !st.typed || len(st.subj) != 1 || len(st.pred) != 1 || len(st.obj) != 1 || len(st.mod) != 1 || len(st.txt) != 1:
			stmts = append(stmts, string(iri))
		case !hasEvidence[iri]:
			stmts = append(stmts, string(iri))
		}
	}
	sort.Strings(stmts)
	for _, s := range stmts {
		iri := quad.IRI(s)
		st := sn.stmts[iri]
		what := "incomplete"
		if hasEvidence[iri] {
			out = append(out, Finding{Check: "statement", Fix: FixNone, Problem: fmt.Sprintf(
				"statement %s is incomplete (%d quads) and has evidence; re-ingest the documents behind it", iri, len(bySubj[iri]))})
			continue
		}
		if st.typed && len(st.txt) == 1 {
			what = fmt.Sprintf("%q", one(st.txt))
		}
		out = append(out, Finding{Check: "statement", Fix: FixDrop, drop: bySubj[iri], Problem: fmt.Sprintf(
			"statement %s (%s) has no evidence outside the broken documents; repair --drop removes its %d quads", iri, what, len(bySubj[iri]))})
	}
	// Entities no whole document names: what is left of them (type,
	// name, sameAs) goes with the broken documents; a Split's
	// distinctFrom stays, it is the user's.
	var orphans []string
	for id, e := range sn.entities {
		whole := false
		for d := range e.docs {
			dv, _ := d.(quad.Value)
			whole = whole || badDoc[dv] == nil
		}
		if !whole {
			orphans = append(orphans, id)
		}
	}
	sort.Strings(orphans)
	for _, id := range orphans {
		var drop []quad.Quad
		for _, q := range bySubj[EntityIRI(id)] {
			if q.Label == nil && q.Predicate != PredDistinctFrom {
				drop = append(drop, q)
			}
		}
		if len(drop) == 0 {
			continue
		}
		out = append(out, Finding{Check: "entity", Fix: FixDrop, drop: drop, Problem: fmt.Sprintf(
			"entity %s is named by no whole document; repair --drop removes its %d quads", id, len(drop))})
	}
	return out, badDoc
}

func countEvidence(qs []quad.Quad) int {
	n := 0
	for _, q := range qs {
		if q.Predicate == RDFType && q.Object == ClassEvidence {
			n++
		}
	}
	return n
}

// nameCheck checks that every entity has one name, the one resolution
// gives its documents' names (the key later documents are matched on).
// Entities that broken documents name are left out: their names cannot be
// computed until those are dropped or whole again.
func (s *Store) nameCheck(sn *storedNodes, broken map[quad.Value][]string) []Finding {
	var out []Finding
	for _, id := range sn.ids {
		n := sn.nodes[id]
		// No document names it: nothing to compute a name from.
		if len(n.Docs) == 0 || sn.broken(id, broken) {
			continue
		}
		want := s.canonicalName(n.Uses())
		if len(n.Stored) == 1 && n.Stored[0] == want {
			continue
		}
		rm, add := nameQuads(id, want, []*plan.Node{n})
		out = append(out, Finding{Check: "name", Fix: FixRebuild, rm: rm, add: add, Problem: fmt.Sprintf(
			"entity %s is named %q; its documents' names make it %q", id, n.Stored, want)})
	}
	return out
}

// RepairOptions say what Repair may do.
type RepairOptions struct {
	// Drop removes what cannot be rebuilt (FixDrop findings: half
	// documents, statements without evidence). Without it Repair only
	// rebuilds, and reports what it would drop.
	Drop bool
}

// RepairResult says what Repair did.
type RepairResult struct {
	// Rebuilt is true when the bolt file was rewritten from its quads;
	// Backup is then the old file, kept beside it.
	Rebuilt bool
	Backup  string
	// Done lists the findings mended, Left those left (FixNone, and
	// FixDrop ones without RepairOptions.Drop).
	Done, Left []Finding
}

// Repair mends what Check finds: it rebuilds what the store keeps enough
// to rebuild (a bolt file whose pages or indexes are wrong is written
// anew from its quads, the old file kept as indexes.bolt.broken-TIME; a
// name is recomputed), and with o.Drop removes what cannot be (whole
// half-written documents, statements left with no evidence). It never
// removes anything without o.Drop. The Store stays open.
func (s *Store) Repair(ctx context.Context, o RepairOptions) (*RepairResult, error) {
	rep, err := s.Check(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.qs == nil {
		return nil, ErrClosed
	}
	res := &RepairResult{}
	var rm, add []quad.Quad
	rebuild := false
	for _, f := range rep.Findings {
		switch {
		case f.Fix == FixRebuild && (f.Check == "bolt" || f.Check == "index"):
			rebuild = true
			res.Done = append(res.Done, f)
		case f.Fix == FixRebuild:
			rm, add = append(rm, f.rm...), append(add, f.add...)
			res.Done = append(res.Done, f)
		case f.Fix == FixDrop && o.Drop:
			rm = append(rm, f.drop...)
			res.Done = append(res.Done, f)
		default:
			res.Left = append(res.Left, f)
		}
	}
	for _, f := range rep.unindexed {
		rm, add = append(rm, f.rm...), append(add, f.add...)
		res.Done = append(res.Done, f)
	}
	if rebuild {
		c, ok := s.qs.(*cayleyQuads)
		if !ok {
			return nil, errors.New("graph: repair: only a bolt store can be rebuilt")
		}
		if res.Backup, err = s.rebuildBolt(ctx, c, rm, add); err != nil {
			return nil, fmt.Errorf("graph: repair: %w", err)
		}
		res.Rebuilt = true
		return res, nil
	}
	if len(rm) > 0 || len(add) > 0 {
		unlock, err := s.lockShared(ctx)
		if err != nil {
			return nil, fmt.Errorf("graph: repair: %w", err)
		}
		defer unlock()
		if err := s.qs.apply(rm, add); err != nil {
			return nil, fmt.Errorf("graph: repair: %w", err)
		}
		s.idx = nil // the nodes the resolver read are read again
	}
	// A store written before there were resolution keys gets them.
	if err := s.ensureKeys(ctx); err != nil {
		return nil, fmt.Errorf("graph: repair: the resolution keys: %w", err)
	}
	return res, nil
}

// rebuildBolt writes every quad of the store but rm, and add, into a new
// bolt file, then swaps it in, keeping the old file as a backup. The
// caller holds the write lock.
func (s *Store) rebuildBolt(ctx context.Context, c *cayleyQuads, rm, add []quad.Quad) (backup string, err error) {
	drop := make(map[quad.Quad]bool, len(rm))
	for _, q := range rm {
		drop[q] = true
	}
	var keep []quad.Quad
	if err := c.scan(ctx, func(q quad.Quad) {
		if !drop[q] {
			keep = append(keep, q)
		}
	}); err != nil {
		return "", fmt.Errorf("reading the quads to rebuild from: %w", err)
	}
	keep = append(keep, add...)
	dir := filepath.Dir(c.file)
	tmpDir, err := os.MkdirTemp(dir, ".rebuild-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmpDir)
	fresh, err := openBolt(ctx, tmpDir, OpenOptions{})
	if err != nil {
		return "", err
	}
	if err := fresh.apply(nil, keep); err != nil {
		fresh.close()
		return "", err
	}
	if err := fresh.close(); err != nil {
		return "", err
	}
	if err := s.close(); err != nil {
		return "", err
	}
	backup = c.file + ".broken-" + time.Now().UTC().Format("20060102T150405Z")
	if err := os.Rename(c.file, backup); err != nil {
		return "", errors.Join(err, s.open(ctx))
	}
	if err := os.Rename(filepath.Join(tmpDir, boltkv.File), c.file); err != nil {
		os.Rename(backup, c.file)
		return "", errors.Join(err, s.open(ctx))
	}
	s.idx = nil
	return backup, s.open(ctx)
}
