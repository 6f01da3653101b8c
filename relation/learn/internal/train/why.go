package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/relation/learn"
	"github.com/entigraph/entigraph/relation/learn/internal/corpus"
)

// The causes a gold relation is missed for (docs/relations.md, "Where
// recall is lost"), in the order they are tested.
const (
	whySplit     = "e-split"  // the gold's one sentence is several of the pipeline's
	whyType      = "a-type"   // an end is named in the sentence but typed otherwise
	whyCoref     = "b-coref"  // an end is in the sentence only as a pronoun or description coref links
	whyDoc       = "a-doc"    // an end is found nowhere in the document
	whySent      = "a-sent"   // an end is found in the document, not in this sentence
	whyPair      = "c-pair"   // both ends are in the sentence, no candidate pairs them
	whyGate      = "d-gate"   // the classifier finds it (out of fold), the gates or trigger keep it out
	whyModel     = "d-model"  // the classifier says no, or another predicate or direction
	whyCross     = "e-across" // (not single-sentence) an end is neither named in the sentence nor linked to it by coref
	whyCorefOnly = "b-coref"  // (not single-sentence) an end is in the sentence only as a pronoun or description coref links
	whyOther     = "b-named"  // (not single-sentence) both ends named in the sentence: a description or inference the gold did not call plain
)

var whyCols = []string{whyDoc, whySent, whyType, whyCoref, whyPair, whyGate, whyModel, whySplit}

// why breaks the combined stage's misses (single-sentence asserted) down
// by cause, per predicate, and the gold asserted relations the
// single-sentence scope leaves out by what they need; learned holds the
// classifier's out-of-fold relations (every predicate, margin 0).
func (t *trainer) why(w io.Writer, comb, learned *eval.Report) {
	byKey := map[string]*corpus.Doc{}
	for _, d := range t.docs {
		byKey[d.Key] = d
	}
	type tr struct{ doc, s, p, o string }
	learnedMissed := map[tr]bool{}
	for _, x := range learned.Relations.Missed {
		learnedMissed[tr{x.Doc, x.Subject, x.Predicate, x.Object}] = true
	}
	cache := map[*corpus.Doc]*ends{}
	endsOf := func(d *corpus.Doc) *ends {
		if cache[d] == nil {
			cache[d] = newEnds(d)
		}
		return cache[d]
	}
	counts := map[string]map[string]int{} // predicate -> cause -> n
	gold := map[string]int{}
	add := func(p, cause string) {
		if counts[p] == nil {
			counts[p] = map[string]int{}
		}
		counts[p][cause]++
	}
	for _, s := range scope(comb, eval.ScopeSingle).ByPredicate {
		gold[s.Predicate] = s.Gold
	}
	for _, x := range comb.Relations.Missed {
		d := byKey[x.Doc]
		gr := goldRelation(d, x.Subject, x.Predicate, x.Object, true)
		cause := explain(d, endsOf(d), gr, !learnedMissed[tr{x.Doc, x.Subject, x.Predicate, x.Object}])
		add(x.Predicate, cause)
		if t.c.verbose {
			fmt.Fprintf(w, "WHY %s %s %s %s %s | %s\n", cause, x.Doc, x.Subject, x.Predicate, x.Object, x.Sentence)
		}
	}
	// The asserted gold relations outside the single-sentence scope.
	other := map[string]map[string]int{}
	for _, d := range t.docs {
		for _, r := range d.Gold.Relations {
			if r.Modality != kg.Asserted || r.SingleSentence {
				continue
			}
			cause := explainOther(d, endsOf(d), r)
			if other[r.Predicate] == nil {
				other[r.Predicate] = map[string]int{}
			}
			other[r.Predicate][cause]++
			if t.c.verbose {
				fmt.Fprintf(w, "WHYNOT %s %s %s %s %s | %s\n", cause, d.Key, r.Subject, r.Predicate, r.Object, r.Sentence)
			}
		}
	}

	fmt.Fprintln(w, "\nwhy the combined stage misses single-sentence asserted gold relations (out of fold):")
	fmt.Fprintf(w, "\n| predicate | gold | found | missed | %s |\n|---|--:|--:|--:|%s\n", strings.Join(whyCols, " | "), strings.Repeat("--:|", len(whyCols)))
	total := map[string]int{}
	var tg, tf, tm int
	for _, p := range kg.Predicates {
		g := gold[p.ID]
		if g == 0 {
			continue
		}
		m := 0
		for _, c := range whyCols {
			m += counts[p.ID][c]
			total[c] += counts[p.ID][c]
		}
		tg, tf, tm = tg+g, tf+g-m, tm+m
		fmt.Fprintf(w, "| %s | %d | %d | %d |", p.ID, g, g-m, m)
		for _, c := range whyCols {
			fmt.Fprintf(w, " %d |", counts[p.ID][c])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "| **all** | %d | %d | %d |", tg, tf, tm)
	for _, c := range whyCols {
		fmt.Fprintf(w, " %d |", total[c])
	}
	fmt.Fprintln(w)

	cols := []string{whyCorefOnly, whyCross, whyOther, whySplit}
	fmt.Fprintln(w, "\nasserted gold relations outside the single-sentence scope, by what they need:")
	fmt.Fprintf(w, "\n| predicate | %s |\n|---|%s\n", strings.Join(cols, " | "), strings.Repeat("--:|", len(cols)))
	var ps []string
	for p := range other {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	tot := map[string]int{}
	for _, p := range ps {
		fmt.Fprintf(w, "| %s |", p)
		for _, c := range cols {
			fmt.Fprintf(w, " %d |", other[p][c])
			tot[c] += other[p][c]
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "| **all** |")
	for _, c := range cols {
		fmt.Fprintf(w, " %d |", tot[c])
	}
	fmt.Fprintln(w)
}

// goldRelation returns the document's gold relation of a triple (either
// order for a symmetric predicate), asserted, single-sentence or not.
func goldRelation(d *corpus.Doc, s, p, o string, single bool) eval.Relation {
	sym := false
	if pr, ok := kg.PredicateByID(p); ok {
		sym = pr.Symmetric
	}
	for _, r := range d.Gold.Relations {
		if r.Predicate != p || r.Modality != kg.Asserted || r.SingleSentence != single {
			continue
		}
		if (r.Subject == s && r.Object == o) || (sym && r.Subject == o && r.Object == s) {
			return r
		}
	}
	return eval.Relation{Subject: s, Predicate: p, Object: o}
}

// sentencesOf returns the indexes of the pipeline's sentences a gold
// relation's span overlaps.
func sentencesOf(a *kg.Annotated, r eval.Relation) []int {
	if r.Span == nil {
		return nil
	}
	var out []int
	for i, s := range a.Sentences {
		if s.Start < r.Span[1] && r.Span[0] < s.End {
			out = append(out, i)
		}
	}
	return out
}

// ends finds, for a gold entity, the document's mentions of it in the
// given sentences: by name (the mentions of entities eval's matcher maps
// to it), then through coref; whether any entity of the document stands
// for it; and whether a mention in the sentences would match it if typed
// as the gold types it.
type ends struct {
	a, co *kg.Annotated // co: with coref's mentions
	m     *eval.Matcher
	gold  map[string]eval.Entity
	ents  map[string][]string // predicted entity -> gold ids
}

func newEnds(d *corpus.Doc) *ends {
	e := &ends{a: d.A, co: learn.WithCoref(d.A), m: eval.NewMatcher(&eval.Gold{Docs: []*eval.Doc{d.Gold}}),
		gold: map[string]eval.Entity{}, ents: map[string][]string{}}
	for _, g := range d.Gold.Entities {
		e.gold[g.ID] = g
	}
	for _, x := range d.A.Entities {
		e.ents[x.ID] = e.m.Match(x)
	}
	for _, x := range d.A.Mentions {
		if _, ok := e.ents[x.Entity]; !ok {
			e.ents[x.Entity] = e.m.Match(kg.Entity{ID: x.Entity, Name: x.Text, Type: x.Type})
		}
	}
	return e
}

func (e *ends) stands(ent, g string) bool {
	for _, x := range e.ents[ent] {
		if x == g {
			return true
		}
	}
	return false
}

// in returns the indexes in a.Mentions of the mentions of g in sentence si.
func (e *ends) in(a *kg.Annotated, g string, si int) []int {
	var out []int
	for i, x := range a.Mentions {
		if x.Sentence == si && e.stands(x.Entity, g) {
			out = append(out, i)
		}
	}
	return out
}

func (e *ends) inDoc(g string) bool {
	for ent := range e.ents {
		if e.stands(ent, g) {
			return true
		}
	}
	return false
}

// mistyped reports whether a mention of sentence si would match g if it
// had g's type.
func (e *ends) mistyped(g string, si int) bool {
	ge, ok := e.gold[g]
	if !ok {
		return false
	}
	for _, x := range e.a.Mentions {
		if x.Sentence != si || x.Type == ge.Type {
			continue
		}
		for _, id := range e.m.Match(kg.Entity{ID: kg.EntityID(ge.Type, x.Text), Name: x.Text, Type: ge.Type}) {
			if id == g {
				return true
			}
		}
	}
	return false
}

// explain gives the cause of one missed single-sentence relation;
// learnedFound: the classifier found it out of fold.
func explain(d *corpus.Doc, e *ends, r eval.Relation, learnedFound bool) string {
	ss := sentencesOf(d.A, r)
	if len(ss) != 1 {
		return whySplit
	}
	si := ss[0]
	var ms [2][]int
	for k, g := range []string{r.Subject, r.Object} {
		ms[k] = e.in(e.a, g, si)
		if len(ms[k]) > 0 {
			continue
		}
		switch {
		case e.mistyped(g, si):
			return whyType
		case len(e.in(e.co, g, si)) > 0:
			return whyCoref
		case !e.inDoc(g):
			return whyDoc
		default:
			return whySent
		}
	}
	pair := map[[2]int]bool{}
	for _, c := range learn.Candidates(e.a) {
		pair[[2]int{c.Subj, c.Obj}] = true
	}
	for _, i := range ms[0] {
		for _, j := range ms[1] {
			if pair[[2]int{i, j}] || pair[[2]int{j, i}] {
				if learnedFound {
					return whyGate
				}
				return whyModel
			}
		}
	}
	return whyPair
}

// explainOther says what an asserted gold relation outside the
// single-sentence scope needs: its ends in several sentences, an end
// only as a pronoun or description (named nowhere in its one sentence),
// or inference beyond the one sentence that names both.
func explainOther(d *corpus.Doc, e *ends, r eval.Relation) string {
	ss := sentencesOf(d.A, r)
	if len(ss) != 1 {
		return whySplit
	}
	named := true
	for _, g := range []string{r.Subject, r.Object} {
		if len(e.in(e.a, g, ss[0])) > 0 {
			continue
		}
		named = false
		if len(e.in(e.co, g, ss[0])) == 0 {
			return whyCross
		}
	}
	if !named {
		return whyCorefOnly
	}
	return whyOther
}
