// Command corefeval measures coref on a stand-off gold folder of the
// relation corpus (docs/coref.md): for each gold relation marked
// single_sentence false, whether its sentence holds a pronoun or
// description that coref links to the end the sentence does not name.
//
//	go run ./internal/tools/corefeval --gold testdata/relcorpus/train --docs DIR/train [--sample N]
//
// --sample N also prints N pronoun links (those whose document and offset
// hash lowest, so the sample stays put as the resolver changes) with their
// sentence and the one before, for checking by hand; -v prints each
// relation end linked right or wrong.
package main

import (
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/entigraph/entigraph/coref"
	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

func main() {
	goldDir := flag.String("gold", "", "stand-off gold folder (testdata/relcorpus/train)")
	docs := flag.String("docs", "", "folder of the documents' text (scripts/relcorpus DIR: DIR/train)")
	sample := flag.Int("sample", 0, "print this many pronoun links for checking by hand")
	flag.BoolVar(&verbose, "v", false, "print each relation end linked to the wrong entity")
	flag.Parse()
	if *goldDir == "" || *docs == "" {
		fmt.Fprintln(os.Stderr, "usage: corefeval --gold DIR --docs DIR [--sample N]")
		os.Exit(2)
	}
	if err := run(*goldDir, *docs, *sample); err != nil {
		fmt.Fprintln(os.Stderr, "corefeval:", err)
		os.Exit(1)
	}
}

var verbose bool

type pronLink struct {
	doc, prev, sent, text, target string
	start                         int
}

func run(goldDir, docs string, sample int) error {
	g, err := eval.Load(goldDir)
	if err != nil {
		return err
	}
	text := eval.NewsDir(docs)
	if err := g.CheckSentences(text); err != nil {
		return err
	}
	p, err := pipeline.New(pipeline.WithoutStage(pipeline.Relations))
	if err != nil {
		return err
	}
	var cases, withPron, linked, correct, nDocs, nTok int
	links := map[coref.Kind]int{}
	var pron []pronLink
	var elapsed time.Duration
	for _, d := range g.Docs {
		t, ok := text(d.Doc)
		if !ok {
			return fmt.Errorf("%s: no text in %s", d.Doc, docs)
		}
		a, err := p.Annotate(&kg.Document{ID: filepath.Join(docs, d.Doc), Text: t})
		if err != nil {
			return err
		}
		nDocs++
		nTok += len(a.Tokens)
		start := time.Now()
		ls := coref.Resolve(a)
		elapsed += time.Since(start)
		toGold := goldOf(a, d)
		for _, l := range ls {
			links[l.Kind]++
			if l.Kind == coref.Pronoun {
				s := a.Sentences[l.Sentence]
				p := ""
				if l.Sentence > 0 {
					ps := a.Sentences[l.Sentence-1]
					p = t[ps.Start:ps.End]
				}
				pron = append(pron, pronLink{d.Doc, p, t[s.Start:l.Start] + "[" + l.Text + "]" + t[l.End:s.End], l.Text, strings.Join(l.Entities, "+"), l.Start})
			}
		}
		for _, r := range d.Relations {
			if r.SingleSentence || r.Span == nil {
				continue
			}
			s, e := r.Span[0], r.Span[1]
			sent := t[s:e]
			for _, end := range []string{r.Subject, r.Object} {
				ge := goldEntity(d, end)
				if ge == nil || named(sent, ge) {
					continue
				}
				cases++
				if pronounRE.MatchString(sent) {
					withPron++
				}
				// Links inside the sentence that bring in an entity the
				// sentence does not name.
				hit, any := false, false
				for _, l := range ls {
					if l.Start < s || l.End > e {
						continue
					}
					for _, id := range l.Entities {
						gid := toGold[id]
						if gid != "" && named(sent, goldEntity(d, gid)) {
							continue
						}
						any = true
						hit = hit || gid == end
					}
				}
				if any {
					linked++
					if verbose && !hit {
						var got []string
						for _, l := range ls {
							if l.Start >= s && l.End <= e {
								got = append(got, fmt.Sprintf("%q->%s", l.Text, strings.Join(l.Entities, "+")))
							}
						}
						fmt.Printf("WRONG %s %s %s %s (end %s)\n  %s\n  links: %s\n", d.Doc, r.Subject, r.Predicate, r.Object, end, sent, strings.Join(got, " "))
					}
				}
				if hit {
					correct++
					if verbose {
						fmt.Printf("RIGHT %s %s %s %s (end %s)\n", d.Doc, r.Subject, r.Predicate, r.Object, end)
					}
				}
			}
		}
	}
	fmt.Printf("documents %d, tokens %d, coref time %v (%.0f tokens/ms)\n", nDocs, nTok, elapsed.Round(time.Millisecond), float64(nTok)/float64(elapsed.Milliseconds()+1))
	fmt.Printf("links: %d pronoun, %d description\n", links[coref.Pronoun], links[coref.Description])
	fmt.Printf("relation ends not named in their sentence (single_sentence false): %d\n", cases)
	fmt.Printf("  whose sentence has a third-person pronoun at all: %d (%.1f%%)\n", withPron, pct(withPron, cases))
	fmt.Printf("  with a link to an entity the sentence does not name: %d (%.1f%%)\n", linked, pct(linked, cases))
	fmt.Printf("  of which to the gold end: %d (accuracy %.1f%%; %.1f%% of all such ends)\n", correct, pct(correct, linked), pct(correct, cases))
	if sample > 0 && len(pron) > 0 {
		// A sample that stays put when the resolver changes: the links
		// whose (document, offset) hashes lowest, in corpus order.
		keys := make([]uint32, len(pron))
		for i, p := range pron {
			h := fnv.New32a()
			fmt.Fprintf(h, "%s@%d", p.doc, p.start)
			keys[i] = h.Sum32()
		}
		order := make([]int, len(pron))
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
		pick := order[:min(sample, len(order))]
		sort.Ints(pick)
		for n, i := range pick {
			p := pron[i]
			n++
			fmt.Printf("\n#%d %s %q -> %s\n  prev: %s\n  sent: %s\n", n, p.doc, p.text, p.target, p.prev, p.sent)
		}
	}
	return nil
}

var pronounRE = regexp.MustCompile(`(?i)\b(he|him|his|she|her|it|its|they|them|their|both)\b`)

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func goldEntity(d *eval.Doc, id string) *eval.Entity {
	for i := range d.Entities {
		if d.Entities[i].ID == id {
			return &d.Entities[i]
		}
	}
	return nil
}

// named: one of the entity's written forms stands in the sentence as a
// whole word.
func named(sent string, e *eval.Entity) bool {
	if e == nil {
		return false
	}
	for _, f := range append([]string{e.Name}, e.Aliases...) {
		if f == "" {
			continue
		}
		re := regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(f) + `($|[^\pL\pN])`)
		if re.MatchString(sent) {
			return true
		}
	}
	return false
}

// goldOf maps the ner entities of a to the gold entities of d: a gold
// entity whose name or alias equals (case folded) the ner entity's name or
// one of its aliases, the same type preferred.
func goldOf(a *kg.Annotated, d *eval.Doc) map[string]string {
	forms := map[string][]*eval.Entity{}
	for i := range d.Entities {
		ge := &d.Entities[i]
		for _, f := range append([]string{ge.Name}, ge.Aliases...) {
			k := strings.ToLower(f)
			forms[k] = append(forms[k], ge)
		}
	}
	out := map[string]string{}
	for _, e := range a.Entities {
		var best *eval.Entity
		for _, f := range append([]string{e.Name}, e.Aliases...) {
			for _, ge := range forms[strings.ToLower(f)] {
				if best == nil || ge.Type == e.Type && best.Type != e.Type {
					best = ge
				}
			}
		}
		if best != nil {
			out[e.ID] = best.ID
		}
	}
	return out
}
