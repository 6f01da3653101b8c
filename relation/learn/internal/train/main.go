// Command train trains the learned relation extractor (relation/learn) on
// the relation corpus's training part and writes its model; with -eval it
// scores it on the development documents next to the rule-based
// extractor, with a learning curve (docs/relations.md, "The learned
// extractor").
//
//	scripts/relcorpus /tmp/relcorpus
//	go run ./relation/learn/internal/train -docs /tmp/relcorpus/train            # writes relation/learn/model.bin.zst
//	go run ./relation/learn/internal/train -docs /tmp/relcorpus/train -check     # retrains, compares with the committed file
//	go run ./relation/learn/internal/train -docs /tmp/relcorpus/train -eval -o - # dev figures, learning curve
//
// The 300 documents are split by a fixed hash (corpus.Split): 60 for
// development, 240 for training; the model is trained on the 240.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/internal/outfile"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
	"github.com/entigraph/entigraph/relation"
	"github.com/entigraph/entigraph/relation/learn"
	"github.com/entigraph/entigraph/relation/learn/internal/corpus"
	"github.com/entigraph/entigraph/relation/lexicon"
)

func main() {
	goldDir := flag.String("gold", "testdata/relcorpus/train", "stand-off gold folder of the training part")
	docs := flag.String("docs", "", "folder of its documents' text (scripts/relcorpus DIR: DIR/train)")
	out := flag.String("o", "relation/learn/"+learn.FileName, "model file to write (- for none)")
	check := flag.Bool("check", false, "retrain and compare with the committed model instead of writing")
	doEval := flag.Bool("eval", false, "score on the development documents, next to the rule-based extractor, with a learning curve")
	epochs := flag.Int("epochs", 10, "passes over the training examples")
	seed := flag.Uint64("seed", 1, "shuffling seed")
	nDev := flag.Int("dev", 60, "documents held out for development")
	listDev := flag.Bool("list-dev", false, "instead: print the development documents' names, one a line")
	margin := flag.Float64("margin", 0, "with -cv: the extractor's margin over NONE (Extractor.WithMargin)")
	withParse := flag.Bool("parse", false, "keep the dependency parser's stage (syntax/parse, a default stage) so the path features fire; without it the stage is left out, as the committed model was trained")
	cv := flag.Int("cv", 0, "instead: N-fold cross-validation on the training documents only (never the development ones)")
	flag.Parse()
	if *docs == "" {
		fmt.Fprintln(os.Stderr, "usage: train -docs DIR/train [-gold DIR] [-o FILE] [-check] [-eval]")
		os.Exit(2)
	}
	if *listDev {
		*cv = -1
	}
	cvMargin = float32(*margin)
	useParse = *withParse
	if err := run(*goldDir, *docs, *out, *check, *doEval, *epochs, *seed, *nDev, *cv); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(goldDir, docs, out string, check, doEval bool, epochs int, seed uint64, nDev, cv int) error {
	opts := []pipeline.Option{pipeline.WithoutStage(pipeline.Relations)}
	if !useParse { // the parser is a default stage
		opts = append(opts, pipeline.WithoutStage(pipeline.Parse))
	}
	p, err := pipeline.New(opts...)
	if err != nil {
		return err
	}
	c, err := corpus.Load(goldDir, docs, p)
	if err != nil {
		return err
	}
	train, dev := corpus.Split(c.Docs, nDev)
	lex := lexicon.Load()
	fit := func(ds []*corpus.Doc) *learn.Model {
		return learn.Train(corpus.Examples(ds, lex), learn.TrainOptions{Epochs: epochs, Seed: seed, Docs: len(ds)})
	}
	if cv < 0 {
		for _, d := range dev {
			fmt.Println(d.Key)
		}
		return nil
	}
	if cv > 1 {
		return crossValidate(c, train, cv, fit)
	}
	m := fit(train)
	fmt.Fprintf(os.Stderr, "trained on %d documents: %d examples (%d positive), %d features\n",
		len(train), m.Info.Examples, m.Info.Positive, m.Info.Features)
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		return err
	}
	switch {
	case check:
		old, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		if !bytes.Equal(old, buf.Bytes()) {
			return fmt.Errorf("retrained model (%d bytes) differs from %s (%d bytes): the model is stale (the stages up to mentions, the features or the gold changed); retrain it: go run ./relation/learn/internal/train -docs DIR/train (scripts/relcorpus DIR)", buf.Len(), out, len(old))
		}
		fmt.Fprintf(os.Stderr, "retrained model is byte for byte %s (%d bytes)\n", out, buf.Len())
	case out != "-":
		if err := outfile.Write(out, os.Stdout, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d bytes)\n", out, buf.Len())
	}
	if !doEval {
		return nil
	}
	rules, err := relation.New()
	if err != nil {
		return err
	}
	gold := c.GoldOf(dev)
	learned := eval.Score(gold, corpus.Graph(dev, func(i int) []kg.Relation { return learn.NewWithModel(m).Extract(dev[i].A) }))
	ruled := eval.Score(gold, corpus.Graph(dev, func(i int) []kg.Relation { return rules.Extract(dev[i].A) }))
	both := eval.Score(gold, corpus.Graph(dev, func(i int) []kg.Relation {
		return learn.Union(rules.Extract(dev[i].A), learn.NewWithModel(m).Extract(dev[i].A))
	}))
	fmt.Printf("development: %d documents (training: %d)\n\n", len(dev), len(train))
	table(os.Stdout, ruled, learned)
	u := scope(both, eval.ScopeSingle).Overall
	fmt.Printf("rules, then the learned relations the rules lack (learn.Union): P %.3f R %.3f F1 %.3f (%d predicted)\n", u.Precision, u.Recall, u.F1, u.Pred)
	fmt.Println("\nlearning curve (single-sentence asserted, dev):")
	fmt.Println("\n| training documents | examples | P | R | F1 |\n|--:|--:|--:|--:|--:|")
	for _, frac := range []int{25, 50, 100} {
		n := len(train) * frac / 100
		mm := m
		if n < len(train) {
			mm = fit(train[:n])
		}
		r := eval.Score(gold, corpus.Graph(dev, func(i int) []kg.Relation { return learn.NewWithModel(mm).Extract(dev[i].A) }))
		o := scope(r, eval.ScopeSingle).Overall
		fmt.Printf("| %d (%d%%) | %d | %.3f | %.3f | %.3f |\n", n, frac, mm.Info.Examples, o.Precision, o.Recall, o.F1)
	}
	return nil
}

func scope(r *eval.Report, name string) eval.Scope {
	for _, s := range r.Relations.Scopes {
		if s.Name == name {
			return s
		}
	}
	return eval.Scope{}
}

// table prints the single-sentence figures per predicate of the two
// systems side by side, then the overall asserted figures.
func table(w io.Writer, rules, learned *eval.Report) {
	rs, ls := scope(rules, eval.ScopeSingle), scope(learned, eval.ScopeSingle)
	byPred := func(s eval.Scope) map[string]eval.PRF {
		m := map[string]eval.PRF{}
		for _, p := range s.ByPredicate {
			m[p.Predicate] = p.PRF
		}
		return m
	}
	rm, lm := byPred(rs), byPred(ls)
	fmt.Fprintln(w, "single-sentence asserted relations, dev:")
	fmt.Fprintln(w, "\n| predicate | gold | rules pred | rules P | rules R | rules F1 | learned pred | learned P | learned R | learned F1 |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	row := func(name string, r, l eval.PRF) {
		g := max(r.Gold, l.Gold)
		fmt.Fprintf(w, "| %s | %d | %d | %.2f | %.2f | %.2f | %d | %.2f | %.2f | %.2f |\n", name, g, r.Pred, r.Precision, r.Recall, r.F1, l.Pred, l.Precision, l.Recall, l.F1)
	}
	for _, p := range kg.Predicates {
		r, rok := rm[p.ID]
		l, lok := lm[p.ID]
		if !rok && !lok {
			continue
		}
		row(p.ID, r, l)
	}
	row("**all**", rs.Overall, ls.Overall)
	fmt.Fprintf(w, "\nsingle-sentence asserted: rules P %.3f R %.3f F1 %.3f; learned P %.3f R %.3f F1 %.3f\n",
		rs.Overall.Precision, rs.Overall.Recall, rs.Overall.F1, ls.Overall.Precision, ls.Overall.Recall, ls.Overall.F1)
	ra, la := scope(rules, eval.ScopeAsserted).Overall, scope(learned, eval.ScopeAsserted).Overall
	fmt.Fprintf(w, "all asserted (cross-sentence gold included): rules P %.3f R %.3f F1 %.3f; learned P %.3f R %.3f F1 %.3f\n",
		ra.Precision, ra.Recall, ra.F1, la.Precision, la.Recall, la.F1)
	fmt.Fprintf(w, "predicted asserted, gold only negated or reported: rules %d, learned %d\n",
		len(rules.Relations.AssertedButNot), len(learned.Relations.AssertedButNot))
	fmt.Fprintf(w, "modality right of matched: rules %d/%d, learned %d/%d\n",
		rules.Relations.ModalityRight, rules.Relations.ModalityMatched, learned.Relations.ModalityRight, learned.Relations.ModalityMatched)
}

// useParse adds the parse stage.
var useParse bool

// cvMargin is the margin crossValidate's extractors use.
var cvMargin float32

// crossValidate trains on all folds but one of the training documents
// and scores on that one, in turn, and prints the pooled single-sentence
// figure: a way to compare variants without looking at the development
// documents.
func crossValidate(c *corpus.Corpus, train []*corpus.Doc, k int, fit func([]*corpus.Doc) *learn.Model) error {
	var tp, pred, gold, found int
	for f := range k {
		var in, out []*corpus.Doc
		for i, d := range train {
			if i%k == f {
				out = append(out, d)
			} else {
				in = append(in, d)
			}
		}
		m := fit(in)
		r := eval.Score(c.GoldOf(out), corpus.Graph(out, func(i int) []kg.Relation { return learn.NewWithModel(m).WithMargin(cvMargin).Extract(out[i].A) }))
		o := scope(r, eval.ScopeSingle).Overall
		tp, pred, gold, found = tp+o.TPPred, pred+o.Pred, gold+o.Gold, found+o.TPGold
	}
	p, r := float64(tp)/float64(max(pred, 1)), float64(found)/float64(max(gold, 1))
	fmt.Printf("%d-fold cross-validation on %d training documents (single-sentence asserted): P %.3f R %.3f F1 %.3f (%d predicted, %d gold)\n",
		k, len(train), p, r, 2*p*r/max(p+r, 1e-9), pred, gold)
	return nil
}
