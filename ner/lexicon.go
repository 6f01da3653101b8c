package ner

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// lexicon holds the small word lists of lexicon/: each file documents its
// own use.
type lexicon struct {
	titles   map[string]bool // "president", "chief of staff"
	titleMax int             // most words in a title
	// titlePrefixes holds every beginning of a title that a space
	// follows in it ("chief", "chief of"): a run of words that is not
	// one cannot grow into a title.
	titlePrefixes map[string]bool
	modifiers     map[string]bool // "former", "deputy"
	// titleStarts is titles, titlePrefixes and modifiers in one set: a
	// word in none of them starts no title, and titleAt rules most words
	// out with one look-up instead of three.
	titleStarts map[string]bool
	orgWords    map[string]bool // "agency", "house"
	placeWords  map[string]bool // "base", "peninsula"
	eventWords  map[string]bool // "day", "prize", "war"
	acronyms    map[string]bool // "AI", "GPS": not Organization candidates (as written)
	calendar    map[string]bool // "monday", "may"
	seats       map[string]bool // "kremlin", "white house": Organization
	places      map[string]bool // "asia", "oval office": Place
}

func loadLexicon() (*lexicon, error) {
	l := &lexicon{}
	var err error
	read := func(name string, fold bool) map[string]bool {
		if err != nil {
			return nil
		}
		b, e := lexiconFS.ReadFile("lexicon/" + name)
		if e != nil {
			err = fmt.Errorf("lexicon %s: %w", name, e)
			return nil
		}
		m := map[string]bool{}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if fold {
				line = strings.ToLower(line)
			}
			m[line] = true
		}
		return m
	}
	l.titles = read("titles.txt", true)
	l.modifiers = read("modifiers.txt", true)
	l.orgWords = read("orgwords.txt", true)
	l.placeWords = read("placewords.txt", true)
	l.eventWords = read("eventwords.txt", true)
	l.acronyms = read("acronyms.txt", false)
	l.calendar = read("calendar.txt", true)
	l.seats = read("seats.txt", true)
	l.places = read("places.txt", true)
	if err != nil {
		return nil, err
	}
	l.titlePrefixes = map[string]bool{}
	for t := range l.titles {
		if n := len(titleWords(t)); n > l.titleMax {
			l.titleMax = n
		}
		for i := 0; i < len(t); i++ {
			if t[i] == ' ' {
				l.titlePrefixes[t[:i]] = true
			}
		}
	}
	l.titleStarts = map[string]bool{}
	for _, m := range []map[string]bool{l.titles, l.titlePrefixes, l.modifiers} {
		for w := range m {
			l.titleStarts[w] = true
		}
	}
	return l, nil
}

// titleWords splits a title the way the tokenizer splits text: at spaces
// (hyphenated titles stay one word).
func titleWords(t string) []string { return strings.Fields(t) }
