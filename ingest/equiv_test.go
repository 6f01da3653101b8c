package ingest

import (
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/ascii"
)

// refFold and refWords are the plain definitions foldPadded and
// foldedWords stand in for.
func refFold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if isSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func refWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

var foldCases = []string{
	"", " ", "\t\n", "Hello, World!", "  Two  spaces\tand\ttabs\n",
	"İstanbul ÀÉÎ straße ΣΑΣ", "zero\u200bwidth\ufeffbom", "ctl\x01\x7fchars",
	"\xff\xfe bad \xc3 utf8", "mixed 123 ABC-def_ghi", "a\u0307b", "\u00a0nbsp\u0085nel",
}

func checkFold(t *testing.T, s string) {
	p := foldPadded(s)
	if got, want := p, " "+refFold(s)+" "; got != want {
		t.Fatalf("foldPadded(%q) = %q, want %q", s, got, want)
	}
	if got, want := foldedWords(p[1:len(p)-1], nil), refWords(s); !slices.Equal(got, want) {
		t.Fatalf("words of %q = %q, want %q", s, got, want)
	}
}

func TestFoldAndWords(t *testing.T) {
	for _, s := range foldCases {
		checkFold(t, s)
	}
	entries, _ := os.ReadDir(seedDir)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(seedDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		checkFold(t, string(data))
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range foldCases {
		f.Add(s)
	}
	f.Fuzz(checkFold)
}

// The line rules' allocation-free helpers against the plain code they
// replace.

func refTitleCase(t string) bool {
	caps, total := 0, 0
	last := true
	for i, w := range strings.Fields(t) {
		w = strings.Trim(w, trimPunct)
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		capital := unicode.IsUpper(r) || unicode.IsDigit(r) || !unicode.IsLetter(r)
		last = capital
		if i > 0 && smallWords[strings.ToLower(w)] {
			continue
		}
		total++
		if capital {
			caps++
		}
	}
	return total > 0 && last && caps*4 >= total*3
}

func refShareRow(t string) bool {
	words := strings.Fields(strings.ToLower(t))
	if len(words) == 0 || len(words) > 10 {
		return false
	}
	trigger := false
	for _, w := range words {
		w = strings.Trim(w, ":,.")
		if !shareWords[w] {
			return false
		}
		if slices.Contains(shareTriggers, w) {
			trigger = true
		}
	}
	return trigger
}

// refBoilerplate runs every expression, with no filter in front.
func refBoilerplate(t string) string {
	if len(t) <= 400 && cookieWordRe().MatchString(t) && cookieActionRe().MatchString(t) && cookieWhoRe().MatchString(t) {
		return "cookie notice"
	}
	if len(t) > maxBoilerplateLen {
		return ""
	}
	if consentRe().MatchString(t) {
		return "cookie notice"
	}
	if refShareRow(t) {
		return "share"
	}
	if strings.HasSuffix(strings.TrimRight(strings.ToLower(t), ". "), "all rights reserved") {
		return "copyright"
	}
	for _, r := range boilerplateRules {
		if r.re.MatchString(t) {
			return r.name
		}
	}
	return ""
}

func refStopsMidSentence(s string) bool {
	switch r, _ := utf8.DecodeLastRuneInString(s); r {
	case ',', ';', '-':
		return true
	}
	if endsClause(s) || endsSentence(s) {
		return false
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(f[len(f)-1])
	return unicode.IsLower(r)
}

// refMatchDate runs every date expression, with no first-rune filter.
func refMatchDate(s string) (string, int, bool) {
	for _, c := range []struct {
		re      *regexp.Regexp
		y, m, d int
		named   bool
	}{{isoDateRe, 1, 2, 3, false}, {slashDateRe, 1, 2, 3, false}, {dmyDateRe, 3, 2, 1, true}, {mdyDateRe, 3, 1, 2, true}} {
		if m := c.re.FindStringSubmatch(s); m != nil {
			mo := atoi(m[c.m])
			if c.named {
				mo = monthNumber(m[c.m])
			}
			iso, ok := isoDate(atoi(m[c.y]), mo, atoi(m[c.d]))
			return iso, len(m[0]), ok
		}
	}
	return "", 0, false
}

// refDateLine is dateLine with only its first filter: a digit in the
// line's head.
func refDateLine(s string) (string, int, bool, bool) {
	h := s
	if len(h) > 160 {
		h = h[:160]
	}
	if strings.IndexAny(h, "0123456789") < 0 {
		return "", 0, false, false
	}
	return dateLineHead(s, h)
}

var refSourceLineRe = regexp.MustCompile(sourceLineExpr)

// refDatelinePlaceRe is the expression datelinePlace writes out.
var refDatelinePlaceRe = regexp.MustCompile(`^\p{Lu}[\p{L}\p{M}'’.,\- ]{1,60}$`)

var lineCases = []string{
	"WASHINGTON", "Kyiv, Ukraine,", "A", "Ab", "ÉTAT-MAJOR", "ǅemal", "O'Neil’s St. Louis",
	"Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij", "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk",
	"Ae\u0301e\u0301", "A\tB", "A1", "A\xffB", "\u212a", "Kyiv;", "- West Australian", "• Yahoo", "· Reuters", "— The Times of India",
	"“Quoted”", "«Guillemets»", "—Dash—", "(x)", "…", "\xff“", "“\xff", "‘’", "a\u2019",
	"| AP", "-lower", "– New York Times", "\u2022", "\u00b7X", "- Reuters ", "-\u00a0X", "- Yahoo of", "— The Times-Picayune",
	"- A-B", "-Reuters", "- AP\vNews", "- Ünited Ñews 24", "- X \xff", "- X.Y & Z’s", "-  Of the", "- X of", "- X &", "|\tA\tB",

	"Advertisement", "Read more: the story", "3 hours ago", "© 2024 Acme", "Comments (12)",
	"We use cookies to improve your experience", "Please enable JavaScript to view this content",
	"ſhare this", "Kelvin \u212aookies", "Cooᴋies", "sign up now", "Photo credit: AP",
	"", "Share", "Share this article", "Facebook Twitter Email", "SHARE: Facebook, Twitter.",
	"Copy link", "share on facebook twitter linkedin whatsapp reddit telegram pinterest email print copy",
	"• Share · Tweet", "İnto The Wild", "Kim Jong Un Met Putin In", "The Rise And Fall Of Rome",
	"a line that stops mid sentence", "ends with a comma,", "Ends Here.", "word\u00a0nbsp",
	"2025-05-10 text", "2025/05/10", "10 May 2025", "Saturday, May 10th 2025", "ſat, 10 May 2025",
	"Sept. 1, 2025", "date: 2025-05-10", "Published: 10 May 2025 | Updated", "LONDON 1996-08-22",
	"\xff\xfe bad", "1ſt May 2025", "1st May 2025", "12th June 2024 x", "3\tJan 2020", "2025-5-1", "1234/5/6", "12345", "99 Sept 1999", "We use COOKIES", "Cookie", "cooki", "Enable JavaScript please", "© 2025 All Rights Reserved. ", "1. Germany 3 2 1 0 5-2 7", "WASHINGTON, May 10, 2025 (Reuters) - text",
	"Published: 10 May 25", "May 10, 202", "Kyiv, Ukraine, 5 June 2024 — text", "$17,000 on 27 May", "date 2025",
	"LONDON, Aug 22 1996 - x", "PARIS 1996-08-22 (AFP) - y", "Updated 2024/1/2 | z",
	"OTTAWA 1996-08-30", "KHASAVYURT, Russia 1996-08-31", "Talks resume May 10, 2025", "MOSCOW, Aug 22 (Reuters) - x",
	"Published 3:04 PM EDT, Fri August 22, 2025", "Updated 10.15 GMT+1 on 22 Aug 2025", "Published 3 days ago",
}

func checkLine(t *testing.T, s string) {
	if got, want := titleCase(s), refTitleCase(s); got != want {
		t.Fatalf("titleCase(%q) = %v, want %v", s, got, want)
	}
	for _, w := range append(strings.Fields(s), s) {
		if got, want := trimPunctWord(w), strings.Trim(w, trimPunct); got != want {
			t.Fatalf("trimPunctWord(%q) = %q, want %q", w, got, want)
		}
	}
	if got, want := shareRow(s), refShareRow(s); got != want {
		t.Fatalf("shareRow(%q) = %v, want %v", s, got, want)
	}
	if got, want := stopsMidSentence(s), refStopsMidSentence(s); got != want {
		t.Fatalf("stopsMidSentence(%q) = %v, want %v", s, got, want)
	}
	if n, _ := fieldCount(s, len(s)); n != len(strings.Fields(s)) {
		t.Fatalf("fieldCount(%q) = %d, want %d", s, n, len(strings.Fields(s)))
	}
	gi, gn, gok := matchDate(s)
	wi, wn, wok := refMatchDate(s)
	if gi != wi || gn != wn || gok != wok {
		t.Fatalf("matchDate(%q) = %q %d %v, want %q %d %v", s, gi, gn, gok, wi, wn, wok)
	}
	gi, gs, gw, gok := dateLine(s)
	wi, ws, ww, wok := refDateLine(s)
	if gi != wi || gs != ws || gw != ww || gok != wok {
		t.Fatalf("dateLine(%q) = %q %d %v %v, want %q %d %v %v", s, gi, gs, gw, gok, wi, ws, ww, wok)
	}
	if got, want := allRightsReserved(s, ascii.Is(s)), strings.HasSuffix(strings.TrimRight(strings.ToLower(s), ". "), "all rights reserved"); got != want {
		t.Fatalf("allRightsReserved(%q) = %v, want %v", s, got, want)
	}
	if got, want := datelinePlace(s), refDatelinePlaceRe.MatchString(s); got != want {
		t.Fatalf("datelinePlace(%q) = %v, want %v", s, got, want)
	}
	if got, want := sourceLine(s), len(s) <= 60 && len(strings.Fields(s)) <= 7 && refSourceLineRe.MatchString(s); got != want {
		t.Fatalf("sourceLine(%q) = %v, want %v", s, got, want)
	}
	if len(s) <= 400 {
		if got, want := boilerplate(s), refBoilerplate(s); got != want {
			t.Fatalf("boilerplate(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestLineRulesEquivalent(t *testing.T) {
	for _, s := range lineCases {
		checkLine(t, s)
	}
	entries, _ := os.ReadDir(seedDir)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(seedDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			checkLine(t, strings.TrimSpace(line))
		}
	}
}

func FuzzLineRules(f *testing.F) {
	for _, s := range lineCases {
		f.Add(s)
	}
	f.Fuzz(checkLine)
}

// refSeen is dedup.seen as it was, searching the kept text for every
// paragraph before its shingles are looked at.
func refSeen(d *dedup, p string) bool {
	padded := foldPadded(p)
	n := padded[1 : len(padded)-1]
	if n == "" || d.exact[n] || strings.Contains(d.kept.String(), padded) {
		return true
	}
	words := foldedWords(n, nil)
	sh := appendShingles(nil, words)
	if len(words) >= nearDupMin {
		hit := 0
		for _, h := range sh {
			if d.shingles[h] {
				hit++
			}
		}
		if hit*100 >= len(sh)*nearDupPercent {
			return true
		}
	}
	d.exact[n] = true
	d.kept.WriteString(padded)
	d.kept.WriteByte(0)
	for _, h := range sh {
		d.shingles[h] = true
	}
	return false
}

// TestSeenEquivalent feeds both the same paragraphs: pieces of earlier
// ones (cut at word, space and character boundaries), near copies and new
// text, short and long.
func TestSeenEquivalent(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	vocab := strings.Fields("the a Minister said on Tuesday that talks in Geneva would go on , . U.S. 1996 élan Zürich -- “quoted” it's")
	for doc := range 400 {
		got, want := newDedup(0, 0), newDedup(0, 0)
		var paras []string
		for k := range 2 + rng.Intn(30) {
			var p string
			switch r := rng.Intn(5); {
			case r == 0 && len(paras) > 0: // a piece of an earlier paragraph
				q := paras[rng.Intn(len(paras))]
				i := rng.Intn(len(q) + 1)
				j := i + rng.Intn(len(q)-i+1)
				p = q[i:j]
			case r == 1 && len(paras) > 0: // an earlier one with a word changed or case changed
				ws := strings.Fields(paras[rng.Intn(len(paras))])
				if len(ws) > 0 {
					ws[rng.Intn(len(ws))] = vocab[rng.Intn(len(vocab))]
				}
				p = strings.Join(ws, []string{" ", "  ", "\n", " \t"}[rng.Intn(4)])
				if rng.Intn(2) == 0 {
					p = strings.ToUpper(p)
				}
			default:
				ws := make([]string, 1+rng.Intn(40))
				for i := range ws {
					ws[i] = vocab[rng.Intn(len(vocab))]
				}
				p = strings.Join(ws, " ")
			}
			paras = append(paras, p)
			if g, w := got.seen(p), refSeen(want, p); g != w {
				t.Fatalf("doc %d paragraph %d %q: seen %v, want %v", doc, k, p, g, w)
			}
		}
	}
}
