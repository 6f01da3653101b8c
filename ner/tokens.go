package ner

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/ascii"
	"github.com/entigraph/entigraph/kg"
	"github.com/jdkato/prose/v2"
)

// tok is the token type of the mention rules: kg.Token itself, read in
// place in Annotated.Tokens.
type tok = kg.Token

// tokens splits one sentence into tokens as prose's tokenizer would (see
// splitWords) and aligns them to the text.
func (t *Tokenizer) tokens(text string, s *sent, ar *tokArena) ([]tok, error) {
	st := text[s.Start:s.End]
	// Words are split and aligned in pst, st with the runes prose's
	// splitter cannot handle masked (proseMask); tokens take their texts
	// from st.
	pst := proseMask(st)
	words, err := splitWordsInto(pst, t.split, ar.words)
	if err != nil {
		return nil, err
	}
	if cap(words) > cap(ar.words) {
		ar.words = words[:0] // grown: keep the larger scratch
	}
	toks := ar.take(len(words))
	pos := 0
	for _, w := range words {
		b, e, err := alignNext(pst, pos, w)
		if err != nil {
			return nil, fmt.Errorf("%w after byte %d", err, s.Start+pos)
		}
		pos = e
		toks = append(toks, tok{Start: s.Start + b, End: s.Start + e, Text: st[b:e]})
	}
	return fillGaps(st, s.Start, toks), nil
}

// proseMask returns st with every rune prose's tokenizer cannot handle
// replaced by as many '_' bytes, so prose splits the text as it would with
// a symbol there, at the same byte offsets; st itself when there is none
// (always for ASCII text).
//
// prose's chunk splitter looks for contractions ("'s", "n't") in the
// lower-cased chunk and cuts the chunk itself at the index it found, which
// is right only when lower-casing keeps every rune's byte length. Invalid
// UTF-8 (lower-cased to U+FFFD, 3 bytes) and a few letters (Ⱥ, 2 bytes,
// lower-cases to ⱥ, 3; K, the Kelvin sign, to k) break that: prose then
// panics with "slice bounds out of range" ("\xe2\x80's") or cuts the
// chunk in the wrong place.
func proseMask(st string) string {
	if ascii.Is(st) {
		return st
	}
	var b []byte
	for i := 0; i < len(st); {
		if st[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(st[i:])
		if r == utf8.RuneError && n == 1 || utf8.RuneLen(unicode.ToLower(r)) != n {
			if b == nil {
				b = []byte(st)
			}
			for k := i; k < i+n; k++ {
				b[k] = '_'
			}
		}
		i += n
	}
	if b == nil {
		return st
	}
	return string(b)
}

// alignNext finds token w in st at or after byte pos, as align does, or a
// little further on: prose drops text now and then ("'Spider's" gives no
// token at all).
func alignNext(st string, pos int, w string) (b, e int, err error) {
	b, e, ok := align(st, pos, w)
	for p := pos + 1; !ok && p < len(st) && p < pos+512; p++ {
		if utf8.RuneStart(st[p]) {
			b, e, ok = align(st, p, w)
		}
	}
	if !ok {
		return 0, 0, fmt.Errorf("cannot align token %q", w)
	}
	return b, e, nil
}

// chunkIDs numbers the white-space separated chunks the tokens came from
// (tokens of one chunk share the number), into buf when it is long
// enough.
func chunkIDs(text string, toks []tok, buf []int) []int {
	if cap(buf) < len(toks) {
		buf = make([]int, len(toks))
	}
	ids := buf[:len(toks)]
	c := -1
	for i := range toks {
		if i == 0 || toks[i].Start > toks[i-1].End && hasSpace(text[toks[i-1].End:toks[i].Start]) {
			c++
		}
		ids[i] = c
	}
	return ids
}

func hasSpace(s string) bool { return strings.IndexFunc(s, unicode.IsSpace) >= 0 }

var quoteFolder = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "&rsquo;", "'")

// foldQuotes is quoteFolder.Replace(s), which allocates even when it
// replaces nothing: a text with no 0xE2 byte (which every curly quote
// starts with in UTF-8) and no '&' has nothing to replace.
func foldQuotes(s string) string {
	if strings.IndexByte(s, 0xE2) < 0 && strings.IndexByte(s, '&') < 0 {
		return s
	}
	return quoteFolder.Replace(s)
}

// fixTag corrects tags for punctuation the taggers never saw in training:
// straight and curly quotes become “ or ” (Penn Treebank spells them so),
// dashes become ":". With prose's tagger (proseTags), a modal after a
// determiner, possessive or adjective also becomes a noun.
func fixTag(toks []tok, i int, proseTags bool) string {
	t := toks[i]
	switch t.Text {
	case `"`, "“", "”", "„":
		if t.Text == "“" || t.Text == "„" {
			return "``"
		}
		if t.Text == "”" {
			return "''"
		}
		// A straight quote opens when nothing or white space/opening
		// punctuation precedes it and a word follows it directly.
		if i+1 < len(toks) && toks[i+1].Start == t.End && (i == 0 || toks[i-1].End < t.Start) {
			return "``"
		}
		return "''"
	case "—", "–", "--", "―":
		return ":"
	case "‘":
		return "``"
	case "’":
		if i > 0 && toks[i-1].End == t.Start && i+1 < len(toks) && toks[i+1].Start == t.End {
			return t.Tag
		}
		return "''"
	}
	// prose's tagger looks some words up in a table before it looks at
	// context: "can", "will", "must" always come back MD. A modal never
	// follows a determiner, a possessive or an adjective: "a can of
	// beans", "the will of the people" are nouns.
	if proseTags && t.Tag == "MD" && i > 0 {
		switch toks[i-1].Tag {
		case "DT", "PRP$", "JJ", "JJS", "JJR", "POS":
			return "NN"
		}
	}
	if r, _ := utf8.DecodeRuneInString(t.Text); t.Text == "'" && r == '\'' {
		if i+1 < len(toks) && toks[i+1].Start == t.End && (i == 0 || toks[i-1].End < t.Start) {
			return "``"
		}
	}
	return t.Tag
}

// fillGaps adds a token for every white-space separated piece of the
// sentence that prose dropped (its tokenizer loses chunks such as
// "'Spider's" that start with a quote and contain "'s"), so that the tokens
// cover the sentence (gapTag gives such a token a tag when the tagger has
// none for it).
func fillGaps(st string, base int, toks []tok) []tok {
	// Nearly every sentence has no gap: hand toks back as they are then,
	// and copy them only from the first gap on.
	var out []tok
	gap := false
	pos := 0
	add := func(from, to int) {
		i := from
		for i < to {
			r, n := utf8.DecodeRuneInString(st[i:to])
			if unicode.IsSpace(r) {
				i += n
				continue
			}
			j := i
			for j < to {
				r, n := utf8.DecodeRuneInString(st[j:to])
				if unicode.IsSpace(r) {
					break
				}
				j += n
			}
			out = append(out, tok{Start: base + i, End: base + j, Text: st[i:j]})
			i = j
		}
	}
	for k, t := range toks {
		if !gap && !ascii.AllSpace(st[pos:t.Start-base]) {
			gap = true
			out = make([]tok, k, len(toks)+4)
			copy(out, toks[:k])
		}
		if gap {
			add(pos, t.Start-base)
			out = append(out, t)
		}
		pos = t.End - base
	}
	if !gap {
		if ascii.AllSpace(st[pos:]) {
			return toks
		}
		out = make([]tok, len(toks), len(toks)+4)
		copy(out, toks)
	}
	add(pos, len(st))
	return out
}

// gapTag is the POS tag of a token fillGaps added, for a tagger that
// cannot tag it (prose never saw it): NNP when capitalised, CD when it
// starts with a digit, SYM when it has no letter or digit, NN otherwise.
func gapTag(w string) string {
	switch r := firstLetterOrDigit(w); {
	case unicode.IsUpper(r):
		return "NNP"
	case unicode.IsDigit(r):
		return "CD"
	case r == 0:
		return "SYM"
	}
	return "NN"
}

func firstLetterOrDigit(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
	}
	return 0
}

// splitWords returns the texts of the tokens prose's tokenizer makes of
// st, as prose.NewDocument(st) without tagging would, for
// less: prose splits st at white space and then splits each chunk on its
// own (doSplit), and nearly all chunks are plain words it hands back whole.
// Those become tokens here directly; the other chunks are split by prose
// (all of a sentence's in one call, joined with a separator chunk, so the
// split rules stay prose's) and remembered in c, since the same few come
// back all the time ("said.", "U.S.", "(Reuters)").
//
// A chunk is plain when prose's chunk splitter has nothing to cut: it does
// not start with one of its prefixes $ ( " [, nor end with one of its
// suffixes , ) " ] ! ; . ? : ', and has no apostrophe (of "'s", "'ll",
// "n't"...) and none of the curly quotes and "&rsquo;" its sanitizer turns
// into straight ones (0xE2 leads every curly quote in UTF-8; '&' starts
// "&rsquo;"). The splitter only ever cuts a prefix, a suffix or a
// contraction off, so punctuation inside the chunk ("17,000", "3.5",
// "U.S-led") leaves it whole. prose keeps a plain chunk whole whether or
// not it is one of its emoticons ("xD", "8-D") or abbreviations ("U.S.",
// "Mr." end with a dot, so they are not plain), which are single tokens
// too.
func splitWords(st string, c *splitCache) ([]string, error) {
	return splitWordsInto(st, c, nil)
}

// splitWordsInto is splitWords, appending to buf[:0] (scratch the caller
// reuses) when no chunk needs prose.
func splitWordsInto(st string, c *splitCache, buf []string) ([]string, error) {
	if strings.IndexByte(st, wordSep) >= 0 {
		// The separator would be ambiguous: let prose split it all.
		return proseSplit(st)
	}
	// The tokens, with a place held for each chunk c does not know yet.
	out := buf[:0]
	if cap(out) < len(st)/4+1 {
		out = make([]string, 0, len(st)/4+1)
	}
	var missed []string
	var holes []int // index in out of each missed chunk's place
	c.mu.RLock()
	for i := 0; i < len(st); {
		b, e, plain := nextChunk(st, i)
		if b == e {
			break
		}
		i = e
		if plain {
			out = append(out, st[b:e])
			continue
		}
		if o, ok := appendAffixed(out, st[b:e]); ok {
			out = o
			continue
		}
		if ts, ok := c.m[st[b:e]]; ok {
			out = append(out, ts...)
			continue
		}
		missed = append(missed, st[b:e])
		holes = append(holes, len(out))
		out = append(out, "")
	}
	c.mu.RUnlock()
	if len(missed) == 0 {
		return out, nil
	}
	split, err := splitChunks(missed)
	if err != nil {
		return nil, err
	}
	c.add(missed, split)
	n := len(out) - len(holes)
	for _, ts := range split {
		n += len(ts)
	}
	full := make([]string, 0, n)
	prev := 0
	for k, h := range holes {
		full = append(full, out[prev:h]...)
		full = append(full, split[k]...)
		prev = h + 1
	}
	return append(full, out[prev:]...), nil
}

// proseSplit is prose's tokenizer on st: the tokens' texts.
func proseSplit(st string) ([]string, error) {
	doc, err := prose.NewDocument(st, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		return nil, err
	}
	pts := doc.Tokens()
	out := make([]string, len(pts))
	for i := range pts {
		out[i] = pts[i].Text
	}
	return out, nil
}

// nextChunk returns the next white-space separated chunk of st at or after
// i ([b, e), empty at the end) and whether it is plain (see splitWords).
// White space is what prose splits at: unicode.IsSpace.
func nextChunk(st string, i int) (b, e int, plain bool) {
	b = ascii.SkipSpace(st, i)
	e = ascii.SkipNonSpace(st, b)
	if b < e && (chunkPrefix[st[b]] || chunkSuffix[st[e-1]]) {
		return b, e, false
	}
	for _, c := range []byte(st[b:e]) {
		// 0xE2 leads the curly quotes and dashes prose treats apart.
		if c == '\'' || c == '&' || c == 0xE2 {
			return b, e, false
		}
	}
	return b, e, true
}

// splitChunks has prose split the chunks, in one call with wordSep
// between them, and returns each chunk's tokens.
func splitChunks(chunks []string) ([][]string, error) {
	n := 0
	for _, ch := range chunks {
		n += len(ch) + 3
	}
	var b strings.Builder
	b.Grow(n)
	for i, ch := range chunks {
		if i > 0 {
			b.WriteString(" " + string(wordSep) + " ")
		}
		b.WriteString(ch)
	}
	split, err := proseSplit(b.String())
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(chunks))
	k := 0
	for i := range chunks {
		if i > 0 {
			if k >= len(split) || split[k] != string(wordSep) {
				return nil, fmt.Errorf("tokenizer: lost the chunk separator")
			}
			k++
		}
		j := k
		for k < len(split) && split[k] != string(wordSep) {
			k++
		}
		out[i] = split[j:k:k]
	}
	return out, nil
}

// splitCache remembers prose's tokens of non-plain chunks (see
// splitWords), up to splitCacheMax of them; an Annotator shares one
// between goroutines. Its slices are never modified.
type splitCache struct {
	mu sync.RWMutex
	m  map[string][]string
}

// splitCacheMax bounds the cache: a few MB, far more chunks than a large
// corpus of news has distinct ones that prose splits.
const splitCacheMax = 1 << 16

func newSplitCache() *splitCache { return &splitCache{m: map[string][]string{}} }

func (c *splitCache) add(chunks []string, split [][]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, ch := range chunks {
		if len(c.m) >= splitCacheMax {
			return
		}
		c.m[ch] = split[i]
	}
}

// wordSep separates the chunks splitWords hands to prose: a control
// character prose keeps as a token of its own.
const wordSep = '\x01'

// appendAffixed appends prose's tokens of ch when ch is a plain word with
// only prefixes before it and suffixes after it ("(Reuters)", "said,",
// "refinery.", "orders,\""), the bulk of the chunks that are not plain:
// prose's splitter cuts them off one by one, each a token, and keeps the
// word. It stops where a string on the way is one of its special tokens,
// so ok is false (ch is left to prose) when one could be: an emoticon
// (each has fewer than two ASCII letters or digits between its prefixes
// and suffixes: "(-8", ":-)", "(ಠ_ಠ)") or a dotted abbreviation ("U.S.",
// "Mr."). tokens_test.go holds it to prose.
func appendAffixed(out []string, ch string) ([]string, bool) {
	p := 0
	for p < len(ch) && chunkPrefix[ch[p]] {
		p++
	}
	e := len(ch)
	for e > p && chunkSuffix[ch[e-1]] {
		e--
	}
	w := ch[p:e]
	alnum := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c == '\'' || c == '&' || c == 0xE2:
			return out, false // contractions, the sanitizer's quotes
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			alnum++
		}
	}
	if alnum < 2 || e < len(ch) && ch[e] == '.' && dottedAbbrev(ch[p:e+1]) {
		return out, false
	}
	for i := 0; i < p; i++ {
		out = append(out, ch[i:i+1])
	}
	out = append(out, w)
	for i := e; i < len(ch); i++ {
		out = append(out, ch[i:i+1])
	}
	return out, true
}

// dottedAbbrev reports whether prose's tokenizer keeps s whole as an
// abbreviation: letters each followed by a dot, two or more ("U.S."), or a
// capital and one or two small letters and a dot ("Mr.", "Gen.").
func dottedAbbrev(s string) bool {
	letter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	if n := len(s); n >= 4 && n%2 == 0 {
		pairs := true
		for i := 0; i < n; i += 2 {
			if !letter(s[i]) || s[i+1] != '.' {
				pairs = false
				break
			}
		}
		if pairs {
			return true
		}
	}
	if n := len(s); n >= 3 && n <= 4 && 'A' <= s[0] && s[0] <= 'Z' && s[n-1] == '.' {
		for i := 1; i < n-1; i++ {
			if s[i] < 'a' || s[i] > 'z' {
				return false
			}
		}
		return true
	}
	return false
}

// chunkPrefix and chunkSuffix mark the bytes prose's chunk splitter cuts
// off the start and the end of a chunk (see splitWords).
var chunkPrefix, chunkSuffix = byteSet(`$("[`), byteSet(`,)"]!;.?:'`)

func byteSet(s string) (t [256]bool) {
	for i := 0; i < len(s); i++ {
		t[s[i]] = true
	}
	return t
}
