package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
)

// NS is the namespace of every IRI entigraph mints: entities, documents,
// statements, evidence, relation predicates and the vocabulary terms of its
// own. Exporters (JSON-LD in particular) use it as the "eg" prefix.
//
// Layout under NS, which keeps the kinds apart: entity IRIs are NS+ID where
// the ID is "type/slug" (type one of person, country, organization, place);
// NS+"doc/", NS+"stmt/", NS+"ev/", NS+"source/" and NS+"rel/" name
// documents, statements, evidence, documents known only by source name and
// relation predicates; vocabulary terms are NS+word with no slash
// ("urn:entigraph:mentions").
const NS = "urn:entigraph:"

// Other namespaces the schema borrows from.
const (
	SchemaNS = "http://schema.org/"
	RDFNS    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

// Prefixes of the IRIs minted under NS.
const (
	DocPrefix      = NS + "doc/"    // + hex SHA-256 of the document's text
	StmtPrefix     = NS + "stmt/"   // + hash of the statement's key
	EvidencePrefix = NS + "ev/"     // + hash of (statement, document, offsets)
	RelPrefix      = NS + "rel/"    // + ontology predicate id ("met_with")
	SourcePrefix   = NS + "source/" // + escaped source name (export form only)
)

// The predicates and classes of the schema (see doc.go).
const (
	RDFType      = quad.IRI(RDFNS + "type")
	RDFStatement = quad.IRI(RDFNS + "Statement")
	RDFSubject   = quad.IRI(RDFNS + "subject")
	RDFPredicate = quad.IRI(RDFNS + "predicate")
	RDFObject    = quad.IRI(RDFNS + "object")

	SchemaName          = quad.IRI(SchemaNS + "name")
	SchemaAlternateName = quad.IRI(SchemaNS + "alternateName")
	SchemaSameAs        = quad.IRI(SchemaNS + "sameAs")
	SchemaDatePublished = quad.IRI(SchemaNS + "datePublished")
	SchemaHeadline      = quad.IRI(SchemaNS + "headline")
	SchemaURL           = quad.IRI(SchemaNS + "url")

	ClassDocument = quad.IRI(NS + "Document")
	ClassEvidence = quad.IRI(NS + "Evidence")

	PredMentions  = quad.IRI(NS + "mentions")  // entity -> int, labelled: mentions in that document
	PredDocuments = quad.IRI(NS + "documents") // entity -> int (export form only)
	PredSource    = quad.IRI(NS + "source")    // document -> source name
	PredSHA256    = quad.IRI(NS + "sha256")    // document -> hex SHA-256 of its text
	PredQuads     = quad.IRI(NS + "quads")     // document -> number of quads labelled with it
	PredModality  = quad.IRI(NS + "modality")  // statement -> "asserted" | "negated" | "reported"
	PredLocation  = quad.IRI(NS + "location")  // statement -> entity IRI
	PredDate      = quad.IRI(NS + "date")      // statement -> ISO 8601 string
	PredRole      = quad.IRI(NS + "role")      // statement -> role string (holds_position)
	PredText      = quad.IRI(NS + "text")      // statement (store) or evidence (export) -> sentence
	PredSupport   = quad.IRI(NS + "support")   // statement -> int (export form only)
	PredStatement = quad.IRI(NS + "statement") // evidence -> statement
	PredDocument  = quad.IRI(NS + "document")  // evidence -> document
	PredStart     = quad.IRI(NS + "start")     // evidence -> int byte offset
	PredEnd       = quad.IRI(NS + "end")       // evidence -> int byte offset
)

// TypeClass maps an entity type to its schema.org class.
func TypeClass(t kg.EntityType) quad.IRI { return quad.IRI(SchemaNS + string(t)) }

// typeClasses are the classes of the entity types, made quad.Values once.
var typeClasses = func() map[kg.EntityType]quad.Value {
	m := map[kg.EntityType]quad.Value{}
	for _, t := range []kg.EntityType{kg.Person, kg.Country, kg.Organization, kg.Place} {
		m[t] = TypeClass(t)
	}
	return m
}()

// typeClass is TypeClass as a quad.Value.
func typeClass(t kg.EntityType) quad.Value {
	if v, ok := typeClasses[t]; ok {
		return v
	}
	return TypeClass(t)
}

// classType is the inverse of TypeClass; "" if c is not an entity class.
func classType(c quad.Value) kg.EntityType {
	iri, ok := c.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), SchemaNS) {
		return ""
	}
	t := kg.EntityType(strings.TrimPrefix(string(iri), SchemaNS))
	if !t.Valid() {
		return ""
	}
	return t
}

// EntityIRI is the IRI of the entity with kg id "person/vladimir-putin":
// <urn:entigraph:person/vladimir-putin>.
func EntityIRI(id string) quad.IRI { return quad.IRI(NS + id) }

// EntityID is the inverse of EntityIRI; ok is false for an IRI that does not
// name an entity.
func EntityID(v quad.Value) (id string, ok bool) {
	iri, isIRI := v.(quad.IRI)
	if !isIRI || !strings.HasPrefix(string(iri), NS) {
		return "", false
	}
	id = strings.TrimPrefix(string(iri), NS)
	if kg.TypeOfID(id) == "" {
		return "", false
	}
	return id, true
}

// DocIRI is the IRI of the document whose text has that hex SHA-256.
func DocIRI(hash string) quad.IRI { return quad.IRI(DocPrefix + hash) }

// RelIRI is the predicate IRI of the ontology relation id ("met_with").
func RelIRI(pred string) quad.IRI { return quad.IRI(RelPrefix + pred) }

// SourceIRI names a document known only by its source name (the export form
// of a graph whose documents' hashes are unknown).
func SourceIRI(name string) quad.IRI {
	return quad.IRI(SourcePrefix + strings.ReplaceAll(url.PathEscape(name), "%2F", "/"))
}

func iriSuffix(v quad.Value, prefix string) (string, bool) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), prefix) {
		return "", false
	}
	return strings.TrimPrefix(string(iri), prefix), true
}

// keyHash hashes the parts of a node's key into a 32 hex digit id.
func keyHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// normSentence is the normalised sentence text statements are keyed by and
// store: runs of white space become one space, ends trimmed.
func normSentence(s string) string { return strings.Join(strings.Fields(s), " ") }

// evidenceText is the normalised sentence of an evidence: its Sentence, or
// the text at its offsets when Sentence is blank.
func evidenceText(d *kg.Document, ev kg.Evidence) string {
	if t := normSentence(ev.Sentence); t != "" {
		return t
	}
	if ev.Start >= 0 && ev.Start <= ev.End && ev.End <= len(d.Text) {
		return normSentence(d.Text[ev.Start:ev.End])
	}
	return ""
}

// exactSentence is the evidence's sentence as the document has it.
func exactSentence(d *kg.Document, ev kg.Evidence) string {
	if ev.Start >= 0 && ev.Start <= ev.End && ev.End <= len(d.Text) {
		return d.Text[ev.Start:ev.End]
	}
	return ev.Sentence
}

// stmtKey is what identifies one statement in the store.
type stmtKey struct {
	Subject, Predicate, Object, Modality, Role, Location, Date, Text string
}

func (k stmtKey) iri() quad.IRI {
	return quad.IRI(StmtPrefix + keyHash(k.Subject, k.Predicate, k.Object, k.Modality, k.Role, k.Location, k.Date, k.Text))
}

func evidenceIRI(stmt quad.IRI, docHash string, start, end int) quad.IRI {
	return quad.IRI(EvidencePrefix + keyHash(string(stmt), docHash, itoa(start), itoa(end)))
}

// canonical orders a symmetric relation's ends: subject ID < object ID.
func canonical(pred, subj, obj string) (string, string) {
	if p, ok := kg.PredicateByID(pred); ok && p.Symmetric && obj < subj {
		return obj, subj
	}
	return subj, obj
}

// extractionQuads returns the quads one document's extraction writes:
// shared (unlabelled) quads, and labelled quads, each labelled with the
// document's IRI, the last of which is the document's quad count. ex must
// have passed validate; hash is the document's content hash. skipName lists
// entities that already have a name in the store: their name is not
// written again; skipType those whose type the store holds (an entity's
// rdf:type is a function of its id): it is not written again either.
//
// docNames maps an entity id to the names and types the document itself
// gave it (before resolution across documents renamed it), written as
// labelled eg:name and eg:type quads: the evidence canonical names and
// types are chosen from.
//
// seen, if not nil, is an empty map to use as the set of quads made (the
// caller's, kept from document to document so that it is not grown and
// thrown away for each); extractionQuads leaves it holding them.
func extractionQuads(ex *kg.Extraction, hash string, skipName, skipType map[string]bool, docNames map[string][]DocName, seen map[quad.Quad]bool) (shared, labelled []quad.Quad) {
	// IRIs used in several quads are made quad.Values once: each
	// conversion of a string kind to an interface is an allocation.
	var doc quad.Value = DocIRI(hash)
	// Sized for the quads below, less aliases and names, so that it rarely
	// grows: rehashing quad keys was a good part of its cost.
	ns, nl := 2*len(ex.Entities), 7+3*len(ex.Entities)
	for _, r := range ex.Relations {
		ns += 7 * len(r.Evidence)
		nl += 1 + 6*len(r.Evidence)
	}
	if seen == nil {
		seen = make(map[quad.Quad]bool, ns+nl)
	}
	shared, labelled = make([]quad.Quad, 0, ns), make([]quad.Quad, 0, nl)
	addShared := func(s, p, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o}
		if !seen[q] {
			seen[q] = true
			shared = append(shared, q)
		}
	}
	addLabelled := func(s, p, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: doc}
		if !seen[q] {
			seen[q] = true
			labelled = append(labelled, q)
		}
	}

	d := ex.Doc
	addLabelled(doc, RDFType, ClassDocument)
	addLabelled(doc, PredSource, quad.String(d.ID))
	addLabelled(doc, PredSHA256, quad.String(hash))
	if d.Date != "" {
		addLabelled(doc, SchemaDatePublished, quad.String(d.Date))
	}
	if d.Title != "" {
		addLabelled(doc, SchemaHeadline, quad.String(d.Title))
	}
	if d.URL != "" {
		addLabelled(doc, SchemaURL, quad.String(d.URL))
	}

	for _, e := range ex.Entities {
		var iri quad.Value = EntityIRI(e.ID)
		if !skipType[e.ID] {
			addShared(iri, RDFType, typeClass(e.Type))
		}
		if !skipName[e.ID] {
			addShared(iri, SchemaName, quad.String(e.Name))
		}
		for _, s := range e.SameAs {
			addShared(iri, SchemaSameAs, quad.IRI(s))
		}
		for _, a := range e.Aliases {
			addLabelled(iri, SchemaAlternateName, quad.String(a))
		}
		for _, n := range docNames[e.ID] {
			addLabelled(iri, PredDocName, quad.String(n.Name))
			addLabelled(iri, PredDocType, typeClass(n.Type))
		}
		for _, q := range searchQuads(iri, doc, append(docNameStrings(docNames[e.ID]), e.Aliases...)) {
			addLabelled(q.Subject, q.Predicate, q.Object)
		}
		addLabelled(iri, PredMentions, quad.Int(e.Mentions))
	}

	for _, r := range ex.Relations {
		subj, obj := canonical(r.Predicate, r.Subject, r.Object)
		var subjIRI, pred, objIRI quad.Value = EntityIRI(subj), RelIRI(r.Predicate), EntityIRI(obj)
		if r.Modality == kg.Asserted {
			addLabelled(subjIRI, pred, objIRI)
		}
		for _, ev := range r.Evidence {
			k := stmtKey{subj, r.Predicate, obj, r.Modality, r.Role, r.Location, r.Date, evidenceText(d, ev)}
			var st quad.Value = k.iri()
			addShared(st, RDFType, RDFStatement)
			addShared(st, RDFSubject, subjIRI)
			addShared(st, RDFPredicate, pred)
			addShared(st, RDFObject, objIRI)
			addShared(st, PredModality, quad.String(r.Modality))
			if r.Role != "" {
				addShared(st, PredRole, quad.String(r.Role))
			}
			if r.Location != "" {
				addShared(st, PredLocation, EntityIRI(r.Location))
			}
			if r.Date != "" {
				addShared(st, PredDate, quad.String(r.Date))
			}
			addShared(st, PredText, quad.String(k.Text))

			var evi quad.Value = evidenceIRI(st.(quad.IRI), hash, ev.Start, ev.End)
			addLabelled(evi, RDFType, ClassEvidence)
			addLabelled(evi, PredStatement, st)
			addLabelled(evi, PredDocument, doc)
			addLabelled(evi, PredStart, quad.Int(ev.Start))
			addLabelled(evi, PredEnd, quad.Int(ev.End))
			// The exact sentence, so Text[Start:End] == Sentence even
			// where the statement's key folded its white space.
			if exact := exactSentence(d, ev); exact != "" {
				addLabelled(evi, PredText, quad.String(exact))
			}
		}
	}
	// The count includes the count quad itself.
	addLabelled(doc, PredQuads, quad.Int(len(labelled)+1))
	return shared, labelled
}

// QuadsOf turns a graph in the ontology's JSON form (typically a filtered
// read view) into triples (no labels) with the store's vocabulary, for
// exporters: the export form described in doc.go. Documents are named by
// SourceIRI since a kg.Graph does not carry content hashes; QuadsOfDocs
// names them by DocIRI where it knows their hash. The result is sorted.
// A document's date comes from its evidence (kg.Evidence.Date).
func QuadsOf(g *kg.Graph) []quad.Quad {
	var docs []DocInfo
	seen := map[string]bool{}
	for _, r := range g.Relations {
		for _, ev := range r.Evidence {
			if ev.Date != "" && !seen[ev.Doc] {
				seen[ev.Doc] = true
				docs = append(docs, DocInfo{ID: ev.Doc, Date: ev.Date})
			}
		}
	}
	return QuadsOfDocs(g, docs)
}

// QuadsOfDocs is QuadsOf with document metadata: evidence whose document
// (source name) is in docs points to that document's DocIRI node, which
// carries the metadata.
func QuadsOfDocs(g *kg.Graph, docs []DocInfo) []quad.Quad {
	byName := map[string]DocInfo{}
	for _, d := range docs {
		if _, dup := byName[d.ID]; !dup {
			byName[d.ID] = d
		}
	}
	seen := map[quad.Quad]bool{}
	var out []quad.Quad
	add := func(s, p, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	docNode := func(name string) quad.IRI {
		d, ok := byName[name]
		var iri quad.IRI
		if ok && d.Hash != "" {
			iri = DocIRI(d.Hash)
		} else {
			iri = SourceIRI(name)
		}
		add(iri, RDFType, ClassDocument)
		add(iri, PredSource, quad.String(name))
		if ok {
			if d.Hash != "" {
				add(iri, PredSHA256, quad.String(d.Hash))
			}
			if d.Date != "" {
				add(iri, SchemaDatePublished, quad.String(d.Date))
			}
			if d.Title != "" {
				add(iri, SchemaHeadline, quad.String(d.Title))
			}
			if d.URL != "" {
				add(iri, SchemaURL, quad.String(d.URL))
			}
		}
		return iri
	}

	for _, e := range g.Entities {
		iri := EntityIRI(e.ID)
		if e.Type != "" {
			add(iri, RDFType, TypeClass(e.Type))
		}
		add(iri, SchemaName, quad.String(e.Name))
		for _, a := range e.Aliases {
			add(iri, SchemaAlternateName, quad.String(a))
		}
		for _, s := range e.SameAs {
			add(iri, SchemaSameAs, quad.IRI(s))
		}
		add(iri, PredMentions, quad.Int(e.Mentions))
		add(iri, PredDocuments, quad.Int(e.Documents))
	}
	for _, r := range g.Relations {
		subj, obj := canonical(r.Predicate, r.Subject, r.Object)
		if r.Modality == kg.Asserted {
			add(EntityIRI(subj), RelIRI(r.Predicate), EntityIRI(obj))
		}
		st := quad.IRI(StmtPrefix + keyHash("relation", subj, r.Predicate, obj, r.Modality, r.Role))
		add(st, RDFType, RDFStatement)
		add(st, RDFSubject, EntityIRI(subj))
		add(st, RDFPredicate, RelIRI(r.Predicate))
		add(st, RDFObject, EntityIRI(obj))
		add(st, PredModality, quad.String(r.Modality))
		if r.Role != "" {
			add(st, PredRole, quad.String(r.Role))
		}
		if r.Location != "" {
			add(st, PredLocation, EntityIRI(r.Location))
		}
		if r.Date != "" {
			add(st, PredDate, quad.String(r.Date))
		}
		add(st, PredSupport, quad.Int(r.Support))
		for _, ev := range r.Evidence {
			doc := docNode(ev.Doc)
			evi := quad.IRI(EvidencePrefix + keyHash(string(st), string(doc), itoa(ev.Start), itoa(ev.End)))
			add(evi, RDFType, ClassEvidence)
			add(evi, PredStatement, st)
			add(evi, PredDocument, doc)
			add(evi, PredStart, quad.Int(ev.Start))
			add(evi, PredEnd, quad.Int(ev.End))
			add(evi, PredText, quad.String(ev.Sentence))
		}
	}
	sortQuads(out)
	return out
}
