package kg

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Predicate describes one relation id of docs/ONTOLOGY.md.
type Predicate struct {
	ID        string
	Symmetric bool
	Subject   []EntityType
	Object    []EntityType
	Label     string // the label in pictures ("met", "spoke with"); "" for holds_position (the role is the label)
}

var (
	pco  = []EntityType{Person, Country, Organization}
	co   = []EntityType{Country, Organization}
	cpl  = []EntityType{Country, Place}
	cplo = []EntityType{Country, Place, Organization}
)

// Predicates lists the ontology's relations in its order.
var Predicates = []Predicate{
	{"met_with", true, pco, pco, "met"},
	{"spoke_with", true, pco, pco, "spoke with"},
	{"signed_agreement_with", true, pco, pco, "signed agreement with"},
	{"allied_with", true, pco, pco, "allied with"},
	{"partnered_with", true, co, co, "partnered with"},
	{"fought_alongside", true, co, co, "fought alongside"},
	{"fought_against", false, co, co, "fought against"},
	{"fought_in", false, co, cpl, "fought in"},
	{"sent_troops_to", false, pco, cpl, "sent troops to"},
	{"attacked", false, co, cplo, "attacked"},
	{"invaded", false, co, cpl, "invaded"},
	{"praised", false, pco, pco, "praised"},
	{"thanked", false, pco, pco, "thanked"},
	{"criticized", false, pco, pco, "criticized"},
	{"threatened", false, pco, pco, "threatened"},
	{"supported", false, pco, pco, "supported"},
	{"visited", false, []EntityType{Person, Organization}, []EntityType{Place, Country, Organization}, "visited"},
	{"holds_position", false, []EntityType{Person}, co, ""},
	{"worked_for", false, []EntityType{Person}, []EntityType{Organization}, "worked for"},
	{"appointed", false, pco, []EntityType{Person}, "appointed"},
	{"member_of", false, pco, []EntityType{Organization}, "member of"},
	{"located_in", false, []EntityType{Place, Organization}, cpl, "in"},
}

// PredicateByID returns the ontology's predicate with that id.
func PredicateByID(id string) (Predicate, bool) {
	for _, p := range Predicates {
		if p.ID == id {
			return p, true
		}
	}
	return Predicate{}, false
}

// Allows reports whether the predicate takes a subject of type s and an
// object of type o.
func (p Predicate) Allows(s, o EntityType) bool {
	return has(p.Subject, s) && has(p.Object, o)
}

func has(ts []EntityType, t EntityType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// EntityID is the stable id of an entity: "type/lower-case-name-with-dashes"
// ("person/vladimir-putin"). Accents are removed, letters and digits kept,
// every other run of characters becomes one dash.
func EntityID(t EntityType, name string) string {
	return strings.ToLower(string(t)) + "/" + Slug(name)
}

// Slug lower-cases name, strips accents and joins its words with dashes.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\'' || r == '’' || r == '.':
			// "People's" -> "peoples", "U.S." -> "us"
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			r = unicode.ToLower(r)
			if f, ok := fold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		default:
			dash = true
		}
	}
	return b.String()
}

// fold spells letters that have no decomposition in ASCII.
var fold = map[rune]string{'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'đ': "d", 'ł': "l", 'ı': "i", 'þ': "th", 'ð': "d"}

// TypeOfID returns the entity type encoded in an id made by EntityID.
func TypeOfID(id string) EntityType {
	i := strings.IndexByte(id, '/')
	if i < 0 {
		return ""
	}
	for _, t := range EntityTypes {
		if strings.EqualFold(string(t), id[:i]) {
			return t
		}
	}
	return ""
}
