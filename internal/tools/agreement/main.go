// Command agreement scores one annotation of a set of documents against
// another: the inter-annotator agreement of the relation corpus
// (docs/relcorpus.md). The second annotation is read as if a system had
// predicted it and scored with entigraph eval's scorer against the first;
// relation F1 of one pass against the other is symmetric.
//
//	go run ./internal/tools/agreement --docs DIR FIRST_DIR SECOND_DIR
//
// Only the documents the second folder annotates are compared; --docs is
// the folder of their text (scripts/relcorpus), for stand-off files.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/entigraph/entigraph/eval"
)

func main() {
	docs := flag.String("docs", "", "folder of the documents' text")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()
	if *docs == "" || flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: agreement --docs DIR FIRST_DIR SECOND_DIR")
		os.Exit(2)
	}
	if err := run(*docs, flag.Arg(0), flag.Arg(1), *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(docs, first, second string, asJSON bool) error {
	b, err := eval.Load(second)
	if err != nil {
		return err
	}
	a, err := eval.Load(first)
	if err != nil {
		return err
	}
	var names []string
	for _, d := range b.Docs {
		names = append(names, d.Doc)
	}
	if a, err = a.Only(names); err != nil {
		return err
	}
	for _, g := range []*eval.Gold{a, b} {
		if err := g.CheckSentences(eval.NewsDir(docs)); err != nil {
			return err
		}
	}
	r := eval.Score(a, b.Graph())
	if asJSON {
		return r.WriteJSON(os.Stdout)
	}
	fmt.Printf("%d documents: %s (first) against %s (second)\n", len(names), first, second)
	return r.WriteText(os.Stdout)
}
