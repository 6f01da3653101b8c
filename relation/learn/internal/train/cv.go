package main

import (
	"fmt"
	"io"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/relation/learn"
	"github.com/entigraph/entigraph/relation/learn/internal/corpus"
)

// crossValidate measures the combined stage by nested cross-validation on
// the training documents: each of cv folds in turn is predicted by a model
// trained on the others, with gates chosen by cross-validation over those
// others alone; the predictions of all folds are pooled and scored once.
// Next to it, the rules alone and the learned extractor alone (every
// predicate, margin 0).
func (t *trainer) crossValidate(w io.Writer) error {
	k := t.c.cv
	comb, learned, rules := t.pooled(k, 100)
	gold := t.gold.GoldOf(t.docs)
	rc := eval.Score(gold, corpus.Graph(t.docs, func(i int) []kg.Relation { return comb[t.docs[i]] }))
	rl := eval.Score(gold, corpus.Graph(t.docs, func(i int) []kg.Relation { return learned[t.docs[i]] }))
	rr := eval.Score(gold, corpus.Graph(t.docs, func(i int) []kg.Relation { return rules[t.docs[i]] }))
	fmt.Fprintf(w, "%d-fold nested cross-validation on %d training documents (gates: target P %.2f, at least %d additions, %d inner folds)\n\n",
		k, len(t.docs), t.c.target, t.c.minPred, t.c.folds)
	table(w, rr, rl, rc)
	if t.c.why {
		t.why(w, rc, rl)
	}
	if t.c.verbose {
		for _, x := range rl.Relations.Wrong {
			fmt.Fprintf(w, "LWRONG %s %s %s %s | %s\n", x.Doc, x.Subject, x.Predicate, x.Object, x.Sentence)
		}
		for _, x := range rc.Relations.Wrong {
			fmt.Fprintf(w, "WRONG %s %s %s %s | %s\n", x.Doc, x.Subject, x.Predicate, x.Object, x.Sentence)
		}
		for _, x := range rc.Relations.Missed {
			fmt.Fprintf(w, "MISSED %s %s %s %s | %s\n", x.Doc, x.Subject, x.Predicate, x.Object, x.Sentence)
		}
		for _, x := range rc.Relations.Date.Wrong {
			fmt.Fprintf(w, "DATE %s %s %s %s %s | %s\n", x.Doc, x.Subject, x.Predicate, x.Object, x.Date, x.Sentence)
		}
		for _, x := range rc.Relations.MetWithLocation.Wrong {
			fmt.Fprintf(w, "LOCATION %s %s %s %s %s | %s\n", x.Doc, x.Subject, x.Predicate, x.Object, x.Location, x.Sentence)
		}
		for _, x := range rc.Relations.AssertedButNot {
			fmt.Fprintf(w, "MODALITY %s %s %s %s %v | %s\n", x.Doc, x.Subject, x.Predicate, x.Object, x.GoldModality, x.Sentence)
		}
	}
	if !t.c.curve {
		return nil
	}
	fmt.Fprintln(w, "\nlearning curve (single-sentence asserted, pooled over the folds):")
	fmt.Fprintln(w, "\n| training documents per fold | learned P | learned R | learned F1 | combined P | combined R | combined F1 |\n|--:|--:|--:|--:|--:|--:|--:|")
	for _, pct := range []int{25, 50, 100} {
		comb, learned, _ := t.pooled(k, pct)
		c := scope(eval.Score(gold, corpus.Graph(t.docs, func(i int) []kg.Relation { return comb[t.docs[i]] })), eval.ScopeSingle).Overall
		l := scope(eval.Score(gold, corpus.Graph(t.docs, func(i int) []kg.Relation { return learned[t.docs[i]] })), eval.ScopeSingle).Overall
		n := len(t.docs) * (k - 1) / k * pct / 100
		fmt.Fprintf(w, "| %d (%d%%) | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", n, pct, l.Precision, l.Recall, l.F1, c.Precision, c.Recall, c.F1)
	}
	return nil
}

// pooled predicts every document from a model trained on pct% of the
// other folds' documents (a prefix in corpus.Order), with gates chosen
// over those: the combined stage's relations, the learned extractor's
// alone and the rules'.
func (t *trainer) pooled(k, pct int) (comb, learned, rules map[*corpus.Doc][]kg.Relation) {
	comb, learned, rules = map[*corpus.Doc][]kg.Relation{}, map[*corpus.Doc][]kg.Relation{}, map[*corpus.Doc][]kg.Relation{}
	for f := range k {
		in, out := folds(t.docs, k, f)
		in = in[:len(in)*pct/100]
		m, gates := t.build(in)
		fmt.Fprintf(errOut, "fold %d/%d (%d documents): gates %s\n", f+1, k, len(in), gatesString(gates))
		x := learn.NewWithModel(m)
		for _, d := range out {
			found := x.Scored(d.A)
			rules[d] = t.ruled[d]
			comb[d] = append(append([]kg.Relation(nil), t.ruled[d]...), t.comb.Added(d.A, t.ruled[d], found, gates)...)
			for _, fd := range found {
				learned[d] = append(learned[d], fd.Relation)
			}
		}
	}
	return comb, learned, rules
}

// table prints the single-sentence figures per predicate of the three
// systems side by side, then the overall figures.
func table(w io.Writer, rules, learned, comb *eval.Report) {
	rs, ls, cs := scope(rules, eval.ScopeSingle), scope(learned, eval.ScopeSingle), scope(comb, eval.ScopeSingle)
	byPred := func(s eval.Scope) map[string]eval.PRF {
		m := map[string]eval.PRF{}
		for _, p := range s.ByPredicate {
			m[p.Predicate] = p.PRF
		}
		return m
	}
	rm, lm, cm := byPred(rs), byPred(ls), byPred(cs)
	fmt.Fprintln(w, "single-sentence asserted relations:")
	fmt.Fprintln(w, "\n| predicate | gold | rules pred | rules P | rules R | learned pred | learned P | learned R | combined pred | combined P | combined R | combined F1 |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	row := func(name string, r, l, c eval.PRF) {
		g := max(r.Gold, l.Gold, c.Gold)
		fmt.Fprintf(w, "| %s | %d | %d | %.2f | %.2f | %d | %.2f | %.2f | %d | %.2f | %.2f | %.2f |\n", name, g, r.Pred, r.Precision, r.Recall, l.Pred, l.Precision, l.Recall, c.Pred, c.Precision, c.Recall, c.F1)
	}
	for _, p := range kg.Predicates {
		r, rok := rm[p.ID]
		l, lok := lm[p.ID]
		c, cok := cm[p.ID]
		if !rok && !lok && !cok {
			continue
		}
		row(p.ID, r, l, c)
	}
	row("**all**", rs.Overall, ls.Overall, cs.Overall)
	fmt.Fprintln(w)
	for _, x := range []struct {
		name string
		r    *eval.Report
	}{{"rules", rules}, {"learned", learned}, {"combined", comb}} {
		s, a := scope(x.r, eval.ScopeSingle).Overall, scope(x.r, eval.ScopeAsserted).Overall
		rel := x.r.Relations
		fmt.Fprintf(w, "%-8s single-sentence P %.3f R %.3f F1 %.3f; all asserted P %.3f R %.3f F1 %.3f; asserted but gold negated/reported %d; met_with location %d/%d; date right %d/%d (dated %d)\n",
			x.name, s.Precision, s.Recall, s.F1, a.Precision, a.Recall, a.F1, len(rel.AssertedButNot),
			rel.MetWithLocation.Right, rel.MetWithLocation.Found, rel.Date.Right, rel.Date.Found, rel.Date.Dated)
	}
}
