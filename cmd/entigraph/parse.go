package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/ner/pos"
	"github.com/entigraph/entigraph/pipeline"
	"github.com/entigraph/entigraph/syntax/conllu"
	"github.com/entigraph/entigraph/syntax/parse"
)

type parseOptions struct {
	conllu string
}

func newParseCommand(s streams) *cobra.Command {
	o := &parseOptions{}
	cmd := &cobra.Command{
		Use:   "parse [PATH...]",
		Short: "Print the dependency trees of text, or re-parse a CoNLL-U file",
		Long: `Splits text (files, folders, - for stdin, as ingest reads them) into entigraph's
sentences and tokens, tags and parses them, and prints CoNLL-U: one word a
line with its UPOS, Penn Treebank tag, head and Universal Dependencies
relation. With --conllu FILE it re-parses the words of a CoNLL-U file
instead (their FORM only) and writes the file back with predicted UPOS,
XPOS, HEAD and DEPREL, everything else unchanged.`,
		Example: "  entigraph parse testdata/news/004_111b9e2c7f64e5cc.txt\n  echo 'Putin met Trump in Alaska.' | entigraph parse -\n  entigraph parse --conllu ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runParse(cmd.Context(), o, args, s)
		},
	}
	cmd.Flags().StringVar(&o.conllu, "conllu", "", "CoNLL-U file to re-parse on its own words")
	cmd.AddCommand(newParseEvalCommand(s), newParseTrainCommand(s))
	return cmd
}

func runParse(ctx context.Context, o *parseOptions, args []string, s streams) error {
	switch {
	case o.conllu != "" && len(args) > 0:
		return usageError{errors.New("give --conllu FILE or text paths, not both")}
	case o.conllu == "" && len(args) == 0:
		return usageError{errors.New("give text paths (- for stdin) or --conllu FILE")}
	}
	p, tagger, err := loadParser()
	if err != nil {
		return err
	}
	if o.conllu != "" {
		sents, err := conllu.ReadFile(o.conllu)
		if err != nil {
			return err
		}
		if err := p.Annotate(sents, tagger); err != nil {
			return fmt.Errorf("%s: %w", o.conllu, err)
		}
		return conllu.WriteAll(s.out, sents)
	}
	// The default stages up to the parse, which parses every sentence
	// here, not only those with relation candidates.
	st, err := parse.NewStage(parse.EverySentence())
	if err != nil {
		return err
	}
	a, err := pipeline.New(pipeline.WithStage(pipeline.Stage{Name: pipeline.Parse, Annotator: st}), pipeline.WithoutStage(pipeline.Relations))
	if err != nil {
		return err
	}
	failed := false
	for doc, err := range ingest.Read(args, s.in) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			fmt.Fprintf(s.err, "entigraph: %v\n", err)
			failed = true
			continue
		}
		ann, err := a.Annotate(doc)
		if err != nil {
			return err
		}
		sents, err := parse.Document(ann)
		if err != nil {
			return fmt.Errorf("%s: %w", doc.ID, err)
		}
		if err := conllu.WriteAll(s.out, sents); err != nil {
			return err
		}
	}
	if failed {
		return errPartial
	}
	return nil
}

func loadParser() (*parse.Parser, *pos.Tagger, error) {
	p, err := parse.Load()
	if err != nil {
		return nil, nil, err
	}
	t, err := parse.POSTagger()
	if err != nil {
		return nil, nil, err
	}
	return p, t, nil
}

func newParseEvalCommand(s streams) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "eval --conllu FILE",
		Short: "Score the parser on a CoNLL-U file (UAS, LAS)",
		Long: `Tags and parses the words of a CoNLL-U file (gold tokens, entigraph's own POS
tags) and prints the unlabelled and labelled attachment scores over its word
lines, punctuation included, as the CoNLL 2018 shared task scores them.`,
		Example: "  entigraph parse eval --conllu ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return usageError{errors.New("--conllu is required")}
			}
			p, tagger, err := loadParser()
			if err != nil {
				return err
			}
			gold, err := readTreebank(file, tagger)
			if err != nil {
				return err
			}
			fmt.Fprintln(s.out, p.Evaluate(gold))
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "conllu", "", "CoNLL-U file with gold trees (required)")
	return cmd
}

func readTreebank(path string, tagger parse.Tagger) ([]parse.Sentence, error) {
	sents, err := conllu.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out, err := parse.FromCoNLLU(sents, tagger)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

type parseTrainOptions struct {
	train, dev, out string
	posTrain        []string
	posDev          []string
	folds           int
	opts            parse.TrainOptions
}

func newParseTrainCommand(s streams) *cobra.Command {
	o := &parseTrainOptions{}
	cmd := &cobra.Command{
		Use:   "train --train FILE --dev FILE -o FILE",
		Short: "Train the parser on CoNLL-U files (deterministic: same data and seed, same model)",
		Long: `Trains the parser on a CoNLL-U treebank, its words tagged by entigraph's POS
tagger (ner/pos, as the parser will see them), keeping the epoch with the best
LAS on the dev file. Progress goes to stderr. To make it the built-in model,
write it to syntax/parse/` + parse.FileName + ` and rebuild.

The built-in tagger was trained on the treebank's training file too, so its
tags there would be better than on new text: with --pos-train, the training
file's tags are jackknifed instead (--folds taggers, each trained on the
--pos-train files and the other folds of the training file, early stopping
on the --pos-dev files, as ner train-pos trains the built-in one, tag the
fold they have not seen). The dev file is tagged by the built-in tagger.`,
		Example: "  E=../shared/data/ud-english-ewt C=../shared/data/conll2003\n" +
			"  entigraph parse train --train $E/en_ewt-ud-train.conllu --dev $E/en_ewt-ud-dev.conllu \\\n" +
			"    --pos-train $C/train.txt --pos-dev $C/dev.txt --pos-dev $E/en_ewt-ud-dev.conllu -o syntax/parse/" + parse.FileName,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runParseTrain(o, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.train, "train", "", "CoNLL-U training file (required)")
	f.StringVar(&o.dev, "dev", "", "CoNLL-U dev file for early stopping (required)")
	f.StringVarP(&o.out, "output", "o", "", "model file to write (required)")
	f.StringArrayVar(&o.posTrain, "pos-train", nil, "jackknife the training file's tags with taggers trained on these files too (repeatable)")
	f.StringArrayVar(&o.posDev, "pos-dev", nil, "the jackknifing taggers' dev files (repeatable)")
	f.IntVar(&o.folds, "folds", 5, "jackknifing folds")
	f.Uint64Var(&o.opts.Seed, "seed", 1, "seed of the sentence order and of exploration")
	f.IntVar(&o.opts.MaxEpochs, "max-epochs", 20, "most epochs")
	f.IntVar(&o.opts.Patience, "patience", 3, "stop after this many epochs without a better dev LAS")
	f.Float64Var(&o.opts.Explore, "explore", 0.9, "how often training follows the model's mistakes (from the second epoch)")
	f.Float64Var(&o.opts.MinWeight, "min-weight", 1, "once trained, drop weights smaller than this many perceptron updates (smaller, faster; 0 keeps all)")
	return cmd
}

func runParseTrain(o *parseTrainOptions, s streams) error {
	if o.train == "" || o.dev == "" || o.out == "" {
		return usageError{errors.New("--train, --dev and -o are required")}
	}
	if (len(o.posTrain) > 0) != (len(o.posDev) > 0) || o.folds < 2 {
		return usageError{errors.New("--pos-train and --pos-dev go together; --folds must be at least 2")}
	}
	if o.opts.MaxEpochs < 1 || o.opts.Patience < 1 || o.opts.Explore < 0 || o.opts.Explore > 1 || o.opts.MinWeight < 0 {
		return usageError{errors.New("--max-epochs and --patience must be at least 1, --explore within [0, 1], --min-weight not negative")}
	}
	start := time.Now()
	tagger, err := parse.POSTagger()
	if err != nil {
		return err
	}
	train, err := readTreebank(o.train, tagger)
	if err != nil {
		return err
	}
	if len(o.posTrain) > 0 {
		if err := jackknife(o, train, s); err != nil {
			return err
		}
	}
	dev, err := readTreebank(o.dev, tagger)
	if err != nil {
		return err
	}
	opts := o.opts
	opts.Log = s.err
	p, err := parse.Train(train, dev, opts)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := p.Encode(&b); err != nil {
		return err
	}
	if err := os.WriteFile(o.out, b.Bytes(), 0o644); err != nil {
		return err
	}
	info := p.Info()
	fmt.Fprintf(s.err, "wrote %s: %d bytes, %d features, dev UAS %.2f LAS %.2f, trained in %v\n",
		o.out, b.Len(), info.Features, info.DevUAS, info.DevLAS, time.Since(start).Round(time.Second))
	return nil
}

// jackknife replaces the tags of train (read from o.train) with
// jackknifed ones.
func jackknife(o *parseTrainOptions, train []parse.Sentence, s streams) error {
	base, err := readPOS(o.posTrain)
	if err != nil {
		return err
	}
	dev, err := readPOS(o.posDev)
	if err != nil {
		return err
	}
	sents, err := conllu.ReadFile(o.train)
	if err != nil {
		return err
	}
	tags, err := pos.Jackknife(base, pos.FromCoNLLU(sents), dev, o.folds, pos.TrainOptions{Seed: 1, MaxEpochs: 20, Patience: 3, Log: s.err})
	if err != nil {
		return err
	}
	for i := range train {
		train[i].Tags = tags[i]
	}
	return nil
}
