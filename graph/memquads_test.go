package graph

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
)

func mq(s, p, o string, l ...string) quad.Quad {
	q := quad.Quad{Subject: quad.IRI(s), Predicate: quad.IRI(p), Object: quad.String(o)}
	if len(l) > 0 {
		q.Label = quad.IRI(l[0])
	}
	return q
}

func allQuads(t *testing.T, qs quadStore) []quad.Quad {
	t.Helper()
	var out []quad.Quad
	if err := qs.scan(context.Background(), func(q quad.Quad) { out = append(out, q) }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMemQuads pins down the memory quad set's write semantics, batch by
// batch: what it holds after each (in order), and which batches fail.
func TestMemQuads(t *testing.T) {
	a, b, c := mq("a", "p", "1"), mq("b", "p", "2", "d"), mq("c", "p", "3")
	type batch struct {
		rm, add []quad.Quad
		fails   bool
		want    []quad.Quad // held after it, in order
	}
	for _, tc := range []struct {
		name    string
		batches []batch
	}{
		{"add in order", []batch{{add: []quad.Quad{a, b}, want: []quad.Quad{a, b}}}},
		{"duplicates in a batch are one quad", []batch{{add: []quad.Quad{a, a, b, a}, want: []quad.Quad{a, b}}}},
		{"adding a held quad does nothing", []batch{
			{add: []quad.Quad{a, b}, want: []quad.Quad{a, b}},
			{add: []quad.Quad{b, c, a}, want: []quad.Quad{a, b, c}},
		}},
		{"a removed quad added again goes last", []batch{
			{add: []quad.Quad{a, b}, want: []quad.Quad{a, b}},
			{rm: []quad.Quad{a}, want: []quad.Quad{b}},
			{add: []quad.Quad{a}, want: []quad.Quad{b, a}},
		}},
		{"removing and adding one quad leaves it", []batch{
			{add: []quad.Quad{a, b}, want: []quad.Quad{a, b}},
			{rm: []quad.Quad{a}, add: []quad.Quad{c, a}, want: []quad.Quad{a, b, c}},
		}},
		{"removing and adding a quad not held adds it", []batch{
			{rm: []quad.Quad{a}, add: []quad.Quad{a}, want: []quad.Quad{a}},
		}},
		{"removing a quad not held fails the batch", []batch{
			{add: []quad.Quad{a}, want: []quad.Quad{a}},
			{rm: []quad.Quad{a, b}, add: []quad.Quad{c}, fails: true, want: []quad.Quad{a}},
		}},
		{"a label is part of the quad", []batch{
			{add: []quad.Quad{mq("b", "p", "2")}, want: []quad.Quad{mq("b", "p", "2")}},
			{rm: []quad.Quad{b}, fails: true, want: []quad.Quad{mq("b", "p", "2")}},
			{add: []quad.Quad{b}, want: []quad.Quad{mq("b", "p", "2"), b}},
		}},
		{"a removal listed twice removes once", []batch{
			{add: []quad.Quad{a, b}, want: []quad.Quad{a, b}},
			{rm: []quad.Quad{a, a}, want: []quad.Quad{b}},
		}},
		{"an integer and its typed string are one value", []batch{
			{add: []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("n"), Object: quad.Int(5)}},
				want: []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("n"), Object: quad.Int(5)}}},
			{add: []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("n"), Object: quad.Int(5).TypedString()}},
				want: []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("n"), Object: quad.Int(5)}}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMemQuads()
			for i, bt := range tc.batches {
				err := m.apply(bt.rm, bt.add)
				if (err != nil) != bt.fails {
					t.Fatalf("batch %d: err = %v, want failure %v", i, err, bt.fails)
				}
				if err != nil && !graph.IsQuadNotExist(err) {
					t.Errorf("batch %d: err = %v, want ErrQuadNotExist", i, err)
				}
				if got := allQuads(t, m); !reflect.DeepEqual(got, bt.want) {
					t.Fatalf("batch %d: holds %v, want %v", i, got, bt.want)
				}
			}
		})
	}
}

// TestMemQuadsLookups: has and quadsOf follow removals, and a value is
// gone with its last quad.
func TestMemQuadsLookups(t *testing.T) {
	ctx := context.Background()
	m := newMemQuads()
	x, y := mq("s", "p", "o", "l"), quad.Quad{Subject: quad.IRI("t"), Predicate: quad.IRI("p"), Object: quad.IRI("s")}
	if err := m.apply(nil, []quad.Quad{x, y}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  quad.Direction
		v    quad.Value
		want []quad.Quad
	}{
		{quad.Subject, quad.IRI("s"), []quad.Quad{x}},
		{quad.Object, quad.IRI("s"), []quad.Quad{y}},
		{quad.Predicate, quad.IRI("p"), []quad.Quad{x, y}},
		{quad.Label, quad.IRI("l"), []quad.Quad{x}},
		{quad.Subject, quad.String("s"), nil}, // a string is not the IRI
		{quad.Subject, quad.IRI("nowhere"), nil},
	} {
		got, err := m.quadsOf(ctx, tc.dir, tc.v)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("quadsOf(%v, %v) = %v, %v; want %v", tc.dir, tc.v, got, err, tc.want)
		}
	}
	if err := m.apply([]quad.Quad{x}, nil); err != nil {
		t.Fatal(err)
	}
	for v, want := range map[quad.Value]bool{quad.IRI("s"): true, quad.String("o"): false, quad.IRI("l"): false, quad.IRI("p"): true} {
		if m.has(v) != want {
			t.Errorf("after removing %v: has(%v) = %v, want %v", x, v, !want, want)
		}
	}
	if got, _ := m.quadsOf(ctx, quad.Subject, quad.IRI("s")); got != nil {
		t.Errorf("quadsOf(subject s) after its removal = %v", got)
	}
}

// TestMemQuadsAsCayley applies one random sequence of batches to the
// memory quad set, to cayley's memstore (what "memory" was) and to a bolt
// store, and compares them after every batch: failures, the quads held
// (in order), has and quadsOf for every value.
//
// Bolt is compared as the Store uses it. After a failed batch it is
// reopened, as Store does: cayley's kv store keeps in memory what the
// failed batch began (TestBoltFailedBatch), and compared without the
// reopen it holds wrong quads, or cannot remove one it holds, within a
// few dozen batches. Its quadsOf lists a value's quads in index order,
// not the order written, so they are compared as sets; and a value may
// outlive its last quad there (has stays true, with no quads: deltas may
// leave its reference count high), which Store only uses as a shortcut
// before quadsOf.
func TestMemQuadsAsCayley(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(7))
	var vals []quad.Value
	for i := 0; i < 4; i++ {
		vals = append(vals, quad.IRI(fmt.Sprintf("urn:n%d", i)), quad.String(fmt.Sprintf("s%d", i)), quad.Int(i))
	}
	iris := vals[:0:0]
	for _, v := range vals {
		if _, ok := v.(quad.IRI); ok {
			iris = append(iris, v)
		}
	}
	var universe []quad.Quad // quads over a few values, so batches collide
	for _, s := range iris[:3] {
		for _, p := range iris[2:] {
			for _, o := range []quad.Value{vals[1], vals[2], vals[4], vals[5], iris[0]} {
				universe = append(universe, quad.Quad{Subject: s, Predicate: p, Object: o})
				universe = append(universe, quad.Quad{Subject: s, Predicate: p, Object: o, Label: iris[3]})
			}
		}
	}
	mem, ref := newMemQuads(), &cayleyQuads{qs: memstore.New()}
	boltDir := filepath.Join(t.TempDir(), "store")
	bolt, err := openBolt(ctx, boltDir, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { bolt.close() }()
	var held []quad.Quad // what ref holds, to draw removals from
	pick := func(n int, from []quad.Quad) []quad.Quad {
		var out []quad.Quad
		for i := 0; i < n && len(from) > 0; i++ {
			out = append(out, from[rng.Intn(len(from))])
		}
		return out
	}
	sorted := func(qs []quad.Quad) []quad.Quad {
		qs = append([]quad.Quad(nil), qs...)
		sortQuads(qs)
		return qs
	}
	failures, outlived := 0, 0
	for i := 0; i < 400; i++ {
		rm := pick(rng.Intn(4), held)
		if rng.Intn(8) == 0 {
			rm = append(rm, pick(1, universe)...) // maybe not held: the batch fails
		}
		add := pick(rng.Intn(6), universe)
		if rng.Intn(4) == 0 {
			add = append(add, pick(1, rm)...) // removed and added
		}
		errRef := ref.apply(rm, add)
		if errMem := mem.apply(rm, add); (errMem != nil) != (errRef != nil) {
			t.Fatalf("batch %d (rm %v, add %v): memory set err %v, memstore err %v", i, rm, add, errMem, errRef)
		}
		if errBolt := bolt.apply(rm, add); (errBolt != nil) != (errRef != nil) {
			t.Fatalf("batch %d (rm %v, add %v): bolt err %v, memstore err %v", i, rm, add, errBolt, errRef)
		} else if errBolt != nil {
			bolt.close()
			if bolt, err = openBolt(ctx, boltDir, OpenOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		if errRef != nil {
			failures++
		}
		held = allQuads(t, ref)
		if got := allQuads(t, mem); !reflect.DeepEqual(got, held) {
			t.Fatalf("batch %d (rm %v, add %v): memory set holds\n%v\nmemstore\n%v", i, rm, add, got, held)
		}
		if got := allQuads(t, bolt); !reflect.DeepEqual(got, held) {
			t.Fatalf("batch %d (rm %v, add %v): bolt holds\n%v\nmemstore\n%v", i, rm, add, got, held)
		}
		for _, v := range vals {
			if mem.has(v) != ref.has(v) {
				t.Fatalf("batch %d: has(%v) = %v, memstore %v", i, v, mem.has(v), ref.has(v))
			}
			if bolt.has(v) != ref.has(v) {
				if !bolt.has(v) {
					t.Fatalf("batch %d: bolt has(%v) = false, memstore true", i, v)
				}
				outlived++ // its quads are checked to be none below
			}
			for _, d := range quad.Directions {
				want, err := ref.quadsOf(ctx, d, v)
				if err != nil {
					t.Fatal(err)
				}
				if d == quad.Subject || d == quad.Object { // the directions memQuads indexes
					got, err := mem.quadsOf(ctx, d, v)
					if err != nil || !reflect.DeepEqual(got, want) {
						t.Fatalf("batch %d: quadsOf(%v, %v) = %v, %v; memstore %v", i, d, v, got, err, want)
					}
				}
				got, err := bolt.quadsOf(ctx, d, v)
				if err != nil || !reflect.DeepEqual(sorted(got), sorted(want)) {
					t.Fatalf("batch %d: bolt quadsOf(%v, %v) = %v, %v; memstore %v", i, d, v, got, err, want)
				}
			}
		}
	}
	if failures == 0 || len(held) == 0 {
		t.Errorf("the sequence tested little: %d failed batches, %d quads at the end", failures, len(held))
	}
	t.Logf("%d failed batches; bolt kept a value with no quads %d times", failures, outlived)
}

// TestMemQuadsCayleyView: Gizmo queries run on a cayley copy of the set,
// built again after a write.
func TestMemQuadsCayleyView(t *testing.T) {
	m := newMemQuads()
	a, b := mq("a", "p", "1"), mq("b", "p", "2")
	if err := m.apply(nil, []quad.Quad{a, b}); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		st, err := m.cayley().Stats(context.Background(), true)
		if err != nil {
			t.Fatal(err)
		}
		return int(st.Quads.Size)
	}
	if n := count(); n != 2 {
		t.Errorf("view holds %d quads, want 2", n)
	}
	if v1, v2 := m.cayley(), m.cayley(); v1 != v2 {
		t.Error("view built again with no write in between")
	}
	if err := m.apply([]quad.Quad{a}, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("view after a removal holds %d quads, want 1", n)
	}
}
