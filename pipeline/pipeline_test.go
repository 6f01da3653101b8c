package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
)

var (
	shared    *Pipeline
	sharedErr error
	once      sync.Once
)

// pipe loads the models once for the whole test binary.
func pipe(t testing.TB) *Pipeline {
	t.Helper()
	once.Do(func() { shared, sharedErr = New() })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// seedDocs reads the seed articles, cleaned, in file order.
func seedDocs(t testing.TB) []*kg.Document {
	t.Helper()
	var docs []*kg.Document
	for d, err := range ingest.Read([]string{"../testdata/news"}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if len(docs) != 5 {
		t.Fatalf("%d seed documents, want 5", len(docs))
	}
	return docs
}

// seq yields docs, with an error in place of every nil.
func seq(docs []*kg.Document) iter.Seq2[*kg.Document, error] {
	return func(yield func(*kg.Document, error) bool) {
		for i, d := range docs {
			var err error
			if d == nil {
				err = fmt.Errorf("item %d: unreadable", i)
			}
			if !yield(d, err) {
				return
			}
		}
	}
}

// TestRunKeepsOrder: whatever the number of workers, results come in input
// order and equal what Process gives for each document alone.
func TestRunKeepsOrder(t *testing.T) {
	p := pipe(t)
	docs := seedDocs(t)
	// Interleave load errors with documents, and repeat the corpus so that
	// workers really overlap.
	var in []*kg.Document
	for range 3 {
		for _, d := range docs {
			in = append(in, d, nil)
		}
	}
	want := make([]*kg.Extraction, len(docs))
	for i, d := range docs {
		ex, err := p.Process(d)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = ex
	}
	for _, workers := range []int{1, 2, 7} {
		i := 0
		for r := range p.Run(context.Background(), seq(in), workers) {
			if in[i] == nil {
				if r.Err == nil || !strings.Contains(r.Err.Error(), fmt.Sprintf("item %d", i)) {
					t.Fatalf("workers=%d item %d: got %v, want the load error", workers, i, r.Err)
				}
			} else {
				if r.Err != nil {
					t.Fatalf("workers=%d item %d: %v", workers, i, r.Err)
				}
				w := want[(i/2)%len(docs)]
				if r.Extraction.Doc != in[i] || len(r.Extraction.Relations) != len(w.Relations) || len(r.Extraction.Entities) != len(w.Entities) {
					t.Fatalf("workers=%d item %d: result for %s out of order or different", workers, i, r.Extraction.Doc.ID)
				}
			}
			i++
		}
		if i != len(in) {
			t.Fatalf("workers=%d: %d results, want %d", workers, i, len(in))
		}
	}
}

// TestRunStopsEarly: breaking out of the loop stops the workers and does
// not hang, and a cancelled context ends the run.
func TestRunStopsEarly(t *testing.T) {
	p := pipe(t)
	docs := seedDocs(t)
	var many []*kg.Document
	for range 50 {
		many = append(many, docs...)
	}
	n := 0
	for range p.Run(context.Background(), seq(many), 2) {
		n++
		if n == 3 {
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := 0
	for range p.Run(ctx, seq(many), 2) {
		got++
	}
	if got > 2*2+2 {
		t.Errorf("a cancelled run still yielded %d results", got)
	}
}

// TestIngestSummary counts added, skipped and failed documents, and a
// second run over the same content adds nothing.
func TestIngestSummary(t *testing.T) {
	p := pipe(t)
	st, err := graph.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs := seedDocs(t)
	in := append(append([]*kg.Document{}, docs...), nil)
	var errs []error
	onError := func(err error) { errs = append(errs, err) }
	progress := 0
	sum, err := Ingest(context.Background(), st, p.Run(context.Background(), seq(in), 2), onError, func(Summary) { progress++ })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 6 || sum.Added != 5 || sum.Skipped != 0 || sum.Failed != 1 || len(errs) != 1 || progress != 6 {
		t.Errorf("first run: %+v, %d errors, %d progress calls", sum, len(errs), progress)
	}
	if sum.Entities == 0 || sum.Relations == 0 {
		t.Errorf("first run found nothing: %+v", sum)
	}
	line := sum.String()
	if !strings.HasPrefix(line, "6 documents read: 5 added, 0 skipped (already stored), 1 failed; ") {
		t.Errorf("summary line %q", line)
	}
	sum, err = Ingest(context.Background(), st, p.Run(context.Background(), seq(docs), 0), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 0 || sum.Skipped != 5 || sum.Entities != 0 || sum.Relations != 0 {
		t.Errorf("second run: %+v", sum)
	}
}

// TestProcessNamesStage: an error names the stage and the document.
func TestStageError(t *testing.T) {
	err := error(&StageError{Stage: "ner", Doc: "a.txt", Err: os.ErrInvalid})
	if err.Error() != "a.txt: ner: invalid argument" || !errors.Is(err, os.ErrInvalid) {
		t.Errorf("StageError = %q", err)
	}
}

func BenchmarkProcessSeeds(b *testing.B) {
	p := pipe(b)
	docs := seedDocs(b)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := p.Process(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestRunSkippingStored: a document the store holds already is not
// analysed again (a resumed ingest); the others are, and the store ends
// the same as after one run over everything.
func TestRunSkippingStored(t *testing.T) {
	ctx := context.Background()
	docs := seedDocs(t)
	st, err := graph.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The first three documents stored, as a killed run leaves them.
	if _, err := Ingest(ctx, st, pipe(t).Run(ctx, seq(docs[:3]), 2), nil, nil); err != nil {
		t.Fatal(err)
	}
	// A pipeline whose first stage counts the documents it is given, then
	// the default stages.
	var mu sync.Mutex
	var analysed []string
	count := Stage{Name: "count", Annotator: AnnotatorFunc(func(a *kg.Annotated) error {
		mu.Lock()
		defer mu.Unlock()
		analysed = append(analysed, a.Doc.ID)
		return nil
	})}
	p := &Pipeline{stages: append([]Stage{count}, pipe(t).stages...)}
	stored := func(d *kg.Document) (bool, error) { return st.HasDocument(ctx, d) }
	sum, err := Ingest(ctx, st, p.RunSkipping(ctx, seq(docs), 2, stored), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 5 || sum.Added != 2 || sum.Skipped != 3 || sum.Failed != 0 {
		t.Errorf("resumed run: %+v", sum)
	}
	slices.Sort(analysed)
	if want := []string{docs[3].ID, docs[4].ID}; !slices.Equal(analysed, want) {
		t.Errorf("analysed %q, want only the two not stored %q", analysed, want)
	}
	// The same store as one run over the five.
	one, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	if _, err := Ingest(ctx, one, pipe(t).Run(ctx, seq(docs), 2), nil, nil); err != nil {
		t.Fatal(err)
	}
	got, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := one.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("resumed store: %d quads, one run: %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("quad %d: resumed %v, one run %v", i, got[i], want[i])
		}
	}
	// A failing look-up is that document's error, naming it; the run goes on.
	analysed = nil
	broken := func(d *kg.Document) (bool, error) {
		if d == docs[1] {
			return false, errors.New("disk on fire")
		}
		return true, nil
	}
	var errs []string
	sum, err = Ingest(ctx, st, p.RunSkipping(ctx, seq(docs), 1, broken), func(err error) { errs = append(errs, err.Error()) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 4 || sum.Failed != 1 || len(analysed) != 0 || len(errs) != 1 || errs[0] != docs[1].ID+": disk on fire" {
		t.Errorf("failing look-up: %+v, analysed %q, errors %q", sum, analysed, errs)
	}
}
