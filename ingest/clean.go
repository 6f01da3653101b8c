package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
)

// Clean sets doc.Segments to the paragraphs of doc.Text worth reading
// (boilerplate lines and repeated paragraphs dropped; see the package
// documentation for the rules), doc.Date from a dateline or metadata line
// near the top when doc.Date is empty, and doc.Hash to the hex SHA-256 of
// doc.Text. It never changes doc.Text. When nothing survives, Segments is
// empty but not nil (nil would mean "all of Text").
func Clean(doc *kg.Document) { clean(doc) }

// clean is Clean returning what it learnt.
func clean(doc *kg.Document) *analysis {
	sum := sha256.Sum256([]byte(doc.Text))
	doc.Hash = hex.EncodeToString(sum[:])
	a := analyse(doc.Text)
	doc.Segments = a.segments
	if doc.Date == "" {
		doc.Date = a.date
	}
	return a
}

// cleanWithMetadata cleans a document read from a file and fills in a
// missing Title and URL from what the text gives: Markdown front matter,
// a leading "# " heading, or a headline on the first line.
func cleanWithMetadata(doc *kg.Document) {
	a := clean(doc)
	if doc.URL == "" {
		doc.URL = a.url
	}
	if doc.Title == "" {
		doc.Title = a.title
	}
	if doc.Title == "" {
		doc.Title = a.lead
	}
}

type lineKind uint8

const (
	blank lineKind = iota
	dropped
	text
)

// cline is one line of the text: [start, end) is the line's trimmed span
// (less any markup or metadata prefix), why the reason it was dropped.
type cline struct {
	start, end int
	kind       lineKind
	why        string
	f          features
	headline   bool // kept because the next line is its article
	// dateline: a wire dateline ("HOLZGERLINGEN, Germany 1996-08-25"),
	// the story's first line whatever the lines around it look like.
	dateline bool
}

// analysis is what Clean learns about a text.
type analysis struct {
	lines    []cline
	segments []kg.Span
	date     string
	title    string // from front matter (Markdown)
	url      string
	lead     string // the first line, when it is a kept headline
}

// dateTopLines: a date is taken from the first this many non-blank lines.
const dateTopLines = 6

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
}

// trimSpan narrows [s, e) of t to exclude surrounding white space.
func trimSpan(t string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(t[s:e])
		if !isSpace(r) || (r == utf8.RuneError && n == 1) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(t[s:e])
		if !isSpace(r) || (r == utf8.RuneError && n == 1) {
			break
		}
		e -= n
	}
	return s, e
}

func splitLines(t string) []cline {
	lines := make([]cline, 0, strings.Count(t, "\n")+1)
	for pos := 0; ; {
		i := strings.IndexByte(t[pos:], '\n')
		end := len(t)
		if i >= 0 {
			end = pos + i
		}
		s, e := trimSpan(t, pos, end)
		k := text
		if s == e {
			k = blank
		}
		lines = append(lines, cline{start: s, end: e, kind: k})
		if i < 0 {
			return lines
		}
		pos = end + 1
	}
}

func (a *analysis) drop(i int, why string) {
	a.lines[i].kind = dropped
	a.lines[i].why = why
}

func analyse(t string) *analysis {
	a := &analysis{lines: splitLines(t)}
	L := a.lines
	line := func(i int) string { return t[L[i].start:L[i].end] }

	a.frontMatter(t)
	a.fences(t)

	// Per-line rules: markup, metadata dates, boilerplate, source names.
	nonBlank := 0
	for i := range L {
		if L[i].kind == blank {
			continue
		}
		nonBlank++
		if L[i].kind != text {
			continue
		}
		s := line(i)
		if markdownOnly(s) {
			a.drop(i, "markdown")
			continue
		}
		if m := mdHeadingRe.FindStringIndex(s); m != nil {
			L[i].start += m[1]
			if m := mdHeadingEnd.FindStringIndex(line(i)); m != nil {
				L[i].end = L[i].start + m[0]
			}
		} else if m := mdQuoteRe.FindStringIndex(s); m != nil {
			L[i].start += m[1]
		}
		L[i].start, L[i].end = trimSpan(t, L[i].start, L[i].end)
		if L[i].start == L[i].end {
			a.drop(i, "markdown")
			continue
		}
		s = line(i)
		if iso, skip, whole, ok := dateLine(s); ok {
			if a.date == "" && nonBlank <= dateTopLines {
				a.date = iso
			}
			if whole {
				a.drop(i, "date")
				continue
			}
			L[i].start, L[i].end = trimSpan(t, L[i].start+skip, L[i].end)
			if L[i].start == L[i].end {
				a.drop(i, "date")
				continue
			}
			L[i].dateline = skip == 0
			s = line(i)
		}
		if why := boilerplate(s); why != "" {
			a.drop(i, why)
			continue
		}
		if sourceLine(s) {
			a.drop(i, "source name")
			continue
		}
	}

	wrapped := a.hardWrapped(t)
	for i := range L {
		if L[i].kind == text {
			L[i].f = lineFeatures(line(i), wrapped)
		}
	}
	next := make([]int, len(L)) // next non-blank line, or -1
	for i, n := len(L)-1, -1; i >= 0; i-- {
		next[i] = n
		if L[i].kind != blank {
			n = i
		}
	}
	followedByProse := func(i int) bool {
		j := next[i]
		return j >= 0 && L[j].kind == text && L[j].f.prose
	}
	// directlyFollowedByProse: with no blank line between.
	directlyFollowedByProse := func(i int) bool {
		return next[i] == i+1 && followedByProse(i)
	}
	// cont: the line carries on the sentence of the line before it, so it
	// is no headline or label whatever it looks like.
	cont := make([]bool, len(L))
	for i := 1; i < len(L); i++ {
		cont[i] = L[i].kind == text && L[i-1].kind == text && continues(t, L[i-1], L[i], wrapped, cont[i-1]) &&
			(!wrapped || stopsMidSentence(line(i-1)))
	}

	// Headline lists: 3+ title-case headlines in a row (blank lines may
	// separate them). The last stays when its article follows directly.
	for i := 0; i < len(L); {
		if L[i].kind != text || !L[i].f.titleHead || cont[i] || L[i].dateline {
			i++
			continue
		}
		run := []int{i}
		j := next[i]
		for j >= 0 && L[j].kind == text && L[j].f.titleHead && !cont[j] && !L[j].dateline {
			run = append(run, j)
			j = next[j]
		}
		if len(run) >= 3 {
			last := run[len(run)-1]
			for _, k := range run {
				if k != last || !directlyFollowedByProse(last) {
					a.drop(k, "headline list")
				}
			}
		}
		i = run[len(run)-1] + 1
	}

	// Labels and headlines: a heading-like line is a headline when its
	// article follows; a label of a few words ("Yahoo", "West Australian")
	// is page furniture unless its article follows directly.
	for i := range L {
		if L[i].kind != text || !L[i].f.headlike || endsSentence(line(i)) || cont[i] || L[i].dateline {
			continue
		}
		label := L[i].f.words <= 4 && (L[i].f.title || L[i].f.words <= 2)
		switch {
		case label && !directlyFollowedByProse(i):
			a.drop(i, "label")
		case followedByProse(i):
			L[i].headline = true
		}
	}

	// Paragraphs: a text line, joined with the lines that continue it.
	type para struct{ first, last int }
	var paras []para
	for i := range L {
		if L[i].kind != text {
			continue
		}
		if n := len(paras); n > 0 && paras[n-1].last == i-1 && continues(t, L[i-1], L[i], wrapped, cont[i-1]) {
			paras[n-1].last = i
			continue
		}
		paras = append(paras, para{i, i})
	}

	// Repeated paragraphs.
	d := newDedup(len(t), len(paras))
	dup := make([]bool, len(paras))
	for k, p := range paras {
		dup[k] = d.seen(t[L[p.first].start:L[p.last].end])
	}
	d.release()
	// A headline goes with its article: when the article is a repeat, so is
	// the headline.
	for k, p := range paras {
		if !dup[k] && p.first == p.last && L[p.first].headline && k+1 < len(paras) &&
			paras[k+1].first == next[p.first] && dup[k+1] {
			dup[k] = true
		}
	}
	a.segments = []kg.Span{}
	for k, p := range paras {
		if k == 0 && !dup[k] && p.first == p.last && p.first == firstNonBlank(L) && L[p.first].headline {
			a.lead = line(p.first)
		}
		if dup[k] {
			for i := p.first; i <= p.last; i++ {
				a.drop(i, "repeated")
			}
			continue
		}
		a.segments = append(a.segments, kg.Span{Start: L[p.first].start, End: L[p.last].end})
	}
	return a
}

func firstNonBlank(L []cline) int {
	for i := range L {
		if L[i].kind != blank {
			return i
		}
	}
	return -1
}

// continues reports whether line b continues line a's paragraph (b
// directly follows a). In hard-wrapped text it does unless b starts a list
// item or heading, or a is a title-case headline (and not itself inside a
// sentence, aCont) and b does not start in lower case. Otherwise only when
// a stops mid-sentence and b starts in lower case.
func continues(t string, a, b cline, wrapped, aCont bool) bool {
	bs := t[b.start:b.end]
	r, _ := utf8.DecodeRuneInString(bs)
	lower := unicode.IsLower(r)
	if wrapped {
		return !listItemRe.MatchString(bs) && (lower || aCont || !a.f.titleHead)
	}
	return lower && !endsSentence(t[a.start:a.end])
}

// hardWrapped reports text whose paragraphs are broken into short lines
// (as e-mail and plain-text archives are): nearly all lines short, and
// most lines that another line follows stop mid-sentence (on a lower-case
// word, a comma or a hyphen).
func (a *analysis) hardWrapped(t string) bool {
	n, short, pairs, open := 0, 0, 0, 0
	L := a.lines
	for i := range L {
		if L[i].kind != text {
			continue
		}
		n++
		s := t[L[i].start:L[i].end]
		if utf8.RuneCountInString(s) <= 100 {
			short++
		}
		if i+1 < len(L) && L[i+1].kind == text {
			pairs++
			if stopsMidSentence(s) {
				open++
			}
		}
	}
	return n >= 4 && short*10 >= n*9 && pairs >= 3 && open*2 >= pairs
}

// stopsMidSentence: s ends on a lower-case word, a comma, a semicolon or
// a hyphen, as a line broken inside a sentence does.
func stopsMidSentence(s string) bool {
	switch r, _ := utf8.DecodeLastRuneInString(s); r {
	case ',', ';', '-':
		return true
	}
	if endsClause(s) || endsSentence(s) {
		return false
	}
	// The first rune of the last field (strings.Fields splits at
	// unicode.IsSpace).
	lastStart := -1
	for pos := 0; ; {
		b, e := nextField(s, pos)
		if b == e {
			break
		}
		lastStart, pos = b, e
	}
	if lastStart < 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[lastStart:])
	return unicode.IsLower(r)
}

var listItemRe = mdListRe

// frontMatter drops a YAML front matter block at the top of the text and
// takes its date, title and url.
func (a *analysis) frontMatter(t string) {
	L := a.lines
	f := 0
	for f < len(L) && L[f].kind == blank {
		f++
	}
	if f >= len(L) || t[L[f].start:L[f].end] != "---" || f > 0 && strings.TrimSpace(t[:L[f].start]) != "" {
		return
	}
	end, keys := -1, 0
	for i := f + 1; i < len(L) && i <= f+60; i++ {
		s := t[L[i].start:L[i].end]
		if s == "---" || s == "..." {
			end = i
			break
		}
		if frontMatterKV().MatchString(s) {
			keys++
		}
	}
	if end < 0 || keys == 0 {
		return
	}
	for i := f; i <= end; i++ {
		if L[i].kind != blank {
			a.drop(i, "front matter")
		}
		m := frontMatterKV().FindStringSubmatch(t[L[i].start:L[i].end])
		if m == nil {
			continue
		}
		v := strings.Trim(strings.TrimSpace(m[2]), `"'`)
		switch strings.ToLower(m[1]) {
		case "date", "published", "pubdate", "publishdate", "published_at", "date_published":
			if iso, ok := NormalizeDate(v); ok && a.date == "" {
				a.date = iso
			}
		case "title":
			a.title = v
		case "url", "canonical", "canonical_url", "link":
			a.url = v
		}
	}
}

// fences drops fenced code blocks (``` or ~~~) and a fence line that is
// never closed.
func (a *analysis) fences(t string) {
	L := a.lines
	for i := 0; i < len(L); i++ {
		if L[i].kind != text || !mdFenceRe.MatchString(t[L[i].start:L[i].end]) {
			continue
		}
		mark := t[L[i].start : L[i].start+3]
		end := -1
		for j := i + 1; j < len(L); j++ {
			if L[j].kind == text && strings.HasPrefix(t[L[j].start:L[j].end], mark) {
				end = j
				break
			}
		}
		if end < 0 {
			a.drop(i, "markdown")
			continue
		}
		for j := i; j <= end; j++ {
			if L[j].kind != blank {
				a.drop(j, "code")
			}
		}
		i = end
	}
}

// Repeated paragraphs: exact (after folding case and white space),
// contained in an earlier kept paragraph, or a near copy (most of its word
// 5-grams already seen in kept paragraphs).
const (
	shingleSize    = 5
	nearDupMin     = 20 // words a paragraph needs for the near-copy test
	nearDupPercent = 70 // share of its 5-grams already seen
)

type dedup struct {
	exact    map[string]bool
	kept     strings.Builder // " norm \x00" per kept paragraph
	shingles map[uint64]bool
	words    []string // scratch for seen
	sh       []uint64 // scratch for seen
}

// newDedup sizes its tables for a text of size bytes in paras paragraphs,
// so that they need not grow as paragraphs are kept: about one 5-gram per
// word, a word per 6 bytes.
func newDedup(size, paras int) *dedup {
	if d, ok := dedupPool.Get().(*dedup); ok {
		d.kept.Grow(size + 3*paras)
		return d
	}
	d := &dedup{exact: make(map[string]bool, paras), shingles: make(map[uint64]bool, size/6)}
	d.kept.Grow(size + 3*paras)
	return d
}

// dedupPool keeps the tables of finished documents for the next ones: a
// corpus of short texts made a pair of maps per text, a quarter of Clean's
// garbage.
var dedupPool sync.Pool

// release hands d's tables, emptied, to the next document.
func (d *dedup) release() {
	clear(d.exact)
	clear(d.shingles)
	d.kept.Reset()
	clear(d.words[:cap(d.words)])
	d.words, d.sh = d.words[:0], d.sh[:0]
	dedupPool.Put(d)
}

// asciiFoldSep marks the ASCII bytes foldPadded folds to a space:
// isSpace or unicode.IsControl.
var asciiFoldSep = func() (m [utf8.RuneSelf]bool) {
	for c := range m {
		m[c] = isSpace(rune(c)) || unicode.IsControl(rune(c))
	}
	return m
}()

// foldPadded lower-cases s and folds runs of white space (and control
// characters) to one space, with a space added before and after, in one
// allocation: seen looks the padded form up in the kept paragraphs.
func foldPadded(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, the bulk of it: the tests below from a table.
			i++
			if asciiFoldSep[c] {
				space = true
				continue
			}
			if space && b.Len() > 1 {
				b.WriteByte(' ')
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if isSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 1 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r)) // r >= utf8.RuneSelf: it came from a non-ASCII byte
	}
	b.WriteByte(' ')
	return b.String()
}

// foldedWords appends the words (runs of letters and digits) of n, a
// folded paragraph, to ws. Folding lower-cases rune by rune as
// strings.ToLower does and only drops or merges white space and control
// characters, which separate words anyway, so the words are those of
// strings.ToLower of the paragraph.
func foldedWords(n string, ws []string) []string {
	start := -1
	for i := 0; i < len(n); {
		c := n[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(n[i:])
		}
		var word bool
		if r < utf8.RuneSelf {
			word = 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
		} else {
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			ws = append(ws, n[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		ws = append(ws, n[start:])
	}
	return ws
}

// appendShingles appends a hash of each run of shingleSize words: each
// word is hashed once (FNV-1a), and a run's hash mixes its words' hashes,
// rather than hashing every byte once per run it is in.
func appendShingles(out []uint64, words []string) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	if len(words) < shingleSize {
		return out
	}
	var wh [shingleSize]uint64 // the hashes of the last words, a ring
	for i, w := range words {
		h := uint64(offset)
		for j := 0; j < len(w); j++ {
			h = (h ^ uint64(w[j])) * prime
		}
		wh[i%shingleSize] = h
		if i+1 < shingleSize {
			continue
		}
		s := uint64(offset)
		for k := i + 1 - shingleSize; k <= i; k++ {
			s = mix64(s ^ wh[k%shingleSize])
		}
		out = append(out, s)
	}
	return out
}

// mix64 is the finaliser of SplitMix64: every bit of x moves every bit of
// the result, so the order of a run's words counts.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// seen reports whether p repeats a kept paragraph; if not, p is kept.
func (d *dedup) seen(p string) bool {
	padded := foldPadded(p)
	n := padded[1 : len(padded)-1]
	if n == "" || d.exact[n] {
		return true
	}
	d.words = foldedWords(n, d.words[:0])
	words := d.words
	d.sh = appendShingles(d.sh[:0], words)
	sh := d.sh
	hit := 0
	for _, h := range sh {
		if d.shingles[h] {
			hit++
		}
	}
	// A paragraph held in a kept one (" n " in its padded form) has that
	// paragraph's words, in a row, from one space to another: each of its
	// shingles is a kept one. So the search through the kept text, which
	// grows with the document, is needed only when all of them are
	// (always for paragraphs too short to have any).
	if hit == len(sh) && strings.Contains(d.kept.String(), padded) {
		return true
	}
	if len(words) >= nearDupMin && hit*100 >= len(sh)*nearDupPercent {
		return true
	}
	d.exact[n] = true
	d.kept.WriteString(padded)
	d.kept.WriteByte(0)
	for _, h := range sh {
		d.shingles[h] = true
	}
	return false
}
