package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/entigraph/entigraph/ner"
	"github.com/entigraph/entigraph/pipeline"
)

// nerChoice is the --ner flag of extract, ingest and eval: which entity
// tagger the pipeline's ner stage uses.
type nerChoice struct{ name string }

func (c *nerChoice) bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.name, "ner", ner.NERModel,
		"entity tagger: "+strings.Join(ner.NERChoices, " or ")+" (model: entigraph's own, the default; prose: prose's, for comparison)")
}

// pipeline loads the pipeline with the chosen tagger.
func (c *nerChoice) pipeline() (*pipeline.Pipeline, error) {
	return pipeline.New(ner.WithNER(c.name))
}
