package eval

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/ner/conll"
	"github.com/entigraph/entigraph/ner/conll/conlltest"
)

const relCorpus = "../testdata/relcorpus"

// relCorpusTexts returns the text of every CoNLL-2003 train and dev
// document by the name the stand-off gold gives it (train-0042.txt), as
// scripts/relcorpus writes them.
func relCorpusTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, split := range []string{"train", "dev"} {
		docs, err := conll.ReadTexts(conlltest.Path(t, split+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		for i, text := range docs {
			texts[fmt.Sprintf("%s-%04d.txt", split, i)] = text
		}
	}
	return texts
}

// TestRelCorpus checks the stand-off gold of the relation corpus: every
// file passes Load's checks, lies in the part (train or heldout) that
// split.tsv assigns its document to, and every span starts and ends at a
// word boundary of the document's text (a CoNLL sentence, part of one, or
// two lines where CoNLL split a sentence).
func TestRelCorpus(t *testing.T) {
	f, err := os.Open(filepath.Join(relCorpus, "split.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	split := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		doc, part, ok := strings.Cut(line, "\t")
		if !ok || (part != "train" && part != "heldout") {
			t.Fatalf("split.tsv: bad line %q", line)
		}
		split[strings.Replace(doc, "/", "-", 1)+".txt"] = part
	}
	if len(split) < 300 {
		t.Fatalf("split.tsv assigns %d documents, want >= 300", len(split))
	}
	texts := relCorpusTexts(t)
	for doc := range split {
		if _, ok := texts[doc]; !ok {
			t.Errorf("split.tsv names %s, which CoNLL-2003 train/dev does not have", doc)
		}
	}
	for _, part := range []string{"train", "heldout", "second-pass"} {
		dir := filepath.Join(relCorpus, part)
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		if len(files) == 0 {
			continue
		}
		g, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		err = g.CheckSentences(func(doc string) (string, bool) {
			text, ok := texts[doc]
			if !ok {
				t.Errorf("%s/%s: no such document", part, doc)
			}
			return text, ok
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range g.Docs {
			if split[d.Doc] != part && (part != "second-pass" || split[d.Doc] == "") {
				t.Errorf("%s is in %s/, but split.tsv puts it in %q", d.Doc, part, split[d.Doc])
			}
			for i, r := range d.Relations {
				if r.Span == nil {
					t.Errorf("%s relation %d: no span (stand-off files give spans, not Reuters text)", d.Doc, i)
				} else if text, s, e := texts[d.Doc], r.Span[0], r.Span[1]; (s > 0 && !isSpace(text[s-1])) || (e < len(text) && !isSpace(text[e])) {
					t.Errorf("%s relation %d: span %v cuts a word: %q", d.Doc, i, *r.Span, r.Sentence)
				} else if strings.Count(r.Sentence, "\n") > 1 {
					t.Errorf("%s relation %d: span %v runs over three lines or more", d.Doc, i, *r.Span)
				}
			}
		}
	}
}

// TestStandoff: a sentence becomes its span, which CheckSentences turns
// back into the sentence; a span off the text or off a character boundary
// is an error naming the file.
func TestStandoff(t *testing.T) {
	text := "Héllo there.\nKim met Putin in Moscow.\n"
	d := &Doc{Doc: "x.txt", Relations: []Relation{{Subject: "a", Predicate: "met_with", Object: "b",
		Sentence: "Kim met Putin in Moscow."}}}
	if err := d.Standoff(text); err != nil {
		t.Fatal(err)
	}
	if r := d.Relations[0]; r.Sentence != "" || r.Span == nil || *r.Span != [2]int{14, 38} {
		t.Fatalf("after Standoff: sentence %q span %v", r.Sentence, r.Span)
	}
	g := &Gold{Docs: []*Doc{d}}
	if err := g.CheckSentences(func(string) (string, bool) { return text, true }); err != nil {
		t.Fatal(err)
	}
	if got := d.Relations[0].Sentence; got != "Kim met Putin in Moscow." {
		t.Errorf("CheckSentences filled in %q", got)
	}
	for _, sp := range [][2]int{{2, 5}, {30, 60}, {0, 2}} {
		d.Relations[0].Span, d.Relations[0].Sentence = &sp, ""
		err := g.CheckSentences(func(string) (string, bool) { return text, true })
		if err == nil || !strings.Contains(err.Error(), "is not a range of characters of x.txt") {
			t.Errorf("span %v: err %v", sp, err)
		}
	}
	bad := &Doc{Doc: "x.txt", Relations: []Relation{{Sentence: "Putin met Kim."}}}
	if err := bad.Standoff(text); err == nil || !strings.Contains(err.Error(), "sentence not found") {
		t.Errorf("Standoff of a missing sentence: %v", err)
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' }
