package graph

import (
	"context"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
)

// memQuads is the "memory" backend's quad storage: a plain-Go quad set
// with interned values and an index of each value's quads as subject, as
// object (which is all Store asks of it) and as label. It replaces cayley's memstore,
// whose writes (every value of every quad turned into its N-Quads string,
// its key; a B-tree per value and direction) were half of extract's store
// time, and whose pointer-rich heap the garbage collector kept scanning.
//
// Its semantics are the memstore's, which the "memory" tests were written
// against: a value is one node whatever quads hold it, and is gone (has is
// false) when the last quad holding it is removed; quads keep the order
// they were written in (scan, quadsOf), a removed and re-added quad going
// to the end; a batch removing a quad not held fails before it changes
// anything; adding a quad already held does nothing.
//
// Values are told apart by their Go value, where cayley's memstore compares
// N-Quads strings; the two agree on every value this package writes (IRIs,
// strings and integers; an integer given as a typed string is read as the
// integer). Other kinds are keyed by their N-Quads string.
//
// Reads do not change it, so they may run concurrently; writes and cayley
// need the Store's lock for writing.
type memQuads struct {
	// Value ids, from 1, by kind: typed maps hash a string directly,
	// where a map of interfaces hashes through the value's type.
	iris  map[quad.IRI]int32
	strs  map[quad.String]int32
	ints  map[quad.Int]int32
	other map[any]int32 // other kinds, by valueKey
	vals  []quad.Value  // value id -> the value (first written form); [0] is nil
	refs  []int32       // value id -> directions of live quads holding it
	subj  [][]int32     // value id -> positions of the live quads it is the subject of, ascending
	obj   [][]int32     // value id -> the same as object
	lab   [][]int32     // value id -> the same as label
	quads []mquad       // every quad written, in order; removed ones stay, dead (removals are renames: rare)
	// pos maps a live unlabelled quad to its position in quads. A
	// labelled quad is found in its label's or its subject's list, the
	// shorter (see position): labelled quads are most of them, and a map
	// of them all cost more to grow than the few look-ups they need
	// (held).
	pos map[mquad]int32
	// version counts the writes, so that view (a cayley memstore copy
	// for Gizmo queries) is rebuilt when stale.
	version, viewVersion uint64
	view                 *memstore.QuadStore
}

// mquad is a quad of value ids; 0 is no value (no label). A dead quad (one
// removed) has s == -1.
type mquad struct{ s, p, o, l int32 }

func newMemQuads() *memQuads {
	return &memQuads{iris: map[quad.IRI]int32{}, strs: map[quad.String]int32{}, ints: map[quad.Int]int32{},
		other: map[any]int32{}, vals: []quad.Value{nil}, refs: []int32{0},
		subj: [][]int32{nil}, obj: [][]int32{nil}, lab: [][]int32{nil}, pos: map[mquad]int32{}}
}

// nqKey keys a value of a kind valueKey does not compare by Go value.
type nqKey string

// valueKey is the key of a value: the value itself for the kinds whose Go
// equality is N-Quads equality, its N-Quads string otherwise.
func valueKey(v quad.Value) any {
	switch x := v.(type) {
	case quad.IRI, quad.String, quad.Int, quad.BNode:
		return v
	case quad.TypedString:
		if n, err := x.ParseValue(); err == nil {
			if i, ok := n.(quad.Int); ok && i.String() == x.String() {
				return i
			}
		}
	}
	return nqKey(v.String())
}

// lookup returns the id of a value, 0 if it was never written.
func (m *memQuads) lookup(v quad.Value) int32 {
	switch x := v.(type) {
	case nil:
		return 0
	case quad.IRI:
		return m.iris[x]
	case quad.String:
		return m.strs[x]
	case quad.Int:
		return m.ints[x]
	}
	switch k := valueKey(v).(type) {
	case quad.Int:
		return m.ints[k]
	default:
		return m.other[k]
	}
}

// intern returns the id of a value, giving it one if it has none.
func (m *memQuads) intern(v quad.Value) int32 {
	if v == nil {
		return 0
	}
	id := m.lookup(v)
	if id == 0 {
		id = int32(len(m.vals))
		switch k := valueKey(v).(type) {
		case quad.IRI:
			m.iris[k] = id
		case quad.String:
			m.strs[k] = id
		case quad.Int:
			m.ints[k] = id
		default:
			m.other[k] = id
		}
		m.vals = append(m.vals, v)
		m.refs = append(m.refs, 0)
		m.subj = append(m.subj, nil)
		m.obj = append(m.obj, nil)
		m.lab = append(m.lab, nil)
	} else if m.refs[id] == 0 {
		// A value whose quads were all removed comes back in the form
		// now written, as in cayley's memstore.
		m.vals[id] = v
	}
	return id
}

// find returns the ids of a quad, ok false if one of its values was never
// written (then the set does not hold it).
func (m *memQuads) find(q quad.Quad) (k mquad, ok bool) {
	ids := [4]int32{}
	for i, v := range [4]quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v == nil {
			continue
		}
		if ids[i] = m.lookup(v); ids[i] == 0 {
			return mquad{}, false
		}
	}
	return mquad{ids[0], ids[1], ids[2], ids[3]}, true
}

func (m *memQuads) has(v quad.Value) bool {
	id := m.lookup(v)
	return id != 0 && m.refs[id] > 0
}

func (m *memQuads) quad(k mquad) quad.Quad {
	return quad.Quad{Subject: m.vals[k.s], Predicate: m.vals[k.p], Object: m.vals[k.o], Label: m.vals[k.l]}
}

func (m *memQuads) quadsOf(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	id := m.lookup(v)
	if id == 0 || m.refs[id] == 0 {
		return nil, nil
	}
	var at []int32
	switch dir {
	case quad.Subject:
		at = m.subj[id]
	case quad.Object:
		at = m.obj[id]
	default:
		// Not indexed (Store never asks): look at every quad.
		var out []quad.Quad
		for _, k := range m.quads {
			if k.s >= 0 && (dir == quad.Predicate && k.p == id || dir == quad.Label && k.l == id) {
				out = append(out, m.quad(k))
			}
		}
		return out, ctx.Err()
	}
	if len(at) == 0 {
		return nil, ctx.Err()
	}
	out := make([]quad.Quad, len(at))
	for i, p := range at {
		out[i] = m.quad(m.quads[p])
	}
	return out, ctx.Err()
}

func (m *memQuads) subjectsOf(ctx context.Context, obj quad.Value, preds ...quad.Value) ([]quad.Value, error) {
	id := m.lookup(obj)
	if id == 0 || m.refs[id] == 0 {
		return nil, ctx.Err()
	}
	want := make([]int32, 0, len(preds))
	for _, p := range preds {
		if pid := m.lookup(p); pid != 0 {
			want = append(want, pid)
		}
	}
	var out []quad.Value
	seen := map[int32]bool{}
	for _, at := range m.obj[id] {
		k := m.quads[at]
		for _, w := range want {
			if k.p == w && !seen[k.s] {
				seen[k.s] = true
				out = append(out, m.vals[k.s])
			}
		}
	}
	return out, ctx.Err()
}

func (m *memQuads) objectsOf(ctx context.Context, subj, pred quad.Value) ([]quad.Value, error) {
	id, pid := m.lookup(subj), m.lookup(pred)
	if id == 0 || pid == 0 || m.refs[id] == 0 {
		return nil, ctx.Err()
	}
	var out []quad.Value
	seen := map[int32]bool{}
	for _, at := range m.subj[id] {
		if k := m.quads[at]; k.p == pid && !seen[k.o] {
			seen[k.o] = true
			out = append(out, m.vals[k.o])
		}
	}
	return out, ctx.Err()
}

func (m *memQuads) scan(ctx context.Context, fn func(quad.Quad)) error {
	for i, k := range m.quads {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if k.s >= 0 {
			fn(m.quad(k))
		}
	}
	return nil
}

func (m *memQuads) apply(rm, add []quad.Quad) error {
	var dels []int32
	if len(rm) > 0 {
		// The quads to remove: those of rm not also added, each once;
		// all of them must be held.
		// (Compared as deltas compares them, for the cayley stores.)
		adding := make(map[quad.Quad]bool, len(add))
		for _, q := range add {
			adding[q] = true
		}
		seen := make(map[quad.Quad]bool, len(rm))
		for _, q := range rm {
			if adding[q] || seen[q] {
				continue
			}
			seen[q] = true
			k, ok := m.find(q)
			p, held := m.position(k)
			if !ok || !held {
				return &graph.DeltaError{Delta: graph.Delta{Quad: q, Action: graph.Delete}, Err: graph.ErrQuadNotExist}
			}
			dels = append(dels, p)
		}
	}
	for _, p := range dels {
		if m.quads[p].s >= 0 { // two forms of one quad are removed once
			m.remove(p)
		}
	}
	// A batch is mostly one document's quads, all labelled with it, and
	// a node's quads come one after the other: the label, and a subject
	// like the last quad's, are interned once, not hashed (IRIs of 40 to
	// 80 bytes) for each quad. (Compared as interfaces: the same value
	// passed again compares by pointer.)
	var label, subj quad.Value
	var labelID, subjID int32
	// Values interned from newVals on are new in this batch, and quads
	// from start on are this batch's: a quad holding a new value can only
	// be one added before it in the batch (the document's IRI, its
	// evidence and statements: most quads have one).
	newVals, start := int32(len(m.vals)), int32(len(m.quads))
	for _, q := range add {
		// Interning first costs nothing for a quad already held (its
		// values are), and saves a second look-up for a new one.
		if q.Label != label || label == nil {
			label, labelID = q.Label, m.intern(q.Label)
		}
		if q.Subject != subj || subj == nil {
			subj, subjID = q.Subject, m.intern(q.Subject)
		}
		k := mquad{subjID, m.intern(q.Predicate), m.intern(q.Object), labelID}
		if !m.held(k, newVals, start) {
			m.insert(k)
		}
	}
	m.version++
	return nil
}

// batchScan is how many of a subject's quads held checks, from the last
// one back, before it asks pos: a node renamed in the batch has all its
// quads there.
const batchScan = 32

// held reports whether the set holds k, while apply adds a batch whose
// first new value id is newVals and whose first quad is at start.
func (m *memQuads) held(k mquad, newVals, start int32) bool {
	if m.fresh(k) {
		return false // a value of it is in no live quad
	}
	if k.s >= newVals || k.p >= newVals || k.o >= newVals || k.l >= newVals {
		// Only this batch's quads can hold k, the last ones of its
		// subject's list: a few, cheaper to compare than a look-up in
		// pos, a large map.
		ps := m.subj[k.s]
		for i, n := len(ps)-1, 0; i >= 0 && ps[i] >= start; i, n = i-1, n+1 {
			if n == batchScan {
				_, ok := m.position(k)
				return ok
			}
			if m.quads[ps[i]] == k {
				return true
			}
		}
		return false
	}
	_, ok := m.position(k)
	return ok
}

// position returns the position of the live quad k, ok false if the set
// does not hold it.
func (m *memQuads) position(k mquad) (p int32, ok bool) {
	if k.l == 0 {
		p, ok = m.pos[k]
		return p, ok
	}
	ps := m.lab[k.l]
	if s := m.subj[k.s]; len(s) < len(ps) {
		ps = s
	}
	for _, p := range ps {
		if m.quads[p] == k {
			return p, true
		}
	}
	return 0, false
}

// fresh reports whether one of k's values is in no live quad (new ones,
// such as a new document's or statement's IRI, and ones whose quads were
// all removed), so that the set cannot hold k: the look-up in pos, a large
// map, is then not needed.
func (m *memQuads) fresh(k mquad) bool {
	return m.refs[k.s] == 0 || m.refs[k.p] == 0 || m.refs[k.o] == 0 || k.l != 0 && m.refs[k.l] == 0
}

func (m *memQuads) insert(k mquad) {
	p := int32(len(m.quads))
	m.quads = append(m.quads, k)
	if k.l == 0 {
		m.pos[k] = p
	} else {
		m.lab[k.l] = append(m.lab[k.l], p)
	}
	for _, id := range [4]int32{k.s, k.p, k.o, k.l} {
		m.refs[id]++ // refs[0] counts nothing anyone reads
	}
	// Positions only grow, so the lists stay sorted.
	m.subj[k.s] = append(m.subj[k.s], p)
	m.obj[k.o] = append(m.obj[k.o], p)
}

func (m *memQuads) remove(p int32) {
	k := m.quads[p]
	if k.l == 0 {
		delete(m.pos, k)
	} else {
		m.lab[k.l] = dropPos(m.lab[k.l], p)
	}
	for _, id := range [4]int32{k.s, k.p, k.o, k.l} {
		m.refs[id]--
	}
	m.subj[k.s] = dropPos(m.subj[k.s], p)
	m.obj[k.o] = dropPos(m.obj[k.o], p)
	m.quads[p].s = -1
}

// dropPos removes p from an ascending list of positions.
func dropPos(ps []int32, p int32) []int32 {
	i := sort.Search(len(ps), func(i int) bool { return ps[i] >= p })
	if i < len(ps) && ps[i] == p {
		ps = append(ps[:i], ps[i+1:]...)
	}
	return ps
}

// cayley returns a cayley memstore holding the same quads, in the same
// order, built again after every write: Gizmo queries need a cayley
// store, and are rare next to writes.
func (m *memQuads) cayley() graph.QuadStore {
	if m.view == nil || m.viewVersion != m.version {
		m.view = memstore.New()
		for _, k := range m.quads {
			if k.s >= 0 {
				m.view.AddQuad(m.quad(k))
			}
		}
		m.viewVersion = m.version
	}
	return m.view
}

func (m *memQuads) close() error {
	*m = memQuads{}
	return nil
}
