// Command goldcheck checks gold annotation files as an annotator writes
// them (docs/annotation.md): each file alone (eval.Load's checks, and its
// sentences or spans against the document's text), then all of them
// together (one id, one name across files).
//
//	go run ./internal/tools/goldcheck --docs DIR FILE.json...
//
// It prints "ok FILE" for each good file and the problems of each bad one,
// and exits 1 when any file is bad.
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
	flag.Parse()
	if *docs == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: goldcheck --docs DIR FILE.json...")
		os.Exit(2)
	}
	if bad := check(*docs, flag.Args()); bad > 0 {
		os.Exit(1)
	}
}

func check(docs string, files []string) int {
	all, err := os.MkdirTemp("", "goldcheck")
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer os.RemoveAll(all)
	bad := 0
	for _, f := range files {
		if err := checkOne(docs, f, all); err != nil {
			fmt.Printf("%s: %v\n", f, err)
			bad++
			continue
		}
		fmt.Println("ok", f)
	}
	if len(files) > 1 && bad == 0 {
		if _, err := eval.Load(all); err != nil {
			fmt.Println("across files:", err)
			bad++
		}
	}
	return bad
}

// checkOne checks one file alone, and copies it into all for the check
// across files.
func checkOne(docs, file, all string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "goldcheck1")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	base := filepath.Base(file)
	for _, d := range []string{dir, all} {
		if err := os.WriteFile(filepath.Join(d, base), b, 0o644); err != nil {
			return err
		}
	}
	g, err := eval.Load(dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(docs, g.Docs[0].Doc)); err != nil {
		return fmt.Errorf("doc %q is not a file in %s", g.Docs[0].Doc, docs)
	}
	return g.CheckSentences(eval.NewsDir(docs))
}
