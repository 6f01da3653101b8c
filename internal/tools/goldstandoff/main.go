// Command goldstandoff turns gold annotation files written with sentence
// text (docs/gold.md) into stand-off files that give each sentence by its
// byte span in the document instead, for text that may not be copied into
// the repository (the CoNLL-2003 Reuters stories of testdata/relcorpus):
//
//	go run ./internal/tools/goldstandoff --docs DIR --out DIR FILE.json...
//
// --docs is the folder of the documents' text (scripts/relcorpus writes
// it). Each file is checked as eval.Load checks gold, and its sentences
// against the text, before anything is written.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/entigraph/entigraph/eval"
)

func main() {
	docs := flag.String("docs", "", "folder of the documents' text")
	out := flag.String("out", "", "folder to write the stand-off files to")
	flag.Parse()
	if *docs == "" || *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: goldstandoff --docs DIR --out DIR FILE.json...")
		os.Exit(2)
	}
	if err := run(*docs, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(docs, out string, files []string) error {
	tmp, err := os.MkdirTemp("", "goldstandoff")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var ds []*eval.Doc
	for _, f := range files {
		d, err := eval.ReadDoc(f)
		if err != nil {
			return err
		}
		text, err := os.ReadFile(filepath.Join(docs, d.Doc))
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if err := d.Standoff(string(text)); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if err := d.WriteFile(filepath.Join(tmp, filepath.Base(f))); err != nil {
			return err
		}
		ds = append(ds, d)
	}
	g, err := eval.Load(tmp)
	if err != nil {
		return err
	}
	if err := g.CheckSentences(eval.NewsDir(docs)); err != nil {
		return err
	}
	for _, d := range ds {
		if err := d.WriteFile(filepath.Join(out, d.Doc[:len(d.Doc)-len(filepath.Ext(d.Doc))]+".json")); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "wrote %d stand-off files to %s\n", len(ds), out)
	return nil
}
