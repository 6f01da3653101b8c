package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/entigraph/entigraph/internal/outfile"
	"github.com/entigraph/entigraph/ner/conll"
	"github.com/entigraph/entigraph/ner/model"
	"github.com/entigraph/entigraph/ner/pos"
	"github.com/entigraph/entigraph/syntax/conllu"
	"github.com/entigraph/entigraph/syntax/parse"
)

func newNERCommand(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ner",
		Short: "Train, run and score the named-entity tagger on CoNLL-2003 files",
		Long: `Commands around entigraph's named-entity tagger: train it on CoNLL-2003 column
files, tag such files, score them with conlleval's rules, and write the
training documents out as plain text for benchmarks.`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(newNERTrainCommand(s), newNERTrainPOSCommand(s), newNERTagCommand(s), newNEREvalCommand(s), newNERCorpusCommand(s))
	return cmd
}

type nerTrainOptions struct {
	train, dev, out string
	opts            model.TrainOptions
	onePass         bool
}

func newNERTrainCommand(s streams) *cobra.Command {
	o := &nerTrainOptions{}
	cmd := &cobra.Command{
		Use:   "train --train FILE --dev FILE -o FILE",
		Short: "Train the tagger (deterministic: same data and seed, same model)",
		Long: `Trains the averaged-perceptron tagger on a CoNLL-2003 training file, keeping
the epoch with the best F1 on the dev file, and writes the model (zstd).
Progress goes to stderr. To make it the built-in model, write it to
ner/model/` + model.FileName + ` and rebuild.`,
		Example: "  entigraph ner train --train ../shared/data/conll2003/train.txt --dev ../shared/data/conll2003/dev.txt -o ner/model/" + model.FileName,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNERTrain(cmd.Context(), o, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.train, "train", "", "CoNLL training file (required)")
	f.StringVar(&o.dev, "dev", "", "CoNLL dev file for early stopping (required)")
	f.StringVarP(&o.out, "output", "o", "", "model file to write (required; - is stdout)")
	f.Uint64Var(&o.opts.Seed, "seed", 1, "seed of the order documents are visited in")
	f.IntVar(&o.opts.MaxEpochs, "max-epochs", 30, "most epochs a pass trains")
	f.IntVar(&o.opts.Patience, "patience", 4, "stop after this many epochs without a better dev F1")
	f.IntVar(&o.opts.Ensemble, "ensemble", 3, "average this many models trained in different orders")
	f.IntVar(&o.opts.Folds, "folds", 5, "folds for the first-pass labels of the training documents")
	f.BoolVar(&o.onePass, "one-pass", false, "train one pass only (no document-wide second pass)")
	f.BoolVar(&o.opts.Refit, "refit", true, "after early stopping, retrain on training and dev documents for the epochs chosen (--refit=false keeps the weights trained on --train alone)")
	return cmd
}

func runNERTrain(_ context.Context, o *nerTrainOptions, s streams) error {
	if o.train == "" || o.dev == "" || o.out == "" {
		return usageError{fmt.Errorf("--train, --dev and -o are required")}
	}
	if o.opts.MaxEpochs < 1 || o.opts.Patience < 1 || o.opts.Ensemble < 1 || o.opts.Folds < 2 {
		return usageError{fmt.Errorf("--max-epochs, --patience and --ensemble must be at least 1, --folds at least 2")}
	}
	train, err := readCoNLL(o.train)
	if err != nil {
		return err
	}
	dev, err := readCoNLL(o.dev)
	if err != nil {
		return err
	}
	opts := o.opts
	opts.TwoPass = !o.onePass
	opts.GoldHistory = true
	opts.Log = s.err
	start := time.Now()
	m, err := model.Train(model.FromCoNLL(train), model.FromCoNLL(dev), opts)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := m.Encode(&b); err != nil {
		return err
	}
	if err := outfile.Write(o.out, s.out, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err }); err != nil {
		return err
	}
	info := m.Info()
	fmt.Fprintf(s.err, "wrote %s: %d bytes, %d features, dev F1 %.2f, trained in %v\n",
		o.out, b.Len(), info.Features, info.DevF1, time.Since(start).Round(time.Second))
	return nil
}

type nerTrainPOSOptions struct {
	train, dev []string
	out        string
	opts       pos.TrainOptions
}

func newNERTrainPOSCommand(s streams) *cobra.Command {
	o := &nerTrainPOSOptions{}
	cmd := &cobra.Command{
		Use:   "train-pos --train FILE... --dev FILE... -o FILE",
		Short: "Train the part-of-speech tagger on the POS column of CoNLL or CoNLL-U files",
		Long: `Trains the averaged-perceptron POS tagger (ner/pos) on the POS column of
CoNLL-2003 files and the XPOS column of CoNLL-U files (named *.conllu; their
tags written as CoNLL-2003 writes them, see pos.FromCoNLLU), keeping the
epoch with the best accuracy on the dev files. --train and --dev may be
repeated: the files' sentences are read in the order given. Two models
are built in: the pipeline's (CoNLL-2003 alone, which the mention rules were
built on) in ner/` + "pos/" + pos.FileName + `, and the parser's (CoNLL-2003 and UD English
EWT) in syntax/parse/` + parse.POSFileName + `.`,
		Example: "  entigraph ner train-pos --train ../shared/data/conll2003/train.txt --dev ../shared/data/conll2003/dev.txt -o ner/pos/" + pos.FileName + "\n" +
			"  entigraph ner train-pos --train ../shared/data/conll2003/train.txt --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \\\n" +
			"    --dev ../shared/data/conll2003/dev.txt --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu -o syntax/parse/" + parse.POSFileName,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNERTrainPOS(cmd.Context(), o, s)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.train, "train", nil, "CoNLL or CoNLL-U (*.conllu) training file (required; repeatable)")
	f.StringArrayVar(&o.dev, "dev", nil, "CoNLL or CoNLL-U dev file for early stopping (required; repeatable)")
	f.StringVarP(&o.out, "output", "o", "", "model file to write (required; - is stdout)")
	f.Uint64Var(&o.opts.Seed, "seed", 1, "seed of the order sentences are visited in")
	f.IntVar(&o.opts.MaxEpochs, "max-epochs", 20, "most epochs")
	f.IntVar(&o.opts.Patience, "patience", 3, "stop after this many epochs without a better dev accuracy")
	return cmd
}

func runNERTrainPOS(_ context.Context, o *nerTrainPOSOptions, s streams) error {
	if len(o.train) == 0 || len(o.dev) == 0 || o.out == "" {
		return usageError{fmt.Errorf("--train, --dev and -o are required")}
	}
	if o.opts.MaxEpochs < 1 || o.opts.Patience < 1 {
		return usageError{fmt.Errorf("--max-epochs and --patience must be at least 1")}
	}
	var sents [2][]pos.Sentence
	for i, paths := range [][]string{o.train, o.dev} {
		var err error
		if sents[i], err = readPOS(paths); err != nil {
			return err
		}
	}
	opts := o.opts
	opts.Log = s.err
	t, err := pos.Train(sents[0], sents[1], opts)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.Encode(&b); err != nil {
		return err
	}
	if err := outfile.Write(o.out, s.out, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Fprintf(s.err, "wrote %s: %d bytes, dev accuracy %.2f%%\n", o.out, b.Len(), t.Info().DevAcc)
	return nil
}

// readPOS reads the words and POS tags of CoNLL-2003 files and CoNLL-U
// files (*.conllu), in the order given.
func readPOS(paths []string) ([]pos.Sentence, error) {
	var out []pos.Sentence
	for _, p := range paths {
		if strings.HasSuffix(p, ".conllu") {
			sents, err := conllu.ReadFile(p)
			if err != nil {
				return nil, err
			}
			out = append(out, pos.FromCoNLLU(sents)...)
			continue
		}
		docs, err := readCoNLL(p)
		if err != nil {
			return nil, err
		}
		out = append(out, posSentences(docs)...)
	}
	return out, nil
}

func posSentences(docs []conll.Document) []pos.Sentence {
	var out []pos.Sentence
	for i := range docs {
		w, t := docs[i].Words(), docs[i].POS()
		for j := range w {
			out = append(out, pos.Sentence{Words: w[j], Tags: t[j]})
		}
	}
	return out
}

type nerTagOptions struct {
	conll, ner, out string
}

func (o *nerTagOptions) bind(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.conll, "conll", "", "CoNLL column file to read (required)")
	nerFlag(cmd.Flags(), &o.ner)
}

// tagger returns the chosen back end as a conll.Tagger.
func (o *nerTagOptions) tagger() (conll.Tagger, error) {
	if o.conll == "" {
		return nil, usageError{fmt.Errorf("--conll is required")}
	}
	i, err := nerTagger(o.ner)
	if err != nil {
		return nil, err
	}
	return taggers[i].conll()
}

func newNERTagCommand(s streams) *cobra.Command {
	o := &nerTagOptions{}
	cmd := &cobra.Command{
		Use:   "tag --conll FILE",
		Short: "Tag a CoNLL file: each line gets the predicted IOB1 tag as a last column",
		Long: `Reads a CoNLL column file and writes it back with one more column, the
predicted tag (IOB1, as in CoNLL-2003), so that conlleval or any scorer of the
same rules can score it.`,
		Example: "  entigraph ner tag --conll test.txt > tagged.txt\n  entigraph ner tag --ner prose --conll test.txt | conlleval",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNERTag(cmd.Context(), o, s)
		},
	}
	o.bind(cmd)
	cmd.Flags().StringVarP(&o.out, "output", "o", "", outputHelp)
	return cmd
}

func runNERTag(_ context.Context, o *nerTagOptions, s streams) error {
	tag, err := o.tagger()
	if err != nil {
		return err
	}
	docs, err := readCoNLL(o.conll)
	if err != nil {
		return err
	}
	pred, err := conll.TagAll(docs, tag)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		return conll.Write(w, docs, func(d, si, t int) string { return pred[d][si][t] })
	}
	if o.out == "" {
		return write(s.out)
	}
	return outfile.Write(o.out, s.out, write)
}

func newNEREvalCommand(s streams) *cobra.Command {
	o := &nerTagOptions{}
	cmd := &cobra.Command{
		Use:   "eval --conll FILE",
		Short: "Tag a CoNLL file and print precision, recall and F1 per type (conlleval rules)",
		Long: `Tags a CoNLL column file and scores the tags against its last column with
conlleval's rules: a chunk starts at B-X, or at I-X after O or another type,
and counts as right only with the same start, end and type. Prints
conlleval's report on stdout and the tagging speed on stderr.`,
		Example: "  entigraph ner eval --conll ../shared/data/conll2003/test.txt\n  entigraph ner eval --ner prose --conll ../shared/data/conll2003/test.txt",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNEREval(cmd.Context(), o, s)
		},
	}
	o.bind(cmd)
	return cmd
}

func runNEREval(_ context.Context, o *nerTagOptions, s streams) error {
	start := time.Now()
	tag, err := o.tagger()
	if err != nil {
		return err
	}
	loaded := time.Since(start)
	docs, err := readCoNLL(o.conll)
	if err != nil {
		return err
	}
	t0 := time.Now()
	pred, err := conll.TagAll(docs, tag)
	if err != nil {
		return err
	}
	took := time.Since(t0)
	sc := conll.Evaluate(docs, pred)
	if err := sc.Report(s.out); err != nil {
		return err
	}
	fmt.Fprintf(s.err, "%s: loaded in %v, tagged %d tokens in %v (%.0f tokens/s)\n",
		o.ner, loaded.Round(time.Millisecond), sc.Tokens, took.Round(time.Millisecond), float64(sc.Tokens)/took.Seconds())
	return nil
}

type nerCorpusOptions struct {
	conll, out, prefix string
}

func newNERCorpusCommand(s streams) *cobra.Command {
	o := &nerCorpusOptions{}
	cmd := &cobra.Command{
		Use:   "corpus --conll FILE -o DIR [--prefix P]",
		Short: "Write each document of a CoNLL file as a plain-text file (for benchmarks)",
		Long: `Writes each document of a CoNLL column file to DIR as NNNN.txt: one sentence a
line, tokens joined with ordinary spacing. The CoNLL-2003 training file gives
the 946-document corpus of the extract benchmark in docs/benchmarks.md.`,
		Example: "  entigraph ner corpus --conll ../shared/data/conll2003/train.txt -o /tmp/conll-train",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNERCorpus(cmd.Context(), o, s)
		},
	}
	cmd.Flags().StringVar(&o.conll, "conll", "", "CoNLL column file to read (required)")
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "folder to write (required; created if missing; - writes the documents to stdout, a blank line between two)")
	cmd.Flags().StringVar(&o.prefix, "prefix", "", "prefix of the file names")
	return cmd
}

func runNERCorpus(_ context.Context, o *nerCorpusOptions, s streams) error {
	if o.conll == "" || o.out == "" {
		return usageError{fmt.Errorf("--conll and -o are required")}
	}
	docs, err := readCoNLL(o.conll)
	if err != nil {
		return err
	}
	if o.out != outfile.Stdout {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			return err
		}
	}
	tokens := 0
	for i := range docs {
		tokens += docs[i].Tokens()
	}
	texts := conll.Texts(docs)
	for n, text := range texts {
		if o.out == outfile.Stdout {
			if n > 0 {
				text = "\n" + text
			}
			if _, err := io.WriteString(s.out, text); err != nil {
				return err
			}
			continue
		}
		name := filepath.Join(o.out, fmt.Sprintf("%s%04d.txt", o.prefix, n))
		if err := outfile.Write(name, s.out, func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
			return err
		}
	}
	n := len(texts)
	fmt.Fprintf(s.err, "wrote %d documents (%d tokens) to %s\n", n, tokens, o.out)
	return nil
}

func readCoNLL(path string) ([]conll.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	docs, err := conll.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return docs, nil
}
