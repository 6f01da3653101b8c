package graph

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
)

// PredDocName is the name one document gave an entity (its own canonical
// name for it), labelled with the document: the evidence the store's
// canonical name is chosen from (docs/resolution.md).
const PredDocName = quad.IRI(NS + "name")

// PredDocType is the type one document gave an entity (a schema.org
// class), labelled with the document: the votes an Organization-or-Place
// node's type is chosen by.
const PredDocType = quad.IRI(NS + "type")

// DocName is the name and type one document gave an entity.
type DocName struct {
	Name string
	Type kg.EntityType
}

// PredDistinctFrom records that two nodes must never merge (written by
// Split): shared, <a> eg:distinctFrom <b>.
const PredDistinctFrom = quad.IRI(NS + "distinctFrom")

// Resolution configures cross-document entity resolution in Add.
type Resolution struct {
	// Off turns it off: entities are then one node only when their ids
	// are equal, and a node keeps the name its first document gave it.
	Off bool
	// Aliases is the user's aliases file; nil for none.
	Aliases *resolve.Aliases
}

// SetResolution sets how Add resolves entities across documents. The
// default is on, with no aliases file.
func (s *Store) SetResolution(r Resolution) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res = r
	s.idx = nil // built again, from the store, when next needed
}

// docID is a document as the index knows it: a small number given to its
// IRI (index.docID), so that the sets of documents every node keeps are
// lists of numbers rather than maps keyed by 80-byte IRIs.
type docID int32

// docSet is a set of documents: ascending, each once.
type docSet []docID

func (ds docSet) has(d docID) bool {
	i := sort.Search(len(ds), func(i int) bool { return ds[i] >= d })
	return i < len(ds) && ds[i] == d
}

// add returns the set with d in it. Documents mostly come in the order
// their ids were given, so d usually goes at the end.
func (ds docSet) add(d docID) docSet {
	if n := len(ds); n == 0 || ds[n-1] < d {
		return append(ds, d)
	}
	i := sort.Search(len(ds), func(i int) bool { return ds[i] >= d })
	if ds[i] == d {
		return ds
	}
	ds = append(ds, 0)
	copy(ds[i+1:], ds[i:])
	ds[i] = d
	return ds
}

// node is one stored entity as the resolver sees it. Its maps are made
// when first written (most nodes are named once, by one document, and
// have no aliases of note, sameAs or distinct records).
type node struct {
	id       string
	typ      kg.EntityType
	names    map[string]docSet // document's name -> the documents that gave it (may be none)
	aliases  map[string]bool
	sameAs   map[string]bool
	docs     docSet
	docTypes []docType       // the types its documents gave it (eg:type), by document
	stored   []string        // its schema:name values in the store (one)
	distinct map[string]bool // ids it must not merge with
	mkey     string          // "n:" + id, the resolver's key for it (memberKey)
	// tally is what vote adds, once counted (nil before): a node that
	// hundreds of documents mention is voted on by each new one. apply
	// keeps it up to date (tallyDoc).
	tally map[kg.EntityType]int
}

func newNode(id string, t kg.EntityType) *node {
	return &node{id: id, typ: t, names: map[string]docSet{}}
}

// memberKey returns "n:" + the node's id, its key as a resolver's member,
// made once: resolution asks for the keys of the same nodes, candidates and
// their context, document after document.
func (n *node) memberKey() string {
	if n.mkey == "" {
		n.mkey = "n:" + n.id
	}
	return n.mkey
}

// addName records that document doc (noDoc: none) gave the node that name.
func (n *node) addName(name string, doc docID) {
	ds, ok := n.names[name]
	if doc != noDoc {
		ds = ds.add(doc)
	} else if ok {
		return
	}
	n.names[name] = ds
}

// noDoc is addName's "no document".
const noDoc docID = -1

// docType is one document's eg:type for a node. A node keeps them in a
// list ordered by document (a document's in the order given), not a map:
// most nodes have one.
type docType struct {
	d docID
	t kg.EntityType
}

func (n *node) addDocType(d docID, t kg.EntityType) {
	dts := n.docTypes
	if k := len(dts); k == 0 || dts[k-1].d <= d {
		n.docTypes = append(dts, docType{d, t})
		return
	}
	i := sort.Search(len(dts), func(i int) bool { return dts[i].d > d })
	dts = append(dts, docType{})
	copy(dts[i+1:], dts[i:])
	dts[i] = docType{d, t}
	n.docTypes = dts
}

// typesOf returns the types document d gave the node.
func (n *node) typesOf(d docID) []docType {
	dts := n.docTypes
	i := sort.Search(len(dts), func(i int) bool { return dts[i].d >= d })
	j := i
	for j < len(dts) && dts[j].d == d {
		j++
	}
	return dts[i:j]
}

func addTo(m *map[string]bool, k string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[k] = true
}

// index is the resolver's view of the store's entities, built on the first
// Add that needs it and kept up to date by every write.
type index struct {
	nodes map[string]*node
	docs  []map[string]bool // document -> node ids
	// docIDs gives documents their numbers; docIRIs takes them back.
	docIDs  map[string]docID
	docIRIs []string
	keys    [len(keyTypes)][nKinds]map[string][]string // lookup key -> node ids, each once (may be stale: check nodes)
	// distinct: some node has ids it must not merge with. Only the store's
	// eg:distinctFrom quads give them (loadIndex); without any, apply has
	// no node's distinct set to rename.
	distinct bool
	// resolve.Key and resolve.WordKey of the names and words seen: every
	// document looks up and files the same few thousand, and folding one
	// (Unicode normalisation) costs more than the map.
	nameKeys, wordKeys map[string]string
	nameWords          map[string][]string // name -> its words' keys
	// Canonical forms of one name (canonicalName) and the ids
	// kg.EntityID gives names, by type slot: every group of every
	// document is named and given an id, mostly the same few thousand.
	oneNames  map[string]string
	entityIDs [len(keyTypes) - 1]map[string]string
}

// entityID is kg.EntityID(t, name), made once per type and name.
func (ix *index) entityID(t kg.EntityType, name string) string {
	slot := typeSlot(t)
	if slot == len(ix.entityIDs) {
		return kg.EntityID(t, name)
	}
	m := &ix.entityIDs[slot]
	id, ok := (*m)[name]
	if !ok {
		if *m == nil {
			*m = map[string]string{}
		}
		id = kg.EntityID(t, name)
		(*m)[name] = id
	}
	return id
}

// docID returns the number of the document with that IRI, giving it one
// if it has none.
func (ix *index) docID(iri string) docID {
	d, ok := ix.docIDs[iri]
	if !ok {
		d = docID(len(ix.docIRIs))
		ix.docIDs[iri] = d
		ix.docIRIs = append(ix.docIRIs, iri)
		ix.docs = append(ix.docs, nil)
	}
	return d
}

// nameKey is resolve.Key(name): its words' WordKeys, the empty ones left
// out, joined by spaces. It is made from nameWordKeys, so that each word
// is folded once (Unicode normalisation, the costly part) however many
// names it is in (TestNameKey holds the two to the same keys).
func (ix *index) nameKey(name string) string {
	k, ok := ix.nameKeys[name]
	if !ok {
		if ix.nameKeys == nil {
			ix.nameKeys = map[string]string{}
		}
		k = joinKeys(ix.nameWordKeys(name))
		ix.nameKeys[name] = k
	}
	return k
}

// joinKeys joins the non-empty keys with spaces; one is returned as it is.
func joinKeys(ks []string) string {
	if len(ks) == 1 {
		return ks[0]
	}
	var b strings.Builder
	for _, k := range ks {
		if k == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
	}
	return b.String()
}

func (ix *index) wordKey(w string) string { return memo(&ix.wordKeys, w, resolve.WordKey) }

// nameWordKeys returns the WordKeys of a name's words (resolve.Words), made
// once per name: the people's names are split and folded for every
// candidate they are compared with.
func (ix *index) nameWordKeys(name string) []string {
	ks, ok := ix.nameWords[name]
	if !ok {
		if ix.nameWords == nil {
			ix.nameWords = map[string][]string{}
		}
		ws := resolve.Words(name)
		ks = make([]string, len(ws))
		for i, w := range ws {
			ks[i] = ix.wordKey(w)
		}
		ix.nameWords[name] = ks
	}
	return ks
}

// memo returns f(k), computed once per k and kept in *m.
func memo(m *map[string]string, k string, f func(string) string) string {
	v, ok := (*m)[k]
	if !ok {
		if *m == nil {
			*m = map[string]string{}
		}
		v = f(k)
		(*m)[k] = v
	}
	return v
}

// lookupKey is a key the index files node ids under: a type, the kind of
// key and the key. The index keeps a map per type and kind, keyed by the
// string alone: every document looks up dozens of keys, and joining the
// three into one string was an allocation each.
type lookupKey struct {
	t    kg.EntityType
	kind keyKind
	k    string
}

// keyKind is what a lookup key is made from.
type keyKind int

const (
	kindID     keyKind = iota // the node's id
	kindKey                   // resolve.Key of one of its names
	kindWord                  // resolve.WordKey of a word of a person's name
	kindAcr                   // resolve.AcronymKey of a name or alias that is an acronym
	kindInit                  // resolve.Initials of a name that is not
	kindSameAs                // a sameAs IRI
	kindOrg                   // resolve.OrgKey of an organization's name (its legal form left out)
	kindSig                   // misspellingSig of a long organization or place name
	nKinds
)

// keyTypes are the types the index has maps for, in slot order; the last
// slot is for any other type (none: types are checked on the way in).
var keyTypes = [...]kg.EntityType{kg.Person, kg.Country, kg.Organization, kg.Place, ""}

func typeSlot(t kg.EntityType) int {
	for i, x := range keyTypes[:len(keyTypes)-1] {
		if x == t {
			return i
		}
	}
	return len(keyTypes) - 1
}

func tkey(t kg.EntityType, kind keyKind, k string) lookupKey { return lookupKey{t, kind, k} }

// ids returns the map of a key's type and kind, nil if there is none yet.
func (ix *index) ids(k lookupKey) map[string][]string { return ix.keys[typeSlot(k.t)][k.kind] }

// indexNode files a node's names under its lookup keys.
func (ix *index) indexNode(n *node) {
	ix.file(tkey(n.typ, kindID, n.id), n.id)
	for name := range n.names {
		ix.indexName(n, name)
	}
	for a := range n.aliases {
		ix.indexAlias(n, a)
	}
	for s := range n.sameAs {
		ix.indexSameAs(n, s)
	}
}

// file adds a node id under a lookup key. A key holds a few ids (most
// one), so a list beats a set: no map per key.
func (ix *index) file(k lookupKey, id string) {
	m := &ix.keys[typeSlot(k.t)][k.kind]
	if *m == nil {
		*m = map[string][]string{}
	}
	ids := (*m)[k.k]
	for _, x := range ids {
		if x == id {
			return
		}
	}
	(*m)[k.k] = append(ids, id)
}

// indexName, indexAlias and indexSameAs file the keys of one of a node's
// names, aliases or sameAs links: indexNode is their union, so that a node
// already filed needs only its new ones filed (index.apply).
func (ix *index) indexName(n *node, name string) {
	ix.file(tkey(n.typ, kindKey, ix.nameKey(name)), n.id)
	if n.typ == kg.Person {
		for _, wk := range ix.nameWordKeys(name) {
			ix.file(tkey(n.typ, kindWord, wk), n.id)
		}
	}
	if n.typ == kg.Organization || n.typ == kg.Place {
		if resolve.IsAcronym(name) {
			ix.file(tkey(n.typ, kindAcr, resolve.AcronymKey(name)), n.id)
		} else if in := resolve.Initials(name); in != "" {
			ix.file(tkey(n.typ, kindInit, in), n.id)
		}
	}
	if n.typ == kg.Organization {
		ix.file(tkey(n.typ, kindOrg, ix.orgKey(name)), n.id)
	}
	if sig := ix.misspellingSig(n.typ, name); sig != "" {
		ix.file(tkey(n.typ, kindSig, sig), n.id)
	}
}

// misspellingSig files the organizations and places resolve.Misspelt may
// be asked about: names of two words or more and ten letters or more, by
// their number of words and their words' first letters ("Untied Nations"
// and "United Nations": "2un"). "" for any other name.
func (ix *index) misspellingSig(t kg.EntityType, name string) string {
	if t != kg.Organization && t != kg.Place || utf8.RuneCountInString(name) < 10 {
		return ""
	}
	ks := ix.nameWordKeys(name)
	if len(ks) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(ks)))
	for _, k := range ks {
		r, _ := utf8.DecodeRuneInString(k)
		b.WriteRune(r)
	}
	return b.String()
}

// orgKey is resolve.OrgKey(name), from the memoised name keys.
func (ix *index) orgKey(name string) string { return ix.nameKey(resolve.OrgName(name)) }

func (ix *index) indexAlias(n *node, a string) {
	if (n.typ == kg.Organization || n.typ == kg.Place) && resolve.IsAcronym(a) {
		ix.file(tkey(n.typ, kindAcr, resolve.AcronymKey(a)), n.id)
	}
}

func (ix *index) indexSameAs(n *node, s string) {
	ix.file(tkey(n.typ, kindSameAs, s), n.id)
}

// lookup returns the live node ids filed under a key, sorted.
func (ix *index) lookup(k lookupKey) []string {
	out := ix.appendLive(nil, k)
	sort.Strings(out)
	return out
}

// appendLive appends the live node ids filed under a key, in no order, to
// out.
func (ix *index) appendLive(out []string, k lookupKey) []string {
	for _, id := range ix.ids(k)[k.k] {
		if ix.nodes[id] != nil {
			out = append(out, id)
		}
	}
	return out
}

// context returns the ids of the nodes mentioned in a document with n,
// n excluded.
func (ix *index) context(n *node) map[string]bool {
	out := map[string]bool{}
	for _, d := range n.docs {
		for id := range ix.docs[d] {
			if id != n.id && ix.nodes[id] != nil {
				out[id] = true
			}
		}
	}
	return out
}

// loadIndex builds the index from the store.
func (s *Store) loadIndex(ctx context.Context) (*index, error) {
	ix := &index{nodes: map[string]*node{}, docIDs: map[string]docID{}}
	schemaNames := map[string]string{}
	get := func(id string) *node {
		n := ix.nodes[id]
		if n == nil {
			n = newNode(id, kg.TypeOfID(id))
			ix.nodes[id] = n
		}
		return n
	}
	err := s.scan(ctx, func(q quad.Quad) {
		id, ok := EntityID(q.Subject)
		if !ok {
			return
		}
		label := str(q.Label)
		switch q.Predicate {
		case RDFType:
			if t := classType(q.Object); t != "" {
				get(id).typ = t
			}
		case SchemaName:
			schemaNames[id] = str(q.Object)
			n := get(id)
			n.stored = append(n.stored, str(q.Object))
		case PredDocName:
			get(id).addName(str(q.Object), ix.docID(label))
		case PredDocType:
			if t := classType(q.Object); t != "" {
				n := get(id)
				n.addDocType(ix.docID(label), t)
			}
		case SchemaAlternateName:
			addTo(&get(id).aliases, str(q.Object))
		case SchemaSameAs:
			addTo(&get(id).sameAs, str(q.Object))
		case PredMentions:
			n := get(id)
			d := ix.docID(label)
			n.docs = n.docs.add(d)
			if ix.docs[d] == nil {
				ix.docs[d] = map[string]bool{}
			}
			ix.docs[d][id] = true
		case PredDistinctFrom:
			if o, ok := EntityID(q.Object); ok {
				addTo(&get(id).distinct, o)
				addTo(&get(o).distinct, id)
				ix.distinct = true
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for id, n := range ix.nodes {
		if len(n.names) == 0 && schemaNames[id] != "" {
			// Written before documents' names were stored: the stored
			// name stands for all its documents.
			n.names[schemaNames[id]] = append(docSet{}, n.docs...)
		}
		ix.indexNode(n)
	}
	return ix, nil
}

// uf is a union-find over string keys.
type uf map[string]string

func (u uf) find(x string) string {
	for {
		p, ok := u[x]
		if !ok || p == x {
			return x
		}
		u[x] = u[p]
		x = p
	}
}

// member is one element of a resolution group: a stored node or an
// incoming entity.
type member struct {
	node *node      // stored node, or nil
	ent  *kg.Entity // incoming entity, or nil
}

func (m member) names() []string {
	if m.node != nil {
		out := make([]string, 0, len(m.node.names))
		for n := range m.node.names {
			out = append(out, n)
		}
		sort.Strings(out)
		return out
	}
	return []string{m.ent.Name}
}

func (m member) typ() kg.EntityType {
	if m.node != nil {
		return m.node.typ
	}
	return m.ent.Type
}

// plan is the outcome of resolving one document against the store.
type plan struct {
	ex       *kg.Extraction           // the extraction with resolved ids
	docNames map[string][]DocName     // resolved id -> the document's names and types for it
	mapping  map[string]string        // stored node id -> its new id (changed ones only)
	names    map[string]string        // resolved id -> canonical name, for every group touched
	groups   map[string][]*node       // resolved id -> stored nodes in the group
	incoming map[string]string        // incoming entity id -> resolved id
	plain    bool                     // written without resolution: names stay the first document's
	types    map[string]kg.EntityType // resolved id -> type
}

// resolver decides which stored node each of a document's entities is.
type resolver struct {
	ix      *index
	aliases *resolve.Aliases
	doc     docID // the incoming document
	u       uf
	members map[string]member
	sets    map[string][]string // root -> member keys
	matches []string            // strongMatches' list, used again
}

func (r *resolver) key(m member) string {
	if m.node != nil {
		return m.node.memberKey()
	}
	return "e:" + m.ent.ID
}

func (r *resolver) add(m member) string {
	k := r.key(m)
	if _, ok := r.members[k]; !ok {
		r.members[k] = m
		r.u[k] = k
		r.sets[k] = []string{k}
	}
	return k
}

// group returns the members of k's group. A stored node's key ("n:ID")
// that is not a member stands for a group of that node alone.
func (r *resolver) group(k string) []member {
	set, ok := r.sets[r.u.find(k)]
	if !ok {
		if id, isNode := strings.CutPrefix(k, "n:"); isNode {
			return []member{{node: r.ix.nodes[id]}}
		}
	}
	out := make([]member, len(set))
	for i, mk := range set {
		out[i] = r.members[mk]
	}
	return out
}

// docsOf returns the documents a group's members are mentioned in.
func (r *resolver) docsOf(root string) map[docID]bool {
	out := map[docID]bool{}
	for _, k := range r.sets[root] {
		m := r.members[k]
		if m.node != nil {
			for _, d := range m.node.docs {
				out[d] = true
			}
		} else {
			out[r.doc] = true
		}
	}
	return out
}

// union joins the groups of a and b unless a rule forbids it: different
// types, a Split's record, a never pair of the aliases file, and (for
// variant matches, strict) a document that names both as two entities.
func (r *resolver) union(a, b string, strict bool) bool {
	ra, rb := r.u.find(a), r.u.find(b)
	if ra == rb {
		return true
	}
	ma, mb := r.members[ra], r.members[rb]
	if !compatible(ma.typ(), mb.typ()) {
		return false
	}
	for _, ka := range r.sets[ra] {
		for _, kb := range r.sets[rb] {
			x, y := r.members[ka], r.members[kb]
			if x.node != nil && y.node != nil && (x.node.distinct[y.node.id] || y.node.distinct[x.node.id]) {
				return false
			}
			if r.aliases.HasNever() {
				for _, nx := range x.names() {
					for _, ny := range y.names() {
						if r.aliases.NeverMerge(nx, ny) {
							return false
						}
					}
				}
			}
		}
	}
	if strict {
		da := r.docsOf(ra)
		for d := range r.docsOf(rb) {
			if da[d] {
				return false
			}
		}
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	r.u[rb] = ra
	r.sets[ra] = append(r.sets[ra], r.sets[rb]...)
	delete(r.sets, rb)
	return true
}

// affectedPeople returns the stored people (sorted ids) mentioned in a
// document with a stored node that is now in one group with another
// stored node.
func (r *resolver) affectedPeople() []string {
	set := map[string]bool{}
	for _, keys := range r.sets {
		var stored []*node
		for _, k := range keys {
			if m := r.members[k]; m.node != nil {
				stored = append(stored, m.node)
			}
		}
		if len(stored) < 2 {
			continue
		}
		for _, n := range stored {
			for _, d := range n.docs {
				for id := range r.ix.docs[d] {
					if p := r.ix.nodes[id]; p != nil && p.typ == kg.Person {
						set[id] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// allows reports whether the predicate takes entities of those ids' types.
func allows(pred, subj, obj string) bool {
	p, ok := kg.PredicateByID(pred)
	return ok && p.Allows(kg.TypeOfID(subj), kg.TypeOfID(obj))
}

// compatible reports whether entities of types a and b may be one node:
// the same type, or an Organization and a Place (an institution and its
// building: "Kremlin", "White House").
func compatible(a, b kg.EntityType) bool {
	return a == b || orgPlace(a) == b
}

// orgPlace returns Place for Organization and Organization for Place, ""
// for other types.
func orgPlace(t kg.EntityType) kg.EntityType {
	switch t {
	case kg.Organization:
		return kg.Place
	case kg.Place:
		return kg.Organization
	}
	return ""
}

// vote adds the types a node's documents gave it: eg:type where written,
// the node's type for its other documents.
func (n *node) vote(votes map[kg.EntityType]int) {
	if n.tally == nil {
		n.tally = map[kg.EntityType]int{}
		if len(n.docs) == 0 {
			n.tally[n.typ]++
		}
		for _, d := range n.docs {
			ts := n.typesOf(d)
			if len(ts) == 0 {
				n.tally[n.typ]++
			}
			for _, t := range ts {
				n.tally[t.t]++
			}
		}
	}
	for t, c := range n.tally {
		if c > 0 { // a type with no votes is not in votes
			votes[t] += c
		}
	}
}

// tallyDoc adds (sign 1) or takes back (-1) document d's part of the
// counted tally: called around a change to d's docs and docTypes.
func (n *node) tallyDoc(d docID, sign int) {
	if n.tally == nil {
		return
	}
	if len(n.docs) == 0 {
		n.tally[n.typ] += sign
	}
	if n.docs.has(d) {
		ts := n.typesOf(d)
		if len(ts) == 0 {
			n.tally[n.typ] += sign
		}
		for _, t := range ts {
			n.tally[t.t] += sign
		}
	}
}

// groupType is the type of most of a group's documents (a stored node
// counts its documents, an incoming entity one); ties go to Organization,
// then Place.
func (r *resolver) groupType(root string) kg.EntityType {
	votes := map[kg.EntityType]int{}
	for _, k := range r.sets[root] {
		m := r.members[k]
		if m.node != nil {
			m.node.vote(votes)
		} else {
			votes[m.ent.Type]++
		}
	}
	best, bn := kg.EntityType(""), -1
	for _, t := range []kg.EntityType{kg.Organization, kg.Place, kg.Person, kg.Country} {
		if n, ok := votes[t]; ok && n > bn {
			best, bn = t, n
		}
	}
	return best
}

// strongMatches returns the stored nodes an incoming entity is on name
// evidence alone: its id; a name with its Key; its sameAs; for
// organizations and places, an acronym tied to it (one node only).
func (r *resolver) strongMatches(e *kg.Entity) []string {
	ix := r.ix
	// The matches are gathered in one list, sorted and made unique at
	// the end: most entities have one or none, and a set was a map each.
	out := r.matches[:0]
	out = ix.appendLive(out, tkey(e.Type, kindID, e.ID))
	key := ix.nameKey(e.Name)
	out = ix.appendLive(out, tkey(e.Type, kindKey, key))
	if other := orgPlace(e.Type); other != "" {
		// "Kremlin" an Organization here and a Place there: one node,
		// of the type most of its documents give it.
		out = ix.appendLive(out, tkey(other, kindKey, key))
	}
	for _, s := range e.SameAs {
		out = ix.appendLive(out, tkey(e.Type, kindSameAs, s))
	}
	if e.Type == kg.Organization {
		// "Siemens AG" and "Siemens", "Hyundai Motors Corporation" and
		// "Hyundai Motors": one company, its legal form aside.
		out = ix.appendLive(out, tkey(e.Type, kindOrg, ix.orgKey(e.Name)))
	}
	if e.Type == kg.Organization || e.Type == kg.Place {
		acr := map[string]bool{}
		if resolve.IsAcronym(e.Name) {
			k := resolve.AcronymKey(e.Name)
			for _, id := range ix.lookup(tkey(e.Type, kindAcr, k)) {
				acr[id] = true
			}
			// Initials alone, with no document tying the two, only
			// for three letters or more: two ("OM", "PP") spell too
			// many names (OM Gruppen, Ogilvy and Mather); an "&"
			// acronym ("J&J", "P&G") says more.
			if len(k) >= 3 || strings.Contains(e.Name, "&") {
				for _, id := range ix.lookup(tkey(e.Type, kindInit, k)) {
					acr[id] = true
				}
			}
		} else {
			var ks []string
			for _, a := range e.Aliases {
				if resolve.IsAcronym(a) {
					ks = append(ks, resolve.AcronymKey(a))
				}
			}
			if in := resolve.Initials(e.Name); len(in) >= 3 || in != "" && strings.Contains(e.Name, "&") { // see above
				ks = append(ks, in)
			}
			for _, k := range ks {
				// Only nodes whose own name is that acronym: two
				// expansions are not linked through their initials.
				for _, id := range ix.lookup(tkey(e.Type, kindAcr, k)) {
					if n := ix.nodes[id]; n != nil && hasAcronymName(n, k) {
						acr[id] = true
					}
				}
			}
		}
		if len(acr) == 1 { // an acronym that fits two nodes decides nothing
			for id := range acr {
				out = append(out, id)
			}
		}
	}
	if len(out) > 1 {
		sort.Strings(out)
		out = slices.Compact(out)
	}
	r.matches = out
	return out
}

func hasAcronymName(n *node, k string) bool {
	for name := range n.names {
		if resolve.IsAcronym(name) && resolve.AcronymKey(name) == k {
			return true
		}
	}
	return false
}

// variantName returns the closest transliteration match between two
// groups' names: resolve.Variant, resolve.NearVariant or NoMatch (equal
// names are not asked about: step 1 joined them).
func (ix *index) variantName(xs, ys []string) resolve.Match {
	best := resolve.NoMatch
	for _, x := range xs {
		kx := ix.nameWordKeys(x)
		for _, y := range ys {
			// Most candidates fail on the keys the index keeps.
			if !resolve.MayBeVariants(kx, ix.nameWordKeys(y)) {
				continue
			}
			if m := resolve.PersonVariant(x, y); m != resolve.SameName && m > best {
				best = m
			}
		}
	}
	return best
}

// corroborated is the context test of two people whose names are
// variants: the entities mentioned with each (in any of their documents)
// must share people or organizations, one for a Variant, two for a
// NearVariant. Countries and places are too common in news to tell two
// people apart.
func corroborated(m resolve.Match, a, b map[string]kg.EntityType) bool {
	strong := 0
	for id, t := range a {
		if _, ok := b[id]; ok && (t == kg.Person || t == kg.Organization) {
			strong++
		}
	}
	switch m {
	case resolve.Variant:
		return strong >= 1
	case resolve.NearVariant:
		return strong >= 2
	}
	return false
}

// resolvePlan resolves one (validated) extraction against the index.
func (s *Store) resolvePlan(ex *kg.Extraction, doc string) *plan {
	ix := s.idx
	r := &resolver{ix: ix, aliases: s.res.Aliases, doc: ix.docID(doc), u: uf{}, members: map[string]member{}, sets: map[string][]string{}}
	ents := make([]*kg.Entity, len(ex.Entities))
	for i := range ex.Entities {
		ents[i] = &ex.Entities[i]
	}
	// 1. Name evidence.
	for _, e := range ents {
		k := r.add(member{ent: e})
		for _, id := range r.strongMatches(e) {
			r.union(k, r.add(member{node: ix.nodes[id]}), false)
		}
	}
	// 2. Transliteration variants of people, with corroboration. The
	// context of an incoming entity is where its co-mentioned entities
	// went in step 1.
	//
	// A stored node k ("n:ID") need not be a member yet: it is then a
	// group of its own (see r.group).
	ctxOf := func(k string) map[string]kg.EntityType {
		out := map[string]kg.EntityType{}
		for _, m := range r.group(k) {
			if m.node != nil {
				for id := range ix.context(m.node) {
					n := ix.nodes[id]
					out[r.u.find(n.memberKey())] = n.typ
				}
			} else {
				for _, o := range ents {
					if o != m.ent {
						out[r.u.find("e:"+o.ID)] = o.Type
					}
				}
			}
		}
		delete(out, r.u.find(k))
		return out
	}
	groupNames := func(k string) []string {
		var out []string
		for _, m := range r.group(k) {
			out = append(out, m.names()...)
		}
		return out
	}
	// Candidates: people sharing a name word with an incoming person.
	for _, e := range ents {
		if e.Type != kg.Person || len(ix.nameWordKeys(e.Name)) < 2 {
			continue
		}
		k := "e:" + e.ID
		var cands []string
		for _, wk := range ix.nameWordKeys(e.Name) {
			cands = ix.appendLive(cands, tkey(kg.Person, kindWord, wk))
		}
		sort.Strings(cands)
		var kNames []string // groupNames(k), until k's group grows
		for i, id := range cands {
			if i > 0 && cands[i-1] == id {
				continue
			}
			// A candidate becomes a member only when it joins k's
			// group: one left alone would be a group of its own,
			// which step 3 skips, and the lone candidates are many.
			nk := ix.nodes[id].memberKey()
			if r.u.find(nk) == r.u.find(k) {
				continue
			}
			if kNames == nil {
				kNames = groupNames(k)
			}
			if m := ix.variantName(kNames, groupNames(nk)); m != resolve.NoMatch && corroborated(m, ctxOf(k), ctxOf(nk)) {
				r.union(k, r.add(member{node: ix.nodes[id]}), true)
				kNames = nil
			}
		}
	}

	// 2b. Stored people whose context this document changed without
	// naming them: two stored nodes became one, so the people mentioned
	// with either now share it. Checked again until nothing changes, so
	// that the outcome does not depend on which document came last.
	for changed := true; changed; {
		changed = false
		for _, id := range r.affectedPeople() {
			nk := r.add(member{node: ix.nodes[id]})
			var cands []string
			for name := range ix.nodes[id].names {
				for _, wk := range ix.nameWordKeys(name) {
					cands = ix.appendLive(cands, tkey(kg.Person, kindWord, wk))
				}
			}
			sort.Strings(cands)
			for i, cid := range cands {
				if (i > 0 && cands[i-1] == cid) || cid == id {
					continue
				}
				ck := r.add(member{node: ix.nodes[cid]})
				if r.u.find(ck) == r.u.find(nk) {
					continue
				}
				if m := ix.variantName(groupNames(nk), groupNames(ck)); m != resolve.NoMatch && corroborated(m, ctxOf(nk), ctxOf(ck)) {
					if r.union(nk, ck, true) {
						changed = true
					}
				}
			}
		}
	}

	// 2c. Misspelt organizations and places: a long name one letter off
	// a stored one in one word ("Untied Nations", resolve.Misspelt), of
	// the same type, with one person or organization mentioned with
	// both, and no document naming both.
	for _, e := range ents {
		sig := ix.misspellingSig(e.Type, e.Name)
		if sig == "" {
			continue
		}
		k := "e:" + e.ID
		ek := ix.nameKey(e.Name)
		var kctx map[string]kg.EntityType // ctxOf(k), once asked
		for _, id := range ix.lookup(tkey(e.Type, kindSig, sig)) {
			nk := ix.nodes[id].memberKey()
			if r.u.find(nk) == r.u.find(k) {
				continue
			}
			misspelt := false
			for name := range ix.nodes[id].names {
				// One letter in one word: the keys' lengths are
				// within a letter or two (folded endings aside).
				if d := len(ix.nameKey(name)) - len(ek); d >= -2 && d <= 2 && resolve.Misspelt(e.Name, name) {
					misspelt = true
					break
				}
			}
			if !misspelt {
				continue
			}
			if kctx == nil {
				kctx = ctxOf(k)
			}
			if corroborated(resolve.Variant, kctx, ctxOf(nk)) {
				r.union(k, r.add(member{node: ix.nodes[id]}), true)
				kctx = nil // k's group grew
			}
		}
	}

	// 3. Names and ids of the groups.
	p := &plan{docNames: map[string][]DocName{}, mapping: map[string]string{}, names: map[string]string{},
		groups: map[string][]*node{}, incoming: map[string]string{}, types: map[string]kg.EntityType{}}
	roots := make([]string, 0, len(r.sets))
	for root := range r.sets {
		roots = append(roots, root)
	}
	sort.Strings(roots)
	for _, root := range roots {
		var uses []resolve.NameUse
		var nodes []*node
		var es []*kg.Entity
		for _, mk := range r.sets[root] {
			m := r.members[mk]
			if m.node != nil {
				nodes = append(nodes, m.node)
				for name, docs := range m.node.names {
					uses = append(uses, resolve.NameUse{Name: name, Docs: len(docs)})
				}
			} else {
				es = append(es, m.ent)
				uses = append(uses, resolve.NameUse{Name: m.ent.Name, Docs: 1})
			}
		}
		if len(es) == 0 && len(nodes) < 2 {
			continue // untouched
		}
		t := r.groupType(root)
		name := s.canonicalName(uses)
		id := ix.entityID(t, name)
		if other := ix.nodes[id]; other != nil && !containsNode(nodes, other) {
			// The canonical id is another node's: keep the group's
			// first id rather than take it.
			if len(nodes) > 0 {
				id, name = nodes[0].id, s.canonicalName(namesOf(nodes[0]))
			} else {
				id, name = es[0].ID, es[0].Name
			}
		}
		p.names[id] = name
		p.groups[id] = nodes
		p.types[id] = t
		for _, n := range nodes {
			if n.id != id {
				p.mapping[n.id] = id
			}
		}
		for _, e := range es {
			p.incoming[e.ID] = id
			p.docNames[id] = append(p.docNames[id], DocName{e.Name, e.Type})
		}
		if dn := p.docNames[id]; len(dn) > 1 { // sort.Slice allocates, even for one
			sort.Slice(dn, func(i, j int) bool {
				a, b := dn[i], dn[j]
				return a.Name < b.Name || a.Name == b.Name && a.Type < b.Type
			})
		}
	}

	// 4. The extraction under the resolved ids.
	out := &kg.Extraction{Doc: ex.Doc}
	byID := map[string]int{}
	for _, e := range ex.Entities {
		id := p.incoming[e.ID]
		if i, ok := byID[id]; ok {
			m := &out.Entities[i]
			m.Mentions += e.Mentions
			m.Aliases = appendNew(m.Aliases, e.Aliases...)
			m.SameAs = appendNew(m.SameAs, e.SameAs...)
			continue
		}
		byID[id] = len(out.Entities)
		e.ID, e.Name, e.Type = id, p.names[id], p.types[id]
		e.Aliases = append([]string(nil), e.Aliases...)
		e.SameAs = append([]string(nil), e.SameAs...)
		out.Entities = append(out.Entities, e)
	}
	for _, rel := range ex.Relations {
		rel.Subject, rel.Object = p.incoming[rel.Subject], p.incoming[rel.Object]
		if rel.Location != "" {
			rel.Location = p.incoming[rel.Location]
		}
		if rel.Subject == rel.Object {
			continue // two entities of the document turned out one
		}
		if pr, ok := kg.PredicateByID(rel.Predicate); !ok || !pr.Allows(p.types[rel.Subject], p.types[rel.Object]) {
			continue // a type the other documents outvoted
		}
		if rel.Location != "" && p.types[rel.Location] != kg.Place && p.types[rel.Location] != kg.Country {
			rel.Location = ""
		}
		out.Relations = append(out.Relations, rel)
	}
	p.ex = out
	return p
}

func appendNew(xs []string, ys ...string) []string {
	for _, y := range ys {
		found := false
		for _, x := range xs {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			xs = append(xs, y)
		}
	}
	return xs
}

func containsNode(ns []*node, n *node) bool {
	for _, m := range ns {
		if m == n {
			return true
		}
	}
	return false
}

func namesOf(n *node) []resolve.NameUse {
	var out []resolve.NameUse
	for name, docs := range n.names {
		out = append(out, resolve.NameUse{Name: name, Docs: len(docs)})
	}
	return out
}

// canonicalName is resolve.Canonical, except that a name of the aliases
// file's entries wins.
func (s *Store) canonicalName(uses []resolve.NameUse) string {
	if s.res.Aliases != nil {
		var pinned []string
		for _, u := range uses {
			if e, ok := s.res.Aliases.Lookup(u.Name); ok {
				pinned = append(pinned, e.Name)
			}
		}
		if len(pinned) > 0 {
			sort.Strings(pinned)
			return pinned[0]
		}
	}
	if one := oneName(uses); one != "" {
		// One name (most groups: a new entity, or a node found again
		// under its own name): resolve.Canonical's choices are then all
		// of that name, which comes out word by word.
		if s.idx != nil {
			return memo(&s.idx.oneNames, one, joinWords)
		}
		return joinWords(one)
	}
	return resolve.Canonical(uses)
}

// joinWords is a name's words (resolve.Words) joined by single spaces.
func joinWords(name string) string { return strings.Join(resolve.Words(name), " ") }

// oneName returns the name every use has, "" if they have two or more.
func oneName(uses []resolve.NameUse) string {
	if len(uses) == 0 {
		return ""
	}
	for _, u := range uses[1:] {
		if u.Name != uses[0].Name {
			return ""
		}
	}
	return uses[0].Name
}

// nameQuads returns the quads that set the canonical name of the node id
// to name, removing the names of the nodes merged into it. The stored
// names come from the index (node.stored), not from the store: reading
// every quad of a node that hundreds of documents mention, for every
// document, would make ingest quadratic.
func nameQuads(ix *index, id, name string, from []string) (rm, add []quad.Quad) {
	for _, f := range append([]string{id}, from...) {
		n := ix.nodes[f]
		if n == nil {
			continue
		}
		for _, v := range n.stored {
			if f == id && v == name {
				continue
			}
			rm = append(rm, quad.Quad{Subject: EntityIRI(f), Predicate: SchemaName, Object: quad.String(v)})
		}
	}
	if n := ix.nodes[id]; n == nil || len(n.stored) != 1 || n.stored[0] != name {
		add = append(add, quad.Quad{Subject: EntityIRI(id), Predicate: SchemaName, Object: quad.String(name)})
	}
	return rm, add
}

// plainPlan is the plan of an extraction written without resolution:
// every entity its own group, its name kept once the node has one.
func plainPlan(ex *kg.Extraction) *plan {
	p := &plan{ex: ex, docNames: map[string][]DocName{}, mapping: map[string]string{}, names: map[string]string{},
		groups: map[string][]*node{}, incoming: map[string]string{}, types: map[string]kg.EntityType{}, plain: true}
	for _, e := range ex.Entities {
		p.docNames[e.ID] = []DocName{{e.Name, e.Type}}
		p.names[e.ID] = e.Name
		p.groups[e.ID] = nil
		p.types[e.ID] = e.Type
		p.incoming[e.ID] = e.ID
	}
	return p
}

// apply records a written plan in the index.
func (ix *index) apply(p *plan, iri string) {
	doc := ix.docID(iri)
	// Nodes made or merged here are filed under all their keys at the
	// end; the others already are, and only their new names, aliases and
	// sameAs links are filed (filing every name of a node that hundreds of
	// documents mention, for every document, was most of this).
	refile := map[string]bool{}
	for id, nodes := range p.groups {
		n := ix.nodes[id]
		if n == nil {
			n = newNode(id, p.types[id])
			refile[id] = true
		}
		for _, m := range nodes {
			if m == n {
				continue
			}
			mergeNode(n, m)
			delete(ix.nodes, m.id)
			refile[id] = true
		}
		ix.nodes[id] = n
	}
	// Documents' node lists follow the renames: the documents of a
	// renamed node are its docs (ix.docs[d][id] exactly when
	// ix.nodes[id].docs[d]), so there is no need to visit every document.
	for to, nodes := range p.groups {
		for _, m := range nodes {
			if m.id == to {
				continue
			}
			for _, d := range m.docs {
				if ids := ix.docs[d]; ids[m.id] {
					delete(ids, m.id)
					ids[to] = true
				}
			}
		}
	}
	docIDs := ix.docs[doc]
	if docIDs == nil && len(p.ex.Entities) > 0 {
		docIDs = make(map[string]bool, len(p.ex.Entities))
		ix.docs[doc] = docIDs
	}
	for _, e := range p.ex.Entities {
		n := ix.nodes[e.ID]
		n.tallyDoc(doc, -1) // its docs and docTypes change here
		filed := !refile[e.ID]
		for _, dn := range p.docNames[e.ID] {
			if _, named := n.names[dn.Name]; filed && !named {
				ix.indexName(n, dn.Name)
			}
			n.addName(dn.Name, doc)
			n.addDocType(doc, dn.Type)
		}
		for _, a := range e.Aliases {
			if filed && !n.aliases[a] {
				ix.indexAlias(n, a)
			}
			addTo(&n.aliases, a)
		}
		for _, sa := range e.SameAs {
			if filed && !n.sameAs[sa] {
				ix.indexSameAs(n, sa)
			}
			addTo(&n.sameAs, sa)
		}
		n.docs = n.docs.add(doc)
		n.tallyDoc(doc, +1)
		docIDs[e.ID] = true
	}
	for id := range p.groups {
		if n := ix.nodes[id]; !p.plain || len(n.stored) == 0 {
			n.stored = []string{p.names[id]}
		}
		if refile[id] {
			ix.indexNode(ix.nodes[id])
		}
	}
	if len(p.mapping) == 0 || !ix.distinct {
		return
	}
	for _, n := range ix.nodes {
		if len(n.distinct) == 0 {
			continue
		}
		for old, to := range p.mapping {
			if n.distinct[old] {
				delete(n.distinct, old)
				n.distinct[to] = true
			}
		}
	}
}

func mergeNode(into, from *node) {
	into.tally = nil
	for name, docs := range from.names {
		for _, d := range docs {
			into.addName(name, d)
		}
		if len(docs) == 0 {
			into.addName(name, noDoc)
		}
	}
	for a := range from.aliases {
		addTo(&into.aliases, a)
	}
	for sa := range from.sameAs {
		addTo(&into.sameAs, sa)
	}
	for _, d := range from.docs {
		into.docs = into.docs.add(d)
	}
	for _, dt := range from.docTypes {
		into.addDocType(dt.d, dt.t)
	}
	for x := range from.distinct {
		addTo(&into.distinct, x)
	}
}

// resolveAdd resolves an extraction against the stored entities and
// returns the plan and the quads that rename stored nodes (rm, then add).
func (s *Store) resolveAdd(ctx context.Context, ex *kg.Extraction, doc string) (p *plan, rm, add []quad.Quad, err error) {
	if s.idx == nil {
		if s.idx, err = s.loadIndex(ctx); err != nil {
			return nil, nil, nil, err
		}
	}
	p = s.resolvePlan(ex, doc)
	if rm, add, err = s.rewrite(ctx, p.mapping, nil); err != nil {
		return nil, nil, nil, err
	}
	ids := make([]string, 0, len(p.names))
	for id := range p.names {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		var from []string
		for _, n := range p.groups[id] {
			if n.id != id {
				from = append(from, n.id)
			}
		}
		r, a := nameQuads(s.idx, id, p.names[id], from)
		rm, add = append(rm, r...), append(add, a...)
	}
	return p, rm, add, nil
}

// copyExtraction copies the entity and relation slices (and their
// slices), so that rewriting them leaves the caller's extraction alone.
func copyExtraction(ex *kg.Extraction) *kg.Extraction {
	out := &kg.Extraction{Doc: ex.Doc}
	for _, e := range ex.Entities {
		e.Aliases = append([]string(nil), e.Aliases...)
		e.SameAs = append([]string(nil), e.SameAs...)
		out.Entities = append(out.Entities, e)
	}
	out.Relations = append([]kg.Relation(nil), ex.Relations...)
	return out
}
