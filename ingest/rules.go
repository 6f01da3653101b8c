package ingest

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/ascii"
)

// The line rules of Clean. Each takes one trimmed line (a paragraph
// candidate) and is general: none names a particular site's exact text
// beyond the short, common phrases in the boilerplate table.

// maxBoilerplateLen bounds the lines the boilerplate table is tried on:
// furniture is short, and a long line is an article paragraph even when a
// phrase in it looks like furniture.
const maxBoilerplateLen = 200

// boilerplateRule is one row of the boilerplate table.
type boilerplateRule struct {
	name  string
	re    *regexp.Regexp
	first firstSet       // the runes a match can start with
	pre   *asciiPrefixes // the first bytes a match can have, on ASCII text
}

func rule(name, re string) boilerplateRule {
	full := `(?i)^(?:` + re + `)$`
	r := boilerplateRule{name: name, re: regexp.MustCompile(full), first: firstSet{all: true}, pre: &asciiPrefixes{}}
	// Both filters read the expression's syntax tree, parsed once.
	if tree, err := syntax.Parse(full, syntax.Perl); err == nil {
		tree = tree.Simplify()
		r.first, r.pre = firstRunesOf(tree), prefixesOf(tree)
	}
	return r
}

// boilerplateRules match a whole trimmed line (case-insensitive).
var boilerplateRules = []boilerplateRule{
	rule("related", `(?:related|recommended|suggested|trending|popular|latest|top|more|most (?:read|popular|viewed|shared)|editor'?s picks)(?: (?:articles?|stories|news|content|posts|reads|headlines|coverage|videos?|links|topics|for you|now|(?:on|from|in) \S.*))?\s*:?`),
	rule("related", `(?:you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|read (?:more|next|also|the full (?:story|article))|see also|also read|don'?t miss|click here|tap here)\b.*`),
	rule("time ago", `(?:(?:updated|posted|published)\s*:?\s*)?(?:about |over |less than |almost |nearly )?(?:\d+|an?|one|a few)\s*(?:seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|months?|years?)\s+ago`),
	rule("time ago", `just now|yesterday|today|\d+\s*(?:min|minute)s?\s+read`),
	rule("comments", `(?:\d+\s+)?comments?(?:\s*\(\d+\))?\s*:?|no comments(?: yet)?\W*`),
	rule("comments", `(?:be the first to comment|leave a (?:comment|reply)|add a comment|post a comment|view (?:all )?comments|show comments|join the (?:conversation|discussion)|comments are closed)\b.*`),
	rule("tags", `(?:hashtags|tags|topics|categories|filed under|keywords)\s*(?::.*)?`),
	rule("site feature", `try our ai features\W*|explore what .+ can do for you\W*`),
	rule("more to come", `(?:more to come|more soon|developing story|this (?:is a )?developing story|this story (?:is developing|will be updated|has been updated))\W*`),
	rule("subscribe", `(?:subscribe|sign (?:in|up)|log ?in|register|create (?:a|an|your)(?: free)? account|already (?:a subscriber|subscribed|have an account)|get (?:our|the) (?:\w+ )?newsletter|newsletters?|follow us|follow @?\S+ on (?:twitter|x|facebook|instagram|bluesky|threads)|download (?:our|the) app|get the app|become a (?:member|subscriber)|support (?:our|independent|quality) journalism|unlock (?:this|full) (?:article|story|access)|(?:to )?continue reading|skip to (?:main )?content|skip (?:ad|advertisement)|back to top)\b.*`),
	rule("share", `share (?:this|on|via|to)\b.*`),
	rule("advertisement", `(?:advertisement|advertising|sponsored(?: content)?|ad|ads|paid (?:content|post|partnership)|(?:story|article) continues below(?: advertisement)?|scroll to continue(?: with content)?|promoted(?: stories)?)\W*`),
	rule("copyright", `(?:©|\(c\)\s|copyright\b).*`),
	rule("credit", `(?:(?:photo|image|picture|video) )?credits?\s*:.*|source\s*:.+`),
	// A caption's credit on a line of its own: "Image: Jane Doe", "Photo:
	// Ahmed Ali / AFP", "Pictures: Reuters", "Photograph by John Smith".
	rule("credit", `(?:photo(?:graph)?|image|picture|illustration|graphic|video|footage)s?\s*(?::|by\b).*`),
	rule("byline", `(?:reporting|writing|editing|additional reporting|compiled) by\b.*`),
	rule("listen", `listen(?: to (?:this|the) (?:article|story))?(?:\s*[\d:]+\s*(?:min|mins|minutes)?)?\W*`),
}

var (
	cookieWordRe   = lazyRegexp(`(?i)\bcookies?\b`)
	cookieActionRe = lazyRegexp(`(?i)\b(?:use|uses|using|accept|consent|policy|guide|settings|preferences|enable|manage)\b`)
	cookieWhoRe    = lazyRegexp(`(?i)\b(?:we|our|you|your|this (?:site|website))\b`)
	consentRe      = lazyRegexp(`(?i)\b(?:enable javascript|adjust your (?:cookie |privacy )?settings|view this content|privacy preferences|consent preferences)\b`)
)

// shareWords are the words of a line that is only a row of share buttons
// ("Share", "Facebook Twitter Email", "Copy link").
var shareWords = map[string]bool{
	"share": true, "sharing": true, "this": true, "the": true, "article": true, "story": true,
	"post": true, "on": true, "via": true, "to": true, "facebook": true, "twitter": true,
	"x": true, "linkedin": true, "whatsapp": true, "reddit": true, "telegram": true,
	"pinterest": true, "email": true, "e-mail": true, "print": true, "copy": true,
	"link": true, "tweet": true, "messenger": true, "bluesky": true, "threads": true,
	"mail": true, "save": true, "bookmark": true, "gift": true, "and": true, "or": true,
	"|": true, "·": true, "•": true, "/": true,
}

var shareTriggers = []string{"share", "tweet", "print", "email", "e-mail", "facebook", "twitter", "linkedin", "whatsapp", "copy", "save", "bookmark"}

func shareRow(t string) bool {
	// Most lines have more than 10 words, or a first word no share row
	// has: rule those out before lower-casing and splitting the line.
	if n, first := fieldCount(t, 11); n == 0 || n > 10 || !mayBeShareWord(first) {
		return false
	}
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
		for _, tr := range shareTriggers {
			if w == tr {
				trigger = true
			}
		}
	}
	return trigger
}

// hasPrefixFold: t starts with sub (lower-case ASCII) in any ASCII case.
func hasPrefixFold(t, sub string) bool {
	if len(t) < len(sub) {
		return false
	}
	for j := 0; j < len(sub); j++ {
		c := t[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != sub[j] {
			return false
		}
	}
	return true
}

// consentPhrases are the literals of consentRe, one of which a line must
// hold (in lower case) for it to match.
var consentPhrases = []string{"enable javascript", "adjust your ", "view this content", "privacy preferences", "consent preferences"}

var (
	cookieBytes  = []byte("cookie")
	consentBytes = func() (out [][]byte) {
		for _, p := range consentPhrases {
			out = append(out, []byte(p))
		}
		return out
	}()
)

func containsAnyBytes(s []byte, subs [][]byte) bool {
	for _, sub := range subs {
		if bytes.Contains(s, sub) {
			return true
		}
	}
	return false
}

// allRightsReserved: t ends with "all rights reserved" in any case, dots
// and spaces aside.
func allRightsReserved(t string, ascii bool) bool {
	const phrase = "all rights reserved"
	if ascii {
		t = strings.TrimRight(t, ". ")
		return len(t) >= len(phrase) && hasPrefixFold(t[len(t)-len(phrase):], phrase)
	}
	return strings.HasSuffix(strings.TrimRight(strings.ToLower(t), ". "), phrase)
}

// fieldCount counts the white-space separated fields of t (as
// strings.Fields splits it), stopping at max, and returns the first.
func fieldCount(t string, max int) (n int, first string) {
	for i := 0; i < len(t) && n < max; {
		b, e := nextField(t, i)
		if b == e {
			break
		}
		if n == 0 {
			first = t[b:e]
		}
		n++
		i = e
	}
	return n, first
}

// nextField returns the next field of t at or after i, [b, e); b == e at
// the end. Fields are separated by unicode.IsSpace, as strings.Fields has
// them.
func nextField(t string, i int) (b, e int) {
	b = ascii.SkipSpace(t, i)
	return b, ascii.SkipNonSpace(t, b)
}

// mayBeShareWord: w (a field of a line) could be a shareWords word once
// lower-cased and trimmed as shareRow does it. Only ASCII is checked; any
// other word may be.
func mayBeShareWord(w string) bool {
	w = strings.Trim(w, ":,.")
	var buf [16]byte
	if len(w) > len(buf) {
		return !ascii.Is(w)
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return shareWords[string(buf[:len(w)])]
}

// boilerplate reports why a trimmed line is page furniture, or "".
func boilerplate(t string) string {
	if len(t) > 400 {
		return "" // too long for any rule
	}
	// On ASCII text a case-insensitive expression whose literal is ASCII
	// can only match where the text holds the literal in any case (the
	// non-ASCII case folds, such as K and ſ, need a non-ASCII byte), so a
	// substring test rules a match out exactly.
	isASCII := ascii.Is(t)
	var buf [400]byte
	var lower []byte // t lower-cased when isASCII, on the stack
	if isASCII {
		lower = buf[:len(t)]
		for i := 0; i < len(t); i++ {
			c := t[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
	}
	if (!isASCII || bytes.Contains(lower, cookieBytes)) &&
		cookieWordRe().MatchString(t) && cookieActionRe().MatchString(t) && cookieWhoRe().MatchString(t) {
		return "cookie notice"
	}
	if len(t) > maxBoilerplateLen {
		return ""
	}
	if (!isASCII || containsAnyBytes(lower, consentBytes)) && consentRe().MatchString(t) {
		return "cookie notice"
	}
	if shareRow(t) {
		return "share"
	}
	if allRightsReserved(t, isASCII) {
		return "copyright"
	}
	first, _ := utf8.DecodeRuneInString(t)
	for _, r := range boilerplateRules {
		if r.first.mayStart(first) && (!isASCII || r.pre.may(t)) && r.re.MatchString(t) {
			return r.name
		}
	}
	return ""
}

// sourceLineExpr matches a source name set off by a dash or bullet, as
// aggregators print it above a headline: "- West Australian", "• Yahoo".
// sourceLine writes it out (compiled, its Unicode classes cost 280 kB and
// a millisecond); the tests hold the two together.
const sourceLineExpr = `^[-–—•·|]\s*\p{Lu}[\p{L}\p{N}.&'’]*(?:\s+(?:\p{Lu}[\p{L}\p{N}.&'’-]*|of|the|and|&|de|la|du|di|von))*$`

func sourceLine(t string) bool {
	if len(t) > 60 || !sourceLineMatch(t) {
		return false
	}
	n, _ := fieldCount(t, 8) // len(strings.Fields(t)), up to 8
	return n <= 7
}

// reSpace is the expression's \s: ASCII white space, \v aside.
func reSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// sourceLineMatch is sourceLineExpr's match. No word alternative holds a
// \s, and each must be followed by \s or the end, so the words are the
// runs between \s and each must match an alternative whole.
func sourceLineMatch(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	switch r {
	case '-', '–', '—', '•', '·', '|':
	default:
		return false
	}
	i := n
	for i < len(t) && reSpace(t[i]) {
		i++
	}
	for first := true; ; first = false {
		j := i
		for j < len(t) && !reSpace(t[j]) {
			j++
		}
		if !sourceWord(t[i:j], first) {
			return false
		}
		if j == len(t) {
			return true
		}
		for j < len(t) && reSpace(t[j]) {
			j++
		}
		i = j
	}
}

// sourceWord: w is \p{Lu} followed by [\p{L}\p{N}.&'’] (and '-' past the
// first word), or one of the small words after the first.
func sourceWord(w string, first bool) bool {
	if !first {
		switch w {
		case "of", "the", "and", "&", "de", "la", "du", "di", "von":
			return true
		}
	}
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range w[n:] {
		switch {
		case r == '.' || r == '&' || r == '\'' || r == '’':
		case r == '-' && !first:
		case unicode.IsLetter(r) || unicode.IsNumber(r):
		default:
			return false
		}
	}
	return true
}

// Markdown-only lines carry no prose.
var (
	mdImageRe     = lazyRegexp(`^(?:\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?\s*)+$`)
	mdLinkOnlyRe  = lazyRegexp(`^(?:[-*+]\s+)?(?:\[[^\]]*\]\([^)]*\)|<https?://\S+>|https?://\S+)$`)
	mdRuleRe      = lazyRegexp(`^(?:(?:[-*_]\s*){3,}|=+)$`)
	mdCommentRe   = lazyRegexp(`^<!--.*-->$`)
	mdRefDefRe    = lazyRegexp(`^\[[^\]]+\]:\s*\S+`)
	mdTableSepRe  = lazyRegexp(`^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$`)
	mdHeadingRe   = regexp.MustCompile(`^#{1,6}[ \t]+`)
	mdHeadingEnd  = regexp.MustCompile(`[ \t]+#+$`)
	mdQuoteRe     = regexp.MustCompile(`^(?:>[ \t]?)+`)
	mdFenceRe     = regexp.MustCompile("^(?:```|~~~)")
	mdListRe      = regexp.MustCompile(`^(?:[-*+•][ \t]|\d{1,3}[.)][ \t]|#)`)
	frontMatterKV = lazyRegexp(`^([A-Za-z][\w-]*)\s*:\s*(.*)$`)
)

func markdownOnly(t string) bool {
	if t == "" || (strings.IndexByte("![<-*_=|", t[0]) < 0 && !strings.HasPrefix(t, "http")) {
		return false
	}
	return mdImageRe().MatchString(t) || mdLinkOnlyRe().MatchString(t) || mdRuleRe().MatchString(t) ||
		mdCommentRe().MatchString(t) || mdRefDefRe().MatchString(t) || mdTableSepRe().MatchString(t)
}

// smallWords are not capitalised in title case.
var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "nor": true,
	"for": true, "of": true, "in": true, "on": true, "at": true, "to": true, "by": true,
	"as": true, "with": true, "from": true, "into": true, "onto": true, "via": true,
	"vs": true, "vs.": true, "per": true, "amid": true, "than": true, "over": true,
	"up": true, "off": true, "out": true, "is": true, "be": true, "so": true, "if": true,
}

const trimPunct = "\"'“”‘’()[]{}«»,;:!?.…—–-*_"

// trimPunctASCII marks the ASCII bytes of trimPunct.
var trimPunctASCII = func() (m [utf8.RuneSelf]bool) {
	for _, r := range trimPunct {
		if r < utf8.RuneSelf {
			m[r] = true
		}
	}
	return m
}()

// trimPunctWord is strings.Trim(w, trimPunct), whose cutset has non-ASCII
// runes and so sends Trim down its slow path for every word.
func trimPunctWord(w string) string {
	for w != "" {
		if c := w[0]; c < utf8.RuneSelf {
			if !trimPunctASCII[c] {
				break
			}
			w = w[1:]
			continue
		}
		r, n := utf8.DecodeRuneInString(w)
		if r == utf8.RuneError || !strings.ContainsRune(trimPunct, r) {
			break
		}
		w = w[n:]
	}
	for w != "" {
		if c := w[len(w)-1]; c < utf8.RuneSelf {
			if !trimPunctASCII[c] {
				break
			}
			w = w[:len(w)-1]
			continue
		}
		r, n := utf8.DecodeLastRuneInString(w)
		if r == utf8.RuneError || !strings.ContainsRune(trimPunct, r) {
			break
		}
		w = w[:len(w)-n]
	}
	return w
}

// titleCase reports whether most words of t (small words aside) start
// with a capital letter or a digit, as headlines and names do, and the
// last word does ("Kim Jong Un met Putin in" is a broken line, not a
// title).
func titleCase(t string) bool {
	caps, total := 0, 0
	last := true
	for i, pos := 0, 0; ; i++ {
		b, e := nextField(t, pos)
		if b == e {
			break
		}
		pos = e
		w := trimPunctWord(t[b:e])
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		capital := unicode.IsUpper(r) || unicode.IsDigit(r) || !unicode.IsLetter(r)
		last = capital
		if i > 0 && isSmallWord(w) {
			continue
		}
		total++
		if capital {
			caps++
		}
	}
	return total > 0 && last && caps*4 >= total*3
}

// isSmallWord is smallWords[strings.ToLower(w)], without the allocation
// for the short ASCII words it can be.
func isSmallWord(w string) bool { return ascii.InLower(smallWords, w) }

// lastRune is t's last rune that is not a closing quote or bracket.
func lastRune(t string) rune {
	t = strings.TrimRight(t, "\"'”’)]»* \t")
	r, _ := utf8.DecodeLastRuneInString(t)
	return r
}

// endsSentence: t ends as a sentence does.
func endsSentence(t string) bool {
	switch lastRune(t) {
	case '.', '!', '?', '…':
		return true
	}
	return false
}

// endsClause: t ends with punctuation a headline does not end with.
func endsClause(t string) bool {
	switch lastRune(t) {
	case '.', '!', '…', ':', ';', ',':
		return true
	}
	return false
}

// innerBoundary reports a sentence boundary inside t: ". Next", "? The",
// not counting abbreviations such as "U.S. Intelligence" or "Mr. Trump".
func innerBoundary(t string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(t) && strings.IndexByte("\"')]", t[j]) >= 0 {
			j++
		}
		if j >= len(t) || (t[j] != ' ' && t[j] != '\t') {
			continue
		}
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		for j < len(t) && strings.IndexByte("\"'(", t[j]) >= 0 {
			j++
		}
		if j >= len(t) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t[j:])
		if !unicode.IsUpper(r) {
			continue
		}
		if c == '.' {
			k := strings.LastIndexAny(t[:i], " \t(") + 1
			w := t[k:i]
			if strings.Contains(w, ".") || (len(w) <= 3 && w != "" && w[0] >= 'A' && w[0] <= 'Z') {
				continue // U.S. / Mr. / Gen. / St.
			}
		}
		return true
	}
	return false
}

// features of one text line.
type features struct {
	words     int
	runes     int
	title     bool // title case
	prose     bool // reads as a sentence or more
	headlike  bool // could be a headline or a label: short, no clause punctuation
	titleHead bool // a title-case headline (for headline lists)
}

func lineFeatures(t string, wrapped bool) features {
	n, _ := fieldCount(t, len(t))
	f := features{words: n, runes: utf8.RuneCountInString(t), title: titleCase(t)}
	inner := innerBoundary(t)
	f.prose = endsSentence(t) || f.runes > 150 || inner || (wrapped && f.words >= 8 && !f.title)
	f.headlike = f.runes <= 150 && f.words <= 25 && !endsClause(t) && !inner
	f.titleHead = f.headlike && f.title
	return f
}

// lazyRegexp compiles expr on first use. The expressions behind it serve
// rare lines (cookie notices, Markdown furniture, HTML and metadata) that a
// plain-text corpus may never reach, so the program does not pay for them
// at start-up.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
