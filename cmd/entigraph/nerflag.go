package main

import (
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
	"github.com/entigraph/entigraph/ner/conll"
	"github.com/entigraph/entigraph/ner/model"
	"github.com/entigraph/entigraph/ner/prosetag"
	"github.com/entigraph/entigraph/pipeline"
)

// taggers are the values of every --ner flag, the default first: the one
// place a name maps to an implementation, for the pipeline (extract,
// ingest, eval: the "tags" stage) and for CoNLL files (ner tag, ner eval).
var taggers = []struct {
	name, help string
	pipeline   func() (ner.Tagger, error)
	conll      func() (conll.Tagger, error)
}{
	{"model", "entigraph's own, the default", func() (ner.Tagger, error) { return ner.NewModelTagger() }, modelCoNLL},
	{"prose", "prose's, for comparison", func() (ner.Tagger, error) { return ner.NewProseTagger(), nil }, proseCoNLL},
}

// nerFlag binds --ner to name, with the choices and the default.
func nerFlag(fs *pflag.FlagSet, name *string) {
	var help []string
	for _, t := range taggers {
		help = append(help, t.name+": "+t.help)
	}
	fs.StringVar(name, "ner", taggers[0].name, "entity tagger: "+nerNames()+" ("+strings.Join(help, "; ")+")")
}

func nerNames() string {
	n := make([]string, len(taggers))
	for i, t := range taggers {
		n[i] = t.name
	}
	return strings.Join(n, " or ")
}

// nerTagger returns the index in taggers of name, or a usage error.
func nerTagger(name string) (int, error) {
	for i, t := range taggers {
		if t.name == name {
			return i, nil
		}
	}
	return 0, usageError{fmt.Errorf("unknown --ner %q (want %s)", name, nerNames())}
}

// nerChoice holds the flags of extract, ingest and eval that shape the
// pipeline: --ner, which tagger the "tags" stage uses, and the limits that
// bound the work per document.
type nerChoice struct {
	name        string
	maxDoc      int
	maxSentence int
}

func (c *nerChoice) bind(fs *pflag.FlagSet) {
	nerFlag(fs, &c.name)
	fs.IntVar(&c.maxDoc, "max-doc-bytes", ingest.DefaultMaxDocument,
		"refuse a document whose text is longer, naming its file (-1: no limit)")
	fs.IntVar(&c.maxSentence, "max-sentence-bytes", ner.DefaultMaxSentence,
		"cut longer sentences at white space (-1: no limit)")
}

// read reads paths with the document limit.
func (c *nerChoice) read(paths []string, stdin io.Reader) iter.Seq2[*kg.Document, error] {
	return ingest.Options{MaxDocument: c.maxDoc}.Read(paths, stdin)
}

// pipeline loads the pipeline with the chosen tagger and sentence limit.
func (c *nerChoice) pipeline() (*pipeline.Pipeline, error) {
	i, err := nerTagger(c.name)
	if err != nil {
		return nil, err
	}
	t, err := taggers[i].pipeline()
	if err != nil {
		return nil, fmt.Errorf("--ner %s: %w", c.name, err)
	}
	tok, err := ner.NewTokenizer(ner.WithMaxSentence(c.maxSentence))
	if err != nil {
		return nil, err
	}
	return pipeline.New(pipeline.WithTagger(t), pipeline.WithStage(pipeline.Stage{Name: pipeline.Tokens, Annotator: tok}))
}

// modelCoNLL is ner/model over CoNLL sentences.
func modelCoNLL() (conll.Tagger, error) {
	m, err := model.Load()
	if err != nil {
		return nil, err
	}
	return func(sents [][]string) ([][]string, error) {
		labels := m.Tag(sents)
		out := make([][]string, len(labels))
		for i, l := range labels {
			out[i] = model.IOB1(l)
		}
		return out, nil
	}, nil
}

// proseCoNLL is prose's recogniser over CoNLL sentences.
func proseCoNLL() (conll.Tagger, error) {
	p := prosetag.New()
	return func(sents [][]string) ([][]string, error) {
		out := make([][]string, len(sents))
		for i, w := range sents {
			t, err := p.Tag(w)
			if err != nil {
				return nil, err
			}
			out[i] = t
		}
		return out, nil
	}, nil
}
