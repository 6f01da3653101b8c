package pos

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWordCacheSameTags checks that tagging with the word cache gives the
// tags of tagging without it (every feature looked up per token), with
// the cache empty and then full, on words seen before in other contexts.
func TestWordCacheSameTags(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	uncached := func(words []string) []string { return tagUncached(tg, words) }
	sents := []string{
		"Zwingmann told Blackburn that the Zürich talks would resume on Thursday .",
		"SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
		"Blackburn resumed talks ; Zwingmann 's Zürich office declined 3-1 offers .",
		"I saw the saw in the shed .",
	}
	for round := 0; round < 2; round++ {
		for _, line := range sents {
			words := strings.Fields(line)
			if got, want := tg.Tag(words), uncached(words); !slices.Equal(got, want) {
				t.Errorf("round %d, %q:\n got %v\nwant %v", round, line, got, want)
			}
		}
	}
	if tg.words.count == 0 {
		t.Error("the word cache stayed empty")
	}
}

// tagUncached tags words looking up every feature per token, as training
// does.
func tagUncached(tg *Tagger, words []string) []string {
	s := &scratch{}
	s.prepare(words)
	var out []string
	for _, id := range tg.decode(s, tg.W, nil) {
		out = append(out, tg.tags[id])
	}
	return out
}

// TestWordCacheSameTagsDev checks the cached tagging against the uncached
// one on every sentence of the CoNLL-2003 dev set, twice (the second time
// from a full cache).
func TestWordCacheSameTagsDev(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sents := readSentences(t, "dev.txt", 0)
	n := 0
	for round := 0; round < 2; round++ {
		for _, s := range sents {
			if got, want := tg.Tag(s.Words), tagUncached(tg, s.Words); !slices.Equal(got, want) {
				t.Fatalf("round %d, %q:\n got %v\nwant %v", round, s.Words, got, want)
			}
			n += len(s.Words)
		}
	}
	if n < 100000 {
		t.Errorf("compared only %d tokens", n)
	}
}

// TestFoldASCII checks that foldASCII gives fold's results on every ASCII
// word of the CoNLL-2003 dev set and on every ASCII byte.
func TestFoldASCII(t *testing.T) {
	words := []string{"", "U.S.", "3-1", "McDonald's", "ABC123xyz", "--", "a"}
	for b := 0; b < utf8.RuneSelf; b++ {
		words = append(words, string(rune(b)), "x"+string(rune(b))+"Y")
	}
	for _, s := range readSentences(t, "dev.txt", 0) {
		words = append(words, s.Words...)
	}
	n := 0
	for _, w := range words {
		if !isASCII(w) {
			continue
		}
		var a, b tok
		la := foldASCII(nil, w, &a)
		lb := fold(nil, w, &b)
		if string(la) != string(lb) || a != b {
			t.Fatalf("%q: foldASCII %q %+v, fold %q %+v", w, la, a, lb, b)
		}
		n++
	}
	if n < 50000 {
		t.Errorf("compared only %d words", n)
	}
}

// TestWordCacheLongWords checks words the cache does not hold (too long
// for an entry) and words that differ only past their first bytes.
func TestWordCacheLongWords(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Zyx", maxEntryWord/3+1)
	for _, line := range []string{
		long + " said the " + long + " .",
		"Abcdefgh1 met Abcdefgh2 and Abcdefgh1 in Abcdefgh3 .",
	} {
		words := strings.Fields(line)
		for round := 0; round < 2; round++ {
			if got, want := tg.Tag(words), tagUncached(tg, words); !slices.Equal(got, want) {
				t.Errorf("round %d, %q:\n got %v\nwant %v", round, line, got, want)
			}
		}
	}
}

// TestWordCacheCollision checks that words of the same hash get entries of
// their own, each on its second lookup.
func TestWordCacheCollision(t *testing.T) {
	c := wordCache{slots: make([]cacheSlot, 16)}
	const n, h = 5, 42
	add := func(w string, v int32) {
		part, mark := c.get(h, w, n)
		if part != nil || mark != nil {
			t.Fatalf("%q: cached before its first lookup", w)
		}
		c.mark(h)
		if part, mark = c.get(h, w, n); part != nil || mark == nil {
			t.Fatalf("%q: not marked seen", w)
		}
		c.add(mark, w, n)[0] = v
	}
	add("abcde", 1)
	for _, w := range []string{"abcdf", "abcd", "abcdef", "", "bbcde"} {
		if part, _ := c.get(h, w, n); part != nil {
			t.Errorf("%q found as abcde", w)
		}
	}
	add("abcdf", 2)
	if got, _ := c.get(h, "abcde", n); got == nil || got[0] != 1 {
		t.Errorf("abcde: %v", got)
	}
	if got, _ := c.get(h, "abcdf", n); got == nil || got[0] != 2 {
		t.Errorf("abcdf: %v", got)
	}
}

// TestDictTable checks the dictionary's table against its map.
func TestDictTable(t *testing.T) {
	tg := load(t)
	m := maps.Clone(tg.dict)
	m[0] = 7
	d := newDictTable(m)
	for k, id := range m {
		if got, ok := d.get(k); !ok || got != id {
			t.Fatalf("%#x: %d %v, want %d", k, got, ok, id)
		}
	}
	for k := uint64(1); k < 100000; k++ {
		h := k * 0x9e3779b97f4a7c15
		if _, in := m[h]; !in {
			if _, ok := d.get(h); ok {
				t.Fatalf("%#x found", h)
			}
		}
	}
	d = newDictTable(tg.dict)
	if _, ok := d.get(0); ok {
		t.Error("0 found")
	}
}
