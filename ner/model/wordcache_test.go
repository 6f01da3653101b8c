package model

import (
	"slices"
	"strings"
	"testing"
)

// tagUncached tags sents the slow way: every static feature looked up per
// token, as training does.
func tagUncached(m *Model, sents [][]string) []Label {
	var p prepared
	p.prepare(sents, m.gaz, map[uint64]uint8{}, nil, allStatic)
	out := make([]Label, len(p.toks))
	var p1 []Label
	m.tag(newDecoder(), &p, out, &p1)
	return out
}

// TestWordCacheSameLabels checks that tagging with the word cache gives
// the labels of tagging without it, on text with repeated, accented,
// one-letter and upper-case words, in a first call (cache empty) and a
// second (cache full), and on words the cache has seen in other contexts.
func TestWordCacheSameLabels(t *testing.T) {
	m := loadedModel(t)
	docs := []string{
		"Germany 's representative to the European Union , Werner Zwingmann , said on Wednesday .\nThe European Commission said on Thursday it disagreed with German advice .",
		"SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\nNadim Ladki\nAL-AIN , United Arab Emirates 1996-12-06",
		"Zürich 's mayor met Peter Blackburn in Brussels ; Blackburn said the E.U. and Japan would talk .\nI a x y 1 2 - ( ) .",
		"Germany and Japan . Werner met Nadim in Zürich on Wednesday .",
	}
	for round := 0; round < 2; round++ {
		for _, d := range docs {
			var sents [][]string
			for _, line := range strings.Split(d, "\n") {
				sents = append(sents, strings.Fields(line))
			}
			var got []Label
			for _, s := range m.Tag(sents) {
				got = append(got, s...)
			}
			if want := tagUncached(m, sents); !slices.Equal(got, want) {
				t.Errorf("round %d, %q:\n got %v\nwant %v", round, d, got, want)
			}
		}
	}
	if len(m.words.m) == 0 {
		t.Error("the word cache stayed empty")
	}
}

// TestContextKeys checks the split of a token's static features into
// word-only ones, its neighbours' word-only ones and the context ones
// against staticFeatures itself: the word-only ones are those of the same
// word in any other context, and the three parts make up the whole.
func TestContextKeys(t *testing.T) {
	m := loadedModel(t)
	var a, b, ac prepared
	a.prepare([][]string{{"the", "Reuters", "report"}}, m.gaz, map[uint64]uint8{}, nil, allStatic)
	b.prepare([][]string{{"REUTERS", "said", "Reuters", "and", "AP", "agreed"}}, m.gaz, map[uint64]uint8{}, nil, allStatic)
	ac.prepare([][]string{{"the", "Reuters", "report"}}, m.gaz, map[uint64]uint8{}, nil, contextStatic)
	ka := a.static[a.soff[1]:a.soff[2]] // "Reuters", second word
	kb := b.static[b.soff[2]:b.soff[3]] // "Reuters", third word
	wa, wb := wordFeatures(nil, &a.toks[1]), wordFeatures(nil, &b.toks[2])
	if !slices.Equal(wa, wb) {
		t.Errorf("word-only features differ between contexts:\n%x\n%x", wa, wb)
	}
	for _, k := range wa {
		if !slices.Contains(ka, k) || !slices.Contains(kb, k) {
			t.Errorf("word-only feature %x is not a static feature", k)
		}
	}
	// bias, word, lower case, shape, capitalisation with lower case, the 4
	// prefixes and 4 suffixes of a 7-letter word, and its cluster at each
	// prefix length.
	if want := 13 + len(selfPrefixes); len(wa) != want {
		t.Errorf("Reuters has %d word-only features, want %d", len(wa), want)
	}
	if a.toks[1].clus == 0 || a.toks[0].clus == 0 {
		t.Error("reuters or the has no cluster")
	}
	// The neighbour features of "Reuters" in "the Reuters report" are
	// those the neighbours' own words give in their roles.
	var nb []uint64
	for role, tk := range map[int]*tokinfo{roleM2: &edgeTok, roleM1: &a.toks[0], roleP1: &a.toks[2], roleP2: &edgeTok} {
		nb = neighbourKeys(nb, role, tk)
	}
	// What tagging prepares is the rest.
	ca := ac.static[ac.soff[1]:ac.soff[2]]
	if !slices.Equal(ca, contextFeatures(nil, a.toks, 1)) {
		t.Error("prepare(contextStatic) differs from contextFeatures")
	}
	if len(ca) < 5 {
		t.Errorf("only %d context features", len(ca))
	}
	whole := append(append(slices.Clone(wa), nb...), ca...)
	if !sameSet(whole, ka) || len(whole) != len(ka) {
		t.Errorf("word-only %d + neighbours %d + context %d features do not make up the %d static ones", len(wa), len(nb), len(ca), len(ka))
	}
}

func sameSet(a, b []uint64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestWordCacheSameLabelsDev checks the cached tagging against the
// uncached one on every token of the CoNLL-2003 dev set, tagged twice (the
// second time from a full cache).
func TestWordCacheSameLabelsDev(t *testing.T) {
	m := loadedModel(t)
	ex := readExamples(t, "dev.txt", 0)
	n := 0
	for round := 0; round < 2; round++ {
		for d, e := range ex {
			var got []Label
			for _, s := range m.Tag(e.Words) {
				got = append(got, s...)
			}
			if want := tagUncached(m, e.Words); !slices.Equal(got, want) {
				t.Fatalf("round %d, document %d: cached and uncached labels differ:\n got %v\nwant %v", round, d, got, want)
			}
			n += len(got)
		}
	}
	if n < 100000 {
		t.Errorf("compared only %d tokens", n)
	}
}
