package graph

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
)

// snapshot is the whole store read into memory, grouped by node kind.
type snapshot struct {
	docs     map[quad.IRI]*docRec
	entities map[string]*entRec
	stmts    map[quad.IRI]*stmtRec
	evs      map[quad.IRI]*evRec
	edges    map[[3]string]bool      // asserted direct edges (subject, predicate, object)
	labels   map[quad.Value]int      // quads per label
	typed    map[quad.Value][]string // odd rdf:type quads, for verify
	quads    int
	// more, if set, gives an entity the snapshot does not hold (a
	// partial one: Subgraph's), for namedIn; nil if there is none.
	more func(id string) *entRec
}

type docRec struct {
	source, hash, date, title, url []string
	count                          []int
}

type entRec struct {
	typ     kg.EntityType
	names   []string
	aliases map[string]bool
	sameAs  map[string]bool
	docs    map[any]bool // its documents' labels (quad.Value), or tokens standing for them (predQuads)
	mention int
}

type stmtRec struct {
	typed                                      bool
	subj, pred, obj, mod, role, loc, date, txt []string
}

type evRec struct {
	typed      bool
	stmt, doc  []quad.IRI
	start, end []int
	txt        []string // the sentence exactly as the document has it
	label      quad.Value
}

func newSnapshot() *snapshot {
	return &snapshot{
		docs:     map[quad.IRI]*docRec{},
		entities: map[string]*entRec{},
		stmts:    map[quad.IRI]*stmtRec{},
		evs:      map[quad.IRI]*evRec{},
		edges:    map[[3]string]bool{},
		labels:   map[quad.Value]int{},
		typed:    map[quad.Value][]string{},
	}
}

func (sn *snapshot) doc(v quad.Value) *docRec {
	iri, _ := v.(quad.IRI)
	d := sn.docs[iri]
	if d == nil {
		d = &docRec{}
		sn.docs[iri] = d
	}
	return d
}

func (sn *snapshot) entity(id string) *entRec {
	e := sn.entities[id]
	if e == nil {
		e = &entRec{aliases: map[string]bool{}, docs: map[any]bool{}} // sameAs: few have any
		sn.entities[id] = e
	}
	return e
}

func (sn *snapshot) stmt(v quad.Value) *stmtRec {
	iri, _ := v.(quad.IRI)
	st := sn.stmts[iri]
	if st == nil {
		st = &stmtRec{}
		sn.stmts[iri] = st
	}
	return st
}

func (sn *snapshot) ev(v quad.Value) *evRec {
	iri, _ := v.(quad.IRI)
	e := sn.evs[iri]
	if e == nil {
		e = &evRec{}
		sn.evs[iri] = e
	}
	return e
}

// str returns a literal's text or an IRI's text (no brackets).
func str(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case nil:
		return ""
	}
	return fmt.Sprint(v.Native())
}

func num(v quad.Value) int {
	switch v := v.(type) {
	case quad.Int:
		return int(v)
	case quad.TypedString:
		if n, err := v.ParseValue(); err == nil {
			if i, ok := n.(quad.Int); ok {
				return int(i)
			}
		}
	}
	return -1
}

func idOf(v quad.Value) string {
	if id, ok := EntityID(v); ok {
		return id
	}
	return str(v)
}

// add files one quad under the node it describes.
func (sn *snapshot) add(q quad.Quad) {
	sn.quads++
	if q.Label != nil {
		sn.labels[q.Label]++
	}
	s, o := q.Subject, q.Object
	_, isDoc := iriSuffix(s, DocPrefix)
	_, isStmt := iriSuffix(s, StmtPrefix)
	_, isEv := iriSuffix(s, EvidencePrefix)
	eid, isEnt := EntityID(s)
	switch p := q.Predicate; {
	case p == RDFType:
		switch {
		case isDoc && o == ClassDocument:
			sn.doc(s)
		case isEnt && classType(o) != "":
			sn.entity(eid).typ = classType(o)
		case isStmt && o == RDFStatement:
			sn.stmt(s).typed = true
		case isEv && o == ClassEvidence:
			sn.ev(s).typed = true
		default:
			sn.typed[s] = append(sn.typed[s], quad.StringOf(o))
		}
	case isDoc:
		d := sn.doc(s)
		switch p {
		case PredSource:
			d.source = append(d.source, str(o))
		case PredSHA256:
			d.hash = append(d.hash, str(o))
		case SchemaDatePublished:
			d.date = append(d.date, str(o))
		case SchemaHeadline:
			d.title = append(d.title, str(o))
		case SchemaURL:
			d.url = append(d.url, str(o))
		case PredQuads:
			d.count = append(d.count, num(o))
		}
	case isEnt && p == SchemaName:
		e := sn.entity(eid)
		e.names = append(e.names, str(o))
	case isEnt && p == SchemaAlternateName:
		e := sn.entity(eid)
		e.aliases[str(o)] = true
		e.docs[q.Label] = true
	case isEnt && p == SchemaSameAs:
		addTo(&sn.entity(eid).sameAs, str(o))
	case isEnt && p == PredMentions:
		e := sn.entity(eid)
		if n := num(o); n > 0 {
			e.mention += n
		}
		e.docs[q.Label] = true
	case isEnt:
		if pred, ok := iriSuffix(p, RelPrefix); ok && q.Label != nil {
			sn.edges[[3]string{eid, pred, idOf(o)}] = true
		}
	case isStmt:
		st := sn.stmt(s)
		switch p {
		case RDFSubject:
			st.subj = append(st.subj, idOf(o))
		case RDFPredicate:
			pred, _ := iriSuffix(o, RelPrefix)
			st.pred = append(st.pred, pred)
		case RDFObject:
			st.obj = append(st.obj, idOf(o))
		case PredModality:
			st.mod = append(st.mod, str(o))
		case PredRole:
			st.role = append(st.role, str(o))
		case PredLocation:
			st.loc = append(st.loc, idOf(o))
		case PredDate:
			st.date = append(st.date, str(o))
		case PredText:
			st.txt = append(st.txt, str(o))
		}
	case isEv:
		e := sn.ev(s)
		e.label = q.Label
		switch p {
		case PredStatement:
			iri, _ := o.(quad.IRI)
			e.stmt = append(e.stmt, iri)
		case PredDocument:
			iri, _ := o.(quad.IRI)
			e.doc = append(e.doc, iri)
		case PredStart:
			e.start = append(e.start, num(o))
		case PredEnd:
			e.end = append(e.end, num(o))
		case PredText:
			e.txt = append(e.txt, str(o))
		}
	}
}

// one returns the smallest of a single-valued property's values ("" if
// none): there is exactly one unless the store was written by something
// else.
func one(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	m := vs[0]
	for _, v := range vs[1:] {
		if v < m {
			m = v
		}
	}
	return m
}

func oneInt(vs []int) int {
	if len(vs) == 0 {
		return -1
	}
	m := vs[0]
	for _, v := range vs[1:] {
		if v < m {
			m = v
		}
	}
	return m
}

func oneIRI(vs []quad.IRI) quad.IRI {
	ss := make([]string, len(vs))
	for i, v := range vs {
		ss[i] = string(v)
	}
	return quad.IRI(one(ss))
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (sn *snapshot) documents() []DocInfo {
	out := make([]DocInfo, 0, len(sn.docs))
	for iri, d := range sn.docs {
		hash := one(d.hash)
		if hash == "" {
			hash, _ = iriSuffix(iri, DocPrefix)
		}
		out = append(out, DocInfo{
			ID: one(d.source), Date: one(d.date), Hash: hash,
			Title: one(d.title), URL: one(d.url), Quads: sn.labels[iri],
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Hash < out[j].Hash
	})
	return out
}

type relKey struct{ subj, pred, obj, mod, role string }

type relAgg struct {
	stmts []quad.IRI // its statements (with evidence)
	texts map[string]bool
	locs  map[string]map[string]bool // location -> sentence texts
	dates map[string]map[string]bool
	evs   []kg.Evidence
}

// mostSupported picks the value stated by most distinct sentences; ties go
// to the smallest value. "" if there is none.
func mostSupported(m map[string]map[string]bool) string {
	best, n := "", 0
	for v, texts := range m {
		if len(texts) > n || (len(texts) == n && v < best) {
			best, n = v, len(texts)
		}
	}
	return best
}

// mostSupportedPlace is mostSupported for locations, with one more rule
// for ties: a place chosen in a sentence that also names its rival wins,
// since the extractor saw both there and took it as the more specific
// ("met in Anchorage, Alaska" beats "an Alaska summit").
func (sn *snapshot) mostSupportedPlace(m map[string]map[string]bool) string {
	best := mostSupported(m)
	for _, v := range sortedKeys(boolKeys(m)) {
		texts := m[v]
		if v == best || len(texts) != len(m[best]) {
			continue
		}
		if sn.namedIn(best, texts) && !sn.namedIn(v, m[best]) {
			best = v
		}
	}
	return best
}

// isPlace reports whether the entity id is a place or country: a
// location (one kept while its node was voted an Organization is not).
func isPlace(id string) bool {
	t := kg.TypeOfID(id)
	return t == kg.Place || t == kg.Country
}

func boolKeys(m map[string]map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// namedIn reports whether one of the texts names the entity id (its name
// or an alias, as a substring).
func (sn *snapshot) namedIn(id string, texts map[string]bool) bool {
	e := sn.entities[id]
	if e == nil && sn.more != nil {
		e = sn.more(id)
	}
	if e == nil {
		return false
	}
	for t := range texts {
		for _, n := range e.names {
			if n != "" && strings.Contains(t, n) {
				return true
			}
		}
		for a := range e.aliases {
			if a != "" && strings.Contains(t, a) {
				return true
			}
		}
	}
	return false
}

// entity is the read view of one entity.
func (e *entRec) entity(id string) kg.Entity {
	typ := e.typ
	if typ == "" {
		typ = kg.TypeOfID(id)
	}
	return kg.Entity{
		ID: id, Name: one(e.names), Type: typ,
		Aliases:   sortedKeys(e.aliases),
		Mentions:  e.mention,
		Documents: len(e.docs),
		SameAs:    sortedKeys(e.sameAs),
	}
}

func (sn *snapshot) graph() *kg.Graph {
	g := &kg.Graph{Entities: make([]kg.Entity, 0, len(sn.entities)), Relations: []kg.Relation{}}
	// Sorted by id (kg.SortEntities' order; ids are unique) before the
	// entities are made: sorting the strings moves less than sorting the
	// entities, a hundred bytes each.
	ids := make([]string, 0, len(sn.entities))
	for id := range sn.entities {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		g.Entities = append(g.Entities, sn.entities[id].entity(id))
	}

	// Evidence per statement.
	evs := map[quad.IRI][]kg.Evidence{}
	for _, e := range sn.evs {
		if ev, ok := sn.evidence(e); ok {
			st := oneIRI(e.stmt)
			evs[st] = append(evs[st], ev)
		}
	}
	aggs := sn.aggregate(func(iri quad.IRI) bool { return len(evs[iri]) > 0 })
	for k, a := range aggs {
		for _, iri := range a.stmts {
			a.evs = append(a.evs, evs[iri]...)
		}
		sortEvidence(a.evs)
		g.Relations = append(g.Relations, sn.relation(k, a))
	}
	kg.SortRelations(g.Relations)
	return g
}

// evidence is the read view of one evidence node; false when its
// document or statement is missing (incomplete: Verify reports it).
func (sn *snapshot) evidence(e *evRec) (kg.Evidence, bool) {
	d := sn.docs[oneIRI(e.doc)]
	st := sn.stmts[oneIRI(e.stmt)]
	if d == nil || st == nil {
		return kg.Evidence{}, false
	}
	text := one(e.txt)
	if text == "" { // written before evidence nodes carried their text
		text = one(st.txt)
	}
	return kg.Evidence{
		Doc: one(d.source), Date: one(d.date), Start: oneInt(e.start), End: oneInt(e.end),
		Sentence: text,
	}, true
}

// aggregate groups the statements that has keeps (those with evidence) by
// relation: their distinct sentence texts, and the texts stating each
// location and date. Statements whose entities' types do not allow the
// predicate are left out.
func (sn *snapshot) aggregate(has func(quad.IRI) bool) map[relKey]*relAgg {
	aggs := map[relKey]*relAgg{}
	for iri, st := range sn.stmts {
		if !has(iri) {
			continue
		}
		k := relKey{one(st.subj), one(st.pred), one(st.obj), one(st.mod), one(st.role)}
		if !allows(k.pred, k.subj, k.obj) {
			// The types its entities' documents voted for do not
			// allow it (an Organization-or-Place node's type): kept in
			// the store, left out of the view while that holds.
			continue
		}
		a := aggs[k]
		if a == nil {
			a = &relAgg{texts: map[string]bool{}, locs: map[string]map[string]bool{}, dates: map[string]map[string]bool{}}
			aggs[k] = a
		}
		a.stmts = append(a.stmts, iri)
		txt := one(st.txt)
		a.texts[txt] = true
		if loc := one(st.loc); loc != "" && isPlace(loc) {
			if a.locs[loc] == nil {
				a.locs[loc] = map[string]bool{}
			}
			a.locs[loc][txt] = true
		}
		if date := one(st.date); date != "" {
			if a.dates[date] == nil {
				a.dates[date] = map[string]bool{}
			}
			a.dates[date][txt] = true
		}
	}
	return aggs
}

// relation is the read view of one aggregated relation, with the
// evidence gathered in a.evs.
func (sn *snapshot) relation(k relKey, a *relAgg) kg.Relation {
	return kg.Relation{
		Subject: k.subj, Predicate: k.pred, Object: k.obj,
		Modality: k.mod, Role: k.role,
		Location: sn.mostSupportedPlace(a.locs), Date: mostSupported(a.dates),
		Support:  len(a.texts),
		Evidence: a.evs,
	}
}

// sortEvidence sorts evidence in the view's order: by document, then
// offsets, then sentence.
func sortEvidence(evs []kg.Evidence) {
	sort.Slice(evs, func(i, j int) bool {
		x, y := evs[i], evs[j]
		if x.Doc != y.Doc {
			return x.Doc < y.Doc
		}
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End < y.End
		}
		return x.Sentence < y.Sentence
	})
}

func (sn *snapshot) verify() error {
	var errs []error
	bad := func(format string, args ...interface{}) {
		errs = append(errs, fmt.Errorf(format, args...))
	}
	for label, n := range sn.labels {
		iri, _ := label.(quad.IRI)
		if _, ok := iriSuffix(label, DocPrefix); !ok || sn.docs[iri] == nil {
			bad("label %s (%d quads) is not a stored document", quad.StringOf(label), n)
		}
	}
	var iris []string
	for iri := range sn.docs {
		iris = append(iris, string(iri))
	}
	sort.Strings(iris)
	for _, s := range iris {
		iri := quad.IRI(s)
		d := sn.docs[iri]
		hash, _ := iriSuffix(iri, DocPrefix)
		name := fmt.Sprintf("document %s (%s)", iri, strings.Join(d.source, ", "))
		switch {
		case len(d.count) != 1:
			bad("%s: %d quad counts, want 1 (incomplete write?)", name, len(d.count))
		case d.count[0] != sn.labels[iri]:
			bad("%s: %d quads labelled with it, its count says %d", name, sn.labels[iri], d.count[0])
		}
		if len(d.source) != 1 {
			bad("%s: %d source names, want 1", name, len(d.source))
		}
		if len(d.hash) != 1 || d.hash[0] != hash {
			bad("%s: hash %v does not match its IRI", name, d.hash)
		}
	}
	for iri, e := range sn.evs {
		st := sn.stmts[oneIRI(e.stmt)]
		switch {
		case !e.typed || len(e.stmt) != 1 || len(e.doc) != 1 || len(e.start) != 1 || len(e.end) != 1:
			bad("evidence %s: incomplete", iri)
		case st == nil || !st.typed:
			bad("evidence %s: statement %s missing", iri, oneIRI(e.stmt))
		case e.label != quad.Value(e.doc[0]):
			bad("evidence %s: labelled %s, but its document is %s", iri, quad.StringOf(e.label), e.doc[0])
		}
	}
	for iri, st := range sn.stmts {
		if !st.typed || len(st.subj) != 1 || len(st.pred) != 1 || len(st.obj) != 1 || len(st.mod) != 1 || len(st.txt) != 1 {
			bad("statement %s: incomplete", iri)
		}
	}
	for s, types := range sn.typed {
		bad("node %s has unexpected type(s) %v", quad.StringOf(s), types)
	}
	return errors.Join(errs...)
}
