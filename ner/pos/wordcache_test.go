package pos

import (
	"slices"
	"strings"
	"testing"
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
	if len(tg.words.m) == 0 {
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
