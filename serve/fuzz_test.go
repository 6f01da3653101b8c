package serve

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzQuery sends any query string to the endpoints that parse
// parameters: every answer is 200, or 400 or 404 with a message, never a
// 500 or a panic.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{
		"id=person/vladimir-putin", "id=person/kim-jong-un&depth=2&max_nodes=5&max_edges=3",
		"q=kor&type=Country&limit=3", "id=a&id=b", "from=person/kim-jong-un&to=person/donald-trump&max_hops=2",
		"id=person/vladimir-putin&since=2025-08&until=2024&min_support=x", "predicate=met_with,,visited&modality=all",
		"id=%zz", "q=g.V().All()&limit=2", "id=person/vladimir-putin&format=csv&download=1",
	} {
		f.Add(q)
	}
	s := newServer(f, seeds(f), Options{})
	f.Fuzz(func(t *testing.T, q string) {
		for _, path := range []string{"/api/search", "/api/entity", "/api/relations", "/api/neighbours", "/api/path", "/api/view"} {
			// The query as a server would pass it on, whatever its bytes.
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.URL.RawQuery = q
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			switch w.Code {
			case 200, 400, 404:
			default:
				t.Errorf("GET %s?%s: %d %s", path, q, w.Code, w.Body)
			}
		}
	})
}
