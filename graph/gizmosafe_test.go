package graph

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestGizmoCrashesAreErrors: the queries that crashed the process inside
// Cayley's Gizmo (found by FuzzQuery; kept as its js-* seeds) are refused
// with ErrQueryCrash and say what Gizmo said; the store still answers.
func TestGizmoCrashesAreErrors(t *testing.T) {
	crashes := []struct{ q, says string }{
		{`g.V().Out(1, {}).All()`, "expected string, got: map[string]interface {}"},
		{`g.Emit(g.V().In([], null).ToArray())`, ""},
		{`g.V().FollowRecursive("").All()`, "did not pass a string predicate or a Path to FollowRecursive"},
		{`g.V().Labels().Back("x").All()`, "not implemented"},
		{`g.V().Tag("x").OutPredicates().Back("x").All()`, "not implemented"},
		{`g.V().Except(g.M().Intersect(g.M()).Intersect(g.V("1"))).All()`, "nil pointer dereference"},
	}
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		for _, c := range crashes {
			res, err := s.Query(ctx, c.q, 0)
			if !errors.Is(err, ErrQueryCrash) || !strings.Contains(err.Error(), c.says) || res != nil {
				t.Errorf("%s: %v, %v; want an ErrQueryCrash saying %q", c.q, res, err, c.says)
			} else if strings.Contains(err.Error(), "Panic at") {
				t.Errorf("%s: %v: goja's wording left in", c.q, err)
			}
		}
		res, err := s.Query(ctx, `g.Emit(g.V().Count())`, 0)
		if err != nil || len(res) != 1 {
			t.Errorf("after the crashes: %v, %v", res, err)
		}
	})
}

// TestGizmoExceptLargerExclusion: an Except whose exclusion is larger than
// what it excludes from, inside an Or: Cayley's size estimate went
// negative and ordering the intersection divided by zero (in the query's
// goroutine: the process died). Now it answers, as the same query without
// the empty part does.
func TestGizmoExceptLargerExclusion(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, anchorageDoc(t))
		mustAdd(t, s, kurskDoc(t))
		got, err := s.Query(ctx, `g.V().Or(g.V("<urn:entigraph:person/donald-trump>").Except(g.M().Or(g.V("<urn:entigraph:person/vladimir-putin>")))).All()`, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.Query(ctx, `g.V().All()`, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 100 || !reflect.DeepEqual(got, want) {
			t.Errorf("got %d results, want every node's (%d)", len(got), len(want))
		}
		// The Except alone still excludes.
		got, err = s.Query(ctx, `g.V("<urn:entigraph:person/donald-trump>", "<urn:entigraph:person/vladimir-putin>").Except(g.V("<urn:entigraph:person/vladimir-putin>")).All()`, 0)
		if err != nil || len(got) != 1 {
			t.Fatalf("Except: %v, %v", got, err)
		}
		if m, _ := got[0].(map[string]interface{}); m["id"] != "<urn:entigraph:person/donald-trump>" {
			t.Errorf("Except kept %v", got)
		}
	})
}

// TestGizmoDryRunInterrupted: the dry run that looks for crashes ends with
// the query's context, as the real run does (an endless script), and
// reads the session's runtime from where Cayley keeps it.
func TestGizmoDryRunInterrupted(t *testing.T) {
	s, err := Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.Query(ctx, `while (true) {}`, 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("an endless script: %v, want the context's deadline", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("an endless script ran %v past its 200ms context", took)
	}
}
