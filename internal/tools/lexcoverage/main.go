// Command lexcoverage measures the CAMEO trigger lexicon (relation/lexicon)
// against the relation corpus's training part: for each predicate (other
// than holds_position and located_in, which have no verb), the share of
// the asserted gold relations whose sentence holds a trigger of that
// predicate (coverage), and how many trigger occurrences in the documents
// fall in a sentence for which the gold gives no relation of their
// predicate (a rough precision).
//
//	scripts/relcorpus /tmp/relcorpus
//	go run ./internal/tools/lexcoverage --docs /tmp/relcorpus/train testdata/relcorpus/train
//
// It refuses the held-out part (docs/relcorpus.md: scored only at the
// times recorded there).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/relation/lexicon"
)

func main() {
	docs := flag.String("docs", "", "folder of the documents' text (scripts/relcorpus DIR, then DIR/train)")
	flag.Parse()
	if *docs == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: lexcoverage --docs DIR GOLD_DIR")
		os.Exit(2)
	}
	if err := run(os.Stdout, *docs, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, docs, gold string) error {
	for _, p := range []string{docs, gold} {
		if abs, err := filepath.Abs(p); err == nil && strings.Contains(abs, "heldout") {
			return fmt.Errorf("lexcoverage: %s is the held-out part, which is not measured here", p)
		}
	}
	g, err := eval.Load(gold)
	if err != nil {
		return err
	}
	text := eval.NewsDir(docs)
	if err := g.CheckSentences(text); err != nil {
		return err
	}
	rows, err := measure(lexicon.Load(), g, text)
	if err != nil {
		return err
	}
	return write(w, rows)
}

// skip are the predicates no verb states.
var skip = map[string]bool{"holds_position": true, "located_in": true}

// row is the figure of one predicate.
type row struct {
	Predicate string
	Gold      int // asserted gold relations
	Covered   int // of which the sentence holds a trigger of the predicate
	Triggers  int // trigger occurrences of the predicate in the documents
	Right     int // of which in a sentence the gold gives the predicate for
	Wrong     map[string]int
}

// measure computes the rows. A sentence is a line of the document (the
// corpus writes one a line), a trigger occurrence a (line, position,
// predicate) of lexicon.Find in either direction.
func measure(l *lexicon.Lexicon, g *eval.Gold, text func(string) (string, bool)) ([]*row, error) {
	rows := map[string]*row{}
	get := func(p string) *row {
		r := rows[p]
		if r == nil {
			r = &row{Predicate: p, Wrong: map[string]int{}}
			rows[p] = r
		}
		return r
	}
	for _, d := range g.Docs {
		t, ok := text(d.Doc)
		if !ok {
			return nil, fmt.Errorf("lexcoverage: no text for %s", d.Doc)
		}
		given := map[string]map[string]bool{} // sentence -> predicates the gold gives for it
		for _, r := range d.Relations {
			if given[r.Sentence] == nil {
				given[r.Sentence] = map[string]bool{}
			}
			given[r.Sentence][r.Predicate] = true
			if skip[r.Predicate] || r.Modality != "asserted" {
				continue
			}
			row := get(r.Predicate)
			row.Gold++
			if triggers(l, r.Sentence)[r.Predicate] != nil {
				row.Covered++
			}
		}
		for _, line := range strings.Split(t, "\n") {
			for p, lemmas := range triggers(l, line) {
				row := get(p)
				for _, lem := range lemmas {
					row.Triggers++
					if given[line][p] {
						row.Right++
					} else {
						row.Wrong[lem]++
					}
				}
			}
		}
	}
	var out []*row
	for _, r := range rows {
		if !skip[r.Predicate] {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Gold != out[j].Gold {
			return out[i].Gold > out[j].Gold
		}
		return out[i].Predicate < out[j].Predicate
	})
	return out, nil
}

// triggers returns, for each predicate the sentence's triggers give (in
// either direction), the lemma of each occurrence (one per position).
func triggers(l *lexicon.Lexicon, sentence string) map[string][]string {
	out := map[string][]string{}
	type key struct {
		at int
		p  string
	}
	seen := map[key]bool{}
	for _, m := range l.Find(tokens(sentence)) {
		for _, p := range m.Predicates() {
			if k := (key{m.Start, p}); !seen[k] {
				seen[k] = true
				out[p] = append(out[p], m.Lemma)
			}
		}
	}
	return out
}

// tokens splits a sentence into lower-case words (letters, digits, and
// the apostrophes and hyphens inside them); punctuation is dropped.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-'
	})
}

func write(w io.Writer, rows []*row) error {
	var b strings.Builder
	fmt.Fprintln(&b, "| predicate | asserted gold | with a trigger | coverage | trigger occurrences | in a sentence the gold gives it | rough precision | most frequent triggers the gold does not confirm |")
	fmt.Fprintln(&b, "|---|--:|--:|--:|--:|--:|--:|---|")
	var tg, tc, tt, tr int
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %d | %d | %s | %s |\n", r.Predicate, r.Gold, r.Covered,
			share(r.Covered, r.Gold), r.Triggers, r.Right, share(r.Right, r.Triggers), top(r.Wrong, 4))
		tg, tc, tt, tr = tg+r.Gold, tc+r.Covered, tt+r.Triggers, tr+r.Right
	}
	fmt.Fprintf(&b, "| all | %d | %d | %s | %d | %d | %s | |\n", tg, tc, share(tc, tg), tt, tr, share(tr, tt))
	_, err := io.WriteString(w, b.String())
	return err
}

func share(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// top lists the n lemmas seen most, with their counts.
func top(m map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var xs []kv
	for k, v := range m {
		xs = append(xs, kv{k, v})
	}
	sort.Slice(xs, func(i, j int) bool {
		if xs[i].v != xs[j].v {
			return xs[i].v > xs[j].v
		}
		return xs[i].k < xs[j].k
	})
	var parts []string
	for i := 0; i < len(xs) && i < n; i++ {
		parts = append(parts, fmt.Sprintf("%s %d", xs[i].k, xs[i].v))
	}
	return strings.Join(parts, ", ")
}
