// Command gen derives cameo.tsv, the relation lexicon's committed trigger
// table, from PETRARCH2's CAMEO verb dictionary (CAMEO.2.0.txt in
// ../shared/data/petrarch2; MIT licence, Open Event Data Alliance). It runs
// at development time only:
//
//	go generate ./relation/lexicon
//
// which runs, in relation/lexicon,
//
//	go run ./internal/gen -src ../../../shared/data/petrarch2 -o cameo.tsv
//
// (from a git worktree whose parent has no shared/, pass -src
// /work/shared/data/petrarch2 or wherever the data lives). The program that
// uses the lexicon never reads ../shared: it embeds the table.
//
// What it reads (dictionaries.rst describes the format): the synonym sets
// (&NAME followed by +word lines), then the verb blocks: a header
// "--- NAME [CODE] ---", verb lines ("MEET {MEETS MET MEETING}",
// "+MEET_WITH {...}", "ENDORSE [051]") and pattern lines
// ("- * (FOR TALKS) [036:036] # MEET"). Transformations (lines starting
// with "~") combine two coded verbs and are not read.
//
// A CAMEO code "A:B" codes the subject acting on the object with A and the
// object acting on the subject with B (VISIT [042:043]: X visits Y, and Y
// hosts X; FACE CRITICISM [:111]: the object criticizes the subject); "---"
// and an empty side code nothing. mapping.go maps codes to the ontology's
// predicates (documented in docs/relations.md, "The CAMEO lexicon").
//
// What it writes (tab-separated; a "#" line is a comment):
//
//	verb     block  lemma    forms                  code  predicate  reverse  line
//	pattern  block  lemma    pattern                code  predicate  reverse  line
//	synset   name   members
//
// A verb row is a verb of a block with its own code (or the block's); forms
// lists its inflected forms ("|"-joined, lower case: the ones written in
// {...}, else the regular -s, -ed, -ing forms). A pattern row is one
// pattern of the verb's block, written back in the dictionary's notation,
// lower-cased ("* (for talks)"). predicate is the ontology predicate of the
// forward code, reverse that of the reverse code ("-" for none). Only rows
// with a predicate on either side are written, and the verb rows of every
// verb that has one; synset rows give the members of the synonym sets the
// written patterns use. line is the line of CAMEO.2.0.txt the row comes
// from. Rows keep the dictionary's order.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	src := flag.String("src", "../../../shared/data/petrarch2", "folder holding CAMEO.2.0.txt")
	out := flag.String("o", "cameo.tsv", "output table")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		log.Fatal(err)
	}
}

func run(src, out string) error {
	in := filepath.Join(src, "CAMEO.2.0.txt")
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	d, err := parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	tmp := out + ".tmp"
	w, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := d.write(bw); err != nil {
		w.Close()
		os.Remove(tmp)
		return err
	}
	if err := bw.Flush(); err != nil {
		w.Close()
		os.Remove(tmp)
		return err
	}
	if err := w.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, out)
}

type verb struct {
	lemma string
	forms []string
	code  string
	line  int
}

type pattern struct {
	text string // lower case, normalized spacing
	code string
	line int
	syns []string // synsets it uses
}

type block struct {
	name     string
	code     string
	verbs    []verb
	patterns []pattern
}

type dict struct {
	synsets map[string][]string
	blocks  []*block
}

var (
	headerRE = regexp.MustCompile(`^---\s+(\S+)\s+\[([^\]]*)\]`)
	codeRE   = regexp.MustCompile(`\[([^\]]*)\]\s*$`)
	synRE    = regexp.MustCompile(`&[A-Z0-9_]+`)
)

// parse reads the dictionary. Errors name the line.
func parse(r io.Reader) (*dict, error) {
	d := &dict{synsets: map[string][]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var (
		n       int
		inVerbs bool
		syn     string
		synNoPl bool
		cur     *block
	)
	for sc.Scan() {
		n++
		raw := sc.Text()
		if strings.HasPrefix(raw, "####### VERB PATTERNS") {
			inVerbs = true
			continue
		}
		if m := headerRE.FindStringSubmatch(raw); m != nil && inVerbs {
			cur = &block{name: m[1], code: m[2]}
			d.blocks = append(d.blocks, cur)
			continue
		}
		line := raw
		if i := strings.IndexAny(line, "#;"); i >= 0 {
			line = line[:i] // "#" comments; ";" is TABARI's, still in a few lines
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !inVerbs {
			switch {
			case strings.HasPrefix(line, "&"):
				syn = line
				synNoPl = strings.HasSuffix(syn, "_")
				syn = strings.TrimSuffix(syn, "_")
			case strings.HasPrefix(line, "+") && syn != "":
				term := line[1:]
				noPl := synNoPl || strings.HasSuffix(term, "_")
				term = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSuffix(term, "_"), "_", " ")), " "))
				d.synsets[syn] = append(d.synsets[syn], term)
				if !noPl {
					d.synsets[syn] = append(d.synsets[syn], plural(term))
				}
			default:
				return nil, fmt.Errorf("line %d: %q outside a synonym set", n, raw)
			}
			continue
		}
		if strings.HasPrefix(line, "~") {
			continue // transformations: not read
		}
		if cur == nil {
			return nil, fmt.Errorf("line %d: %q before the first verb block", n, raw)
		}
		if strings.HasPrefix(line, "-") {
			m := codeRE.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("line %d: pattern without a [code]: %q", n, raw)
			}
			body := strings.TrimSpace(strings.TrimPrefix(line[:len(line)-len(m[0])], "-"))
			if !strings.Contains(body, "*") {
				return nil, fmt.Errorf("line %d: pattern without the verb's place *: %q", n, raw)
			}
			p := pattern{text: strings.ToLower(strings.Join(strings.Fields(body), " ")), code: strings.TrimSpace(m[1]), line: n}
			p.syns = synRE.FindAllString(body, -1)
			if !d.defined(p.syns) {
				continue // as in PETRARCH2: a pattern using an undefined synonym set is ignored
			}
			cur.patterns = append(cur.patterns, p)
			continue
		}
		v, err := parseVerb(line, cur.code)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w: %q", n, err, raw)
		}
		v.line = n
		cur.verbs = append(cur.verbs, v)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !inVerbs || len(d.blocks) == 0 {
		return nil, fmt.Errorf("no verb blocks (no \"####### VERB PATTERNS\" section)")
	}
	return d, nil
}

func (d *dict) defined(syns []string) bool {
	for _, s := range syns {
		if _, ok := d.synsets[s]; !ok {
			return false
		}
	}
	return true
}

// parseVerb reads "WORD {FORMS} [CODE]", "+MEET_WITH {+MET_WITH ...}" or
// "WIRE_+TAP {...}".
func parseVerb(line, blockCode string) (verb, error) {
	v := verb{code: blockCode}
	if m := codeRE.FindStringSubmatch(line); m != nil {
		v.code = strings.TrimSpace(m[1])
		line = strings.TrimSpace(line[:len(line)-len(m[0])])
	}
	head, rest, braces := line, "", false
	if i := strings.IndexByte(line, '{'); i >= 0 {
		j := strings.IndexByte(line, '}')
		if j < i {
			return v, fmt.Errorf("unclosed {")
		}
		head, rest, braces = strings.TrimSpace(line[:i]), line[i+1:j], true
		if tail := strings.TrimSpace(line[j+1:]); tail != "" {
			return v, fmt.Errorf("text after }")
		}
	}
	if strings.ContainsAny(head, " \t") {
		return v, fmt.Errorf("verb with spaces")
	}
	v.lemma = words(head)
	if braces {
		for _, f := range strings.Fields(rest) {
			v.forms = append(v.forms, words(f))
		}
	} else {
		v.forms = regular(head)
	}
	return v, nil
}

// words turns "+MEET_WITH" into "meet with".
func words(s string) string {
	s = strings.ReplaceAll(s, "+", "")
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), " "))
}

// regular gives the regular forms of a verb written without {...}: -s,
// -ed and -ing on the word marked with "+" (or the only word).
func regular(head string) []string {
	parts := strings.Split(head, "_")
	at := 0
	for i, p := range parts {
		if strings.HasPrefix(p, "+") {
			at = i
		}
	}
	stem := strings.ToLower(strings.TrimPrefix(parts[at], "+"))
	if stem == "" {
		return nil
	}
	var out []string
	for _, f := range []string{third(stem), past(stem), gerund(stem)} {
		ws := make([]string, len(parts))
		for i, p := range parts {
			ws[i] = strings.ToLower(strings.TrimPrefix(p, "+"))
		}
		ws[at] = f
		out = append(out, strings.Join(ws, " "))
	}
	return out
}

func vowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func third(s string) string {
	switch {
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"), strings.HasSuffix(s, "z"),
		strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"):
		return s + "es"
	case strings.HasSuffix(s, "y") && len(s) > 1 && !vowel(s[len(s)-2]):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// doubles reports whether a verb doubles its final consonant before -ed
// and -ing: one syllable ending in consonant, vowel, consonant (not w, x,
// y): "stab" -> "stabbed", "plan" -> "planned"; not "shell", "meet",
// "visit".
func doubles(s string) bool {
	n := len(s)
	if n < 3 || vowel(s[n-1]) || strings.IndexByte("wxy", s[n-1]) >= 0 || !vowel(s[n-2]) || vowel(s[n-3]) {
		return false
	}
	groups := 0
	for i := 0; i < n; i++ {
		if vowel(s[i]) && (i == 0 || !vowel(s[i-1])) {
			groups++
		}
	}
	return groups == 1
}

func past(s string) string {
	switch {
	case doubles(s):
		return s + s[len(s)-1:] + "ed"
	case strings.HasSuffix(s, "e"):
		return s + "d"
	case strings.HasSuffix(s, "y") && len(s) > 1 && !vowel(s[len(s)-2]):
		return s[:len(s)-1] + "ied"
	}
	return s + "ed"
}

func gerund(s string) string {
	if doubles(s) {
		return s + s[len(s)-1:] + "ing"
	}
	if strings.HasSuffix(s, "e") && len(s) > 2 && !vowel(s[len(s)-2]) && !strings.HasSuffix(s, "ee") {
		return s[:len(s)-1] + "ing"
	}
	return s + "ing"
}

// plural is the synonym sets' regular plural: the spelling rule of the
// third person (-ies after a consonant and y, -es after s, x, z, ch, sh,
// else -s), on the last word.
func plural(s string) string { return third(s) }

func (d *dict) write(w io.Writer) error {
	fmt.Fprintln(w, "# Generated by relation/lexicon/internal/gen from PETRARCH2's CAMEO verb dictionary")
	fmt.Fprintln(w, "# (CAMEO.2.0.txt, openeventdata/petrarch2 commit 676801cd; MIT licence,")
	fmt.Fprintln(w, "# Copyright (c) 2014 Open Event Data, (c) 2015 Open Event Data Alliance).")
	fmt.Fprintln(w, "# DO NOT EDIT: change the mapping in internal/gen/mapping.go and run go generate ./relation/lexicon.")
	fmt.Fprintln(w, "# The mapping of CAMEO codes to predicates: docs/relations.md, \"The CAMEO lexicon\".")
	fmt.Fprintln(w, "# verb\tblock\tlemma\tforms\tcode\tpredicate\treverse\tline")
	fmt.Fprintln(w, "# pattern\tblock\tlemma\tpattern\tcode\tpredicate\treverse\tline")
	fmt.Fprintln(w, "# synset\tname\tmembers")
	used := map[string]bool{}
	for _, b := range d.blocks {
		// A pattern applies to every verb of its block; its predicates
		// depend on the verb only through the overrides. Rows are grouped by
		// predicates: lemma "*" when all the block's verbs share them, else
		// one row per group with its lemmas joined by "|".
		type group struct {
			fwd, rev string
			lemmas   []string
		}
		var rows []string
		keep := map[string]bool{} // lemmas with a predicate somewhere
		for _, p := range b.patterns {
			var gs []*group
			for _, v := range b.verbs {
				pf, pr := predicates(b.name, v.lemma, p.code, false)
				var g *group
				for _, x := range gs {
					if x.fwd == pf && x.rev == pr {
						g = x
					}
				}
				if g == nil {
					g = &group{fwd: pf, rev: pr}
					gs = append(gs, g)
				}
				g.lemmas = append(g.lemmas, v.lemma)
			}
			for _, g := range gs {
				if g.fwd == "-" && g.rev == "-" {
					continue
				}
				lemma := "*"
				if len(gs) > 1 {
					lemma = strings.Join(g.lemmas, "|")
				}
				for _, l := range g.lemmas {
					keep[l] = true
				}
				rows = append(rows, fmt.Sprintf("pattern\t%s\t%s\t%s\t%s\t%s\t%s\t%d", b.name, lemma, p.text, p.code, g.fwd, g.rev, p.line))
				for _, s := range p.syns {
					used[s] = true
				}
			}
		}
		for _, v := range b.verbs {
			fwd, rev := predicates(b.name, v.lemma, v.code, true)
			if fwd == "-" && rev == "-" && !keep[v.lemma] {
				continue
			}
			if _, err := fmt.Fprintf(w, "verb\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", b.name, v.lemma, strings.Join(v.forms, "|"), v.code, fwd, rev, v.line); err != nil {
				return err
			}
		}
		for _, r := range rows {
			if _, err := fmt.Fprintln(w, r); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(used))
	for s := range used {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		if _, err := fmt.Fprintf(w, "synset\t%s\t%s\n", strings.ToLower(s), strings.Join(d.synsets[s], "|")); err != nil {
			return err
		}
	}
	return nil
}
