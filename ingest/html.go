package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/entigraph/entigraph/kg"
)

// HTML extraction: Text is the visible article text, one line per block
// element, white space inside a block collapsed to single spaces.

// skipped elements are page furniture or not text at all.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Title: true, atom.Script: true, atom.Style: true,
	atom.Noscript: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Form: true, atom.Svg: true, atom.Math: true,
	atom.Template: true, atom.Iframe: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
	atom.Audio: true, atom.Video: true, atom.Dialog: true, atom.Input: true,
	atom.Picture: true, atom.Map: true,
}

// block elements start and end a line.
var block = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Hgroup: true,
	atom.Hr: true, atom.Html: true, atom.Legend: true, atom.Li: true, atom.Main: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tbody: true, atom.Tfoot: true, atom.Thead: true, atom.Tr: true,
	atom.Ul: true, atom.Header: true, atom.Footer: true, atom.Option: true,
}

// furnitureRoles are ARIA roles of page furniture.
var furnitureRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "menu": true, "menubar": true, "dialog": true, "alertdialog": true,
	"toolbar": true, "tablist": true,
}

// furnitureClasses are class and id words (split at - and _) of page
// furniture: class="site-menu", id="cookie_banner", class="share-tools".
var furnitureClasses = map[string]bool{
	"menu": true, "menus": true, "nav": true, "navbar": true, "navigation": true,
	"breadcrumb": true, "breadcrumbs": true, "cookie": true, "cookies": true,
	"consent": true, "gdpr": true, "share": true, "sharing": true, "social": true,
	"subscribe": true, "subscription": true, "newsletter": true, "sidebar": true,
	"advert": true, "advertisement": true, "ad": true, "ads": true, "adslot": true,
	"promo": true, "related": true, "recommended": true, "comments": true,
	"comment": true, "popup": true, "modal": true, "paywall": true, "outbrain": true,
	"taboola": true, "skiplink": true,
}

// furnitureTokens are whole class tokens of hidden or furniture elements.
var furnitureTokens = map[string]bool{
	"sr-only": true, "visually-hidden": true, "screen-reader-text": true, "skip-link": true,
}

var hiddenStyleRe = lazyRegexp(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// contains reports whether n has a descendant element matching f.
func contains(n *html.Node, f func(*html.Node) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (f(c) || contains(c, f)) {
			return true
		}
	}
	return false
}

func isContent(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main || n.DataAtom == atom.H1 {
		return true
	}
	v, _ := attr(n, "itemprop")
	return strings.EqualFold(v, "articleBody")
}

// skip reports whether element n (and all it holds) is not article text.
// inArticle: n is inside <article> or <main>, where a <header> is the
// article's own (its headline) rather than the site's.
func skip(n *html.Node, inArticle bool) bool {
	if n.Namespace == "svg" || n.Namespace == "math" {
		return true
	}
	if n.DataAtom == atom.Header && inArticle {
		return false
	}
	if skipped[n.DataAtom] {
		return true
	}
	if _, ok := attr(n, "hidden"); ok {
		return true
	}
	if v, _ := attr(n, "aria-hidden"); strings.EqualFold(v, "true") {
		return true
	}
	if v, _ := attr(n, "style"); hiddenStyleRe().MatchString(v) {
		return true
	}
	if v, _ := attr(n, "role"); furnitureRoles[strings.ToLower(strings.TrimSpace(v))] {
		return true
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return false
	}
	furniture := false
	for _, key := range []string{"class", "id"} {
		v, _ := attr(n, key)
		for _, tok := range strings.Fields(strings.ToLower(v)) {
			if furnitureTokens[tok] {
				furniture = true
			}
			for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' }) {
				if furnitureClasses[w] {
					furniture = true
				}
			}
		}
	}
	// A wrapper named for furniture ("layout-with-sidebar") that holds the
	// article is not furniture.
	return furniture && !contains(n, isContent)
}

type extractor struct {
	lines []string
	cur   strings.Builder
	space bool
	pre   int
	// edge: an inline element opened or closed since the last text; last:
	// the last rune written. Text after an element edge that would glue a
	// capital onto a lower-case letter ("<span>Doha</span><span>Pakistan
	// </span>": two layout boxes) is parted by a space.
	edge bool
	last rune
}

func (x *extractor) text(s string) {
	for _, r := range s {
		if r == '\n' && x.pre > 0 {
			x.newline()
			continue
		}
		if isSpace(r) || unicode.IsControl(r) {
			x.space = true
			continue
		}
		if x.edge && !x.space && unicode.IsLower(x.last) && unicode.IsUpper(r) {
			x.space = true
		}
		x.edge = false
		if x.space && x.cur.Len() > 0 {
			x.cur.WriteByte(' ')
		}
		x.space = false
		x.cur.WriteRune(r)
		x.last = r
	}
}

func (x *extractor) newline() {
	if x.cur.Len() > 0 {
		x.lines = append(x.lines, x.cur.String())
		x.cur.Reset()
	}
	x.space = false
	x.last = 0
}

func (x *extractor) walk(n *html.Node, inArticle bool) {
	switch n.Type {
	case html.TextNode:
		x.text(n.Data)
		return
	case html.DocumentNode:
	case html.ElementNode:
		if skip(n, inArticle) {
			return
		}
	default:
		return
	}
	a := n.DataAtom
	if a == atom.Br {
		x.newline()
		return
	}
	if a == atom.Img {
		x.space = true // an image between two words parts them
		return
	}
	isBlock := blockLike(n)
	if isBlock {
		x.newline()
	}
	if a == atom.Td || a == atom.Th {
		x.space = true
	}
	if a == atom.Pre {
		x.pre++
	}
	in := inArticle || a == atom.Article || a == atom.Main
	x.edge = true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.walk(c, in)
	}
	x.edge = true
	if a == atom.Pre {
		x.pre--
	}
	if isBlock {
		x.newline()
	}
	if a == atom.Td || a == atom.Th {
		x.space = true
	}
}

// blockLike reports whether element n ends a line: an HTML block element,
// or an element HTML does not know (a site's own custom element,
// "<story-dateline>", "<bsp-list-item>", or a made-up tag): sites build
// their layout blocks from these, and two of them side by side
// ("<x-place>Doha</x-place><x-place>Pakistan</x-place>") are two lines,
// never one word "DohaPakistan".
func blockLike(n *html.Node) bool {
	return block[n.DataAtom] || n.DataAtom == 0 && n.Type == html.ElementNode
}

// textOf is the collapsed text of n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// Meta names that give the publication date, best first.
var dateMeta = []string{
	"article:published_time", "og:article:published_time", "datepublished",
	"date", "pubdate", "publishdate", "publish-date", "publication_date",
	"dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "dcterms.issued",
	"sailthru.date", "parsely-pub-date", "article.published",
}

var (
	ldDateRe     = lazyRegexp(`"datePublished"\s*:\s*"([^"]+)"`)
	ldHeadlineRe = lazyRegexp(`"headline"\s*:\s*"((?:[^"\\]|\\.)*)"`)
)

type htmlMeta struct {
	title, ogTitle, ldHeadline, h1 string
	canonical, ogURL               string
	meta                           map[string]string
	ldDate, timeDate               string
}

func (m *htmlMeta) walk(n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" && n.Namespace == "" {
				m.title = textOf(n)
			}
		case atom.H1:
			if m.h1 == "" {
				m.h1 = textOf(n)
			}
		case atom.Meta:
			content, _ := attr(n, "content")
			for _, key := range []string{"property", "name", "itemprop"} {
				if k, ok := attr(n, key); ok {
					k = strings.ToLower(strings.TrimSpace(k))
					if _, seen := m.meta[k]; !seen && strings.TrimSpace(content) != "" {
						m.meta[k] = strings.TrimSpace(content)
					}
				}
			}
		case atom.Link:
			rel, _ := attr(n, "rel")
			for _, r := range strings.Fields(strings.ToLower(rel)) {
				if r == "canonical" && m.canonical == "" {
					m.canonical, _ = attr(n, "href")
					m.canonical = strings.TrimSpace(m.canonical)
				}
			}
		case atom.Time:
			if v, ok := attr(n, "datetime"); ok && m.timeDate == "" {
				if iso, ok := NormalizeDate(v); ok {
					m.timeDate = iso
				}
			}
		case atom.Script:
			if t, _ := attr(n, "type"); strings.EqualFold(strings.TrimSpace(t), "application/ld+json") {
				s := textOf(n)
				if d := ldDateRe().FindStringSubmatch(s); d != nil && m.ldDate == "" {
					if iso, ok := NormalizeDate(d[1]); ok {
						m.ldDate = iso
					}
				}
				if h := ldHeadlineRe().FindStringSubmatch(s); h != nil && m.ldHeadline == "" {
					m.ldHeadline = strings.ReplaceAll(h[1], `\"`, `"`)
				}
			}
		}
		if v, ok := attr(n, "itemprop"); ok && strings.EqualFold(v, "datePublished") && n.DataAtom != atom.Meta {
			for _, key := range []string{"datetime", "content"} {
				if d, ok := attr(n, key); ok {
					if _, seen := m.meta["datepublished"]; !seen {
						m.meta["datepublished"] = d
					}
				}
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.walk(c)
	}
}

func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// decodeHTML converts a page that declares a legacy charset (or starts
// with a UTF-16 byte order mark) to UTF-8. UTF-8 input is returned as is.
func decodeHTML(data []byte) []byte {
	utf16 := bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
	if !utf16 && utf8.Valid(data) {
		return data
	}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	if !utf16 && !bytes.Contains(bytes.ToLower(head), []byte("charset")) {
		return data // undeclared: reported as invalid UTF-8
	}
	e, name, _ := charset.DetermineEncoding(data, "")
	if name == "utf-8" {
		return data
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// parseHTML extracts the text and metadata of a page (already checked to
// be UTF-8 text).
func parseHTML(data []byte) (*kg.Document, error) {
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		// golang.org/x/net/html stops at 512 open elements (its only
		// error on a whole page in memory): say so in the user's words.
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			return nil, fmt.Errorf("%w: elements nested more than 512 deep (the parser's limit)", ErrBadHTML)
		}
		return nil, fmt.Errorf("%w: %v", ErrBadHTML, err)
	}
	var x extractor
	x.walk(root, false)
	x.newline()
	if len(x.lines) == 0 {
		return nil, ErrNoText
	}
	m := htmlMeta{meta: map[string]string{}}
	m.walk(root)
	doc := &kg.Document{
		Text:  strings.Join(x.lines, "\n") + "\n",
		Title: first(m.meta["og:title"], m.title, m.ldHeadline, m.meta["twitter:title"], m.h1),
		URL:   first(m.canonical, m.meta["og:url"]),
	}
	for _, k := range dateMeta {
		if iso, ok := NormalizeDate(m.meta[k]); ok {
			doc.Date = iso
			break
		}
		if k == "datepublished" && m.ldDate != "" {
			doc.Date = m.ldDate
			break
		}
	}
	if doc.Date == "" {
		doc.Date = m.timeDate
	}
	return doc, nil
}
