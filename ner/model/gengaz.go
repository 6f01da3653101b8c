//go:build ignore

// gengaz writes the gazetteer lists in gazetteers/ from their sources. Run
// it from this folder:
//
//	go run gengaz.go -countries ../../../shared/data/countries/world-countries.json \
//		-cities /tmp/cities.tsv -names /tmp/humannames.txt \
//		-male /tmp/male.txt -female /tmp/female.txt
//
// gazetteers/README.md says where each source comes from and how the
// cities list was dumped from its package.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	countries := flag.String("countries", "", "world-countries.json")
	cities := flag.String("cities", "", "cities TSV: name, country code, population, alternative name")
	minPop := flag.Int("min-population", 5000, "smallest city population kept")
	names := flag.String("names", "", "humannames list.txt (one name a line)")
	male := flag.String("male", "", "male first names (one a line)")
	female := flag.String("female", "", "female first names (one a line)")
	wordnet := flag.String("wordnet", "/usr/share/wordnet/data.noun", "WordNet 3.0 data.noun (Debian wordnet-base)")
	words := flag.String("words", "/usr/share/dict/american-english", "word list (Debian wamerican)")
	out := flag.String("o", "gazetteers", "output folder")
	flag.Parse()

	var cs []struct {
		Name struct {
			Common, Official string
		}
		AltSpellings []string
		Capital      []string
		Demonyms     map[string]struct{ F, M string }
	}
	b, err := os.ReadFile(*countries)
	check(err)
	check(json.Unmarshal(b, &cs))
	country, capital, demonym := set{}, set{}, set{}
	for _, c := range cs {
		country.add(c.Name.Common)
		country.add(c.Name.Official)
		for _, a := range c.AltSpellings {
			if len(a) >= 2 {
				country.add(a)
			}
		}
		for _, a := range c.Capital {
			capital.add(a)
		}
		if d, ok := c.Demonyms["eng"]; ok {
			for _, x := range []string{d.F, d.M} {
				if x != "" {
					demonym.add(x)
					demonym.add(x + "s")
				}
			}
		}
	}
	write(*out, "country", country)
	write(*out, "capital", capital)
	write(*out, "demonym", demonym)

	city := set{}
	eachLine(*cities, func(l string) {
		f := strings.Split(l, "\t")
		if len(f) < 3 {
			return
		}
		p, err := strconv.Atoi(f[2])
		if err != nil || p < *minPop {
			return
		}
		city.add(f[0])
		if len(f) > 3 {
			for _, a := range strings.Split(f[3], ",") {
				city.add(a)
			}
		}
	})
	write(*out, "city", city)

	first := set{}
	eachLine(*male, first.add)
	eachLine(*female, first.add)
	write(*out, "firstname", first)
	name := set{}
	eachLine(*names, name.add)
	write(*out, "name", name)

	// WordNet: capitalised instance nouns of people, capitalised nouns of
	// places and of groups (organisations).
	wnPerson, wnLoc, wnOrg := set{}, set{}, set{}
	eachLine(*wordnet, func(l string) {
		if strings.HasPrefix(l, "  ") {
			return // licence header
		}
		f := strings.Fields(l)
		if len(f) < 5 {
			return
		}
		lex, _ := strconv.Atoi(f[1])
		n, _ := strconv.ParseInt(f[3], 16, 32)
		if len(f) < 5+2*int(n) {
			return
		}
		rest := f[4+2*n:]
		np, _ := strconv.Atoi(rest[0])
		instance := false
		for i := 0; i < np && 1+4*i < len(rest); i++ {
			if rest[1+4*i] == "@i" {
				instance = true
			}
		}
		for i := 0; i < int(n); i++ {
			w := strings.ReplaceAll(f[4+2*i], "_", " ")
			if j := strings.IndexByte(w, '('); j >= 0 {
				w = w[:j]
			}
			if w == "" || w[0] < 'A' || w[0] > 'Z' {
				continue
			}
			switch {
			case lex == 18 && instance:
				wnPerson.add(w)
			case lex == 15:
				wnLoc.add(w)
			case lex == 14:
				wnOrg.add(w)
			}
		}
	})
	write(*out, "wnperson", wnPerson)
	write(*out, "wnlocation", wnLoc)
	write(*out, "wnorg", wnOrg)

	proper, common := set{}, set{}
	eachLine(*words, func(w string) {
		w = strings.TrimSpace(w)
		if w == "" || strings.Contains(w, "'") {
			return
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			proper.add(w)
		} else {
			common.add(w)
		}
	})
	write(*out, "proper", proper)
	write(*out, "common", common)
}

type set map[string]bool

func (s set) add(x string) {
	x = strings.Join(strings.Fields(x), " ")
	if x != "" && !strings.ContainsAny(x, "\t") {
		s[x] = true
	}
}

func eachLine(path string, f func(string)) {
	r, err := os.Open(path)
	check(err)
	defer r.Close()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f(strings.TrimRight(sc.Text(), "\r"))
	}
	check(sc.Err())
}

func write(dir, name string, s set) {
	l := make([]string, 0, len(s))
	for x := range s {
		l = append(l, x)
	}
	sort.Strings(l)
	check(os.WriteFile(filepath.Join(dir, name+".txt"), []byte(strings.Join(l, "\n")+"\n"), 0o644))
	log.Printf("%s: %d entries", name, len(l))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
