package pos

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/entigraph/entigraph/internal/fhash"
)

// Sentence is a training or evaluation sentence: words and their tags.
type Sentence struct {
	Words, Tags []string
}

// TrainOptions control training.
type TrainOptions struct {
	Seed      uint64
	MaxEpochs int       // default 20
	Patience  int       // default 3
	Log       io.Writer // one line an epoch; may be nil
}

// Dictionary thresholds: a word seen at least dictMinCount times with the
// same tag at least dictMinShare of the time is tagged without scoring.
const (
	dictMinCount = 20
	dictMinShare = 0.997
)

// Train trains a tagger on train, keeping the averaged weights of the
// epoch with the best accuracy on dev. Same data and options, same tagger.
func Train(train, dev []Sentence, o TrainOptions) (*Tagger, error) {
	if len(train) == 0 || len(dev) == 0 {
		return nil, errors.New("pos: no training or no dev sentences")
	}
	if o.MaxEpochs <= 0 {
		o.MaxEpochs = 20
	}
	if o.Patience <= 0 {
		o.Patience = 3
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	// The tag set, sorted.
	seen := map[string]bool{}
	for _, s := range train {
		if len(s.Words) != len(s.Tags) {
			return nil, errors.New("pos: a sentence has more or fewer tags than words")
		}
		for _, t := range s.Tags {
			seen[t] = true
		}
	}
	tags := make([]string, 0, len(seen))
	for t := range seen {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	if len(tags) > maxTags {
		return nil, fmt.Errorf("pos: %d tags, at most %d", len(tags), maxTags)
	}
	id := map[string]uint8{}
	for i, t := range tags {
		id[t] = uint8(i)
	}
	gold := make([][]uint8, len(train))
	counts := map[uint64]map[uint8]int{}
	for i, s := range train {
		gold[i] = make([]uint8, len(s.Tags))
		for j, t := range s.Tags {
			gold[i][j] = id[t]
			h := fhash.String(s.Words[j])
			if counts[h] == nil {
				counts[h] = map[uint8]int{}
			}
			counts[h][id[t]]++
		}
	}
	t := &Tagger{tags: tags, nTags: len(tags), dict: map[uint64]uint8{}}
	for h, c := range counts {
		n, best, bt := 0, 0, uint8(0)
		for tg, k := range c {
			n += k
			if k > best || k == best && tg < bt {
				best, bt = k, tg
			}
		}
		if n >= dictMinCount && float64(best) >= dictMinShare*float64(n) {
			t.dict[h] = bt
		}
	}
	t.info = Info{Seed: o.Seed, Tags: tags}
	W := &weights{n: len(tags), idx: map[uint64]int32{}}
	s := &scratch{}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	var best *table
	bestAcc, bestEpoch := -1.0, 0
	for epoch := 1; epoch <= o.MaxEpochs; epoch++ {
		t0 := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			s.prepare(train[i].Words)
			t.decode(s, W, gold[i])
		}
		t.W = pack(W.averaged())
		t.words.reset() // its sums are of the last epoch's weights
		acc := t.Accuracy(dev)
		fmt.Fprintf(o.Log, "epoch %2d: %d features, dev accuracy %.2f%% in %v\n", epoch, len(W.idx), acc, time.Since(t0).Round(time.Millisecond))
		if acc > bestAcc {
			bestAcc, bestEpoch, best = acc, epoch, t.W
		} else if epoch-bestEpoch >= o.Patience {
			break
		}
	}
	t.W = best
	t.words.reset()
	t.info.Epochs, t.info.DevAcc = bestEpoch, bestAcc
	fmt.Fprintf(o.Log, "kept epoch %d: dev accuracy %.2f%%\n", bestEpoch, bestAcc)
	return t, nil
}

// Accuracy returns the percentage of tokens of sents tagged right.
func (t *Tagger) Accuracy(sents []Sentence) float64 {
	right, n := 0, 0
	var dst []string
	for _, s := range sents {
		dst = t.TagInto(dst, s.Words)
		for i, g := range s.Tags {
			if dst[i] == g {
				right++
			}
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return 100 * float64(right) / float64(n)
}

// Jackknife tags each of folds' sentences with a tagger that has not seen
// it: k taggers, the i-th trained on base and the sentences of folds
// whose index is not i modulo k, tag the sentences whose index is. It
// returns the tags of folds in order. Same data and options, same tags.
func Jackknife(base, folds, dev []Sentence, k int, o TrainOptions) ([][]string, error) {
	if k < 2 {
		return nil, errors.New("pos: jackknifing needs at least 2 folds")
	}
	out := make([][]string, len(folds))
	for i := 0; i < k; i++ {
		train := slices.Clip(base)
		for j, s := range folds {
			if j%k != i {
				train = append(train, s)
			}
		}
		fmt.Fprintf(logTo(o.Log), "fold %d of %d: training on %d sentences\n", i+1, k, len(train))
		t, err := Train(train, dev, o)
		if err != nil {
			return nil, err
		}
		for j := i; j < len(folds); j += k {
			out[j] = t.Tag(folds[j].Words)
		}
	}
	return out, nil
}

func logTo(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
