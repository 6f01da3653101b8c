package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
	"github.com/entigraph/entigraph/view"
)

// PredSearch is the type-ahead index FindEntities answers from: one quad
// per entity, document and distinct search key of the names that document
// gave the entity (its eg:name values and its aliases), labelled with the
// document, so that the keys come and go with the document's other quads
// and move with the entity when resolution renames, merges or splits it
// (rewrite moves every labelled quad of a node):
//
//	labelled:  <e> eg:search "cli"
//
// A search key is the first searchKeyLen letters of a word of the name's
// key (resolve.Key, its words also split at hyphens), the whole word when
// shorter: "Bill Clinton" gives "bil" and "cli". A prefix of a word longer
// than that is found through the key of its first letters; a prefix
// shorter is looked up as itself and with each letter or digit after it
// (searchKeysFor). Two or three short quads per name, where an index of
// every prefix would take one per letter.
const PredSearch = quad.IRI(NS + "search")

// searchKeyLen is the length, in letters, of a search key.
const searchKeyLen = 3

// nameWords splits a name's key into its words, at spaces and hyphens.
func nameWords(key string) []string {
	return strings.FieldsFunc(key, func(r rune) bool { return r == ' ' || r == '-' })
}

// searchKeys returns the search keys of one name, each once, in order.
func searchKeys(name string) []string {
	var out []string
	for _, w := range nameWords(resolve.Key(name)) {
		k := prefixRunes(w, searchKeyLen)
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func prefixRunes(s string, n int) string {
	i := 0
	for at := range s {
		if i == n {
			return s[:at]
		}
		i++
	}
	return s
}

// searchQuads returns the search index quads of one entity in one
// document: the keys of the names the document gave it and of its
// aliases there.
func searchQuads(iri, doc quad.Value, names []string) []quad.Quad {
	var out []quad.Quad
	seen := map[string]bool{}
	for _, n := range names {
		for _, k := range searchKeys(n) {
			if !seen[k] {
				seen[k] = true
				out = append(out, quad.Quad{Subject: iri, Predicate: PredSearch, Object: quad.String(k), Label: doc})
			}
		}
	}
	return out
}

// docNameStrings lists the names in dns.
func docNameStrings(dns []DocName) []string {
	out := make([]string, len(dns))
	for i, d := range dns {
		out[i] = d.Name
	}
	return out
}

// queryKeys returns the forms of a type-ahead query that names are
// compared with: its key (resolve.Key), and the key of its words but the
// last followed by the last word's slug, the form a word still being
// typed has ("Hanni" is "hanny" as a whole word, but "hanni" as the
// beginning of "Hannibal").
func queryKeys(q string) (whole, typing string) {
	whole = resolve.Key(q)
	ws := resolve.Words(q)
	if len(ws) == 0 {
		return whole, whole
	}
	last := kg.Slug(strings.TrimRight(ws[len(ws)-1], ".,;:"))
	typing = strings.TrimSpace(resolve.Key(strings.Join(ws[:len(ws)-1], " ")) + " " + last)
	return whole, typing
}

// keyAlphabet is what follows a short query's letters in the keys it
// looks up: kg.Slug spells names in these, but for letters of other
// scripts, which a query of one or two letters does not find unless the
// word is that short.
const keyAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// searchKeysFor returns the search keys under which the names with a
// word starting with w are indexed: its first letters, when it has
// searchKeyLen or more; else w itself (a word that short) and w with
// each letter or digit of keyAlphabet after it, up to searchKeyLen.
func searchKeysFor(w string) []string {
	n := len([]rune(w))
	if n == 0 {
		return nil
	}
	if n >= searchKeyLen {
		return []string{prefixRunes(w, searchKeyLen)}
	}
	out := []string{w}
	add := []string{w}
	for i := n; i < searchKeyLen; i++ {
		var next []string
		for _, p := range add {
			for _, c := range keyAlphabet {
				next = append(next, p+string(c))
			}
		}
		out = append(out, next...)
		add = next
	}
	return out
}

// searchCandidates returns the entities indexed under the keys of every
// word of the query (its whole words by their own key; its last word,
// perhaps still being typed, as a prefix, in both its forms): those that
// may have a name matching it. Each of the query's words must be a word
// of some name of theirs.
func (s *Store) searchCandidates(ctx context.Context, whole, typing string, t kg.EntityType) (map[string]bool, error) {
	ws, wws := nameWords(typing), nameWords(whole)
	if len(ws) == 0 {
		ws = wws
	}
	var cands map[string]bool
	for i, w := range ws {
		var keys []string
		if i < len(ws)-1 {
			keys = []string{prefixRunes(w, searchKeyLen)}
		} else {
			keys = searchKeysFor(w)
			if len(wws) > 0 {
				for _, k := range searchKeysFor(wws[len(wws)-1]) {
					if !slices.Contains(keys, k) {
						keys = append(keys, k)
					}
				}
			}
		}
		found := map[string]bool{}
		for _, k := range keys {
			subjects, err := s.qs.subjectsOf(ctx, quad.String(k), PredSearch)
			if err != nil {
				return nil, err
			}
			for _, v := range subjects {
				if id, ok := EntityID(v); ok && (t == "" || kg.TypeOfID(id) == t) && (cands == nil || cands[id]) {
					found[id] = true
				}
			}
		}
		cands = found
		if len(cands) == 0 {
			break
		}
	}
	return cands, nil
}

// wordPrefix reports whether k starts a word of key: at its start or after
// a space.
func wordPrefix(key, k string) bool {
	for i := 0; ; {
		if strings.HasPrefix(key[i:], k) {
			return true
		}
		j := strings.IndexByte(key[i:], ' ')
		if j < 0 {
			return false
		}
		i += j + 1
	}
}

// FindEntities returns at most limit entities (limit <= 0: all) whose
// name or one of whose aliases matches q, best first: an exact name-key
// match (resolve.Key: case, accents and punctuation folded), then the
// names and aliases with a word starting with q's key; ties by support
// (the number of documents naming the entity), then mentions, then id.
// t == "" means any type. It reads the search index (PredSearch) and the
// candidates it gives, never every entity.
func (s *Store) FindEntities(ctx context.Context, q string, t kg.EntityType, limit int) ([]kg.Entity, error) {
	defer s.rlock()()
	if s.qs == nil {
		return nil, ErrClosed
	}
	whole, typing := queryKeys(q)
	if whole == "" && typing == "" {
		return []kg.Entity{}, nil
	}
	type hit struct {
		e    kg.Entity
		rank int
		rec  *entRec // a partial record (the index's candidates), made whole for the hits given
	}
	var hits []hit
	if !s.qs.has(PredSearch) {
		// A store written before the index (Repair builds it): every
		// entity is a candidate, as before.
		sn := newSnapshot()
		if err := s.scan(ctx, sn.add); err != nil {
			return nil, fmt.Errorf("graph: find %q: %w", q, err)
		}
		for id, e := range sn.entities {
			if h := (hit{e: e.entity(id)}); t == "" || h.e.Type == t {
				if h.rank = matchRank(h.e.Name, h.e.Aliases, whole, typing); h.rank >= 0 {
					hits = append(hits, h)
				}
			}
		}
	} else {
		cands, err := s.searchCandidates(ctx, whole, typing, t)
		if err != nil {
			return nil, fmt.Errorf("graph: find %q: %w", q, err)
		}
		for id := range cands {
			// Its name and type first, then its aliases if the name
			// does not match, then its mentions (a quad per document,
			// thousands for a hub) to rank the matches; the rest of
			// the record for the hits given only.
			rec, err := s.entityRecordOf(ctx, id, SchemaName, RDFType)
			if err != nil {
				return nil, fmt.Errorf("graph: find %q: %w", q, err)
			}
			if rec == nil {
				continue // its index quads outlived it: Check reports it
			}
			if t != "" && rec.entity(id).Type != t {
				continue
			}
			rank := matchRank(one(rec.names), nil, whole, typing)
			if rank < 0 {
				if err := s.addRecord(ctx, &rec, id, SchemaAlternateName); err != nil {
					return nil, fmt.Errorf("graph: find %q: %w", q, err)
				}
				if rank = matchRank(one(rec.names), sortedKeys(rec.aliases), whole, typing); rank < 0 {
					continue
				}
			}
			if err := s.addRecord(ctx, &rec, id, PredMentions); err != nil {
				return nil, fmt.Errorf("graph: find %q: %w", q, err)
			}
			hits = append(hits, hit{rec.entity(id), rank, rec})
		}
	}
	order := func() {
		sort.Slice(hits, func(i, j int) bool {
			a, b := hits[i], hits[j]
			if a.rank != b.rank {
				return a.rank < b.rank
			}
			if a.e.Documents != b.e.Documents {
				return a.e.Documents > b.e.Documents
			}
			if a.e.Mentions != b.e.Mentions {
				return a.e.Mentions > b.e.Mentions
			}
			return a.e.ID < b.e.ID
		})
	}
	order()
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	// The records of the hits given made whole: their aliases and
	// sameAs. (An alias is written with a mention in its document, so
	// its document was counted already; the order stays.)
	for i := range hits {
		h := &hits[i]
		if h.rec == nil {
			continue
		}
		preds := []quad.Value{SchemaSameAs}
		if len(h.rec.aliases) == 0 {
			preds = append(preds, SchemaAlternateName)
		}
		if err := s.addRecord(ctx, &h.rec, h.e.ID, preds...); err != nil {
			return nil, fmt.Errorf("graph: find %q: %w", q, err)
		}
		h.e = h.rec.entity(h.e.ID)
	}
	order()
	out := make([]kg.Entity, len(hits))
	for i, h := range hits {
		out[i] = h.e
	}
	return out, nil
}

var hyphens = strings.NewReplacer("-", " ")

// matchRank is how a name and aliases match a query's keys: 0 the name's
// key is the query's, 1 a word of the name or an alias starts with it, -1
// no match.
func matchRank(name string, aliases []string, whole, typing string) int {
	if k := resolve.Key(name); k != "" && k == whole {
		return 0
	}
	whole, typing = hyphens.Replace(whole), hyphens.Replace(typing)
	for _, n := range append([]string{name}, aliases...) {
		k := hyphens.Replace(resolve.Key(n))
		if whole != "" && wordPrefix(k, whole) || typing != "" && wordPrefix(k, typing) {
			return 1
		}
	}
	return -1
}

// Entity returns one entity by its id, with name, type, aliases, sameAs,
// mentions and documents, as Graph would give it; an error wrapping
// ErrNoEntity when no entity has that id. It reads that entity's quads
// only.
func (s *Store) Entity(ctx context.Context, id string) (kg.Entity, error) {
	defer s.rlock()()
	if s.qs == nil {
		return kg.Entity{}, ErrClosed
	}
	return s.entity(ctx, id)
}

// entity is Entity under the read lock.
func (s *Store) entity(ctx context.Context, id string) (kg.Entity, error) {
	rec, err := s.entityRec(ctx, id)
	if err != nil {
		return kg.Entity{}, err
	}
	return rec.entity(id), nil
}

// entityRec reads one entity's record from its own quads (entityRecord).
func (s *Store) entityRec(ctx context.Context, id string) (*entRec, error) {
	rec, err := s.entityRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, fmt.Errorf("graph: entity %q: %w", id, ErrNoEntity)
	}
	return rec, nil
}

// MatchEntities returns the entities q names, as view.Match finds them
// among every entity (an id, a name, an alias, then a slug; the first
// level with a match), but among the entities the search index gives for
// q (and the entity whose id q is). When q names none, the error is a
// *view.LookupError whose suggestions come from the index's candidates
// for q's words and their first letters.
func (s *Store) MatchEntities(ctx context.Context, q string) ([]kg.Entity, error) {
	cands, err := s.lookupCandidates(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := view.Match(cands, q)
	if len(ids) == 0 {
		more, err := s.suggestCandidates(ctx, q, cands)
		if err != nil {
			return nil, err
		}
		_, err = view.Lookup(more, q)
		return nil, err
	}
	byID := map[string]kg.Entity{}
	for _, e := range cands {
		byID[e.ID] = e
	}
	out := make([]kg.Entity, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// LookupEntity is view.Lookup over MatchEntities' candidates: the one
// entity q names, or a *view.LookupError (several named, or none, with
// suggestions).
func (s *Store) LookupEntity(ctx context.Context, q string) (kg.Entity, error) {
	ents, err := s.MatchEntities(ctx, q)
	if err != nil {
		return kg.Entity{}, err
	}
	return view.Lookup(ents, q)
}

// lookupCandidates are the entities q may name: the one whose id it is,
// and FindEntities' answers.
func (s *Store) lookupCandidates(ctx context.Context, q string) ([]kg.Entity, error) {
	cands, err := s.FindEntities(ctx, q, "", 0)
	if err != nil {
		return nil, err
	}
	if id := strings.ToLower(strings.TrimSpace(q)); strings.Contains(id, "/") {
		e, err := s.Entity(ctx, id)
		switch {
		case err == nil:
			cands = append(cands, e)
		case !errors.Is(err, ErrNoEntity):
			return nil, err
		}
	}
	return cands, nil
}

// suggestCandidates widens have, for did-you-mean: the best supported
// entities with a word starting like one of q's words (its first two
// letters, so that a typo after them is still found).
func (s *Store) suggestCandidates(ctx context.Context, q string, have []kg.Entity) ([]kg.Entity, error) {
	const perWord = 200
	seen := map[string]bool{}
	out := append([]kg.Entity(nil), have...)
	for _, e := range have {
		seen[e.ID] = true
	}
	for _, w := range nameWords(resolve.Key(q)) {
		for _, p := range []string{w, prefixRunes(w, 2)} {
			es, err := s.FindEntities(ctx, p, "", perWord)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				if !seen[e.ID] {
					seen[e.ID] = true
					out = append(out, e)
				}
			}
		}
	}
	return out, nil
}
