package learn

import (
	"sort"

	"github.com/entigraph/entigraph/coref"
	"github.com/entigraph/entigraph/kg"
)

// WithCoref returns a shallow copy of a whose Mentions also hold the
// pronouns and descriptions coref links to one entity ("he", "its", "the
// company", "the minister"): a mention of kind kg.KindPronoun or
// kg.KindNominal with the link's span, sentence and entity, typed as the
// entity. The mentions stay sorted by start. A pair link ("the two
// leaders") adds nothing. a is not changed.
func WithCoref(a *kg.Annotated) *kg.Annotated {
	links := coref.Resolve(a)
	if len(links) == 0 {
		return a
	}
	types := map[string]kg.EntityType{}
	for _, e := range a.Entities {
		types[e.ID] = e.Type
	}
	for _, m := range a.Mentions {
		if _, ok := types[m.Entity]; !ok && m.Entity != "" {
			types[m.Entity] = m.Type
		}
	}
	b := *a
	b.Mentions = append(make([]kg.Mention, 0, len(a.Mentions)+len(links)), a.Mentions...)
	added := false
	for _, l := range links {
		if len(l.Entities) != 1 {
			continue
		}
		t, ok := types[l.Entities[0]]
		if !ok {
			continue
		}
		kind := kg.KindNominal
		if l.Kind == coref.Pronoun {
			kind = kg.KindPronoun
		}
		b.Mentions = append(b.Mentions, kg.Mention{Start: l.Start, End: l.End, Text: l.Text, Type: t, Kind: kind,
			Sentence: l.Sentence, Entity: l.Entities[0], TitleStart: l.Start})
		added = true
	}
	if !added {
		return a
	}
	sort.SliceStable(b.Mentions, func(i, j int) bool { return b.Mentions[i].Start < b.Mentions[j].Start })
	return &b
}
