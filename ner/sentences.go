package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/ascii"
	"github.com/entigraph/entigraph/kg"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// sent is a sentence being annotated.
type sent struct {
	Start, End int // byte range in the document's text
	toks       []tok
	index      int   // index in Annotated.Sentences
	dup        bool  // Annotated.Sentences[index].Duplicate
	same       *sent // the first earlier sentence with the same text, or nil
}

// blocks cuts the segments into blocks that no sentence may cross:
//   - a blank line always ends a block;
//   - a single line break ends a block unless the next line starts with a
//     lower-case letter (a hard-wrapped sentence going on). News text puts
//     headlines, bylines and page furniture on lines of their own without
//     final punctuation, and the segmenter would glue them to the next
//     sentence.
//
// Blocks are trimmed of surrounding white space; empty blocks are dropped.
func blocks(text string, segs []kg.Span) []kg.Span {
	var out []kg.Span
	add := func(s, e int) {
		for s < e {
			r, n := utf8.DecodeRuneInString(text[s:])
			if !unicode.IsSpace(r) {
				break
			}
			s += n
		}
		for e > s {
			r, n := utf8.DecodeLastRuneInString(text[:e])
			if !unicode.IsSpace(r) {
				break
			}
			e -= n
		}
		if s < e {
			out = append(out, kg.Span{Start: s, End: e})
		}
	}
	for _, sg := range segs {
		start := sg.Start
		for i := sg.Start; i < sg.End; i++ {
			if text[i] != '\n' {
				continue
			}
			// Look at the next line.
			j := i + 1
			for j < sg.End && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			blank := j >= sg.End || text[j] == '\n'
			lineBlank := strings.TrimSpace(text[start:i]) == ""
			if !blank && !lineBlank {
				r, _ := utf8.DecodeRuneInString(text[j:sg.End])
				if unicode.IsLower(r) {
					continue // a wrapped sentence goes on
				}
			}
			add(start, i)
			start = i + 1
		}
		add(start, sg.End)
	}
	return out
}

// newSegmenter builds the sentence splitter, once per Annotator: the
// English Punkt model of neurosnap/sentences (the one prose wraps; prose
// rebuilds it, training data and all, on every NewDocument, which cost
// 42% of the pipeline's time), with "mt" ("Mt. Everest") added to the
// abbreviations as prose does.
func newSegmenter() (*sentences.DefaultSentenceTokenizer, error) {
	t, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, err
	}
	t.AbbrevTypes.Add("mt")
	return t, nil
}

// sentences splits the segments into sentences with the Punkt splitter. It
// is called once per document, on the blocks joined by blank lines, and
// every sentence it returns is aligned to the original text and cut at block
// boundaries.
//
// Punkt only sees the blocks where it could break: it breaks at the end of
// a white-space separated chunk holding '.', '!' or '?', deciding from that
// chunk and the next one alone, and a break at a block's end changes
// nothing (sentences are cut there anyway). So a block with none of those
// characters before its last chunk (a one-sentence line, most news lines)
// is one sentence as it stands. The document's last block always goes to
// Punkt: its word tokenizer drops the text's last chunk when the text ends
// in a multi-byte rune, and that chunk must stay the same one.
func (t *Tokenizer) sentences(text string, segs []kg.Span) ([]*sent, error) {
	bl := blocks(text, segs)
	if len(bl) == 0 {
		return nil, nil
	}
	// A block Punkt may break inside goes to it with the block before it:
	// Punkt's decision about a block's first chunk can depend on the chunk
	// before it (on ".\n\n. 0" it keeps ". 0" whole, on ". 0" alone it
	// breaks after the "."; found by FuzzSentences).
	need := func(i int) bool { return i == len(bl)-1 || mayBreakInside(text[bl[i].Start:bl[i].End]) }
	pb := make([]kg.Span, 0, len(bl))
	next := need(0) // need(i+1) of the step before, each block scanned once
	for i, b := range bl {
		this := next
		next = i+1 < len(bl) && need(i+1)
		if this || next {
			pb = append(pb, b)
		}
	}
	split := t.punkt(text, pb)
	if len(pb) == len(bl) {
		return splitLong(text, mergeAbbrev(text, split), t.max), nil
	}
	out := make([]*sent, 0, len(bl)-len(pb)+len(split))
	ss := make([]sent, len(bl)-len(pb)) // the blocks Punkt skipped, one allocation
	j, k := 0, 0
	for _, b := range bl {
		if j < len(pb) && pb[j] == b {
			j++
			for k < len(split) && split[k].Start < b.End {
				out = append(out, split[k])
				k++
			}
			continue
		}
		s := &ss[0]
		ss = ss[1:]
		s.Start, s.End = b.Start, b.End // trimmed already, as trimSpan would
		out = append(out, s)
	}
	return splitLong(text, mergeAbbrev(text, out), t.max), nil
}

// mayBreakInside reports whether Punkt could end a sentence inside block b
// (trimmed): whether a chunk before its last one holds '.', '!' or '?'.
func mayBreakInside(b string) bool {
	i := strings.LastIndexFunc(b, unicode.IsSpace)
	return i > 0 && strings.ContainsAny(b[:i], ".!?")
}

// punkt splits the blocks bl with Punkt, joined by blank lines, and cuts
// its sentences at block boundaries.
func (t *Tokenizer) punkt(text string, bl []kg.Span) []*sent {
	var joined strings.Builder
	jstart := make([]int, len(bl)) // start of each block in joined
	for i, b := range bl {
		if i > 0 {
			joined.WriteString("\n\n")
		}
		jstart[i] = joined.Len()
		joined.WriteString(text[b.Start:b.End])
	}
	js := joined.String()
	var out []*sent
	pos := 0
	bi := 0
	for _, ps := range t.seg.Tokenize(js) {
		if strings.TrimSpace(ps.Text) == "" {
			continue
		}
		s, e, ok := align(js, pos, ps.Text)
		if !ok {
			// Not expected: prose returns substrings. Re-find the sentence
			// by its first word run; give up on it if that fails too.
			k := strings.Index(js[pos:], firstChars(ps.Text, 24))
			if k < 0 {
				continue
			}
			if s, e, ok = align(js, pos+k, ps.Text); !ok {
				continue
			}
		}
		pos = e
		// Cut at block boundaries.
		for s < e {
			for bi < len(bl)-1 && s >= jstart[bi+1] {
				bi++
			}
			bend := jstart[bi] + (bl[bi].End - bl[bi].Start)
			ce := e
			if ce > bend {
				ce = bend
			}
			if ce > s {
				os, oe := bl[bi].Start+(s-jstart[bi]), bl[bi].Start+(ce-jstart[bi])
				os, oe = trimSpan(text, os, oe)
				if os < oe {
					out = append(out, &sent{Start: os, End: oe})
				}
			}
			if ce >= e || bi == len(bl)-1 {
				break
			}
			s = jstart[bi+1]
		}
	}
	return out
}

// abbrevBreak lists the abbreviations after which prose's segmenter wrongly
// ends a sentence before a name ("Mr. Trump met Dr. | Who ..."): the short
// titles of lexicon/titles.txt written with a dot.
var abbrevBreak = map[string]bool{"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "gen.": true,
	"col.": true, "lt.": true, "sgt.": true, "capt.": true, "maj.": true, "adm.": true, "prof.": true,
	"sen.": true, "rep.": true, "gov.": true, "st.": true, "messrs.": true}

// mergeAbbrev joins two sentences of one line of text that Punkt cut
// where no sentence ends:
//   - after a title abbreviation ("Mr. Trump met Dr. | Who ...");
//   - after a list's number ("1. | Giovanni Lombardi (Italy) Polti");
//   - after a dotted acronym standing alone ("U.S. | Ambassador Myles
//     Frechette applauded the move");
//   - after or before a possessive ("Sun Microsystems Inc.'s | JavaSoft
//     unit");
//   - before a piece with no word in it, the quote that opens the next
//     sentence on the line (`saying. | "`, as the CoNLL-2003 text writes
//     quotes).
func mergeAbbrev(text string, ss []*sent) []*sent {
	var out []*sent
	for _, s := range ss {
		if n := len(out); n > 0 {
			p := out[n-1]
			prev, cur := text[p.Start:p.End], text[s.Start:s.End]
			last := lastWord(prev)
			if (ascii.InLower(abbrevBreak, last) || last == prev && (listNumber(prev) || dottedAcronym(prev)) ||
				strings.HasPrefix(cur, "'s") || strings.HasPrefix(cur, "’s") || strings.HasSuffix(last, ".'s") || strings.HasSuffix(last, ".’s") ||
				!hasWordRune(cur)) &&
				!strings.Contains(text[p.End:s.Start], "\n") {
				p.End = s.End
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// listNumber reports a list item's number: "1.", "12.".
func listNumber(w string) bool {
	d := strings.TrimSuffix(w, ".")
	if len(d) == len(w) || d == "" || len(d) > 3 {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// dottedAcronym reports capitals each followed by a dot: "U.S.", "U.N.".
func dottedAcronym(w string) bool {
	if len(w) < 4 || len(w)%2 != 0 {
		return false
	}
	for i := 0; i < len(w); i += 2 {
		if w[i] < 'A' || w[i] > 'Z' || w[i+1] != '.' {
			return false
		}
	}
	return true
}

// hasWordRune reports whether s holds a letter or a digit.
func hasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	return s[i+1:]
}

func firstChars(s string, n int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexFunc(s, unicode.IsSpace); i > 0 && i < n {
		return s[:i]
	}
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		return s[:n]
	}
	return s
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// align finds want in src at or after pos, skipping white space in both and
// matching characters that prose's tokenizer rewrites (curly quotes become
// straight ones; "&rsquo;" becomes "'"). It returns the byte range in src
// from the first to the last matched character.
func align(src string, pos int, want string) (start, end int, ok bool) {
	i := ascii.SkipSpace(src, pos)
	// Nearly always the text holds want as it is: with no white space in
	// want, the loop below would match it rune for rune, with no space to
	// skip, and end where want does.
	// The match must end where a rune of src starts: want ending in the
	// first bytes of a rune that src completes ("\xc7" against "Ǽ") is
	// no match rune for rune.
	if want != "" && strings.HasPrefix(src[i:], want) && !ascii.AnySpace(want) {
		if e := i + len(want); e == len(src) || utf8.RuneStart(src[e]) {
			return i, e, true
		}
	}
	return alignRunes(src, i, want)
}

// alignRunes is align from i (past any white space), rune by rune.
func alignRunes(src string, i int, want string) (start, end int, ok bool) {
	start = i
	first := true
	for _, w := range want {
		if unicode.IsSpace(w) {
			continue
		}
		i = ascii.SkipSpace(src, i)
		if first {
			start = i
			first = false
		}
		if i >= len(src) {
			return 0, 0, false
		}
		r, n := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == w:
		case w == '"' && (r == '“' || r == '”' || r == '„' || r == '″'):
		case w == '\'' && (r == '‘' || r == '’' || r == '′'):
		case w == '\'' && strings.HasPrefix(src[i:], "&rsquo;"):
			n = len("&rsquo;")
		default:
			return 0, 0, false
		}
		i += n
	}
	if first {
		return 0, 0, false
	}
	return start, i, true
}

// normSentence folds case, quotes and white space, for duplicate detection.
func normSentence(s string) string {
	var b strings.Builder
	b.Grow(len(s)) // folding never lengthens ASCII, the bulk of news text
	space := false
	for i := 0; i < len(s); {
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII: unicode.IsSpace and unicode.ToLower on one byte.
			i++
			if ascii.IsSpace(c) {
				space = true
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			continue
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '“' || r == '”':
			r = '"'
		case r == '‘' || r == '’':
			r = '\''
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// markDuplicates sets Duplicate on every sentence whose normalised text
// equals an earlier sentence's.
func markDuplicates(text string, ss []kg.Sentence) {
	seen := make(map[string]bool, len(ss))
	for i := range ss {
		k := normSentence(text[ss[i].Start:ss[i].End])
		if seen[k] {
			ss[i].Duplicate = true
		}
		seen[k] = true
	}
}
