package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

// Bounds of the parameters.
const (
	defaultSearch   = 10
	maxSearch       = 100
	defaultMaxNodes = 40  // an ego graph on a laptop screen
	maxMaxNodes     = 500 // the most any view draws
	// Graphviz lays out 100 labelled edges among 40 nodes in a tenth of a
	// second, 376 in 12 s: a view keeps the best supported relations.
	defaultMaxEdges = 100
	maxMaxEdges     = 2000
	maxDepth        = 4
	maxIDs          = 16 // ids of one relations request
	defaultPaths    = 5
	maxPaths        = 50
	defaultMaxHops  = 4
	maxMaxHops      = 8
	maxEvidence     = 10000 // evidence sentences per relation
	// The relations a one-entity view gives: a hub has thousands.
	defaultEntityRelations = 50
)

// params reads a request's query, collecting the first error.
type params struct {
	q   url.Values
	err error
}

func (p *params) fail(format string, args ...any) {
	if p.err == nil {
		p.err = badRequest(format, args...)
	}
}

// list returns the values of name, each split at commas, empty ones
// dropped.
func (p *params) list(name string) []string {
	var out []string
	for _, v := range p.q[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

func (p *params) str(name string) string { return strings.TrimSpace(p.q.Get(name)) }

func (p *params) required(name string) string {
	v := p.str(name)
	if v == "" {
		p.fail("parameter %s is required", name)
	}
	return v
}

// int returns name's value, def when absent; out of [lo, hi] is an error.
func (p *params) int(name string, def, lo, hi int) int {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail("parameter %s must be a whole number from %d to %d, not %q", name, lo, hi, v)
		return def
	}
	return n
}

func (p *params) entityType(name string) kg.EntityType {
	v := p.str(name)
	if v == "" {
		return ""
	}
	t, ok := parseType(v)
	if !ok {
		p.fail("parameter %s: unknown entity type %q (want Person, Country, Organization or Place)", name, v)
	}
	return t
}

func parseType(s string) (kg.EntityType, bool) {
	for _, t := range kg.EntityTypes {
		if strings.EqualFold(string(t), s) {
			return t, true
		}
	}
	return "", false
}

// viewParams are the filters every graph-shaped answer takes.
type viewParams struct {
	depth    int
	walk     SubgraphOptions
	filter   export.Filter
	modality string // "asserted", "all", "negated" or "reported"
	maxEdges int    // the most relations a graph answer keeps
}

func (p *params) view(defDepth int) viewParams {
	var v viewParams
	v.depth = p.int("depth", defDepth, 0, maxDepth)
	v.walk.MaxNodes = p.int("max_nodes", defaultMaxNodes, 1, maxMaxNodes)
	v.maxEdges = p.int("max_edges", defaultMaxEdges, 1, maxMaxEdges)
	v.walk.MinSupport = p.int("min_support", 0, 0, 1<<30)
	for _, pr := range p.list("predicate") {
		if _, ok := kg.PredicateByID(pr); !ok {
			p.fail("parameter predicate: unknown predicate %q (see docs/ONTOLOGY.md)", pr)
		}
		v.walk.Predicates = append(v.walk.Predicates, pr)
	}
	for _, t := range p.list("type") {
		et, ok := parseType(t)
		if !ok {
			p.fail("parameter type: unknown entity type %q (want Person, Country, Organization or Place)", t)
		}
		v.filter.Types = append(v.filter.Types, et)
	}
	v.modality = p.str("modality")
	switch v.modality {
	case "":
		v.modality = kg.Asserted
	case kg.Asserted, "all", kg.Negated, kg.Reported:
	default:
		p.fail("parameter modality must be asserted, negated, reported or all, not %q", v.modality)
	}
	v.walk.AllModalities = v.modality != kg.Asserted
	v.filter.Predicates = v.walk.Predicates
	v.filter.MinSupport = v.walk.MinSupport
	v.filter.AllModalities = v.walk.AllModalities
	v.filter.Since, v.filter.Until = p.str("since"), p.str("until")
	if err := v.filter.Validate(); err != nil {
		p.fail("%v", err)
	}
	return v
}

// narrow applies the filters the walk does not (types, dates, one
// modality) to g, keeping the centres.
func (v viewParams) narrow(g *kg.Graph, centres ...string) (*kg.Graph, error) {
	if v.modality == kg.Negated || v.modality == kg.Reported {
		rels := g.Relations[:0:0]
		for _, r := range g.Relations {
			if r.Modality == v.modality {
				rels = append(rels, r)
			}
		}
		g = &kg.Graph{Entities: g.Entities, Relations: rels}
	}
	out, err := v.filter.Apply(g)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	have := map[string]bool{}
	for _, e := range out.Entities {
		have[e.ID] = true
	}
	for _, e := range g.Entities {
		for _, c := range centres {
			if e.ID == c && !have[c] {
				out.Entities = append(out.Entities, e)
				have[c] = true
			}
		}
	}
	kg.SortEntities(out.Entities)
	return topRelations(out, v.maxEdges, centres), nil
}

// topRelations keeps at most n relations of g: those of the centres
// first, then the best supported, in the graph's order; and the entities
// that a kept relation touches, and the centres.
func topRelations(g *kg.Graph, n int, centres []string) *kg.Graph {
	if len(g.Relations) <= n {
		return g
	}
	centre := map[string]bool{}
	for _, c := range centres {
		centre[c] = true
	}
	idx := make([]int, len(g.Relations))
	for i := range idx {
		idx[i] = i
	}
	rank := func(r *kg.Relation) int {
		if centre[r.Subject] || centre[r.Object] {
			return 0
		}
		return 1
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := &g.Relations[idx[a]], &g.Relations[idx[b]]
		if rank(ra) != rank(rb) {
			return rank(ra) < rank(rb)
		}
		return ra.Support > rb.Support
	})
	idx = idx[:n]
	sort.Ints(idx)
	out := &kg.Graph{Entities: []kg.Entity{}, Relations: make([]kg.Relation, 0, n)}
	touched := map[string]bool{}
	for _, i := range idx {
		r := g.Relations[i]
		out.Relations = append(out.Relations, r)
		touched[r.Subject], touched[r.Object] = true, true
	}
	for _, e := range g.Entities {
		if touched[e.ID] || centre[e.ID] {
			out.Entities = append(out.Entities, e)
		}
	}
	return out
}

// subgraph is the bounded, filtered graph around ids.
func (s *Server) subgraph(ctx context.Context, ids []string, v viewParams) (*kg.Graph, error) {
	g, err := s.src.Subgraph(ctx, ids, v.depth, v.walk)
	if err != nil {
		return nil, err
	}
	return v.narrow(g, ids...)
}

// Evidence as the API gives it: the sentence, its document and offsets,
// the document's date, and its title and URL when the store knows them.
type evidenceOut struct {
	kg.Evidence
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
}

type relationOut struct {
	kg.Relation
	Evidence []evidenceOut `json:"evidence"`
}

type graphOut struct {
	Entities  []kg.Entity   `json:"entities"`
	Relations []relationOut `json:"relations"`
}

// relationsOut gives rels with at most maxEv evidence sentences each (the
// first ones; Support still counts them all), each with the title, URL
// and date of its document, read for the documents shown only (those of
// known, by source name, not again).
func (s *Server) relationsOut(ctx context.Context, rels []kg.Relation, maxEv int, known map[string]graph.DocInfo) ([]relationOut, error) {
	var names []string
	for _, r := range rels {
		for _, ev := range r.Evidence[:min(maxEv, len(r.Evidence))] {
			if _, ok := known[ev.Doc]; !ok {
				names = append(names, ev.Doc)
			}
		}
	}
	docs := map[string]graph.DocInfo{}
	for name, d := range known {
		docs[name] = d
	}
	if len(names) > 0 {
		ds, err := s.src.DocumentsNamed(ctx, names...)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if _, dup := docs[d.ID]; !dup {
				docs[d.ID] = d
			}
		}
	}
	out := make([]relationOut, 0, len(rels))
	for _, r := range rels {
		evs := r.Evidence[:min(maxEv, len(r.Evidence))]
		ro := relationOut{Relation: r, Evidence: make([]evidenceOut, 0, len(evs))}
		ro.Relation.Evidence = nil
		for _, ev := range evs {
			eo := evidenceOut{Evidence: ev}
			if d, ok := docs[ev.Doc]; ok {
				eo.Title, eo.URL = d.Title, d.URL
				if eo.Date == "" {
					eo.Date = d.Date
				}
			}
			ro.Evidence = append(ro.Evidence, eo)
		}
		out = append(out, ro)
	}
	return out, nil
}

func (s *Server) graphOut(ctx context.Context, g *kg.Graph, maxEv int) (graphOut, error) {
	ents := g.Entities
	if ents == nil {
		ents = []kg.Entity{}
	}
	rels, err := s.relationsOut(ctx, g.Relations, maxEv, nil)
	return graphOut{Entities: ents, Relations: rels}, err
}

// graphAnswer is graphOut as the answer.
func (s *Server) graphAnswer(ctx context.Context, g *kg.Graph, maxEv int) (*answer, error) {
	out, err := s.graphOut(ctx, g, maxEv)
	if err != nil {
		return nil, err
	}
	return jsonAnswer(out), nil
}

// GET /api/stats: the last count of the store (see Server.counts).
func (s *Server) stats(r *http.Request) (*answer, error) {
	c := s.counts.Load()
	if c == nil || time.Since(c.At) > time.Minute {
		s.recount()
	}
	if c == nil {
		return nil, &apiError{http.StatusServiceUnavailable, "the store is being counted: try again in a moment"}
	}
	return jsonAnswer(c), nil
}

// GET /api/ontology: the entity types and predicates (for the viewer's
// filters).
func (s *Server) ontology(*http.Request) (*answer, error) {
	type pred struct {
		ID        string `json:"id"`
		Label     string `json:"label"`
		Symmetric bool   `json:"symmetric"`
	}
	preds := []pred{}
	for _, p := range kg.Predicates {
		label := p.Label
		if label == "" {
			label = strings.ReplaceAll(p.ID, "_", " ")
		}
		preds = append(preds, pred{p.ID, label, p.Symmetric})
	}
	formats := []string{}
	for _, n := range export.Names() {
		formats = append(formats, n)
	}
	return jsonAnswer(struct {
		Types      []kg.EntityType `json:"types"`
		Predicates []pred          `json:"predicates"`
		Formats    []string        `json:"formats"`
	}{kg.EntityTypes, preds, formats}), nil
}

// GET /api/search?q=NAME[&type=T][&limit=N]
func (s *Server) search(r *http.Request) (*answer, error) {
	p := &params{q: r.URL.Query()}
	q := p.required("q")
	t := p.entityType("type")
	limit := p.int("limit", defaultSearch, 1, maxSearch)
	if p.err != nil {
		return nil, p.err
	}
	ents, err := s.src.FindEntities(r.Context(), q, t, limit)
	if err != nil {
		return nil, err
	}
	if ents == nil {
		ents = []kg.Entity{}
	}
	return jsonAnswer(struct {
		Query    string      `json:"query"`
		Type     string      `json:"type,omitempty"`
		Entities []kg.Entity `json:"entities"`
	}{q, string(t), ents}), nil
}

// GET /api/entity?id=ID[&filters][&limit=N][&evidence=N]: the entity,
// its relations that the filters keep, the best supported first, at most
// limit of them with at most evidence sentences each, how many there are
// in all, and the names of the entities at their other ends. Only what
// is shown is read of a hub's evidence (graph.Store.TopRelations); a
// filter that needs every relation or every sentence (the other end's
// type, one modality, a period) reads them all before it cuts.
func (s *Server) entity(r *http.Request) (*answer, error) {
	p := &params{q: r.URL.Query()}
	id := p.required("id")
	v := p.view(1)
	limit := p.int("limit", defaultEntityRelations, 0, maxMaxEdges)
	maxEv := p.int("evidence", 3, 0, maxEvidence)
	if p.err != nil {
		return nil, p.err
	}
	narrow := len(v.filter.Types) > 0 || v.modality == kg.Negated || v.modality == kg.Reported
	dated := v.filter.Since != "" || v.filter.Until != ""
	max, ev := limit, maxEv
	if narrow || dated {
		max = -1 // every relation, cut after the filters
	}
	if dated {
		ev = -1 // the period keeps sentences by their documents' dates
	}
	top, err := s.src.TopRelations(r.Context(), id, v.walk, max, ev)
	if err != nil {
		return nil, err
	}
	rels, total := top.Relations, top.Total
	if narrow || dated {
		g := &kg.Graph{Entities: []kg.Entity{top.Entity}, Relations: rels}
		for _, e := range top.Names {
			g.Entities = append(g.Entities, e)
		}
		v.maxEdges = len(rels) // cut below, after the filters
		g, err := v.narrow(g, id)
		if err != nil {
			return nil, err
		}
		// narrow gives them in the graph's order: the best supported
		// first again, as TopRelations gave them.
		kept := map[relKey]kg.Relation{}
		for _, y := range g.Relations {
			kept[keyOf(y)] = y
		}
		rels = g.Relations[:0:0]
		for _, x := range top.Relations {
			if y, ok := kept[keyOf(x)]; ok {
				rels = append(rels, y)
			}
		}
		total = len(rels)
		rels = rels[:min(limit, len(rels))]
	}
	nb := []entityName{}
	seen := map[string]bool{id: true}
	for _, rel := range rels {
		for _, x := range []string{rel.Subject, rel.Object, rel.Location} {
			if x == "" || seen[x] {
				continue
			}
			seen[x] = true
			if e, ok := top.Names[x]; ok {
				nb = append(nb, entityName{e.ID, e.Name, e.Type})
			}
		}
	}
	sort.Slice(nb, func(i, j int) bool { return nb[i].ID < nb[j].ID })
	ro, err := s.relationsOut(r.Context(), rels, maxEv, top.Docs)
	if err != nil {
		return nil, err
	}
	return jsonAnswer(struct {
		Entity     kg.Entity     `json:"entity"`
		Neighbours []entityName  `json:"neighbours"`
		Relations  []relationOut `json:"relations"`
		Total      int           `json:"total"`
		Truncated  bool          `json:"truncated"`
	}{top.Entity, nb, ro, total, len(rels) < total}), nil
}

// entityName is an entity as a list of names gives it.
type entityName struct {
	ID   string        `json:"id"`
	Name string        `json:"name"`
	Type kg.EntityType `json:"type"`
}

// relKey is what tells relations apart: subject, predicate, object,
// modality, role.
type relKey struct{ subj, pred, obj, mod, role string }

func keyOf(r kg.Relation) relKey {
	return relKey{r.Subject, r.Predicate, r.Object, r.Modality, r.Role}
}

// GET /api/relations?id=A[&id=B...][&filters][&limit=N]: with one id, the
// relations of that entity; with more, the relations among them.
func (s *Server) relations(r *http.Request) (*answer, error) {
	p := &params{q: r.URL.Query()}
	ids := p.list("id")
	if len(ids) == 0 {
		p.fail("parameter id is required (one entity, or two or more for the relations among them)")
	}
	if len(ids) > maxIDs {
		p.fail("at most %d ids", maxIDs)
	}
	v := p.view(1)
	limit := p.int("limit", 200, 1, 10000)
	maxEv := p.int("evidence", 100, 0, maxEvidence)
	if p.err != nil {
		return nil, p.err
	}
	if len(ids) > 1 {
		v.depth = 0
	} else {
		v.depth = 1
	}
	g, err := s.subgraph(r.Context(), ids, v)
	if err != nil {
		return nil, err
	}
	var rels []kg.Relation
	for _, rel := range g.Relations {
		if len(ids) > 1 || rel.Subject == ids[0] || rel.Object == ids[0] {
			rels = append(rels, rel)
		}
	}
	truncated := len(rels) > limit
	rels = rels[:min(limit, len(rels))]
	ents := map[string]bool{}
	for _, rel := range rels {
		ents[rel.Subject], ents[rel.Object] = true, true
	}
	for _, id := range ids {
		ents[id] = true
	}
	ro, err := s.relationsOut(r.Context(), rels, maxEv, nil)
	if err != nil {
		return nil, err
	}
	out := graphOut{Entities: []kg.Entity{}, Relations: ro}
	have := map[string]bool{}
	for _, e := range g.Entities {
		if ents[e.ID] {
			out.Entities = append(out.Entities, e)
			have[e.ID] = true
		}
	}
	// The places the relations happened in, for their names.
	for _, rel := range rels {
		if rel.Location == "" || have[rel.Location] {
			continue
		}
		have[rel.Location] = true
		e, err := s.src.Entity(r.Context(), rel.Location)
		if errors.Is(err, graph.ErrNoEntity) {
			continue
		} else if err != nil {
			return nil, err
		}
		out.Entities = append(out.Entities, e)
	}
	kg.SortEntities(out.Entities)
	return jsonAnswer(struct {
		graphOut
		Truncated bool `json:"truncated"`
	}{out, truncated}), nil
}

// GET /api/neighbours?id=ID[&depth=N][&max_nodes=N][&filters]
func (s *Server) neighbours(r *http.Request) (*answer, error) {
	p := &params{q: r.URL.Query()}
	id := p.required("id")
	v := p.view(1)
	maxEv := p.int("evidence", 3, 0, maxEvidence)
	if p.err != nil {
		return nil, p.err
	}
	g, err := s.subgraph(r.Context(), []string{id}, v)
	if err != nil {
		return nil, err
	}
	return s.graphAnswer(r.Context(), g, maxEv)
}

// GET /api/path?from=A&to=B[&max_hops=N][&limit=N]
func (s *Server) path(r *http.Request) (*answer, error) {
	p := &params{q: r.URL.Query()}
	from, to := p.required("from"), p.required("to")
	hops := p.int("max_hops", defaultMaxHops, 1, maxMaxHops)
	limit := p.int("limit", defaultPaths, 1, maxPaths)
	maxEv := p.int("evidence", 3, 0, maxEvidence)
	if p.err != nil {
		return nil, p.err
	}
	g, err := s.src.Path(r.Context(), from, to, hops, limit)
	if err != nil {
		return nil, err
	}
	return s.graphAnswer(r.Context(), g, maxEv)
}

// GET /api/view?id=ID&format=F[&download=1][&depth=N][&max_nodes=N][&filters]:
// the ego graph written by the exporter the CLI uses for F.
func (s *Server) view(r *http.Request) (*answer, error) {
	p := &params{q: r.URL.Query()}
	id := p.required("id")
	name := p.str("format")
	if name == "" {
		name = "svg"
	}
	f, ok := export.Lookup(name)
	if !ok {
		p.fail("parameter format: unknown format %q (want one of %s)", name, strings.Join(export.Names(), ", "))
	}
	v := p.view(1)
	download := p.str("download") == "1"
	if p.err != nil {
		return nil, p.err
	}
	g, err := s.subgraph(r.Context(), []string{id}, v)
	if err != nil {
		return nil, err
	}
	a := &answer{ctype: f.Mime, body: func(w io.Writer) error { return f.Write(w, g) }}
	if strings.HasPrefix(a.ctype, "text/") || a.ctype == "image/svg+xml" || strings.HasSuffix(a.ctype, "json") || strings.HasSuffix(a.ctype, "+xml") {
		a.ctype += "; charset=utf-8"
	}
	if download {
		a.filename = "entigraph-" + kg.Slug(strings.ReplaceAll(id, "/", "-")) + f.Ext
	}
	return a, nil
}

// GET /api/gizmo?q=QUERY[&limit=N]
func (s *Server) gizmo(r *http.Request) (*answer, error) {
	p := &params{q: r.URL.Query()}
	q := p.required("q")
	limit := p.int("limit", s.o.GizmoLimit, 1, s.o.GizmoLimit)
	if p.err != nil {
		return nil, p.err
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.o.GizmoTimeout)
	defer cancel()
	// One more than asked: to tell a full answer from a cut one.
	res, err := s.src.Query(ctx, q, limit+1)
	if err != nil {
		if ctx.Err() != nil && r.Context().Err() == nil {
			return nil, &apiError{http.StatusServiceUnavailable, fmt.Sprintf("the Gizmo query was stopped after %v, its time limit", s.o.GizmoTimeout.Round(time.Millisecond))}
		}
		if r.Context().Err() != nil {
			return nil, r.Context().Err()
		}
		return nil, badRequest("%v", err)
	}
	truncated := len(res) > limit
	res = res[:min(limit, len(res))]
	return jsonAnswer(struct {
		Results   []interface{} `json:"results"`
		Truncated bool          `json:"truncated"`
	}{res, truncated}), nil
}
