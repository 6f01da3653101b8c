package ingest

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

var update = flag.Bool("update", false, "rewrite testdata/seeds.golden from the current output")

const seedDir = "../testdata/news"

// readSeeds reads the seed folder through Read, failing on any error.
func readSeeds(t *testing.T) map[string]*kg.Document {
	t.Helper()
	docs := map[string]*kg.Document{}
	var order []string
	for doc, err := range Read([]string{seedDir}, nil) {
		if err != nil {
			t.Fatalf("reading seeds: %v", err)
		}
		checkDoc(t, doc)
		docs[doc.ID] = doc
		order = append(order, doc.ID)
	}
	if len(docs) < 5 {
		t.Fatalf("read %d seed documents (%v), want at least 5", len(docs), order)
	}
	return docs
}

func head(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// TestSeedsGolden pins, per seed, the date and the start of every kept
// segment. Run with -update to rewrite testdata/seeds.golden after a
// deliberate change, and review the diff.
func TestSeedsGolden(t *testing.T) {
	entries, err := os.ReadDir(seedDir)
	if err != nil {
		t.Fatal(err)
	}
	docs := readSeeds(t)
	var b strings.Builder
	for _, e := range entries {
		doc := docs[e.Name()]
		if doc == nil {
			t.Errorf("seed %s: no document with that ID", e.Name())
			continue
		}
		fmt.Fprintf(&b, "== %s date=%q title=%q segments=%d\n", doc.ID, doc.Date, doc.Title, len(doc.Segments))
		for _, s := range segTexts(t, doc) {
			fmt.Fprintf(&b, "%s\n", head(s, 60))
		}
	}
	const golden = "testdata/seeds.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./ingest -run TestSeedsGolden -update)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("kept segments differ from %s (rerun with -update if the change is intended):\n%s", golden, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	inW, inG := map[string]int{}, map[string]int{}
	for _, l := range w {
		inW[l]++
	}
	for _, l := range g {
		inG[l]++
	}
	var b strings.Builder
	for _, l := range w {
		if inG[l] == 0 {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range g {
		if inW[l] == 0 {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	if b.Len() == 0 {
		return "(same lines, different order or count)"
	}
	return b.String()
}

func countSegmentsWith(t *testing.T, doc *kg.Document, sub string) int {
	n := 0
	for _, s := range segTexts(t, doc) {
		n += strings.Count(s, sub)
	}
	return n
}

func TestSeed000(t *testing.T) {
	doc := readSeeds(t)["000_cf6b1362018f176d.txt"]
	if doc == nil {
		t.Fatal("seed 000 missing")
	}
	// The West Australian and Perth Now pages carry the same story: it counts once.
	const story = "have touched down and shared a handshake in Anchorage, Alaska"
	if strings.Count(doc.Text, story) != 2 {
		t.Fatalf("seed 000 changed: want the story twice in Text")
	}
	if n := countSegmentsWith(t, doc, story); n != 1 {
		t.Errorf("the duplicated West Australian / Perth Now story is kept %d times, want 1", n)
	}
	if n := countSegmentsWith(t, doc, "Trump, Putin shake hands in Alaska"); n != 0 {
		t.Errorf("the repeated story's headline is kept")
	}
	// The Related Articles furniture is gone.
	for _, s := range segTexts(t, doc) {
		for _, f := range []string{"Related Articles", "Hashtags", "Try Our AI Features", "Explore what", "No comments yet", "minutes ago", "Perth Now", "West Australian", "The Advertiser"} {
			if strings.HasPrefix(s, f) || strings.HasPrefix(s, "- ") {
				t.Errorf("furniture kept: %q", head(s, 60))
			}
		}
		if s == "Comments" {
			t.Errorf("furniture kept: %q", s)
		}
	}
	// The articles after the marker are kept, headlines included.
	for _, want := range []string{
		"Donald Trump, Vladimir Putin meet in Anchorage, Alaska for Ukraine peace talks",
		"Putin and Trump shake hands ahead of Alaska summit",
		"US President Donald Trump has greeted Russian President Vladimir Putin",
		"North Korean forces \"participated in the operations for liberating the Kursk areas\"",
	} {
		n := 0
		for _, s := range segTexts(t, doc) {
			if strings.HasPrefix(s, want) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d kept segments start with %q, want 1", n, want)
		}
	}
}

func TestSeed004Date(t *testing.T) {
	doc := readSeeds(t)["004_111b9e2c7f64e5cc.txt"]
	if doc == nil {
		t.Fatal("seed 004 missing")
	}
	if doc.Date != "2025-05-10" {
		t.Errorf("Date = %q, want 2025-05-10", doc.Date)
	}
	first := segTexts(t, doc)[0]
	if !strings.HasPrefix(first, "North Korean leader Kim Jong Un") {
		t.Errorf("first segment starts %q, want the text after the date token", head(first, 40))
	}
}

func TestSeed002HeadlineList(t *testing.T) {
	doc := readSeeds(t)["002_715833eb425d8549.txt"]
	if doc == nil {
		t.Fatal("seed 002 missing")
	}
	for _, s := range segTexts(t, doc) {
		if strings.Contains(s, "Epstein") || strings.Contains(s, "Air Force One Delivery") {
			t.Errorf("headline list kept: %q", head(s, 60))
		}
	}
	if got := len(doc.Segments); got != 5 {
		t.Errorf("%d segments, want the 5 article paragraphs", got)
	}
}
