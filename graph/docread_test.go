package graph

import (
	"context"
	"reflect"
	"testing"
)

// TestDocumentsNamed: for every stored document, DocumentsNamed gives what
// Documents gives (the quad count included); several names at once come
// back sorted, each once; unknown names are left out.
func TestDocumentsNamed(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		readsStore(t, s, 20)
		all, err := s.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 20 {
			t.Fatalf("only %d documents", len(all))
		}
		byID := map[string][]DocInfo{}
		var ids []string
		for _, d := range all {
			if byID[d.ID] == nil {
				ids = append(ids, d.ID)
			}
			byID[d.ID] = append(byID[d.ID], d)
		}
		for _, id := range ids {
			got, err := s.DocumentsNamed(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, byID[id]) {
				t.Errorf("DocumentsNamed(%q) = %+v, want %+v", id, got, byID[id])
			}
		}
		// Backwards, repeated, with a name no document has: the same list.
		var many []string
		for i := len(ids) - 1; i >= 0; i-- {
			many = append(many, ids[i], ids[i])
		}
		got, err := s.DocumentsNamed(ctx, append(many, "no/such/document.txt")...)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, all) {
			t.Errorf("DocumentsNamed(every name) = %d documents, want Documents' %d:\n%+v\n%+v", len(got), len(all), got, all)
		}
	})
}
