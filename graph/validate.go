package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// ErrInvalid is wrapped by every error Add returns for an extraction that
// breaks the schema's rules; nothing is written then.
var ErrInvalid = errors.New("invalid extraction")

func invalid(doc, format string, args ...interface{}) error {
	return fmt.Errorf("graph: %w: document %q: %s", ErrInvalid, doc, fmt.Sprintf(format, args...))
}

// docHash returns the document's content hash: Doc.Hash lower-cased, or the
// SHA-256 of Doc.Text when Hash is empty.
func docHash(d *kg.Document) (string, error) {
	if d.Hash == "" {
		sum := sha256.Sum256([]byte(d.Text))
		return hex.EncodeToString(sum[:]), nil
	}
	h := strings.ToLower(d.Hash)
	if len(h) != 64 {
		return "", fmt.Errorf("hash %q is not a hex SHA-256", d.Hash)
	}
	if _, err := hex.DecodeString(h); err != nil {
		return "", fmt.Errorf("hash %q is not a hex SHA-256", d.Hash)
	}
	return h, nil
}

// validate checks an extraction against the ontology and the schema's
// rules, so that a bad extraction is refused before anything is written.
func validate(ex *kg.Extraction) (hash string, err error) {
	if ex == nil || ex.Doc == nil {
		return "", fmt.Errorf("graph: %w: no document", ErrInvalid)
	}
	d := ex.Doc
	name := d.ID
	if d.ID == "" {
		return "", invalid(name, "empty document ID (source name)")
	}
	if hash, err = docHash(d); err != nil {
		return "", invalid(name, "%v", err)
	}
	types := make(map[string]kg.EntityType, len(ex.Entities))
	for i, e := range ex.Entities {
		switch {
		case !e.Type.Valid():
			return "", invalid(name, "entity %d (%q): unknown type %q", i, e.ID, e.Type)
		case kg.TypeOfID(e.ID) != e.Type || !strings.HasPrefix(e.ID, strings.ToLower(string(e.Type))+"/") || len(e.ID) == len(e.Type)+1:
			return "", invalid(name, "entity %d: id %q is not a %s id", i, e.ID, e.Type)
		case strings.ContainsAny(e.ID, " <>\"{}|\\^`\t\n"):
			return "", invalid(name, "entity id %q has characters an IRI cannot hold", e.ID)
		case strings.TrimSpace(e.Name) == "":
			return "", invalid(name, "entity %q has no name", e.ID)
		case e.Mentions < 0:
			return "", invalid(name, "entity %q has %d mentions", e.ID, e.Mentions)
		}
		if _, dup := types[e.ID]; dup {
			return "", invalid(name, "entity %q listed twice", e.ID)
		}
		for _, s := range e.SameAs {
			if !strings.Contains(s, ":") || strings.ContainsAny(s, " <>\"{}|\\^`\t\n") {
				return "", invalid(name, "entity %q: sameAs %q is not an IRI", e.ID, s)
			}
		}
		types[e.ID] = e.Type
	}
	for i, r := range ex.Relations {
		what := fmt.Sprintf("relation %d (%s %s %s)", i, r.Subject, r.Predicate, r.Object)
		p, ok := kg.PredicateByID(r.Predicate)
		if !ok {
			return "", invalid(name, "%s: unknown predicate %q", what, r.Predicate)
		}
		st, ok := types[r.Subject]
		if !ok {
			return "", invalid(name, "%s: subject %q is not among the document's entities", what, r.Subject)
		}
		ot, ok := types[r.Object]
		if !ok {
			return "", invalid(name, "%s: object %q is not among the document's entities", what, r.Object)
		}
		if r.Subject == r.Object {
			return "", invalid(name, "%s: subject and object are the same entity", what)
		}
		if !p.Allows(st, ot) {
			return "", invalid(name, "%s: %s does not take a %s subject and a %s object", what, p.ID, st, ot)
		}
		switch r.Modality {
		case kg.Asserted, kg.Negated, kg.Reported:
		default:
			return "", invalid(name, "%s: unknown modality %q", what, r.Modality)
		}
		if r.Location != "" {
			lt, ok := types[r.Location]
			if !ok {
				return "", invalid(name, "%s: location %q is not among the document's entities", what, r.Location)
			}
			if lt != kg.Place && lt != kg.Country {
				return "", invalid(name, "%s: location %q is a %s, not a Place or Country", what, r.Location, lt)
			}
		}
		if len(r.Evidence) == 0 {
			return "", invalid(name, "%s: no evidence", what)
		}
		for _, ev := range r.Evidence {
			if ev.Doc != "" && ev.Doc != d.ID {
				return "", invalid(name, "%s: evidence names document %q", what, ev.Doc)
			}
			if ev.Start < 0 || ev.End < ev.Start || (d.Text != "" && ev.End > len(d.Text)) {
				return "", invalid(name, "%s: evidence offsets [%d, %d) outside the text (%d bytes)", what, ev.Start, ev.End, len(d.Text))
			}
			if evidenceText(d, ev) == "" {
				return "", invalid(name, "%s: evidence has no sentence text", what)
			}
		}
	}
	return hash, nil
}

func itoa(i int) string { return strconv.Itoa(i) }
