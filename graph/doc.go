// Package graph is entigraph's store: a quad store opened by URL (Open),
// one transaction per document (Store.Add) or per batch of documents, each
// still whole or absent after a crash (Store.AddBatch), read views in the ontology's
// JSON form (Store.Graph, Documents, Stats, Quads), Gizmo queries
// (Store.Query) and a completeness check (Store.Verify).
//
// # Backends
//
// Open takes "" (DefaultPath), a plain path, "bolt://PATH" or "bolt:PATH"
// for a bolt store (a Cayley kv store in a directory in cayley's layout,
// PATH/indexes.bolt, on go.etcd.io/bbolt through graph/boltkv, created
// only where nothing is unless OpenOptions.Create, readable by cayley's
// own tools), "memory" for an in-memory store, and "postgres://...",
// "postgresql://..." (and, untested, "cockroach://...") for a database of
// Cayley's SQL backend that several processes may write at once
// (postgres.go, docs/scale.md). Backends are registered by URL
// scheme in this package. An existing bolt file is checked before bbolt
// maps it (boltkv.CheckFile): one cut short, empty or another program's
// is an error naming it (ErrDamaged, ErrNotStore), and nothing is written
// to it. OpenReadOnly opens with bbolt's read-only mode.
//
// Check and Repair (check.go) check the store's invariants and mend what
// can be mended; Verify is the document completeness part of Check.
//
// Only the quad storage differs between backends (quads.go: a small
// interface of look-ups, a scan and a batch write); resolution, the schema
// and the read views are one code path. "memory" is a plain-Go quad set
// (memquads.go: interned values, each value's quads as subject and as
// object), not Cayley's memstore, which cost extract most of its store
// time and memory; it keeps the memstore's semantics (quads in the order
// written, duplicates ignored, a batch that removes a quad not held fails
// whole). Gizmo queries on it run on a Cayley memstore copy, built when a
// query comes after a write; they are serialised with writes, while other
// reads of either backend are shared.
// OpenExisting creates nothing and fails with ErrNotExist where there is
// no store.
//
// A bolt file is locked by the process that has it open; a second Open
// fails after LockTimeout with an error wrapping ErrLocked rather than
// waiting forever (bolt's default, and what cayley's own "bolt" opener
// does, since it passes bolt no options).
//
// # The quad schema
//
// All IRIs entigraph mints live under NS, "urn:entigraph:" (the "eg:"
// prefix below); schema: is http://schema.org/ and rdf: the RDF namespace.
// "Labelled" means the quad's label (graph name) is the IRI of the document
// that wrote it; "shared" quads have no label and are written by whichever
// document first needs them (the writer ignores duplicates).
//
// Entities. <urn:entigraph:person/vladimir-putin> is NS + the kg entity ID
// (type/slug of the canonical name).
//
//	shared:    <e> rdf:type schema:Person            (Country, Organization, Place)
//	shared:    <e> schema:name "Vladimir Putin"      the canonical name (one)
//	shared:    <e> schema:sameAs <http://www.wikidata.org/entity/Q7747>
//	shared:    <e> eg:distinctFrom <e2>              written by Split: never merge the two
//	labelled:  <e> schema:alternateName "Mr Putin"   one per alias the document used
//	labelled:  <e> eg:name "Vladimir Putin"          the document's own name for it
//	labelled:  <e> eg:type schema:Person             the document's own type for it
//	labelled:  <e> eg:mentions 12                    mentions in that document (always written)
//	labelled:  <e> eg:search "vla"                   type-ahead key: a word's first letters, of a name or alias the document gave (index.go)
//	labelled:  <e> eg:lookup "key:vladimir putin"    a resolution key the document gave it (lookup.go)
//
// # Resolution across documents
//
// Add matches a document's entities with the stored nodes (the planner of
// package resolve/plan, over the eg:lookup keys: lookup.go; the rules are
// in docs/resolution.md): the same id or name key, the same
// sameAs, an acronym and its expansion, or a person's transliterated name
// with corroborating context. A node's name and id are a function of its
// documents' eg:name values (resolve.Canonical), so the order documents
// come in does not change them; when a document changes them, the node is
// renamed in the document's own transaction: its quads move to the new
// IRI, statements and evidence naming it are re-minted, mentions in one
// document add up, and the quad counts of the documents touched are
// rewritten. Merge and Split rewrite the store the same way, in one
// transaction each. SetResolution turns it off (then the same id is the
// same node, and schema:name is the first document's) or adds an aliases
// file.
//
// Documents. <urn:entigraph:doc/HEX> where HEX is the hex SHA-256 of the
// document's text (kg.Document.Hash): the document's identity, so storing
// the same content again is a no-op. All its quads are labelled with
// itself:
//
//	<d> rdf:type eg:Document
//	<d> eg:source "testdata/news/000.txt"   the source name, kg.Document.ID
//	<d> eg:sha256 "HEX"
//	<d> schema:datePublished "2025-08-15"    when known
//	<d> schema:headline "..."                when known (title)
//	<d> schema:url "https://..."             when known (a literal)
//	<d> eg:quads 57                          the number of quads labelled <d>, this one included
//
// Relations. An asserted relation is a direct edge, labelled, so "which
// documents say this" is a label lookup:
//
//	labelled:  <s> <urn:entigraph:rel/met_with> <o>
//
// Negated and reported relations get no direct edge. Every relation,
// whatever its modality, gets a statement node per distinct sentence,
// <urn:entigraph:stmt/HASH>, keyed by (subject, predicate, object,
// modality, role, location, date, normalised sentence text) — location and
// date are in the key so each statement has one of each. Statements are
// shared (the same sentence in two documents is one statement):
//
//	<st> rdf:type rdf:Statement
//	<st> rdf:subject <s> ; rdf:predicate <urn:entigraph:rel/met_with> ; rdf:object <o>
//	<st> eg:modality "asserted"              asserted | negated | reported
//	<st> eg:role "president"                 when not empty (holds_position)
//	<st> eg:location <urn:entigraph:place/anchorage>   when known
//	<st> eg:date "2025-08-15"                when known
//	<st> eg:text "Trump and Putin met in Anchorage."  white space runs collapsed
//
// and one evidence node per (statement, document, offsets),
// <urn:entigraph:ev/HASH>, labelled:
//
//	<ev> rdf:type eg:Evidence
//	<ev> eg:statement <st> ; eg:document <d> ; eg:start 1234 ; eg:end 1290
//
// Symmetric predicates (kg.Predicate.Symmetric) are stored once per
// unordered pair, subject ID < object ID, in edges and statements alike.
//
// Transactions and completeness. Add checks the extraction against the
// ontology first (ErrInvalid: nothing written), then writes all of a
// document's quads (and the renames it causes) in one batch of deltas; on
// bolt that is one bolt read-write transaction (cayley's kv ApplyDeltas
// begins one, and commits it only after every delta is applied), so a
// crash leaves a document either whole or absent. Verify checks it: each document's eg:quads equals
// the number of quads labelled with it, and every label is a document.
// A batch that fails is rolled back in the bolt file, but not in cayley's
// kv store's memory (node ids it gave out, index entries it buffered):
// its next write on the same handle would link quads to the wrong nodes
// or leave a quad it cannot remove. So after a failed write (Add, Merge,
// Split) the Store closes and reopens a bolt store. Its own batches do not
// fail in practice: they remove only quads just read under the write lock.
//
// # The read view
//
// Graph aggregates statements into kg.Relation keyed by (subject,
// predicate, object, modality, role): support is the number of distinct
// sentence texts; location and date are the values stated by most distinct
// sentences (ties: the smallest; "" if none); evidence is every evidence
// node, sorted by (doc, start), its sentence the statement's text.
// Entities: name, type, aliases (union, sorted), sameAs (sorted), mentions
// (sum over documents), documents (number of documents). Entities are
// sorted by ID, relations by (subject, predicate, object, modality, role);
// slices are empty, never nil.
//
// # The export form
//
// QuadsOf turns a kg.Graph (usually a filtered read view) into triples
// with the same vocabulary, unlabelled: entities with eg:mentions and
// eg:documents totals, direct edges for asserted relations, one statement
// node per kg.Relation carrying eg:support, and evidence nodes that carry
// their sentence as eg:text and point (eg:document) to a document node:
// DocIRI when its hash is known (QuadsOfDocs), SourceIRI (NS+"source/"+the
// escaped source name) otherwise.
package graph
