package parse

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/entigraph/entigraph/internal/wtable"
)

// Sentence is a training or evaluation sentence: words, their tags (as
// the parser will be given them: predicted, not gold), and the gold tree
// (Heads as CoNLL-U's: 0 the root, j the j-th word).
type Sentence struct {
	Words, Tags []string
	Heads       []int
	Labels      []string
}

// TrainOptions control training.
type TrainOptions struct {
	Seed      uint64
	MaxEpochs int     // default 20
	Patience  int     // epochs without a better dev LAS before stopping; default 3
	Explore   float64 // from the second epoch, follow the model's wrong predictions this often; default 0.9
	// MinWeight drops, once early stopping has chosen the weights, those
	// whose magnitude is below it (in units of one update; see Prune):
	// a smaller table, faster parses. The dev scores recorded are then
	// those of the pruned weights.
	MinWeight float64
	Log       io.Writer // one line an epoch; may be nil
}

// Train trains a parser on train, keeping the averaged weights of the
// epoch with the best labelled attachment score on dev. The same data and
// options give the same parser, byte for byte.
func Train(train, dev []Sentence, o TrainOptions) (*Parser, error) {
	if len(train) == 0 || len(dev) == 0 {
		return nil, errors.New("parse: no training or no dev sentences")
	}
	if o.MaxEpochs <= 0 {
		o.MaxEpochs = 20
	}
	if o.Patience <= 0 {
		o.Patience = 3
	}
	if o.Explore == 0 {
		o.Explore = 0.9
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	seen := map[string]bool{}
	tokens := 0
	for i, s := range train {
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("parse: training sentence %d: %w", i+1, err)
		}
		for _, l := range s.Labels {
			seen[l] = true
		}
		tokens += len(s.Words)
	}
	for i, s := range dev {
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("parse: dev sentence %d: %w", i+1, err)
		}
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	p, err := newParser(labels)
	if err != nil {
		return nil, err
	}
	lid := map[string]uint8{}
	for i, l := range labels {
		lid[l] = uint8(i)
	}
	p.info = Info{Seed: o.Seed, Explore: o.Explore, TrainTokens: tokens, Labels: labels, Clusters: p.clus.Sum()}
	best, bestEpoch, bestUAS, bestLAS := p.epochs(train, dev, lid, o, o.MaxEpochs)
	p.W = best
	p.info.Epochs, p.info.DevUAS, p.info.DevLAS, p.info.Features = bestEpoch, round2(bestUAS), round2(bestLAS), p.W.Len()
	fmt.Fprintf(o.Log, "kept epoch %d: dev UAS %.2f LAS %.2f, %d features\n", bestEpoch, bestUAS, bestLAS, p.W.Len())
	if o.MinWeight > 0 {
		sc := p.Prune(o.MinWeight, dev)
		fmt.Fprintf(o.Log, "pruned weights below %g: %d of %d features left, dev UAS %.2f LAS %.2f\n", o.MinWeight, p.W.Len(), best.Len(), sc.UAS(), sc.LAS())
	}
	return p, nil
}

// epochs trains for at most n epochs and returns the packed weights of
// the epoch with the best LAS on dev, that epoch and its scores.
func (p *Parser) epochs(train, dev []Sentence, lid map[string]uint8, o TrainOptions, n int) (*wtable.Table, int, float64, float64) {
	W := newWeights(p.nActs)
	s := p.scratch()
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed))
	orc := &oracle{W: W, rng: rng}
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	var best *wtable.Table
	bestLAS, bestUAS, bestEpoch := -1.0, 0.0, 0
	for epoch := 1; epoch <= n; epoch++ {
		t0 := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		if epoch > 1 {
			orc.explore = o.Explore
		}
		errs, steps := 0, 0
		for _, i := range order {
			ts := &train[i]
			s.buf = s.x.prepare(s.buf, ts.Words, ts.Tags, p.clus)
			orc.setGold(ts, lid)
			p.run(s, W, orc)
			errs, steps = errs+orc.errs, steps+orc.steps
		}
		p.W = W.pack()
		sc := p.Evaluate(dev)
		fmt.Fprintf(o.Log, "epoch %2d: %d features, %.2f%% training steps wrong; dev UAS %.2f LAS %.2f (%v)\n",
			epoch, p.W.Len(), 100*float64(errs)/float64(max(steps, 1)), sc.UAS(), sc.LAS(), time.Since(t0).Round(time.Millisecond))
		if sc.LAS() > bestLAS {
			bestLAS, bestUAS, bestEpoch, best = sc.LAS(), sc.UAS(), epoch, p.W
		} else if epoch-bestEpoch >= o.Patience {
			break
		}
	}
	return best, bestEpoch, bestUAS, bestLAS
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func (s *Sentence) check() error {
	n := len(s.Words)
	if n == 0 {
		return errors.New("no words")
	}
	if len(s.Tags) != n || len(s.Heads) != n || len(s.Labels) != n {
		return fmt.Errorf("%d words, %d tags, %d heads, %d labels", n, len(s.Tags), len(s.Heads), len(s.Labels))
	}
	for i, h := range s.Heads {
		if h < 0 || h > n || h == i+1 {
			return fmt.Errorf("word %d: bad head %d", i+1, h)
		}
	}
	return nil
}

// oracle is the dynamic oracle of Goldberg and Nivre (2012) for the
// arc-eager system, and the perceptron's update: at each step, the cost
// of an action is the number of gold arcs it makes unreachable (a wrong
// label counting as one); the actions of least cost are right (zero cost
// for a projective tree; non-projective trees have none, so least it is).
// When the model's best action is not right, the weights move from it
// towards the best-scoring right one; the parse then goes on with the
// right one, or, with probability explore, with the model's mistake, so
// that it learns from the states its own mistakes lead to.
type oracle struct {
	W       *weights
	rng     *rand.Rand
	explore float64
	gh      []int32   // gold heads, index 0 the root
	gl      []uint8   // gold labels
	deps    [][]int32 // gold dependents of each word
	inStack []bool
	cost    []int
	errs    int // steps whose best action was wrong, this sentence
	steps   int
}

func (o *oracle) setGold(s *Sentence, lid map[string]uint8) {
	n := len(s.Words) + 1
	o.gh, o.gl = grow(o.gh, n), grow(o.gl, n)
	if cap(o.deps) < n {
		o.deps = make([][]int32, n)
	}
	o.deps = o.deps[:n]
	for i := range o.deps {
		o.deps[i] = o.deps[i][:0]
	}
	o.gh[0] = none
	for i, h := range s.Heads {
		o.gh[i+1], o.gl[i+1] = int32(h), lid[s.Labels[i]]
		o.deps[h] = append(o.deps[h], int32(i+1))
	}
	o.inStack = grow(o.inStack, n)
	o.errs, o.steps = 0, 0
}

// step returns the action to take in st, the model having scored acc
// and chosen pred; it updates the weights when pred is wrong.
func (o *oracle) step(p *Parser, st *state, acc []int32, pred int, keys []uint64) int {
	clear(o.inStack)
	for _, i := range st.stack {
		o.inStack[i] = true
	}
	if cap(o.cost) < p.nActs {
		o.cost = make([]int, p.nActs)
	}
	cost := o.cost[:p.nActs]
	least := math.MaxInt
	for a := range cost {
		if !st.valid(a, p.nLabels, p.rootLabel) {
			cost[a] = math.MaxInt
			continue
		}
		cost[a] = o.costOf(p, st, a)
		least = min(least, cost[a])
	}
	gold := -1
	for a, c := range cost {
		if c == least && (gold < 0 || acc[a] > acc[gold]) {
			gold = a
		}
	}
	o.W.tick()
	o.steps++
	if cost[pred] == least {
		return pred
	}
	o.errs++
	o.W.update(keys, gold, 1)
	o.W.update(keys, pred, -1)
	if o.explore > 0 && o.rng.Float64() < o.explore {
		return pred
	}
	return gold
}

// costOf returns the number of gold arcs action a (valid) loses in st.
func (o *oracle) costOf(p *Parser, st *state, a int) int {
	s0, b := st.s0(), st.b
	L := p.nLabels
	c := 0
	switch {
	case a == actShift:
		// b's head or dependents on the stack can no longer be linked to it.
		if h := o.gh[b]; h >= 0 && o.inStack[h] {
			c++
		}
		for _, k := range o.deps[b] {
			if o.inStack[k] && st.head[k] == none {
				c++
			}
		}
	case a == actReduce:
		for _, k := range o.deps[s0] {
			if k >= b {
				c++
			}
		}
	case a < actArcs+L: // s0 <- b
		h := o.gh[s0]
		if h > b {
			c++
		} else if h == b && int(o.gl[s0]) != a-actArcs {
			c++
		}
		for _, k := range o.deps[s0] {
			if k >= b {
				c++
			}
		}
	default: // s0 -> b
		h := o.gh[b]
		if h == s0 {
			if int(o.gl[b]) != a-actArcs-L {
				c++
			}
		} else if o.inStack[h] || h > b {
			c++
		}
		for _, k := range o.deps[b] {
			if o.inStack[k] && st.head[k] == none {
				c++
			}
		}
	}
	return c
}

// weights are the training weights: for each feature key, a sparse row of
// (action, weight) entries, kept in arenas, with the sums for averaging
// (Daumé's trick: u accumulates each change times the clock, and the
// average is w - u/clock).
type weights struct {
	n   int
	idx map[uint64]int32 // key -> row
	// Row r's entries are off[r] .. off[r]+cnt[r] of col, w and u; a full
	// row moves to the arenas' end with twice the room.
	off       []int32
	cnt, room []uint8
	col       []uint8
	w         []int32
	u         []int64
	c         int64
}

func newWeights(n int) *weights {
	return &weights{n: n, idx: map[uint64]int32{}}
}

func (W *weights) tick() { W.c++ }

func (W *weights) sum(acc []int32, keys []uint64) {
	for _, k := range keys {
		r, ok := W.idx[k]
		if !ok {
			continue
		}
		o := int(W.off[r])
		for j := o; j < o+int(W.cnt[r]); j++ {
			acc[W.col[j]] += W.w[j]
		}
	}
}

func (W *weights) update(keys []uint64, a int, d int32) {
	for _, k := range keys {
		r, ok := W.idx[k]
		if !ok {
			r = int32(len(W.off))
			W.idx[k] = r
			W.off = append(W.off, int32(len(W.col)))
			W.cnt = append(W.cnt, 0)
			W.room = append(W.room, 2)
			W.col = append(W.col, 0, 0)
			W.w = append(W.w, 0, 0)
			W.u = append(W.u, 0, 0)
		}
		o, n := int(W.off[r]), int(W.cnt[r])
		j := o
		for j < o+n && int(W.col[j]) != a {
			j++
		}
		if j == o+n {
			if n == int(W.room[r]) {
				W.move(r)
				o = int(W.off[r])
				j = o + n
			}
			W.col[j], W.w[j], W.u[j] = uint8(a), 0, 0
			W.cnt[r]++
		}
		W.w[j] += d
		W.u[j] += W.c * int64(d)
	}
}

// move gives row r twice its room at the arenas' end.
func (W *weights) move(r int32) {
	o, n := int(W.off[r]), int(W.cnt[r])
	room := min(2*n, 255)
	at := len(W.col)
	W.col = append(W.col, W.col[o:o+n]...)
	W.w = append(W.w, W.w[o:o+n]...)
	W.u = append(W.u, W.u[o:o+n]...)
	for range room - n {
		W.col = append(W.col, 0)
		W.w = append(W.w, 0)
		W.u = append(W.u, 0)
	}
	W.off[r], W.room[r] = int32(at), uint8(room)
}

// pack returns the averaged weights as a table of 16-bit weights.
func (W *weights) pack() *wtable.Table {
	c := float64(max(W.c, 1))
	avg := func(j int) float64 { return float64(W.w[j]) - float64(W.u[j])/c }
	maxAbs := 0.0
	for r := range W.off {
		o := int(W.off[r])
		for j := o; j < o+int(W.cnt[r]); j++ {
			maxAbs = max(maxAbs, math.Abs(avg(j)))
		}
	}
	scale := 1.0
	if maxAbs > 0 {
		scale = maxAbs / 32767
	}
	q := func(j int) int16 {
		return int16(max(-32767, min(32767, math.Round(avg(j)/scale))))
	}
	var keys []uint64
	nz := 0
	for k, r := range W.idx {
		o := int(W.off[r])
		keep := false
		for j := o; j < o+int(W.cnt[r]); j++ {
			if q(j) != 0 {
				keep = true
				nz++
			}
		}
		if keep {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	t, err := wtable.NewFunc(W.n, keys, nz, func(i int, dst []int16) {
		r := W.idx[keys[i]]
		o := int(W.off[r])
		for j := o; j < o+int(W.cnt[r]); j++ {
			dst[W.col[j]] = q(j)
		}
	}, float32(scale))
	if err != nil {
		panic(err) // distinct keys of a map, never 0 (key never returns 0)
	}
	return t
}

// Prune drops the weights of the table whose magnitude is below minWeight
// perceptron updates (as packed: |w| * scale < minWeight), and the
// features left with none, then scores the parser on dev and records
// the scores and the number of features in its Info. It works on the
// packed weights alone, so pruning a trained parser gives what training
// with MinWeight gives.
func (p *Parser) Prune(minWeight float64, dev []Sentence) Score {
	old := p.W
	scale := float64(old.Scale())
	keep := func(v int16) bool { return math.Abs(float64(v))*scale >= minWeight }
	row := make([]int16, p.nActs)
	var keys []uint64
	nz := 0
	for _, k := range old.Keys() {
		old.Row(k, row)
		n := 0
		for _, v := range row {
			if v != 0 && keep(v) {
				n++
			}
		}
		if n > 0 {
			keys = append(keys, k)
			nz += n
		}
	}
	t, err := wtable.NewFunc(p.nActs, keys, nz, func(i int, dst []int16) {
		old.Row(keys[i], dst)
		for j, v := range dst {
			if !keep(v) {
				dst[j] = 0
			}
		}
	}, old.Scale())
	if err != nil {
		panic(err) // keys of a table: sorted, distinct, not 0
	}
	p.W = t
	sc := p.Evaluate(dev)
	p.info.DevUAS, p.info.DevLAS, p.info.Features = round2(sc.UAS()), round2(sc.LAS()), t.Len()
	return sc
}
