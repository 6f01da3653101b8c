package pipeline

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/entigraph/entigraph/graph"
)

// results runs the seeds through the pipeline once.
func results(t *testing.T) []Result {
	t.Helper()
	var out []Result
	for r := range pipe(t).Run(context.Background(), seq(seedDocs(t)), 2) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		out = append(out, r)
	}
	return out
}

// TestIngestBatchedWait: a batch is written once its first document has
// waited Batch.Wait, even while the next result is slow to come (the
// pipeline still analysing it): the first document is stored before the
// second is given.
func TestIngestBatchedWait(t *testing.T) {
	ctx := context.Background()
	rs := results(t)[:2]
	st, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	written := make(chan int, len(rs))
	slow := func(yield func(Result) bool) {
		if !yield(rs[0]) {
			return
		}
		select {
		case <-written:
		case <-time.After(10 * time.Second):
			t.Error("the first document was not written while the second was awaited")
		}
		yield(rs[1])
	}
	sum, err := IngestBatched(ctx, st, slow, Batch{Docs: 64, Wait: 20 * time.Millisecond}, nil,
		func(s Summary) { written <- s.Added })
	if err != nil || sum.Added != 2 || sum.Read != 2 {
		t.Errorf("IngestBatched: %+v, %v", sum, err)
	}
}

// TestIngestBatchedCounts: in batches of every size, failed, stored and
// new documents are counted in input order, each error passed on naming
// its document, and the store holds what one document a transaction
// gives.
func TestIngestBatchedCounts(t *testing.T) {
	ctx := context.Background()
	rs := results(t)
	// Input: the five seeds, a load error after the second, the first
	// again (stored by then), and a result marked stored.
	in := append(append(append([]Result(nil), rs[:2]...), Result{Err: errors.New("broken.txt: unreadable")}), rs[2:]...)
	in = append(in, rs[0], Result{Extraction: rs[1].Extraction, Stored: true})
	var want []string
	for _, size := range []int{1, 2, 3, 64} {
		st, err := graph.Open(ctx, "bolt://"+t.TempDir()+"/store")
		if err != nil {
			t.Fatal(err)
		}
		var errs []string
		var steps []int
		sum, err := IngestBatched(ctx, st, func(yield func(Result) bool) {
			for _, r := range in {
				if !yield(r) {
					return
				}
			}
		}, Batch{Docs: size, Wait: time.Second}, func(err error) { errs = append(errs, err.Error()) },
			func(s Summary) { steps = append(steps, s.Read) })
		if err != nil || sum.Read != 8 || sum.Added != 5 || sum.Skipped != 2 || sum.Failed != 1 {
			t.Errorf("batches of %d: %+v, %v", size, sum, err)
		}
		if len(errs) != 1 || errs[0] != "broken.txt: unreadable" {
			t.Errorf("batches of %d: errors %q", size, errs)
		}
		if len(steps) != 8 || steps[0] != 1 || steps[7] != 8 {
			t.Errorf("batches of %d: progress after each document: %v", size, steps)
		}
		got, err := st.Quads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		var nq []string
		for _, q := range got {
			nq = append(nq, q.NQuad())
		}
		if want == nil {
			want = nq
			continue
		}
		if len(nq) != len(want) {
			t.Fatalf("batches of %d: %d quads, one a transaction %d", size, len(nq), len(want))
		}
		for i := range nq {
			if nq[i] != want[i] {
				t.Fatalf("batches of %d: quad %d: %s, one a transaction %s", size, i, nq[i], want[i])
			}
		}
	}
}
