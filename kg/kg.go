// Package kg holds the data types that flow through entigraph's pipeline:
// a Document from ingest, the Annotated document the pipeline's stages
// annotate one after the other (docs/pipeline.md), the Extraction made of
// it for the store, and Graph, the machine-readable form of
// docs/ONTOLOGY.md that the store reads back and every exporter writes.
//
// The package has no behaviour beyond small helpers on these types, so every
// stage can import it without importing another stage.
//
// Offsets: every Start/End pair in this package is a half-open byte range
// [Start, End) into Document.Text, the document's original UTF-8 text (the
// file's content for .txt/.md, the text extracted from .html, the "text"
// field of a JSONL record). Cleaning never rewrites Text: it only chooses
// which Segments of it the later stages read, so offsets stay exact.
package kg

import "sort"

// EntityType is one of the ontology's entity types.
type EntityType string

// The entity types of docs/ONTOLOGY.md.
const (
	Person       EntityType = "Person"
	Country      EntityType = "Country"
	Organization EntityType = "Organization"
	Place        EntityType = "Place"
)

// EntityTypes lists the types in the ontology's order.
var EntityTypes = []EntityType{Person, Country, Organization, Place}

// Valid reports whether t is one of the ontology's types.
func (t EntityType) Valid() bool {
	switch t {
	case Person, Country, Organization, Place:
		return true
	}
	return false
}

// Modality of a relation, as docs/ONTOLOGY.md defines it.
const (
	Asserted = "asserted"
	Negated  = "negated"
	Reported = "reported"
)

// Span is a half-open byte range [Start, End) into Document.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Document is one article after loading and cleaning.
type Document struct {
	// ID is the document's source name: the path as given on the command
	// line (or below the folder given), "-" for stdin, or the JSONL record's
	// id (path#line when the record has none).
	ID string
	// Title, URL and Date come from metadata when the input has any (JSONL
	// fields, HTML <title>/<meta>, a dateline). Date is ISO 8601 or "".
	Title string
	URL   string
	Date  string
	// Text is the original UTF-8 text; all offsets index into it.
	Text string
	// Segments are the parts of Text that survived cleaning (boilerplate
	// lines and repeated paragraphs removed), in order, non-overlapping.
	// Later stages read only these. A nil Segments means the whole Text.
	Segments []Span
	// Hash is the hex SHA-256 of Text: the document's identity in the store.
	Hash string
}

// Token is one word or punctuation mark.
type Token struct {
	Start int    // byte offset in Document.Text
	End   int    // byte offset in Document.Text
	Text  string // Document.Text[Start:End]
	Tag   string // Penn Treebank POS tag
	// Label is the entity class the tagger gives the token: NoLabel
	// outside any name.
	Label EntityLabel
}

// EntityLabel is the class of name a tagger puts a token in. The classes
// are the union of what entigraph's taggers emit: ner/model's CoNLL-2003
// types (PER, ORG, LOC, MISC) and prose's (PERSON, ORGANIZATION, GPE,
// LOCATION, FACILITY, GSP); the mention rules decide the entity types of
// docs/ONTOLOGY.md from them and much else.
type EntityLabel uint8

// The entity labels.
const (
	NoLabel           EntityLabel = iota // outside any name ("O")
	LabelPerson                          // CoNLL PER, prose PERSON
	LabelOrganization                    // CoNLL ORG, prose ORGANIZATION
	LabelGPE                             // a geopolitical place: CoNLL LOC, prose GPE
	LabelLocation                        // another place (mountains, regions): prose LOCATION
	LabelFacility                        // buildings, airports, roads: prose FACILITY
	LabelGSP                             // prose's geo-socio-political group
	LabelMisc                            // CoNLL MISC: nationalities, events, works, products
	NumEntityLabels                      // the number of labels, NoLabel included
)

var labelNames = [NumEntityLabels]string{"O", "PERSON", "ORGANIZATION", "GPE", "LOCATION", "FACILITY", "GSP", "MISC"}

// String returns the label's name: "O", "PERSON", "GPE", ...
func (l EntityLabel) String() string {
	if l < NumEntityLabels {
		return labelNames[l]
	}
	return "?"
}

// Sentence is a run of tokens inside one segment.
type Sentence struct {
	Start, End int // byte range in Document.Text
	// First and Last+1 index Annotated.Tokens: the sentence's tokens are
	// Tokens[TokStart:TokEnd].
	TokStart, TokEnd int
	// Duplicate is true when an earlier sentence of the same document has
	// the same normalised text; relation extraction skips such sentences so
	// repeated copies of a story count once.
	Duplicate bool
	// Repeat is 1 + the index in Annotated.Sentences of the first earlier
	// sentence whose text is byte for byte the same (so are its tokens):
	// a stage that reads a sentence alone may copy that sentence's
	// annotations instead of computing them again. 0 when there is none;
	// see RepeatOf.
	Repeat int
	// Heads and Deprels are the sentence's dependency parse, one entry
	// per token of the sentence (token i is Tokens[TokStart+i]): Heads[i]
	// is the index in the sentence of token i's head, -1 for the root;
	// Deprels[i] its Universal Dependencies relation ("nsubj", "obj",
	// "root", ...). Both are nil until a parse stage fills them.
	Heads   []int
	Deprels []string
}

// RepeatOf returns the index of the first earlier sentence with the same
// text, and whether there is one.
func (s *Sentence) RepeatOf() (int, bool) { return s.Repeat - 1, s.Repeat > 0 }

// MentionKind says how a mention names its entity.
type MentionKind string

// Mention kinds.
const (
	KindName     MentionKind = "name"     // a proper name: "Kim Jong Un", "Kursk"
	KindDemonym  MentionKind = "demonym"  // "North Korean troops" -> North Korea
	KindCapital  MentionKind = "capital"  // "Pyongyang said" -> North Korea (metonymy)
	KindAcronym  MentionKind = "acronym"  // "DPRK", "US"
	KindSurname  MentionKind = "partial"  // "Putin" after "Vladimir Putin"
	KindPronoun  MentionKind = "pronoun"  // reserved for coreference
	KindNominal  MentionKind = "nominal"  // reserved: "the US President"
	KindTitleFor MentionKind = "titlefor" // reserved
)

// Mention is a typed span that names an entity.
type Mention struct {
	Start, End int        // byte range in Document.Text (the name only: titles and "'s" excluded)
	Text       string     // Document.Text[Start:End]
	Type       EntityType // the entity's type
	Kind       MentionKind
	Sentence   int    // index into Annotated.Sentences
	Entity     string // ID of the Entity it refers to (kg.EntityID form)
	// Title is the title or honorific written before a Person's name,
	// lower-cased ("president", "chief of staff", "mr"), or "".
	Title string
	// TitleStart is the byte offset where the title begins (== Start when
	// there is none), so relation patterns can see what precedes it.
	TitleStart int
}

// Entity is one real-world entity as the pipeline resolved it.
type Entity struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Type      EntityType `json:"type"`
	Aliases   []string   `json:"aliases"`
	Mentions  int        `json:"mentions"`
	Documents int        `json:"documents"`
	SameAs    []string   `json:"sameAs"`
}

// Annotated is the one document the pipeline's stages share: each stage
// reads what earlier ones wrote and adds its own (docs/pipeline.md says
// which stage writes which field).
type Annotated struct {
	Doc       *Document
	Tokens    []Token
	Sentences []Sentence
	// LabelsComplete is true when the tokens' entity labels come from a
	// tagger meant to mark every name (entigraph's ner/model), false when
	// they are hints only (prose's recogniser). The mention rules trust
	// complete labels further: an unlabelled capitalised word opening a
	// sentence starts no name, and a multi-word name labelled an
	// organization or place that names a person of the document is
	// retyped.
	LabelsComplete bool
	// Mentions are sorted by Start and do not overlap, with one
	// exception: a country or place named inside a compass region
	// ("Iraq" in "northern Iraq", docs/annotation.md I9) has a mention
	// of its own, right after the region's.
	Mentions  []Mention
	Entities  []Entity   // one per entity mentioned in this document
	Relations []Relation // one per (relation, sentence): Support 1, one Evidence
}

// Evidence ties a relation to the sentence that states it.
type Evidence struct {
	Doc string `json:"doc"`
	// Date is the document's own date (ISO 8601, as precise as the
	// document gives it), "" when unknown.
	Date     string `json:"date,omitempty"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence string `json:"sentence"`
}

// Relation is one edge of the graph.
type Relation struct {
	Subject   string     `json:"subject"`
	Predicate string     `json:"predicate"`
	Object    string     `json:"object"`
	Modality  string     `json:"modality"`
	Location  string     `json:"location"`
	Date      string     `json:"date"`
	Role      string     `json:"role"`
	Support   int        `json:"support"`
	Evidence  []Evidence `json:"evidence"`
}

// Extraction is what the pipeline produced from one document.
type Extraction struct {
	Doc       *Document
	Entities  []Entity   // Mentions and Documents counted for this document only
	Relations []Relation // one per (relation, sentence): Support 1, one Evidence
}

// Graph is the machine-readable form of docs/ONTOLOGY.md: the `json` export
// and what the store's read view returns. Entities are sorted by ID,
// relations by (subject, predicate, object, modality, role).
type Graph struct {
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}

// RelationLess is the order of Graph.Relations: subject, predicate, object,
// modality, role, then location and date, so that relations differing only
// there still come out in one order.
func RelationLess(a, b *Relation) bool {
	switch {
	case a.Subject != b.Subject:
		return a.Subject < b.Subject
	case a.Predicate != b.Predicate:
		return a.Predicate < b.Predicate
	case a.Object != b.Object:
		return a.Object < b.Object
	case a.Modality != b.Modality:
		return a.Modality < b.Modality
	case a.Role != b.Role:
		return a.Role < b.Role
	case a.Location != b.Location:
		return a.Location < b.Location
	}
	return a.Date < b.Date
}

// SortRelations sorts rs in place in the order of Graph.Relations.
func SortRelations(rs []Relation) {
	sort.SliceStable(rs, func(i, j int) bool { return RelationLess(&rs[i], &rs[j]) })
}

// SortEntities sorts es in place by ID, the order of Graph.Entities.
func SortEntities(es []Entity) {
	sort.SliceStable(es, func(i, j int) bool { return es[i].ID < es[j].ID })
}
