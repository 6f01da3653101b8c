// Command train trains the learned relation extractor (relation/learn) on
// the training part of the relation corpus (all 300 documents), chooses
// the combined stage's gates (which predicates' learned relations join
// the rules', above which margin) by cross-validation on those documents,
// and writes the model with its gates; with -cv it measures the combined
// stage by nested cross-validation instead, and with -curve it adds a
// learning curve (docs/relations.md, "The learned extractor"). The
// held-out part of the corpus is never read.
//
//	scripts/relcorpus /tmp/relcorpus
//	go run ./relation/learn/internal/train -docs /tmp/relcorpus/train          # writes relation/learn/model.bin.zst
//	go run ./relation/learn/internal/train -docs /tmp/relcorpus/train -check   # retrains, compares with the committed file
//	go run ./relation/learn/internal/train -docs /tmp/relcorpus/train -cv 5    # nested cross-validation figures
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/internal/outfile"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
	"github.com/entigraph/entigraph/relation"
	"github.com/entigraph/entigraph/relation/learn"
	"github.com/entigraph/entigraph/relation/learn/internal/corpus"
	"github.com/entigraph/entigraph/relation/lexicon"
	"github.com/entigraph/entigraph/syntax/parse"
)

// config is one run's settings; the defaults make the committed model.
type config struct {
	goldDir, docs, out string
	check              bool
	epochs             int
	seed               uint64
	folds              int     // cross-validation folds choosing the gates
	target             float64 // precision a predicate's learned additions must reach
	minPred            int     // additions (out of fold) a predicate needs to be gated in
	parse              bool
	coref              bool // candidates from coreference (learn.WithCoref)
	cv                 int  // > 1: nested cross-validation figures instead of writing
	curve              bool
	why                bool
	verbose            bool
}

func defaults() config {
	return config{goldDir: "testdata/relcorpus/train", out: "relation/learn/" + learn.FileName,
		epochs: 10, seed: 1, folds: 5, target: 0.85, minPred: 6}
}

func main() {
	c := defaults()
	flag.StringVar(&c.goldDir, "gold", c.goldDir, "stand-off gold folder of the training part")
	flag.StringVar(&c.docs, "docs", "", "folder of its documents' text (scripts/relcorpus DIR: DIR/train)")
	flag.StringVar(&c.out, "o", c.out, "model file to write (- for none)")
	flag.BoolVar(&c.check, "check", false, "retrain and compare with the committed model instead of writing")
	flag.IntVar(&c.epochs, "epochs", c.epochs, "passes over the training examples")
	flag.Uint64Var(&c.seed, "seed", c.seed, "shuffling seed")
	flag.IntVar(&c.folds, "folds", c.folds, "cross-validation folds that choose the gates")
	flag.Float64Var(&c.target, "target", c.target, "precision a predicate's learned additions must reach out of fold to be gated in")
	flag.IntVar(&c.minPred, "min", c.minPred, "out-of-fold additions a predicate needs to be gated in")
	flag.BoolVar(&c.coref, "coref", c.coref, "candidates include the pronouns and descriptions coref links")
	flag.BoolVar(&c.parse, "parse", false, "add the dependency parser's stage (syntax/parse) after mentions, so the path features fire")
	flag.IntVar(&c.cv, "cv", 0, "instead of writing: N-fold nested cross-validation of the combined stage on the training documents")
	flag.BoolVar(&c.curve, "curve", false, "with -cv: the learning curve (25, 50, 100% of each fold's training documents)")
	flag.BoolVar(&c.why, "why", false, "with -cv: break the combined stage's misses down by cause, per predicate (with -v, each one)")
	flag.BoolVar(&c.verbose, "v", false, "with -cv: list the combined stage's wrong and missed relations")
	flag.Parse()
	if c.docs == "" {
		fmt.Fprintln(os.Stderr, "usage: train -docs DIR/train [-gold DIR] [-o FILE] [-check] [-cv N [-curve]]")
		os.Exit(2)
	}
	if err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// trainer holds the annotated corpus and what does not change between
// folds: the rules' relations of each document.
type trainer struct {
	c     config
	docs  []*corpus.Doc // corpus.Order
	gold  *corpus.Corpus
	lex   *lexicon.Lexicon
	rules *relation.Extractor
	ruled map[*corpus.Doc][]kg.Relation
	comb  *learn.Combined // for Join: its gates and model are not used
}

func run(c config, w io.Writer) error {
	opts := []pipeline.Option{pipeline.WithoutStage(pipeline.Relations)}
	if c.parse {
		st, err := parse.NewStage()
		if err != nil {
			return err
		}
		opts = append(opts, pipeline.WithStageAfter(pipeline.Mentions, pipeline.Stage{Name: pipeline.Parse, Annotator: st}))
	}
	p, err := pipeline.New(opts...)
	if err != nil {
		return err
	}
	cp, err := corpus.Load(c.goldDir, c.docs, p)
	if err != nil {
		return err
	}
	rules, err := relation.New()
	if err != nil {
		return err
	}
	t := &trainer{c: c, docs: corpus.Order(cp.Docs), gold: cp, lex: lexicon.Load(), rules: rules, ruled: map[*corpus.Doc][]kg.Relation{}}
	t.comb = learn.NewCombinedWith(rules, nil, nil)
	for _, d := range t.docs {
		t.ruled[d] = rules.Extract(d.A)
	}
	if c.cv > 1 {
		return t.crossValidate(w)
	}
	m, gates := t.build(t.docs)
	fmt.Fprintf(os.Stderr, "trained on %d documents: %d examples (%d positive), %d features; gates %s\n",
		len(t.docs), m.Info.Examples, m.Info.Positive, m.Info.Features, gatesString(gates))
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		return err
	}
	switch {
	case c.check:
		old, err := os.ReadFile(c.out)
		if err != nil {
			return err
		}
		if !bytes.Equal(old, buf.Bytes()) {
			return fmt.Errorf("retrained model (%d bytes) differs from %s (%d bytes): the model is stale (the stages up to mentions, the features or the gold changed); retrain it: go run ./relation/learn/internal/train -docs DIR/train (scripts/relcorpus DIR)", buf.Len(), c.out, len(old))
		}
		fmt.Fprintf(os.Stderr, "retrained model is byte for byte %s (%d bytes)\n", c.out, buf.Len())
	case c.out != "-":
		if err := outfile.Write(c.out, os.Stdout, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d bytes)\n", c.out, buf.Len())
	}
	return nil
}

// fit trains a model on the documents.
func (t *trainer) fit(ds []*corpus.Doc) *learn.Model {
	return learn.Train(corpus.Examples(ds, t.lex, t.c.coref), learn.TrainOptions{Epochs: t.c.epochs, Seed: t.c.seed, Docs: len(ds), Coref: t.c.coref})
}

// build trains the model of a set of documents and its gates, chosen by
// cross-validation over the same documents, and writes the gates in the
// model's header.
func (t *trainer) build(ds []*corpus.Doc) (*learn.Model, learn.Gates) {
	gates := t.chooseGates(ds)
	m := t.fit(ds)
	m.Info.Gates = gates
	return m, gates
}

// folds splits documents into k folds: document i goes to fold i mod k.
func folds(ds []*corpus.Doc, k, f int) (in, out []*corpus.Doc) {
	for i, d := range ds {
		if i%k == f {
			out = append(out, d)
		} else {
			in = append(in, d)
		}
	}
	return in, out
}

// outOfFold returns each document's scored learned relations from a model
// trained on the other folds.
func (t *trainer) outOfFold(ds []*corpus.Doc, k int) map[*corpus.Doc][]learn.Found {
	found := map[*corpus.Doc][]learn.Found{}
	for f := range k {
		in, out := folds(ds, k, f)
		x := learn.NewWithModel(t.fit(in))
		for _, d := range out {
			found[d] = x.Scored(d.A)
		}
	}
	return found
}

// thresholds are the margins the gates choose among.
var thresholds = []float32{0, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48}

// chooseGates picks, for each predicate, the smallest margin at which the
// learned relations the rules lack reach the target precision out of fold
// (single-sentence asserted, eval's scorer), with at least minPred of
// them; a predicate that never does is left to the rules.
func (t *trainer) chooseGates(ds []*corpus.Doc) learn.Gates {
	found := t.outOfFold(ds, t.c.folds)
	gold := t.gold.GoldOf(ds)
	gates := learn.Gates{}
	decided := map[string]bool{}
	for _, th := range thresholds {
		rep := eval.Score(gold, corpus.Graph(ds, func(i int) []kg.Relation { return t.additions(ds[i], found[ds[i]], th) }))
		for _, p := range scope(rep, eval.ScopeSingle).ByPredicate {
			if t.c.verbose && p.Pred > 0 {
				fmt.Fprintf(errOut, "  margin %g %s: %d added, P %.2f\n", th, p.Predicate, p.Pred, p.Precision)
			}
			if decided[p.Predicate] || p.Pred < t.c.minPred {
				continue
			}
			if p.Precision >= t.c.target {
				gates[p.Predicate] = th
				decided[p.Predicate] = true
			}
		}
	}
	return gates
}

// additions returns the learned relations at or above a margin that the
// rules do not give the same sentence.
func (t *trainer) additions(d *corpus.Doc, found []learn.Found, th float32) []kg.Relation {
	all := learn.Gates{}
	for _, p := range kg.Predicates {
		all[p.ID] = th
	}
	return t.comb.Added(d.A, t.ruled[d], found, all)
}

func gatesString(g learn.Gates) string {
	var ps []string
	for p, m := range g {
		ps = append(ps, fmt.Sprintf("%s>=%g", p, m))
	}
	sort.Strings(ps)
	if len(ps) == 0 {
		return "(none)"
	}
	return strings.Join(ps, " ")
}

func scope(r *eval.Report, name string) eval.Scope {
	for _, s := range r.Relations.Scopes {
		if s.Name == name {
			return s
		}
	}
	return eval.Scope{}
}

// errOut receives progress lines.
var errOut io.Writer = os.Stderr
