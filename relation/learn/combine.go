package learn

import (
	"sort"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/relation"
)

// Combined is the pipeline's "relations" stage: the rule-based extractor
// (relation.Extractor), then the learned relations the rules lack, for the
// predicates and above the margins that cross-validation on the training
// documents chose (Gates, written in the model's header by the training
// command; docs/relations.md, "The combined stage"). A learned relation
// gets its location and date from the rules' qualifier code
// (relation.Extractor.Qualify). Every rule's relation is kept as the
// rules read it.
type Combined struct {
	rules *relation.Extractor
	x     *Extractor
	gates Gates
}

// Gates maps a predicate to the margin over NONE its learned relations
// need to be added to the rules' (Extractor.Scored); a predicate that is
// not in the map is left to the rules.
type Gates map[string]float32

// NewCombined returns the default stage: the embedded tables and model,
// with the model's gates.
func NewCombined() (*Combined, error) {
	rules, err := relation.New()
	if err != nil {
		return nil, err
	}
	x, err := New()
	if err != nil {
		return nil, err
	}
	return NewCombinedWith(rules, x, x.m.Info.Gates), nil
}

// NewCombinedWith combines given extractors with given gates.
func NewCombinedWith(rules *relation.Extractor, x *Extractor, g Gates) *Combined {
	return &Combined{rules: rules, x: x, gates: g}
}

// Annotate sets a.Relations to Extract(a).
func (c *Combined) Annotate(a *kg.Annotated) error {
	a.Relations = c.Extract(a)
	return nil
}

// Extract returns the rules' relations and the learned ones the gates let
// through that the rules do not give (same subject, predicate, object
// and sentence, in any modality), in text order (the rules' order within
// a sentence, then the learned ones).
func (c *Combined) Extract(a *kg.Annotated) []kg.Relation {
	if a == nil || a.Doc == nil {
		return nil
	}
	rules := c.rules.Extract(a)
	out := append(rules, c.Added(a, rules, c.x.Scored(a), c.gates)...)
	sort.SliceStable(out, func(i, j int) bool { return evidenceStart(out[i]) < evidenceStart(out[j]) })
	return out
}

// lexicalPredicates are the predicates whose learned relations need a
// trigger near the pair (Found.Trigger): the events CAMEO codes, and
// spoke_with with its words for interviews. A state (holds_position,
// located_in, member_of, ...) is read from noun phrases without one.
var lexicalPredicates = map[string]bool{
	"met_with": true, "spoke_with": true, "visited": true, "signed_agreement_with": true, "praised": true,
	"thanked": true, "criticized": true, "threatened": true, "supported": true, "attacked": true,
	"invaded": true, "fought_against": true, "allied_with": true, "partnered_with": true,
}

// Added returns the learned relations of found that gates let through
// (for an event the lexicon codes, with a trigger near: Found.Trigger)
// and the rules' relations lack (same subject, predicate, object and
// sentence, in any modality), qualified by the rules' code: what Extract
// adds to the rules (the training command calls it with other gates).
func (c *Combined) Added(a *kg.Annotated, rules []kg.Relation, found []Found, g Gates) []kg.Relation {
	type key struct {
		s, p, o string
		start   int
	}
	have := map[key]bool{}
	for _, r := range rules {
		have[key{r.Subject, r.Predicate, r.Object, evidenceStart(r)}] = true
	}
	var out []kg.Relation
	for _, f := range found {
		min, ok := g[f.Predicate]
		if !ok || f.Margin < min || have[key{f.Subject, f.Predicate, f.Object, evidenceStart(f.Relation)}] {
			continue
		}
		if !f.Trigger && lexicalPredicates[f.Predicate] {
			continue
		}
		r := f.Relation
		r.Location, r.Date = c.rules.Qualify(a, r.Predicate, &f.Subj, &f.Obj)
		out = append(out, r)
	}
	return out
}
