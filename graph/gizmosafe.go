package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"reflect"
	"regexp"
	"sync"
	"unsafe"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/dop251/goja"
)

// ErrQueryCrash is the error of a Gizmo query that crashed Cayley's Gizmo:
// the query is refused, the process goes on.
var ErrQueryCrash = errors.New("the query crashes Cayley's Gizmo (v0.7.7)")

// Gizmo crashes.
//
// Cayley v0.7.7 runs a Gizmo script in a goroutine of its own, where a
// panic ends the process and no caller can recover it. Its script
// functions panic with Go errors on arguments of the wrong JavaScript type
// (g.V().Out(1, {})), on an empty predicate to FollowRecursive, on Back or
// FollowR across Labels, OutPredicates or InPredicates (their reversal is
// "not implemented"), and its generic shape optimiser dereferences an
// exclusion it has optimised to nothing
// (g.V().Except(g.M().Intersect(g.M()).Intersect(g.V("1")))). All of these
// happen while the script builds its paths, before any result is read.
//
// So Query first runs the script once on its own goroutine, under recover,
// through Gizmo's ShapeOf (the same script, run synchronously, its finals
// describing their iterators instead of running them) in a session whose
// context is already cancelled, so that the finals that iterate inside the
// script (ToArray, ForEach, ...) stop at once: a panic there is an
// ErrQueryCrash, before the real run starts. The dry run costs one more
// build of the query's paths, not its reads. A script that does not do the
// same thing twice (Math.random, the time) could still crash the real run.
//
// The one crash found while iterating, the size estimate of an Except
// (what it excludes from, less what it excludes) going negative when the
// exclusion is the larger, which an intersection then divides by, is kept
// from happening by gizmoStore (clampedExcept).

// dryRunLog guards the standard logger while dry runs silence it: goja
// writes the whole compiled program there before it passes a panic on.
var dryRunLog struct {
	sync.Mutex
	n     int
	saved io.Writer
}

var panicAt = regexp.MustCompile(`^Panic at \d+: `)

// gizmoDryRun runs q once on this goroutine with qs, reading nothing
// (see above), and returns ErrQueryCrash for a panic, ctx's error when ctx
// ends first (the script is interrupted), and nil otherwise, whatever
// else the script did (its own errors are the real run's to report).
func gizmoDryRun(ctx context.Context, qs graph.QuadStore, q string) (err error) {
	s := gizmo.NewSession(qs)
	it, err := s.Execute(ctx, q, query.Options{Collation: query.JSON})
	if err != nil {
		return nil // a syntax error: the real run reports it
	}
	// Closing the results before reading any cancels the session's
	// context, which the script's iterations read.
	it.Close()
	vm := sessionVM(s)
	stop := context.AfterFunc(ctx, func() { vm.Interrupt(ctx.Err()) })
	defer stop()

	dryRunLog.Lock()
	if dryRunLog.n == 0 {
		dryRunLog.saved = log.Writer()
		log.SetOutput(io.Discard)
	}
	dryRunLog.n++
	dryRunLog.Unlock()
	defer func() {
		dryRunLog.Lock()
		if dryRunLog.n--; dryRunLog.n == 0 {
			log.SetOutput(dryRunLog.saved)
		}
		dryRunLog.Unlock()
		if r := recover(); r != nil {
			// goja passes a Go panic on as "Panic at PC: value".
			msg := panicAt.ReplaceAllString(fmt.Sprint(r), "")
			err = fmt.Errorf("%w: %s", ErrQueryCrash, msg)
		}
	}()
	s.ShapeOf(q)
	return ctx.Err()
}

// sessionVM returns the JavaScript runtime of a Gizmo session, to
// interrupt a dry run when its context ends: Cayley v0.7.7 (the only
// version the module proxy serves) keeps it in an unexported field, and
// interrupts only the runs it starts itself. TestGizmoDryRunInterrupted
// checks the field is there.
func sessionVM(s *gizmo.Session) *goja.Runtime {
	f := reflect.ValueOf(s).Elem().FieldByName("vm")
	return *(**goja.Runtime)(unsafe.Pointer(f.UnsafeAddr()))
}

// clampedExcept is an Except whose iterator never estimates its size
// below zero: Cayley's estimate is the size of what it excludes from less
// the size of what it excludes, and an intersection ordering its members
// divides by that plus one (g.V().Or(g.V(A).Except(g.M().Or(g.V(B)))).
type clampedExcept struct {
	shape.Except
}

func (c clampedExcept) BuildIterator(qs graph.QuadStore) graph.Iterator {
	return graph.AsLegacy(clampedStats{graph.AsShape(c.Except.BuildIterator(qs))})
}

func (c clampedExcept) Optimize(r shape.Optimizer) (shape.Shape, bool) { return c, false }

// clampedStats is an iterator whose size estimate is at least zero.
type clampedStats struct {
	graph.IteratorShape
}

func (c clampedStats) Stats(ctx context.Context) (graph.IteratorCosts, error) {
	st, err := c.IteratorShape.Stats(ctx)
	if st.Size.Size < 0 {
		st.Size = graph.Size{Size: 0, Exact: false}
	}
	return st, err
}

func (c clampedStats) Optimize(ctx context.Context) (graph.IteratorShape, bool) {
	o, ok := c.IteratorShape.Optimize(ctx)
	if _, same := o.(clampedStats); !same {
		o = clampedStats{o}
	}
	return o, ok
}
