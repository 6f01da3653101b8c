// Command wordnetgen derives two of ner/lexicon's word lists from WordNet
// 3.0 (Debian's wordnet-base: dpkg-deb -x the package and pass its
// usr/share/wordnet folder). Run at development time only; the lists it
// writes are committed and embedded, nothing reads WordNet at run time:
//
//	go run ./ner/internal/wordnetgen -wordnet /tmp/wn/usr/share/wordnet -out ner/lexicon
//
// generic.txt: lower-case one-word nouns whose first or second sense is a
// kind of organization, institution or military unit ("council",
// "ministry", "army", "museum"): alone and capitalised ("the Council") they
// name no particular body.
//
// nonentity.txt: capitalised names of things outside the ontology:
// religions, doctrines and ideologies ("Islam", "Marxism"), kinds of
// people ("Muslim", "Sunni", "Maori"), with their plurals, languages,
// sacred texts, named events and vessels, holidays and Islamic months.
//
// WordNet 3.0 Copyright 2006 by Princeton University; the WordNet licence
// (reproduced in ner/lexicon/README.md) allows this use.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
)

type synset struct {
	off   string
	lex   string
	words []string // as written, _ -> space
	hyper []string // @ and @i
	inst  bool     // has an @i pointer: an instance (a named thing)
	group []string // #m: the groups it is a member of
}

func main() {
	dir := flag.String("wordnet", "", "WordNet 3.0 dict folder (data.noun, index.noun)")
	out := flag.String("out", "ner/lexicon", "output folder")
	flag.Parse()
	if *dir == "" {
		log.Fatal("-wordnet is required")
	}
	syns := readData(filepath.Join(*dir, "data.noun"))
	senses, tagged := readIndex(filepath.Join(*dir, "index.noun"))
	under := func(s *synset, roots map[string]bool) bool {
		seen := map[string]bool{}
		var rec func(off string) bool
		rec = func(off string) bool {
			if roots[off] {
				return true
			}
			if seen[off] {
				return false
			}
			seen[off] = true
			for _, h := range syns[off].hyper {
				if rec(h) {
					return true
				}
			}
			return false
		}
		return rec(s.off)
	}
	// Organizations, institutions (bodies and their buildings), military
	// units, buildings, facilities.
	orgRoots := set("08008335", "08053576", "08198398", "03574555", "02913152", "03315023")
	// Words that alone name one body in English news ("the Treasury
	// said", "the House voted", "the Politburo"): not generic.
	proper := set("treasury", "house", "politburo", "admiralty", "papacy", "capitol", "pentagon")
	generic := map[string]bool{}
	for lemma, offs := range senses {
		if strings.ContainsAny(lemma, "_-") || proper[lemma] {
			continue
		}
		for k, off := range offs {
			if k >= 2 {
				break
			}
			s := syns[off]
			if s == nil || s.inst || !under(s, orgRoots) {
				continue
			}
			for _, w := range s.words {
				if w == lemma { // written lower-case in this sense
					generic[lemma] = true
				}
			}
		}
	}
	// Outside the ontology.
	kinds := set("05946687", "08081668", "05943300", "06212839", "07967382", "06429590", "06282651")
	personRoot := set("00007846")
	// Politicians and members of a party may stand for their party ("the
	// Democrats said", "the Greens"): left to the rules.
	partyRoot := set("10450303", "10451263")
	party := set("08256968")
	partyMember := func(s *synset) bool {
		for _, g := range s.group {
			if gs := syns[g]; gs != nil && under(gs, party) {
				return true
			}
		}
		return false
	}
	eventRoot := set("00029378")
	craftRoot := set("03125870")
	// Holidays and the months of the Islamic calendar (the news write
	// "during Ramadan"); not other calendars' months ("Nissan", "Tammuz").
	holidayRoot := set("15183428", "15216966")
	named := set("08008335", "08053576") // organizations: never listed
	place := func(s *synset) bool { return s.lex == "15" }
	blocked := map[string]bool{}
	for _, s := range syns {
		if place(s) || under(s, named) && !under(s, kinds) {
			for _, w := range s.words {
				blocked[w] = true
			}
		}
	}
	non := map[string]bool{}
	for _, s := range syns {
		var ok, plural bool
		switch {
		case under(s, kinds):
			ok, plural = true, !s.inst
		case !s.inst && under(s, personRoot) && !under(s, partyRoot) && !partyMember(s):
			ok, plural = true, true
		case s.inst && (under(s, eventRoot) || under(s, craftRoot)):
			ok = true
		case under(s, holidayRoot): // "Easter", "Thanksgiving", "Ramadan"
			ok = true
		}
		if !ok {
			continue
		}
		for _, w := range s.words {
			r := []rune(w)
			if !unicode.IsUpper(r[0]) || blocked[w] || strings.ContainsAny(w, "0123456789") {
				continue
			}
			non[w] = true
			if plural && !strings.Contains(w, " ") {
				non[pluralOf(w)] = true
			}
		}
	}
	// Common nouns: written lower-case in some sense, and seen in the
	// sense-tagged corpus (SemCor) at least once: everyday words.
	common := map[string]bool{}
	for lemma, offs := range senses {
		if tagged[lemma] == 0 || strings.ContainsAny(lemma, "_-'.0123456789") {
			continue
		}
		for _, off := range offs {
			if s := syns[off]; s != nil && !s.inst && slices.Contains(s.words, lemma) {
				common[lemma] = true
				break
			}
		}
	}
	write(filepath.Join(*out, "common.txt"), common, `# Everyday English nouns: one word, written lower-case in some sense and
# seen at least once in WordNet's sense-tagged corpus ("monopoly", "trade",
# "information"). Generated by ner/internal/wordnetgen from WordNet 3.0
# (Princeton University; licence in ner/lexicon/README.md). DO NOT EDIT:
# rerun the generator.`)
	write(filepath.Join(*out, "generic.txt"), generic, `# One-word nouns that name a kind of organization, institution or military
# unit ("council", "ministry", "army"): alone and capitalised ("the Council")
# they name no particular body. Generated by ner/internal/wordnetgen from
# WordNet 3.0 (Princeton University; licence in ner/lexicon/README.md). DO
# NOT EDIT: rerun the generator.`)
	write(filepath.Join(*out, "nonentity.txt"), non, `# Capitalised names of things outside the ontology: religions, doctrines
# and ideologies, kinds of people (with plurals), languages, sacred texts,
# named events and vessels, holidays and Islamic months. Generated by ner/internal/wordnetgen from
# WordNet 3.0 (Princeton University; licence in ner/lexicon/README.md). DO
# NOT EDIT: rerun the generator.`)
}

func pluralOf(w string) string {
	switch {
	case strings.HasSuffix(w, "man"):
		return w[:len(w)-3] + "men"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "sh"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "x"):
		return w + "es"
	}
	return w + "s"
}

func set(xs ...string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func write(path string, m map[string]bool, header string) {
	ws := make([]string, 0, len(m))
	for w := range m {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	if err := os.WriteFile(path, []byte(header+"\n"+strings.Join(ws, "\n")+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d entries\n", path, len(ws))
}

// eachLine calls f with each line of a WordNet file that is no licence
// header (those start with a space).
func eachLine(path string, f func(line string)) {
	fh, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, " ") {
			f(line)
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
}

func readData(path string) map[string]*synset {
	out := map[string]*synset{}
	eachLine(path, func(line string) {
		if k := strings.Index(line, " | "); k >= 0 {
			line = line[:k]
		}
		fs := strings.Fields(line)
		s := &synset{off: fs[0], lex: fs[1]}
		var n int
		fmt.Sscanf(fs[3], "%x", &n)
		i := 4
		for k := 0; k < n; k++ {
			w := fs[i]
			if p := strings.IndexByte(w, '('); p > 0 {
				w = w[:p] // adjective markers
			}
			s.words = append(s.words, strings.ReplaceAll(w, "_", " "))
			i += 2
		}
		var pc int
		fmt.Sscanf(fs[i], "%d", &pc)
		i++
		for k := 0; k < pc; k++ {
			sym, off, pos := fs[i], fs[i+1], fs[i+2]
			if pos == "n" && (sym == "@" || sym == "@i") {
				s.hyper = append(s.hyper, off)
				if sym == "@i" {
					s.inst = true
				}
			}
			if pos == "n" && sym == "#m" {
				s.group = append(s.group, off)
			}
			i += 4
		}
		out[s.off] = s
	})
	return out
}

// readIndex returns each lemma's synsets, most frequent sense first, and
// how many of its senses the sense-tagged corpus has.
func readIndex(path string) (map[string][]string, map[string]int) {
	out := map[string][]string{}
	tagged := map[string]int{}
	eachLine(path, func(line string) {
		fs := strings.Fields(line)
		var n, tc int
		fmt.Sscanf(fs[2], "%d", &n)
		fmt.Sscanf(fs[len(fs)-n-1], "%d", &tc)
		out[fs[0]] = fs[len(fs)-n:]
		tagged[fs[0]] = tc
	})
	return out, tagged
}
