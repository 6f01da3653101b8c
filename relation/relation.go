// Package relation is entigraph's relation extraction stage: it reads a
// kg.Annotated document (sentences, tokens with POS tags, typed mentions
// with entity IDs) and returns the relations of docs/ONTOLOGY.md that its
// sentences state, each with its evidence sentence, modality, and where the
// predicate takes them a location, a date and a role.
//
// Patterns are data: one YAML table per predicate of the ontology under
// data/ (embedded), whose format docs/relations.md describes, plus the
// modality cues (data/modality.yaml) and the actor nouns through which a
// country acts (data/actors.yaml: "North Korean troops", "Pyongyang's
// soldiers"). A table lists frames; an event frame names trigger lemmas
// ("meet", "handshake", "sign", "invade"), how to find the subject (left of
// the trigger's verb chain, a possessor, a modifier, a preposition after
// the noun, the sentence's other person, a quote's named speaker) and the
// object (the direct object or its owner, after a preposition near or a
// few words on, before the trigger, a relative clause's antecedent, every
// pair of a group after "by"/"between" or of a hyphenated "Trump-Putin"),
// with passive, purpose and "including" forms. Title and appositive frames
// read roles from titles before names and from appositions; the located
// kind reads "Anchorage, Alaska", "the Embassy in Pyongyang" and "Russia's
// Kursk region". A small rule engine over the sentence's tokens and
// mentions runs every frame; adding a predicate or a form is a matter of
// adding a table or a frame.
//
// Modality: a negation cue in the verb chain governing the trigger makes a
// relation negated; else a hedge, plan, conditional or question makes it
// reported; else it is asserted (see view.modality, data/modality.yaml and
// docs/relations.md).
package relation

import (
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/entigraph/entigraph/kg"
)

// Extractor holds the compiled tables. It is immutable and safe for
// concurrent use.
type Extractor struct {
	tables []*table
	cues   *cueTable
	actors *actorTable
	lem    *lemmatiser
	// trigger lemmas of verb and noun frames, and of every event frame.
	verbTriggers, nounTriggers, triggers map[string]bool
	// personNouns are nouns that name a person (the one-word roles of the
	// tables, and a few more): an owner rule never reads through them.
	personNouns map[string]bool
	// triggerID numbers the trigger lemmas (the keys of triggers): a view
	// marks the ones its sentence has in a bit set, and an event frame
	// none of whose lemmas is marked is passed over without a look-up.
	triggerID map[string]int
	// bufs holds *viewBuf: Extract lends one to every view it builds,
	// and the arrays are kept from document to document rather than
	// grown again for each (some 40% of the stage's garbage).
	bufs sync.Pool
}

var (
	loadOnce sync.Once
	loaded   *Extractor
	loadErr  error
)

// New loads the predicate tables (embedded data files) once. Safe for
// concurrent use; every call returns the same Extractor.
func New() (*Extractor, error) {
	loadOnce.Do(func() {
		loaded, loadErr = NewFromFS(subFS())
	})
	return loaded, loadErr
}

// NewFromFS builds an Extractor from a folder of tables in the format of
// docs/relations.md (every *.yaml file: one per predicate, plus
// modality.yaml). It is how tests and users try tables outside the binary.
func NewFromFS(fsys fs.FS) (*Extractor, error) {
	tables, cues, actors, err := loadTables(fsys)
	if err != nil {
		return nil, err
	}
	x := &Extractor{tables: tables, cues: cues, actors: actors, lem: &lemmatiser{vocab: vocabulary(tables, cues, actors)},
		verbTriggers: map[string]bool{}, nounTriggers: map[string]bool{}, triggers: map[string]bool{},
		triggerID: map[string]int{}}
	x.personNouns = map[string]bool{}
	// Groups within a country are not the country either: "accused
	// Serbia's opposition".
	for _, w := range []string{"official", "officials", "diplomat", "diplomats", "envoy", "envoys", "counterpart", "counterparts", "leaders", "commanders", "ministers",
		"opposition", "rebels", "separatists", "insurgents", "dissidents", "protesters", "critics", "exiles", "refugees", "minority", "minorities"} {
		x.personNouns[w] = true
	}
	for _, t := range tables {
		for r := range t.roles {
			if !strings.Contains(r, " ") {
				x.personNouns[r] = true
			}
		}
		for i := range t.Frames {
			f := &t.Frames[i]
			for _, l := range f.Trigger.Lemmas {
				l = strings.ToLower(l)
				id, ok := x.triggerID[l]
				if !ok {
					id = len(x.triggerID)
					x.triggerID[l] = id
				}
				f.trigIDs = append(f.trigIDs, id)
			}
			for l := range f.lemmas {
				x.triggers[l] = true
				switch f.Trigger.POS {
				case "verb":
					x.verbTriggers[l] = true
				case "noun":
					x.nounTriggers[l] = true
				}
			}
		}
	}
	return x, nil
}

// Predicates lists the predicates the Extractor has tables for, in the
// ontology's order.
func (x *Extractor) Predicates() []string {
	var out []string
	for _, t := range x.tables {
		out = append(out, t.Predicate)
	}
	return out
}

// Extract returns one kg.Relation per (relation, sentence): Support 1 and
// one Evidence {Doc: a.Doc.ID, Start/End: the sentence's byte offsets in
// a.Doc.Text, Sentence: the text between them}. Sentences marked Duplicate
// are skipped. Subject, Object and Location are entity IDs
// (kg.Mention.Entity). Every relation's types are allowed by its predicate
// (kg.Predicate.Allows) and its subject differs from its object; symmetric
// predicates come out with subject ID < object ID. The order is
// deterministic: by sentence, then predicate (the ontology's order),
// subject, object, role. A nil or empty document gives nil.
func (x *Extractor) Extract(a *kg.Annotated) []kg.Relation {
	if a == nil || a.Doc == nil {
		return nil
	}
	var out []kg.Relation
	buf, _ := x.bufs.Get().(*viewBuf)
	if buf == nil {
		buf = &viewBuf{}
	}
	defer x.putBuf(buf)
	bySent := make([][]int, len(a.Sentences))
	for i, m := range a.Mentions {
		if m.Sentence >= 0 && m.Sentence < len(bySent) {
			bySent[m.Sentence] = append(bySent[m.Sentence], i)
		}
	}
	for si, s := range a.Sentences {
		if s.Duplicate || s.TokStart >= s.TokEnd || s.TokEnd > len(a.Tokens) || s.Start < 0 || s.End > len(a.Doc.Text) || s.Start > s.End {
			continue
		}
		if named(a, bySent[si]) < 2 {
			// A relation needs two parties, and each mention gives the
			// view at most one (newViewCached skips those with no
			// entity): the view need not be built.
			continue
		}
		v := x.newViewCached(a, si, bySent[si], buf)
		if len(v.ms)+len(v.inner) < 2 {
			continue
		}
		out = append(out, v.relations(v.candidates())...)
	}
	return out
}

// putBuf hands a view buffer back, its words cleared so that it keeps no
// document's text alive.
func (x *Extractor) putBuf(buf *viewBuf) {
	clear(buf.toks[:cap(buf.toks)])
	x.bufs.Put(buf)
}

// named counts the mentions (indexes into a.Mentions) that have an entity.
func named(a *kg.Annotated, mentions []int) int {
	n := 0
	for _, i := range mentions {
		if a.Mentions[i].Entity != "" {
			n++
		}
	}
	return n
}

// candidates runs every frame of every table over the sentence.
func (v *view) candidates() []cand {
	var cands []cand
	for _, t := range v.x.tables {
		for i := range t.Frames {
			f := &t.Frames[i]
			switch f.Kind {
			case "title":
				cands = append(cands, v.titles(t, f)...)
			case "appositive":
				cands = append(cands, v.appositives(t, f)...)
			case "located":
				cands = append(cands, v.located(t, f)...)
			default:
				cands = append(cands, v.events(t, f)...)
			}
		}
	}
	return cands
}

// rank orders modalities when one sentence states a relation more than
// once: a fact asserted anywhere in the sentence stands.
var rank = map[string]int{kg.Asserted: 0, kg.Negated: 1, kg.Reported: 2}

// relations checks, orients and merges a sentence's candidates.
func (v *view) relations(cands []cand) []kg.Relation {
	type key struct{ pred, s, o, role string }
	byKey := map[key]*kg.Relation{}
	var keys []key
	ev := kg.Evidence{Doc: v.a.Doc.ID, Date: v.a.Doc.Date, Start: v.sent.Start, End: v.sent.End, Sentence: v.a.Doc.Text[v.sent.Start:v.sent.End]}
	for _, c := range cands {
		p := c.t.pred
		s, o := v.mention(c.subj), v.mention(c.obj)
		if s.Entity == o.Entity || !p.Allows(s.Type, o.Type) {
			continue
		}
		sid, oid := s.Entity, o.Entity
		if p.Symmetric && oid < sid {
			if !p.Allows(o.Type, s.Type) {
				continue
			}
			sid, oid = oid, sid
		}
		if c.location == sid || c.location == oid {
			c.location = ""
		}
		k := key{p.ID, sid, oid, c.role}
		r, ok := byKey[k]
		if !ok {
			r = &kg.Relation{Subject: sid, Predicate: p.ID, Object: oid, Modality: c.modality,
				Location: c.location, Date: c.date, Role: c.role, Support: 1, Evidence: []kg.Evidence{ev}}
			byKey[k] = r
			keys = append(keys, k)
			continue
		}
		if rank[c.modality] < rank[r.Modality] {
			r.Modality = c.modality
			if c.location != "" {
				r.Location = c.location
			}
			if c.date != "" {
				r.Date = c.date
			}
		}
		if r.Location == "" {
			r.Location = c.location
		}
		if r.Date == "" {
			r.Date = c.date
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if pa, pb := predIndex(a.pred), predIndex(b.pred); pa != pb {
			return pa < pb
		}
		if a.s != b.s {
			return a.s < b.s
		}
		if a.o != b.o {
			return a.o < b.o
		}
		return a.role < b.role
	})
	out := make([]kg.Relation, 0, len(keys))
	for _, k := range keys {
		out = append(out, *byKey[k])
	}
	return out
}
