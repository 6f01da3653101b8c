package graph

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve/plan"
)

// PredLookup files an entity under one of the resolver's lookup keys:
// <e> eg:lookup "kind:key", labelled with the document that gave the key
// (plan.Key). Cross-document resolution finds its candidates through
// these quads (the store's object index), never by reading every entity.
// They move with the entity when it is renamed, merged or split, and are
// not part of the graph view or its exports.
const PredLookup = quad.IRI(NS + "lookup")

// maxCachedNodes and maxCachedKeys bound the nodes and lookup keys the
// store keeps read between documents.
const (
	maxCachedNodes = 50000
	maxCachedKeys  = 200000
)

// storeIndex is plan.Index over the store's quads. It keeps the nodes it
// has read (a node that hundreds of documents mention is asked about by
// each new one) and Add keeps them up to date (update); any other write
// drops them.
type storeIndex struct {
	s     *Store
	ctx   context.Context
	nodes map[string]*plan.Node // nil: known absent
	// keys are the ids filed under the keys looked up (any type,
	// sorted), kept as nodes are.
	keys  map[plan.Key][]string
	preds map[quad.Value]graph.Ref // bolt's references of predicates (quadsWith)
	// keysOK: the store has its lookup keys (ensureKeys).
	keysOK bool
}

// index returns the store's index, reading with ctx.
func (s *Store) index(ctx context.Context) *storeIndex {
	if s.idx == nil {
		s.idx = &storeIndex{s: s, nodes: map[string]*plan.Node{}}
	}
	s.idx.ctx = ctx
	return s.idx
}

// quadsWith returns the quads with v in direction dir whose predicate is
// one of preds. On bolt it reads only those quads' values, each once (a
// node's relations and lookup keys are many, and the resolver wants none
// of them).
func (x *storeIndex) quadsWith(dir quad.Direction, v quad.Value, preds ...quad.Value) ([]quad.Quad, error) {
	c, ok := x.s.qs.(*cayleyQuads)
	if !ok {
		qs, err := x.s.qs.quadsOf(x.ctx, dir, v)
		var out []quad.Quad
		for _, q := range qs {
			if slices.Contains(preds, q.Predicate) {
				out = append(out, q)
			}
		}
		return out, err
	}
	return guarded(c.file, func() ([]quad.Quad, error) {
		ref := c.qs.ValueOf(v)
		if ref == nil {
			return nil, nil
		}
		if x.preds == nil {
			x.preds = map[quad.Value]graph.Ref{}
		}
		var refs []graph.Ref
		for _, p := range preds {
			r := x.preds[p]
			if r == nil { // none yet: looked up again next time
				r = c.qs.ValueOf(p)
				x.preds[p] = r
			}
			if r == nil {
				continue
			}
			// One prefix scan of the (dir, predicate) index: a node's
			// other quads (its relations, its lookup keys) are never read.
			if err := c.quadRefs(x.ctx, dir, ref, r, func(q graph.Ref) { refs = append(refs, q) }); err != nil {
				return nil, err
			}
		}
		var out []quad.Quad
		err := c.resolve(x.ctx, refs, map[graph.Ref]quad.Value{}, func(q quad.Quad) { out = append(out, q) })
		return out, err
	})
}

// nodePreds are the predicates of an entity's quads the resolver reads.
var nodePreds = []quad.Value{RDFType, SchemaName, PredDocName, PredDocType, SchemaAlternateName, SchemaSameAs, PredMentions, PredDistinctFrom}

// Lookup implements plan.Index.
func (x *storeIndex) Lookup(t kg.EntityType, k plan.Key) ([]string, error) {
	all, ok := x.keys[k]
	if !ok {
		subjects, err := x.s.qs.subjectsOf(x.ctx, quad.String(k.String()), PredLookup)
		if err != nil {
			return nil, err
		}
		for _, v := range subjects {
			if id, ok := EntityID(v); ok {
				all = append(all, id)
			}
		}
		sort.Strings(all)
		all = compact(all)
		if x.keys == nil || len(x.keys) >= maxCachedKeys {
			x.keys = map[plan.Key][]string{}
		}
		x.keys[k] = all
	}
	if t == "" {
		return all, nil
	}
	var out []string
	for _, id := range all {
		if kg.TypeOfID(id) == t {
			out = append(out, id)
		}
	}
	return out, nil
}

func compact(xs []string) []string {
	if len(xs) < 2 {
		return xs
	}
	out := xs[:1]
	for _, x := range xs[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// Node implements plan.Index.
func (x *storeIndex) Node(id string) (*plan.Node, error) {
	if n, ok := x.nodes[id]; ok {
		return n, nil
	}
	iri := EntityIRI(id)
	var n *plan.Node
	if x.s.qs.has(iri) {
		qs, err := x.quadsWith(quad.Subject, iri, nodePreds...)
		if err != nil {
			return nil, err
		}
		var distinct []string
		if x.s.qs.has(PredDistinctFrom) {
			// Split has recorded some: those naming it as object.
			in, err := x.quadsWith(quad.Object, iri, PredDistinctFrom)
			if err != nil {
				return nil, err
			}
			for _, q := range in {
				if o, ok := EntityID(q.Subject); ok && q.Predicate == PredDistinctFrom {
					distinct = append(distinct, o)
				}
			}
		}
		n = nodeOf(id, qs, distinct)
	}
	if len(x.nodes) >= maxCachedNodes {
		clear(x.nodes)
	}
	x.nodes[id] = n
	return n, nil
}

// nodeOf makes the resolver's node from an entity's quads as subject
// (and the ids of the nodes recorded distinct from it as objects of
// eg:distinctFrom). nil if there are none.
func nodeOf(id string, qs []quad.Quad, distinct []string) *plan.Node {
	if len(qs) == 0 && len(distinct) == 0 {
		return nil
	}
	n := plan.NewNode(id, kg.TypeOfID(id))
	for _, d := range distinct {
		n.Distinct[d] = true
	}
	for _, q := range qs {
		label := str(q.Label)
		switch q.Predicate {
		case RDFType:
			if t := classType(q.Object); t != "" {
				n.Type = t
			}
		case SchemaName:
			n.Stored = append(n.Stored, str(q.Object))
		case PredDocName:
			n.AddName(str(q.Object), label)
		case PredDocType:
			if t := classType(q.Object); t != "" {
				n.DocTypes[label] = append(n.DocTypes[label], t)
			}
		case SchemaAlternateName:
			n.AddAlias(str(q.Object), label)
		case SchemaSameAs:
			n.SameAs[str(q.Object)] = true
		case PredMentions:
			n.AddDoc(label)
		case PredDistinctFrom:
			if o, ok := EntityID(q.Object); ok {
				n.Distinct[o] = true
			}
		}
	}
	sort.Strings(n.Stored)
	if len(n.Names) == 0 && len(n.Stored) == 1 {
		// Written before documents' names were stored: the stored
		// name stands for all its documents.
		n.Names[n.Stored[0]] = append([]string(nil), n.Docs...)
	}
	return n
}

// keyQuads returns a written plan's lookup quads, labelled with doc.
func keyQuads(p *plan.Plan, doc quad.Value) []quad.Quad {
	var out []quad.Quad
	for _, e := range p.Extraction.Entities {
		iri := EntityIRI(e.ID)
		for _, k := range p.Keys[e.ID] {
			out = append(out, quad.Quad{Subject: iri, Predicate: PredLookup, Object: quad.String(k.String()), Label: doc})
		}
	}
	return out
}

// update records a written plan in the nodes kept: the nodes of a group
// that became one, or changed id, are dropped and their union kept under
// the new id; the document's names, types, aliases, sameAs links and keys
// are added.
func (x *storeIndex) update(p *plan.Plan, doc string) {
	if len(p.Renames) > 0 {
		x.renameKeys(p.Renames)
	}
	for _, e := range p.Extraction.Entities {
		for _, k := range p.Keys[e.ID] {
			if ids, ok := x.keys[k]; ok {
				if i, found := slices.BinarySearch(ids, e.ID); !found {
					x.keys[k] = slices.Insert(slices.Clip(ids), i, e.ID)
				}
			}
		}
	}
	for id, group := range p.Groups {
		var n *plan.Node
		if len(group) == 1 && group[0].ID == id {
			n = group[0]
		} else {
			n = plan.NewNode(id, p.Types[id])
			for _, m := range group {
				n.Merge(m)
				delete(x.nodes, m.ID)
			}
		}
		n.Type = p.Types[id]
		for _, dn := range p.DocNames[id] {
			n.AddName(dn.Name, doc)
			if !slices.Contains(n.DocTypes[doc], dn.Type) { // one eg:type quad a type
				n.DocTypes[doc] = append(n.DocTypes[doc], dn.Type)
			}
		}
		n.AddDoc(doc)
		if !x.s.res.Off || len(n.Stored) == 0 {
			// Without resolution a node keeps the name it has.
			n.Stored = []string{p.Names[id]}
		}
		x.nodes[id] = n
	}
	for _, e := range p.Extraction.Entities {
		n := x.nodes[e.ID]
		for _, a := range e.Aliases {
			n.AddAlias(a, doc)
		}
		for _, s := range e.SameAs {
			n.SameAs[s] = true
		}
	}
	if len(p.Renames) == 0 {
		return
	}
	for _, n := range x.nodes {
		if n == nil || len(n.Distinct) == 0 {
			continue
		}
		for old, to := range p.Renames {
			if n.Distinct[old] {
				delete(n.Distinct, old)
				n.Distinct[to] = true
			}
		}
	}
}

// renameKeys renames the ids filed under the keys kept: the write moved
// every lookup quad of a renamed node to its new id (rewrite), so a key
// that led to the old id leads to the new one. (Dropping every key kept
// at each rename cost a store read per key of each later document.)
func (x *storeIndex) renameKeys(renames map[string]string) {
	for k, ids := range x.keys {
		var out []string // a new list: the old one may be held by a caller
		for i, id := range ids {
			to, ok := renames[id]
			if !ok {
				continue
			}
			if out == nil {
				out = append(make([]string, 0, len(ids)), ids...)
			}
			out[i] = to
		}
		if out != nil {
			sort.Strings(out)
			x.keys[k] = compact(out)
		}
	}
}

// wantedKeys returns the lookup keys a node's documents give it, each
// with the documents that give it: each document its own key, and the keys
// of the names and aliases it gave (a name kept from before documents'
// names were stored stands for all its documents). A sameAs link is not
// labelled in the store: its key is wanted from any one document (nil).
func wantedKeys(n *plan.Node) map[plan.Key]map[string]bool {
	want := map[plan.Key]map[string]bool{}
	put := func(k plan.Key, doc string) {
		if want[k] == nil {
			want[k] = map[string]bool{}
		}
		if doc != "" {
			want[k][doc] = true
		}
	}
	for _, d := range n.Docs {
		put(plan.DocKey(d), d)
	}
	types := []kg.EntityType{n.Type}
	if o := plan.OrgPlace(n.Type); o != "" {
		types = append(types, o)
	}
	for name, docs := range n.Names {
		if len(docs) == 0 {
			docs = n.Docs
		}
		for _, t := range types {
			for _, k := range plan.NameKeys(t, name) {
				for _, d := range docs {
					put(k, d)
				}
			}
		}
	}
	for a, docs := range n.Aliases {
		for _, k := range plan.AliasKeys(n.Type, a) {
			for _, d := range docs {
				put(k, d)
			}
		}
	}
	for sa := range n.SameAs {
		if k := plan.SameAsKey(sa); want[k] == nil {
			want[k] = nil
		}
	}
	return want
}

// keyFixes compares an entity's lookup quads (have: its eg:lookup quads)
// with the keys its documents give it (wantedKeys), and returns the quads
// that mend them: missing keys added, keys its documents do not give
// removed, and a problem in words ("" when none).
func keyFixes(n *plan.Node, have []quad.Quad) (rm, add []quad.Quad, problem string) {
	want := wantedKeys(n)
	present := map[plan.Key]map[string]bool{}
	var extra, missing []string
	for _, q := range have {
		k, ok := plan.ParseKey(str(q.Object))
		docs, wanted := want[k]
		if !ok || !wanted || docs != nil && !docs[str(q.Label)] {
			rm = append(rm, q)
			extra = append(extra, str(q.Object))
			continue
		}
		if present[k] == nil {
			present[k] = map[string]bool{}
		}
		present[k][str(q.Label)] = true
	}
	iri := EntityIRI(n.ID)
	miss := func(k plan.Key, doc string) {
		add = append(add, quad.Quad{Subject: iri, Predicate: PredLookup, Object: quad.String(k.String()), Label: quad.IRI(doc)})
		missing = append(missing, k.String())
	}
	for k, docs := range want {
		if docs == nil { // a sameAs link: from any document
			if present[k] == nil && len(n.Docs) > 0 {
				miss(k, n.Docs[0])
			}
			continue
		}
		for d := range docs {
			if !present[k][d] {
				miss(k, d)
			}
		}
	}
	sortQuads(rm)
	sortQuads(add)
	extra, missing = uniq(extra), uniq(missing)
	switch {
	case len(missing) > 0 && len(extra) > 0:
		problem = fmt.Sprintf("entity %s lacks resolution keys (%s) and has keys its documents do not give (%s)", n.ID, brief(missing), brief(extra))
	case len(missing) > 0:
		problem = fmt.Sprintf("entity %s lacks resolution keys (%s)", n.ID, brief(missing))
	case len(extra) > 0:
		problem = fmt.Sprintf("entity %s has resolution keys its documents do not give (%s)", n.ID, brief(extra))
	}
	return rm, add, problem
}

// uniq sorts xs and leaves each once.
func uniq(xs []string) []string {
	sort.Strings(xs)
	return compact(xs)
}

// brief lists a few strings, and how many more there are.
func brief(xs []string) string {
	const show = 3
	if len(xs) <= show {
		return fmt.Sprintf("%q", xs)
	}
	return fmt.Sprintf("%q and %d more", xs[:show], len(xs)-show)
}

// countFixes returns the quads that rewrite the quad counts of the
// documents whose labelled quads rm and add change: the stored count less
// the removed, plus the added. counts are the documents' stored eg:quads
// values.
func countFixes(rm, add []quad.Quad, counts map[quad.Value]int) (crm, cadd []quad.Quad) {
	delta := map[quad.Value]int{}
	for _, q := range rm {
		if q.Label != nil {
			delta[q.Label]--
		}
	}
	for _, q := range add {
		if q.Label != nil {
			delta[q.Label]++
		}
	}
	labels := make([]quad.Value, 0, len(delta))
	for l, d := range delta {
		if _, ok := counts[l]; ok && d != 0 {
			labels = append(labels, l)
		}
	}
	sort.Slice(labels, func(i, j int) bool { return str(labels[i]) < str(labels[j]) })
	for _, l := range labels {
		crm = append(crm, quad.Quad{Subject: l, Predicate: PredQuads, Object: quad.Int(counts[l]), Label: l})
		cadd = append(cadd, quad.Quad{Subject: l, Predicate: PredQuads, Object: quad.Int(counts[l] + delta[l]), Label: l})
	}
	return crm, cadd
}

// storedNodes are the resolver's nodes of every stored entity, made from
// all the store's quads, with their lookup quads and the documents' quad
// counts.
type storedNodes struct {
	ids    []string // sorted
	nodes  map[string]*plan.Node
	keys   map[string][]quad.Quad // id -> its eg:lookup quads
	counts map[quad.Value]int     // document -> its eg:quads
}

func nodesOf(all []quad.Quad) *storedNodes {
	sn := &storedNodes{nodes: map[string]*plan.Node{}, keys: map[string][]quad.Quad{}, counts: map[quad.Value]int{}}
	bySubj := map[string][]quad.Quad{}
	distinct := map[string][]string{}
	for _, q := range all {
		if q.Predicate == PredQuads && q.Label == q.Subject {
			sn.counts[q.Subject] = num(q.Object)
		}
		id, ok := EntityID(q.Subject)
		if !ok {
			continue
		}
		bySubj[id] = append(bySubj[id], q)
		switch q.Predicate {
		case PredDistinctFrom:
			if o, ok := EntityID(q.Object); ok {
				distinct[o] = append(distinct[o], id)
			}
		case PredLookup:
			sn.keys[id] = append(sn.keys[id], q)
		}
	}
	for id, qs := range bySubj {
		sn.ids = append(sn.ids, id)
		sn.nodes[id] = nodeOf(id, qs, distinct[id])
	}
	sort.Strings(sn.ids)
	return sn
}

// broken reports whether one of the node's documents is in skip.
func (n *storedNodes) broken(id string, skip map[quad.Value][]string) bool {
	for _, d := range n.nodes[id].Docs {
		if _, bad := skip[quad.IRI(d)]; bad {
			return true
		}
	}
	return false
}

// keyCheck checks every entity's lookup keys: one finding per entity
// whose keys are wrong, and one per document whose count their repair
// changes. Entities that broken documents name are left out. A store
// with no lookup key at all was written before there were any: the next
// Add (ensureKeys) or Repair builds them, and it is not reported.
func (s *Store) keyCheck(sn *storedNodes, skip map[quad.Value][]string) []Finding {
	if len(sn.keys) == 0 {
		return nil
	}
	var out []Finding
	var rmAll, addAll []quad.Quad
	for _, id := range sn.ids {
		if sn.broken(id, skip) {
			continue
		}
		rm, add, problem := keyFixes(sn.nodes[id], sn.keys[id])
		if problem == "" {
			continue
		}
		out = append(out, Finding{Check: "keys", Fix: FixRebuild, rm: rm, add: add, Problem: problem})
		rmAll, addAll = append(rmAll, rm...), append(addAll, add...)
	}
	crm, cadd := countFixes(rmAll, addAll, sn.counts)
	for i := range crm {
		out = append(out, Finding{Check: "keys", Fix: FixRebuild, rm: crm[i : i+1], add: cadd[i : i+1], Problem: fmt.Sprintf(
			"document %s: its quad count becomes %s once its resolution keys are rebuilt", quad.StringOf(crm[i].Subject), quad.StringOf(cadd[i].Object))})
	}
	return out
}

// ensureKeys builds the lookup keys of a store written before there were
// any (documents, but no eg:lookup quad), once, in a transaction of its
// own: the keys are derived from what the store keeps.
func (s *Store) ensureKeys(ctx context.Context) error {
	ix := s.index(ctx)
	if ix.keysOK {
		return nil
	}
	if !s.qs.has(PredLookup) && s.qs.has(ClassDocument) {
		var all []quad.Quad
		if err := s.scan(ctx, func(q quad.Quad) { all = append(all, q) }); err != nil {
			return err
		}
		var rm, add []quad.Quad
		sn := nodesOf(all)
		if len(sn.keys) > 0 {
			s.index(ctx).keysOK = true
			return nil // a quad once used eg:lookup: not an old store
		}
		sn.keys[""] = nil // not empty: keyCheck checks it
		for _, f := range s.keyCheck(sn, nil) {
			rm, add = append(rm, f.rm...), append(add, f.add...)
		}
		if len(rm) > 0 || len(add) > 0 {
			if err := s.applyQuads(ctx, rm, add); err != nil {
				return err
			}
		}
	}
	s.index(ctx).keysOK = true
	return nil
}

// fixKeys mends the lookup keys of the stored entities ids (and the quad
// counts of the documents that label them) in one transaction.
func (s *Store) fixKeys(ctx context.Context, ids ...string) error {
	var rm, add []quad.Quad
	for _, id := range ids {
		n, err := s.index(ctx).Node(id)
		if err != nil || n == nil {
			return err
		}
		qs, err := s.qs.quadsOf(ctx, quad.Subject, EntityIRI(id))
		if err != nil {
			return err
		}
		var have []quad.Quad
		for _, q := range qs {
			if q.Predicate == PredLookup {
				have = append(have, q)
			}
		}
		r, a, _ := keyFixes(n, have)
		rm, add = append(rm, r...), append(add, a...)
	}
	if len(rm) == 0 && len(add) == 0 {
		return nil
	}
	counts := map[quad.Value]int{}
	for _, q := range append(append([]quad.Quad(nil), rm...), add...) {
		if _, ok := counts[q.Label]; ok || q.Label == nil {
			continue
		}
		vs, err := s.objects(ctx, q.Label, PredQuads)
		if err != nil {
			return err
		}
		if len(vs) != 1 {
			return fmt.Errorf("document %s has %d quad counts (run verify)", quad.StringOf(q.Label), len(vs))
		}
		counts[q.Label] = num(vs[0])
	}
	crm, cadd := countFixes(rm, add, counts)
	return s.applyQuads(ctx, append(rm, crm...), append(add, cadd...))
}
