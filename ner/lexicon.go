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
	// From WordNet (ner/internal/wordnetgen): everyday nouns ("monopoly",
	// "information"), kinds of body that name none alone ("council",
	// "army"), names of things outside the ontology ("Islam", "Muslims"),
	// all lower-case.
	common    map[string]bool
	generic   map[string]bool
	nonentity map[string]bool
	// organizations.txt (ner/internal/phoenixgen): names of international
	// organizations and armed groups; orgFirst: each name's first word ->
	// the most words a name starting with it has.
	orgNames     map[string]bool
	orgFirst     map[string]int
	orgFirstWord map[string]bool // orgFirst's keys, for ascii.InLower
}

// commonNoun reports whether w (any case, singular or plural) is an
// everyday English noun: "Monopolies", "Trade", "Information".
func (l *lexicon) commonNoun(w string) bool {
	w = strings.ToLower(w)
	if l.common[w] {
		return true
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return l.common[w[:len(w)-3]+"y"]
	case strings.HasSuffix(w, "es") && l.common[w[:len(w)-2]]:
		return true
	case strings.HasSuffix(w, "s"):
		return l.common[w[:len(w)-1]]
	}
	return false
}

// genericHead reports whether a capitalised word alone names a kind of
// body or place, not one ("Council", "Ministry", "Museum", "Airport"), or
// is a title ("President", "Secretary").
func (l *lexicon) genericHead(w string) bool {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	return l.generic[w] || l.placeWords[w] || genericPlace[w] || genericOrg[w] || l.titles[w] && !l.modifiers[w]
}

// genericPlace: heads of places WordNet files under "area" or "point",
// not buildings.
var genericPlace = map[string]bool{"centre": true, "center": true, "library": true, "gallery": true, "zoo": true}

// genericOrg: heads of organizations (orgwords.txt) WordNet files under
// acts, groups or abstractions rather than organizations.
var genericOrg = map[string]bool{"administration": true, "court": true, "university": true, "group": true,
	"alliance": true, "authority": true, "fund": true, "guard": true, "service": true, "force": true,
	"forces": true, "trust": true, "assembly": true, "parliament": true}

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
		// The generated lists hold thousands of lines: one string for
		// the file, lines sliced from it, a map sized once.
		text := string(b)
		m := make(map[string]bool, strings.Count(text, "\n")+1)
		for len(text) > 0 {
			line, rest, _ := strings.Cut(text, "\n")
			text = rest
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			if fold && !lowerASCII(line) {
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
	l.common = read("common.txt", true)
	l.generic = read("generic.txt", true)
	l.nonentity = read("nonentity.txt", true)
	l.orgNames = read("organizations.txt", true)
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
	l.orgFirst, l.orgFirstWord = map[string]int{}, map[string]bool{}
	for n := range l.orgNames {
		first, _, _ := strings.Cut(n, " ") // names are written with single spaces
		l.orgFirst[first] = max(l.orgFirst[first], strings.Count(n, " ")+1)
		l.orgFirstWord[first] = true
	}
	l.titleStarts = map[string]bool{}
	for _, m := range []map[string]bool{l.titles, l.titlePrefixes, l.modifiers} {
		for w := range m {
			l.titleStarts[w] = true
		}
	}
	return l, nil
}

// lowerASCII reports whether s is ASCII with no upper-case letter: already
// folded.
func lowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// titleWords splits a title the way the tokenizer splits text: at spaces
// (hyphenated titles stay one word).
func titleWords(t string) []string { return strings.Fields(t) }
