package ingest

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestHTMLFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Parse("page.html", data)
	if len(errs) != 0 || len(docs) != 1 {
		t.Fatalf("errors %v", errs)
	}
	d := docs[0]
	if d.ID != "page.html" {
		t.Errorf("ID %q", d.ID)
	}
	if d.Title != "Kim and Putin sign mutual defence pact in Pyongyang" {
		t.Errorf("Title %q, want og:title", d.Title)
	}
	if d.URL != "https://news.example.com/world/kim-putin-pact" {
		t.Errorf("URL %q, want the canonical link", d.URL)
	}
	if d.Date != "2024-06-19" {
		t.Errorf("Date %q, want article:published_time's 2024-06-19", d.Date)
	}

	// Article text, entities decoded, white space collapsed.
	for _, want := range []string{
		"Kim and Putin sign mutual defence pact in Pyongyang\n", // the article's own <header> h1
		"North Korean leader Kim Jong Un and Russian President Vladimir Putin signed a comprehensive strategic partnership treaty in Pyongyang on Wednesday, pledging mutual assistance if either country is attacked.\n",
		"between Moscow & Pyongyang since the end of the Cold War. Analysts in Seoul called it “an alliance in all but name”.",
		"Putin said the treaty was\npurely defensive.", // <br>
		"\nReaction in Washington\n",
		"The United States said it was deeply concerned by the deepening military cooperation",
		"Vladimir Putin and Kim Jong Un at the Kumsusan guesthouse.", // figcaption
	} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("Text lacks %q", want)
		}
	}
	// Nothing from scripts, styles, navigation, menus, forms, furniture,
	// hidden or embedded content.
	for _, absent := range []string{
		"dataLayer", "Putin visited Seoul", "font-family", "Kremlin stylesheet", "NewsArticle",
		"Skip to content", "World News Daily", "Politics", "Business", "Opinion", "Search", "Go",
		"We use cookies", "Accept all", "Share on Facebook", "Advertisement", "Aeroflot",
		"Hidden teaser", "Xi Jinping", "Lukashenko", "enable JavaScript", "Shoigu", "Lavrov",
		"Related Articles", "Trump Meets Zelensky", "Merz Visits", "Most read", "Erdogan", "Modi",
		"All rights reserved", "About us", "Contact", "Macron", "track()",
	} {
		if strings.Contains(d.Text, absent) {
			t.Errorf("Text contains %q", absent)
		}
	}
	if strings.Contains(d.Text, "  ") || strings.Contains(d.Text, "\n\n") || strings.Contains(d.Text, "\u00a0") {
		t.Errorf("white space not collapsed:\n%s", d.Text)
	}
	// Byline and the date line go in cleaning; the paragraphs stay.
	segs := segTexts(t, d)
	for _, s := range segs {
		if s == "19 June 2024" || s == "By Jane Reporter" {
			t.Errorf("segment %q should be dropped", s)
		}
	}
	if len(segs) < 6 {
		t.Errorf("segments %q", segs)
	}
}

func TestHTMLExtraction(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"blocks are lines", `<div>One</div><p>Two <b>bold</b>  text</p><ul><li>A</li><li>B</li></ul>`, "One\nTwo bold text\nA\nB\n"},
		{"inline elements join", `<p>Kim<span> Jong</span> <i>Un</i></p>`, "Kim Jong Un\n"},
		{"entities", `<p>Moscow &amp; Pyongyang &ndash; &quot;allies&quot;&#33;</p>`, "Moscow & Pyongyang – \"allies\"!\n"},
		{"headings and br", `<h2>Title</h2>line one<br/>line two`, "Title\nline one\nline two\n"},
		{"table cells", `<table><tr><td>Signed</td><td>2024</td></tr><tr><th>Place</th><td>Pyongyang</td></tr></table>`, "Signed 2024\nPlace Pyongyang\n"},
		{"pre keeps lines", "<pre>a  b\nc</pre>", "a b\nc\n"},
		{"dropped elements", `<nav>N</nav><header>H</header><footer>F</footer><aside>A</aside><form>Fo</form><script>S</script><style>St</style><noscript>No</noscript><template>T</template><iframe>I</iframe><svg><text>Sv</text></svg><p>kept</p>`, "kept\n"},
		{"furniture by class and role", `<div class="share-bar">Share</div><div id="cookie_notice">Cookies</div><div role="navigation">Nav</div><ul class="main-menu"><li>M</li></ul><p>kept</p>`, "kept\n"},
		{"hidden", `<p hidden>h1</p><p aria-hidden="true">h2</p><p style="display:none">h3</p><span class="sr-only">h4</span><p>kept</p>`, "kept\n"},
		{"wrapper named for furniture keeps its article", `<div class="page-with-sidebar"><article><p>kept</p></article></div>`, "kept\n"},
		{"custom elements are blocks", `<story-place>Doha</story-place><story-place>Pakistan</story-place><p>Talks in <x-loc>Doha</x-loc> ended.</p>`, "Doha\nPakistan\nTalks in\nDoha\nended.\n"},
		{"layout spans never glue two names", `<div><span class="city">Doha</span><span class="country">Pakistan</span></div><p>Black<b>Rock</b> and Wash<b>ington</b> and <a>Kim</a>'s trip</p>`, "Doha Pakistan\nBlack Rock and Washington and Kim's trip\n"},
		{"an image parts words", `<p>Kabul<img src="x.jpg" alt="">Islamabad</p>`, "Kabul Islamabad\n"},
		{"article header kept, site header dropped", `<header>Site</header><article><header><h1>Headline</h1></header><p>Body.</p></article>`, "Headline\nBody.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseHTML([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.want {
				t.Errorf("Text %q, want %q", doc.Text, tt.want)
			}
		})
	}
}

func TestHTMLMetadata(t *testing.T) {
	tests := []struct {
		name, in         string
		title, url, date string
	}{
		{"title element", `<title> Plain  title </title><p>x</p>`, "Plain title", "", ""},
		{"og wins over title", `<title>T | Site</title><meta property="og:title" content="OG title"><meta property="og:url" content="https://o.test/a"><p>x</p>`, "OG title", "https://o.test/a", ""},
		{"canonical wins over og:url", `<link rel="canonical" href="https://c.test/a"><meta property="og:url" content="https://o.test/a"><p>x</p>`, "", "https://c.test/a", ""},
		{"meta date", `<meta name="date" content="May 10, 2025"><p>x</p>`, "", "", "2025-05-10"},
		{"published_time wins", `<meta name="date" content="2020-01-01"><meta property="article:published_time" content="2025-05-10T08:00:00Z"><p>x</p>`, "", "", "2025-05-10"},
		{"time element", `<p>x <time datetime="2025-05-10T08:00">Saturday</time></p>`, "", "", "2025-05-10"},
		{"JSON-LD", `<script type="application/ld+json">{"headline":"LD \"head\"","datePublished":"2025-05-10"}</script><p>x</p>`, `LD "head"`, "", "2025-05-10"},
		{"JSON-LD graph", `<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","dateModified":"2025-05-11","datePublished":"2025-05-10T08:00:00+09:00"}]}</script><p>x</p>`, "", "", "2025-05-10"},
		{"itemprop meta", `<meta itemprop="datePublished" content="2025-05-10"><p>x</p>`, "", "", "2025-05-10"},
		{"itemprop element", `<p>x <span itemprop="datePublished" content="2025-05-10">10 May</span></p>`, "", "", "2025-05-10"},
		{"itemprop time", `<p>x <time itemprop="datePublished" datetime="2025-05-10">10 May</time> <time datetime="2020-01-01">then</time></p>`, "", "", "2025-05-10"},
		{"published_time wins over time element", `<meta property="article:published_time" content="2025-05-10"><p>x <time datetime="2020-01-01">then</time></p>`, "", "", "2025-05-10"},
		{"h1 as last resort", `<h1>Heading</h1><p>x</p>`, "Heading", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseHTML([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := []string{doc.Title, doc.URL, doc.Date}; !reflect.DeepEqual(got, []string{tt.title, tt.url, tt.date}) {
				t.Errorf("title, url, date = %q, want %q", got, []string{tt.title, tt.url, tt.date})
			}
		})
	}
}

// TestHTMLDateline: a page without date metadata takes its text's
// dateline; one with metadata keeps the metadata's date.
func TestHTMLDateline(t *testing.T) {
	for _, c := range []struct{ page, want string }{
		{`<title>T</title><p>MOSCOW, May 10, 2025 (Reuters) - Kim met Putin in Moscow on Friday.</p>`, "2025-05-10"},
		{`<title>T</title><meta name="date" content="2025-05-11"><p>MOSCOW, May 10, 2025 (Reuters) - Kim met Putin in Moscow on Friday.</p>`, "2025-05-11"},
	} {
		docs, errs := Parse("p.html", []byte(c.page))
		if len(errs) != 0 || len(docs) != 1 {
			t.Fatalf("%v %v", docs, errs)
		}
		if docs[0].Date != c.want {
			t.Errorf("%s: Date %q, want %q", c.page, docs[0].Date, c.want)
		}
	}
}

func TestHTMLLegacyCharset(t *testing.T) {
	page := []byte("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 talks \x96 Pyongyang</p></body></html>")
	docs, errs := Parse("old.htm", page)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if want := "Café talks – Pyongyang\n"; docs[0].Text != want {
		t.Errorf("Text %q, want %q", docs[0].Text, want)
	}
}
