package main

import (
	"io"
	"iter"
	"strings"

	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner"
	"github.com/entigraph/entigraph/pipeline"
)

// nerChoice holds the flags of extract, ingest and eval that shape the
// pipeline: --ner, which entity tagger the ner stage uses, and the limits
// that bound the work per document.
type nerChoice struct {
	name        string
	maxDoc      int
	maxSentence int
}

func (c *nerChoice) bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.name, "ner", ner.NERModel,
		"entity tagger: "+strings.Join(ner.NERChoices, " or ")+" (model: entigraph's own, the default; prose: prose's, for comparison)")
	fs.IntVar(&c.maxDoc, "max-doc-bytes", ingest.DefaultMaxDocument,
		"refuse a document whose text is longer, naming its file (-1: no limit)")
	fs.IntVar(&c.maxSentence, "max-sentence-bytes", ner.DefaultMaxSentence,
		"cut longer sentences at white space (-1: no limit)")
}

// pipeline loads the pipeline with the chosen tagger and sentence limit.
func (c *nerChoice) pipeline() (*pipeline.Pipeline, error) {
	return pipeline.New(ner.WithNER(c.name), ner.WithMaxSentence(c.maxSentence))
}

// read reads paths with the document limit.
func (c *nerChoice) read(paths []string, stdin io.Reader) iter.Seq2[*kg.Document, error] {
	return ingest.Options{MaxDocument: c.maxDoc}.Read(paths, stdin)
}
