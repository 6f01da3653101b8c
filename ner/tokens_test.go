package ner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
	"github.com/jdkato/prose/v2"
)

// proseWords is what splitWords stands in for: prose's own tokenizer over
// the whole text.
func proseWords(t testing.TB, st string) []string {
	doc, err := prose.NewDocument(st, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, pt := range doc.Tokens() {
		if pt.Tag != "" || pt.Label != "" {
			t.Fatalf("prose tagged %q without tagging: %+v", st, pt)
		}
		out = append(out, pt.Text)
	}
	return out
}

func checkSplitWords(t testing.TB, st string) {
	// prose panics on some invalid UTF-8 (its lower-cased chunk is longer
	// than the chunk); Annotate reports that as the document's error, so
	// splitWords must panic exactly when prose does.
	var got, want []string
	var err error
	gotPanic := catch(func() { got, err = splitWords(st, testSplitCache) })
	wantPanic := catch(func() { want = proseWords(t, st) })
	if gotPanic != wantPanic {
		t.Fatalf("splitWords(%q) panics: %v, prose panics: %v", st, gotPanic, wantPanic)
	}
	if err != nil {
		t.Fatalf("splitWords(%q): %v", st, err)
	}
	if len(got) != len(want) {
		t.Fatalf("splitWords(%q): %d tokens %q, prose gives %d %q", st, len(got), got, len(want), want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("splitWords(%q): token %d is %q, prose gives %q", st, i, got[i], want[i])
		}
	}
}

// testSplitCache is shared by all checks, so that most non-plain chunks
// are looked up in it, and the rest go through prose.
var testSplitCache = newSplitCache()

func catch(f func()) (panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	f()
	return false
}

// splitWordsCases hold every kind of chunk prose splits or keeps whole:
// prefixes, suffixes, contractions, dotted abbreviations, emoticons, curly
// quotes, "&rsquo;", chunks prose drops, odd white space and bytes, and the
// separator splitWords uses itself.
var splitWordsCases = []string{
	"",
	"   ",
	"plain words only",
	"US President Donald Trump met Kim Jong Un's envoy in Pyongyang.",
	"“Quoted,” said Mr. Smith — it’s &rsquo; 'Spider's Web' (Reuters) - U.S.-led.",
	"They'll say I'm sure we're fine, don't they? $100 (or [so]) \"yes\"!",
	"xD :) 8-D (-8 8-) :-) ¯\\(ツ)/¯ O.o o_O XDD ^___^ Dr. Jr. Gen. a.b.c. ",
	"'s 's 's 'Spider's n't N'T DON'T I'LL",
	"tab\there\nnew\u00a0nbsp\u2003em\u0085nel end ",
	"\xff\xfe invalid \xc3 bytes Kim.",
	"\xe2\x80'S0", // prose panics
	"sep \x01 inside a\x01b \x01",
	"ends with a quote'",
	"$ ( \" [ , ) ] ! ; . ? : ' &",
	"word, word. word) (word word] [word word! word; word? word: word' word\"",
	"1,000 10.5% 3:30 p.m. U.S.A. e-mail C++ AT&T &amp; &rsquo;s",
	"“ ” ‘ ’ „ ″ ′ –—",
	"can can can the the the saw saw",
	"17,000 3.5 U.S-led a.b (a)b a(b) x\"y\" $5$ [a]b a]b: a:b Mr.X 8-)x x8-) =)= Gen.Lee",
}

// TestSplitWordsShortChunks holds splitWords to prose on every chunk of up
// to three characters from the bytes prose's splitter acts on and those
// emoticons are made of, where punctuation inside a chunk keeps it whole.
func TestSplitWordsShortChunks(t *testing.T) {
	alpha := []string{"a", "A", "8", "-", "=", "x", "X", "D", "o", "O", "_", "^", "<", ">", "3", "|", "/", "*", "@",
		"$", "(", `"`, "[", ",", ")", "]", "!", ";", ".", "?", ":", "'", "&", "é", "’"}
	var chunks []string
	for _, a := range alpha {
		chunks = append(chunks, a)
		for _, b := range alpha {
			chunks = append(chunks, a+b)
			for _, c := range alpha {
				chunks = append(chunks, a+b+c)
			}
		}
	}
	for i := 0; i < len(chunks); i += 300 {
		checkSplitWords(t, strings.Join(chunks[i:min(i+300, len(chunks))], " "))
	}
}

func TestSplitWords(t *testing.T) {
	for _, st := range splitWordsCases {
		checkSplitWords(t, st)
	}
	// Sentences of every seed document, line by line.
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "news", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no seed documents")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			checkSplitWords(t, line)
		}
	}
}

// FuzzSplitWords checks splitWords against prose's tokenizer.
func FuzzSplitWords(f *testing.F) {
	for _, s := range splitWordsCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, st string) { checkSplitWords(t, st) })
}

func TestFillGaps(t *testing.T) {
	st := "a 'Spider's b c"
	toks := []tok{tokAt(st, 0, 1), tokAt(st, 12, 13)}
	got := fillGaps(st, 0, toks)
	var texts []string
	for _, t := range got {
		texts = append(texts, t.Text)
	}
	if g, w := strings.Join(texts, " "), "a 'Spider's b c"; g != w {
		t.Errorf("fillGaps = %q, want %q", g, w)
	}
	// No gap: the same slice back.
	full := []tok{tokAt(st, 0, 1), tokAt(st, 2, 11), tokAt(st, 12, 13), tokAt(st, 14, 15)}
	if got := fillGaps(st, 0, full); len(got) != 4 || &got[0] != &full[0] {
		t.Errorf("fillGaps without a gap copied or changed the tokens: %v", got)
	}
}

func tokAt(st string, s, e int) kg.Token { return kg.Token{Start: s, End: e, Text: st[s:e]} }

// TestGapTag: the tags ProseTagger gives the tokens fillGaps adds.
func TestGapTag(t *testing.T) {
	for w, want := range map[string]string{"'Spider's": "NNP", "'90s": "CD", "'bout": "NN", "--": "SYM", "École": "NNP"} {
		if got := gapTag(w); got != want {
			t.Errorf("gapTag(%q) = %q, want %q", w, got, want)
		}
	}
	// prose drops "'Spider's": the tokens stage gives it a token, and
	// ProseTagger tags it by its shape.
	ann, err := proseAnnotator(t).Annotate(&kg.Document{ID: "test", Text: "a 'Spider's b c"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range ann.Tokens {
		got = append(got, tk.Text)
		if tk.Text == "'Spider's" && (tk.Tag != "NNP" || tk.Label != kg.NoLabel) {
			t.Errorf("'Spider's: tag %s, label %v; want NNP, O", tk.Tag, tk.Label)
		}
	}
	if g, w := strings.Join(got, " "), "a 'Spider's b c"; g != w {
		t.Errorf("prose tokens = %q, want %q", g, w)
	}
}

func TestTokenKeys(t *testing.T) {
	var toks []tok
	for _, w := range []string{"U.S.", "'s", "Kim", "Jong-Un", "", "İstanbul", "Zürich", "K\u212a", "\xff", "A1b2", ",", "ſ"} {
		toks = append(toks, tok{Text: w})
	}
	keys, off := tokenKeys(toks, make([]int, len(toks)+1))
	for k, tk := range toks {
		if got, want := keys[off[k]:off[k+1]], gazetteer.Key(tk.Text); got != want {
			t.Errorf("key of %q = %q, want %q", tk.Text, got, want)
		}
	}
}

// TestSplitWordsAffixed holds splitWords to prose on words with prefixes
// and suffixes around them, among them the words of prose's emoticons and
// abbreviations, which it keeps whole with their affixes.
func TestSplitWordsAffixed(t *testing.T) {
	words := []string{"Kim", "ab", "a", "17,000", "3.5", "U.S", "U.S.A", "Mr", "Gen", "Mrs", "MR", "Abc", "a.b", "U.S-led",
		"xD", "XD", "8-D", "-8", "8-", "o", ":o", ":(", ":-", ":`", "=", "-_-", "._", "ಠ_ಠ", "¬_¬", "o_O", "O.o",
		"it's", "AT&T", "é1", "a’b", "x\xffy", "n", "don", "I", "we"}
	pres := []string{"", "(", "$", `"`, "[(", `("`, "$$"}
	sufs := []string{"", ".", ",", ")", ".)", "),", `."`, "'", "'.", "?!", ":", ";", "]", ".'.", "..", `",`, "'t", "'s"}
	var chunks []string
	for _, w := range words {
		for _, p := range pres {
			for _, s := range sufs {
				chunks = append(chunks, p+w+s)
			}
		}
	}
	for i := 0; i < len(chunks); i += 200 {
		checkSplitWords(t, strings.Join(chunks[i:min(i+200, len(chunks))], " "))
	}
	for _, c := range chunks {
		checkSplitWords(t, c) // alone, and so at the end of the text
	}
}

// TestFoldQuotesFast: foldQuotes skips the replacer only on texts it
// would leave as they are.
func TestFoldQuotesFast(t *testing.T) {
	for _, s := range []string{"", "plain", "“quoted”", "‘single’", "it’s", "a &rsquo; b", "a & b", "&rsquo",
		"\xe2", "—dash–", "…", "\xe2\x80", "Zürich"} {
		if got, want := foldQuotes(s), quoteFolder.Replace(s); got != want {
			t.Errorf("foldQuotes(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestProseMask: runes whose lower case has another byte length are masked
// (prose mis-cuts or panics on them), others kept, offsets unchanged.
func TestProseMask(t *testing.T) {
	for _, c := range [][2]string{
		{"Kim Jong Un's envoy", "Kim Jong Un's envoy"},
		{"Zürich’s mayor", "Zürich’s mayor"},
		{"\xe2\x80's", "__'s"},
		{"a ȺȺȺ's b", "a ______'s b"},
		{"the \u212a scale", "the ___ scale"},
		{"ok \xff\tİstanbul'da", "ok _\t__stanbul'da"},
	} {
		if got := proseMask(c[0]); got != c[1] {
			t.Errorf("proseMask(%q) = %q, want %q", c[0], got, c[1])
		}
		if m := proseMask(c[0]); len(strings.ToLower(m)) != len(m) {
			t.Errorf("proseMask(%q) = %q still lower-cases to another length", c[0], m)
		}
		if catch(func() { proseWords(t, proseMask(c[0])) }) {
			t.Errorf("prose panics on proseMask(%q)", c[0])
		}
	}
}
