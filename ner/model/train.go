package model

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/entigraph/entigraph/ner/conll"
)

// Example is one training or evaluation document.
type Example struct {
	Words [][]string // sentences of tokens
	Tags  [][]string // gold tags per token, IOB1, IOB2 or IOBES
}

// FromCoNLL converts documents read by conll.Read to examples.
func FromCoNLL(docs []conll.Document) []Example {
	out := make([]Example, 0, len(docs))
	for i := range docs {
		if len(docs[i].Sentences) == 0 {
			continue
		}
		out = append(out, Example{Words: docs[i].Words(), Tags: docs[i].Tags()})
	}
	return out
}

// TrainOptions control training.
type TrainOptions struct {
	Seed        uint64    // seeds the order documents are visited in each epoch
	MaxEpochs   int       // default 30
	Patience    int       // stop after this many epochs without a better dev F1; default 4
	TwoPass     bool      // second pass with document-wide label features
	GoldHistory bool      // train on gold rather than predicted previous labels
	Ensemble    int       // average the weights of this many models trained in different orders; default 1
	Refit       bool      // after early stopping, retrain on training and dev documents for the epochs chosen
	Folds       int       // folds for the first-pass labels of the training set; default 5
	Log         io.Writer // progress, one line an epoch; may be nil
}

// Train trains a model on train, keeping the averaged weights of the epoch
// with the best F1 on dev (early stopping). With the same data and options
// it returns the same model.
func Train(train, dev []Example, o TrainOptions) (*Model, error) {
	m, err := train1(train, dev, o)
	if err != nil {
		return nil, err
	}
	m.info.Features = m.W.n
	if m.W2 != nil {
		m.info.Features += m.W2.n
	}
	return m, nil
}

func train1(train, dev []Example, o TrainOptions) (*Model, error) {
	if len(train) == 0 || len(dev) == 0 {
		return nil, errors.New("model: no training or no dev documents")
	}
	if o.MaxEpochs <= 0 {
		o.MaxEpochs = 30
	}
	if o.Patience <= 0 {
		o.Patience = 4
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	gaz, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	prep := func(ex []Example) ([]prepared, [][]Label, int, error) {
		ps := make([]prepared, len(ex))
		golds := make([][]Label, len(ex))
		doc := map[uint64]uint8{}
		var buf []byte
		n := 0
		for i, e := range ex {
			if len(e.Words) != len(e.Tags) {
				return nil, nil, 0, fmt.Errorf("model: document %d: %d sentences, %d tag rows", i, len(e.Words), len(e.Tags))
			}
			buf = ps[i].prepare(e.Words, gaz, doc, buf, allStatic)
			for j, s := range e.Tags {
				if len(s) != len(e.Words[j]) {
					return nil, nil, 0, fmt.Errorf("model: document %d sentence %d: %d tokens, %d tags", i, j, len(e.Words[j]), len(s))
				}
				golds[i] = append(golds[i], FromTags(s)...)
			}
			n += len(ps[i].toks)
		}
		return ps, golds, n, nil
	}
	start := time.Now()
	tp, tg, ntok, err := prep(train)
	if err != nil {
		return nil, err
	}
	dp, dg, _, err := prep(dev)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Log, "prepared %d training tokens in %v\n", ntok, time.Since(start).Round(time.Millisecond))

	info := Info{TwoPass: o.TwoPass, GoldHistory: o.GoldHistory, Seed: o.Seed, Gazetteers: gaz.sum, Clusters: gaz.clus.sum, TrainTokens: ntok}
	all := make([]int, len(tp))
	for i := range all {
		all[i] = i
	}
	fmt.Fprintln(o.Log, "first pass:")
	W1, epochs, f1 := trainPass(o, tp, tg, all, nil, dp, dev, nil, 0)
	info.Epochs, info.DevF1 = epochs, f1
	m := &Model{info: info, W: pack(W1), gaz: gaz}
	if !o.TwoPass {
		if o.Refit {
			return refit(o, m, append(tp, dp...), append(tg, dg...), 0), nil
		}
		return m, nil
	}
	// The second pass learns from first-pass labels. On the training set
	// they come from models trained on the other folds, so that they are as
	// wrong as on unseen text.
	folds := o.Folds
	if folds < 2 {
		folds = 5
	}
	tp1 := firstPassLabels(o, tp, tg, folds, epochs)
	d := newDecoder()
	dp1 := make([][]Label, len(dp))
	for i := range dp {
		dp1[i] = make([]Label, len(dp[i].toks))
		d.run(W1, &dp[i], dp1[i], nil, nil, false)
	}
	fmt.Fprintln(o.Log, "second pass:")
	W2, epochs2, f12 := trainPass(o, tp, tg, all, tp1, dp, dev, dp1, 0)
	m.W2 = pack(W2)
	m.info.Epochs2, m.info.DevF1 = epochs2, f12
	if o.Refit {
		return refit(o, m, append(tp, dp...), append(tg, dg...), folds), nil
	}
	return m, nil
}

// refit retrains m's passes on ps (training and dev documents together)
// for the epochs that early stopping chose.
func refit(o TrainOptions, m *Model, ps []prepared, gs [][]Label, folds int) *Model {
	all := make([]int, len(ps))
	for i := range all {
		all[i] = i
	}
	fmt.Fprintf(o.Log, "refit on training and dev documents: %d and %d epochs\n", m.info.Epochs, m.info.Epochs2)
	m.info.Refit = true
	W1, _, _ := trainPass(o, ps, gs, all, nil, nil, nil, nil, m.info.Epochs)
	m.W = pack(W1)
	if !o.TwoPass {
		return m
	}
	p1 := firstPassLabels(o, ps, gs, folds, m.info.Epochs)
	W2, _, _ := trainPass(o, ps, gs, all, p1, nil, nil, nil, m.info.Epochs2)
	m.W2 = pack(W2)
	return m
}

// firstPassLabels labels each document of ps with a first-pass model
// trained for epochs on the other folds.
func firstPassLabels(o TrainOptions, ps []prepared, gs [][]Label, folds, epochs int) [][]Label {
	out := make([][]Label, len(ps))
	d := newDecoder()
	for f := 0; f < folds; f++ {
		var in []int
		for i := range ps {
			if i%folds != f {
				in = append(in, i)
			}
		}
		Wf, _, _ := trainPass(o, ps, gs, in, nil, nil, nil, nil, epochs)
		for i := f; i < len(ps); i += folds {
			out[i] = make([]Label, len(ps[i].toks))
			d.run(Wf, &ps[i], out[i], nil, nil, false)
		}
		fmt.Fprintf(o.Log, "fold %d of %d labelled\n", f+1, folds)
	}
	return out
}

// trainPass trains the weights of one pass on the training documents
// listed in docs, with first-pass labels tp1 for a second pass (nil for the
// first). With dev documents it keeps the averaged weights of the epoch
// with the best dev F1 (dp1 holding their first-pass labels); without, it
// trains exactly fixed epochs and keeps the last.
func trainPass(o TrainOptions, tp []prepared, tg [][]Label, docs []int, tp1 [][]Label,
	dp []prepared, dev []Example, dp1 [][]Label, fixed int) (*weights, int, float64) {
	n := max(o.Ensemble, 1)
	if n == 1 {
		return trainOne(o, o.Seed, tp, tg, docs, tp1, dp, dev, dp1, fixed)
	}
	var ws []*weights
	epochs := 0
	for e := 0; e < n; e++ {
		W, ep, _ := trainOne(o, o.Seed+uint64(e)*1000003, tp, tg, docs, tp1, dp, dev, dp1, fixed)
		ws = append(ws, W)
		epochs = max(epochs, ep)
	}
	W := mean(ws)
	f1 := 0.0
	if dev != nil {
		f1 = evalPass(W, dp, dev, dp1).Overall.F1()
		fmt.Fprintf(o.Log, "mean of %d: dev F1 %.2f\n", n, f1)
	}
	return W, epochs, f1
}

// mean returns the mean of several weights, over the union of their
// features. Features are visited in sorted order so that rows are laid out
// the same way every time.
func mean(ws []*weights) *weights {
	keys := map[uint64]bool{}
	for _, W := range ws {
		for k := range W.idx {
			keys[k] = true
		}
	}
	sorted := make([]uint64, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	out := &weights{idx: make(map[uint64]int32, len(sorted)), w: make([]float32, len(sorted)*NumLabels)}
	inv := 1 / float32(len(ws))
	for i, k := range sorted {
		out.idx[k] = int32(i)
		row := out.w[i*NumLabels : i*NumLabels+NumLabels]
		for _, W := range ws {
			if r, ok := W.idx[k]; ok {
				for j, x := range W.w[int(r)*NumLabels : int(r)*NumLabels+NumLabels] {
					row[j] += x * inv
				}
			}
		}
	}
	return out
}

func trainOne(o TrainOptions, seed uint64, tp []prepared, tg [][]Label, docs []int, tp1 [][]Label,
	dp []prepared, dev []Example, dp1 [][]Label, fixed int) (*weights, int, float64) {
	W := newWeights()
	d := newDecoder()
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	order := append([]int(nil), docs...)
	var out []Label
	var best *weights
	bestF1, bestEpoch := -1.0, 0
	epochs := o.MaxEpochs
	if fixed > 0 {
		epochs = fixed
	}
	for epoch := 1; epoch <= epochs; epoch++ {
		t0 := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			p := &tp[i]
			if cap(out) < len(p.toks) {
				out = make([]Label, len(p.toks))
			}
			out = out[:len(p.toks)]
			var p1 []Label
			if tp1 != nil {
				p1 = tp1[i]
			}
			d.run(W, p, out, p1, tg[i], o.GoldHistory)
		}
		if fixed > 0 {
			continue
		}
		avg := W.averaged()
		sc := evalPass(avg, dp, dev, dp1)
		f1 := sc.Overall.F1()
		fmt.Fprintf(o.Log, "epoch %2d: %d features, dev F1 %.2f (PER %.2f ORG %.2f LOC %.2f MISC %.2f) in %v\n",
			epoch, len(W.idx), f1, sc.Type("PER").F1(), sc.Type("ORG").F1(), sc.Type("LOC").F1(), sc.Type("MISC").F1(),
			time.Since(t0).Round(time.Millisecond))
		if f1 > bestF1 {
			bestF1, bestEpoch, best = f1, epoch, avg
		} else if epoch-bestEpoch >= o.Patience {
			break
		}
	}
	if fixed > 0 {
		return W.averaged(), fixed, 0
	}
	fmt.Fprintf(o.Log, "kept epoch %d: dev F1 %.2f\n", bestEpoch, bestF1)
	return best, bestEpoch, bestF1
}

func evalPass(W scorer, ps []prepared, ex []Example, p1 [][]Label) *conll.Score {
	d := newDecoder()
	var sc conll.Score
	var out []Label
	for i := range ps {
		p := &ps[i]
		if cap(out) < len(p.toks) {
			out = make([]Label, len(p.toks))
		}
		out = out[:len(p.toks)]
		var l1 []Label
		if p1 != nil {
			l1 = p1[i]
		}
		d.run(W, p, out, l1, nil, false)
		for j, s := range p.sents {
			sc.Add(ex[i].Tags[j], IOB1(out[s[0]:s[1]]))
		}
	}
	return &sc
}

// Evaluate tags the examples and scores them against their gold tags with
// conlleval's rules.
func (m *Model) Evaluate(ex []Example) *conll.Score {
	var sc conll.Score
	var dst [][]Label
	for _, e := range ex {
		dst = m.TagInto(dst, e.Words)
		for j := range dst {
			sc.Add(e.Tags[j], IOB1(dst[j]))
		}
	}
	return &sc
}
