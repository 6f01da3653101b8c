package serve

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var update = flag.Bool("update", false, "rewrite docs/serve.png, the viewer's screenshot for the README")

// chromium returns the path of a Chromium to drive: $ENTIGRAPH_CHROMIUM,
// else Debian's chromium (`apt-get install chromium`; .ci/run installs it).
// Without one the browser test skips, and fails under CI=true.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ENTIGRAPH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("TestBrowser: no chromium on the PATH (apt-get install chromium), and CI=true")
	}
	t.Skip("TestBrowser: no chromium on the PATH (apt-get install chromium, or set ENTIGRAPH_CHROMIUM)")
	return ""
}

// TestBrowser drives the viewer in headless Chromium on the seeds, as a
// reader would: type "Putin", pick the suggestion, click the Trump–Putin
// edge of the ego graph, and read the Anchorage sentence behind it, the
// names highlighted. With -update it saves the screenshot the README
// shows (docs/serve.png).
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	ts := httptest.NewServer(seedServer(t))
	defer ts.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()

	const (
		suggestion = `#suggestions li[data-id="person/vladimir-putin"]`
		edge       = `#graph g.edge[data-from="person/donald-trump"][data-to="person/vladimir-putin"]`
		anchorage  = "US President Donald Trump and Russian President Vladimir Putin have touched down and shared a handshake in Anchorage, Alaska"
	)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(css(`#predicates input`)),
		chromedp.SendKeys(css(`#search`), "Putin"),
		chromedp.WaitVisible(css(suggestion)),
		chromedp.Click(css(suggestion)),
		chromedp.WaitVisible(css(edge)),
		// The edge's label: a click on its text hits the edge.
		chromedp.Click(css(edge+` text`)),
		chromedp.WaitVisible(css(`#evidence blockquote`)),
	)
	if err != nil {
		t.Fatalf("driving the viewer: %v", err)
	}
	value := func(name string, a chromedp.Action[string]) string {
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("reading %s: %v", name, err)
		}
		return v
	}
	heading := value("the entity's name", chromedp.Text(css(`#entity-info h2`)))
	title := value("the title", chromedp.Title())
	evidence := value("the evidence", chromedp.Text(css(`#evidence`)))
	marks := value("the marks", chromedp.Evaluate[string](`[...document.querySelectorAll("#evidence blockquote")[0].querySelectorAll("mark")].map(m => m.textContent).join("|")`))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if heading != "Vladimir Putin" || title != "Vladimir Putin · entigraph" {
		t.Errorf("the chosen entity: heading %q, title %q", heading, title)
	}
	if !strings.Contains(evidence, anchorage) {
		t.Errorf("the evidence panel has no Anchorage sentence:\n%s", evidence)
	}
	if !strings.Contains(evidence, "Donald Trump — met with — Vladimir Putin") || !strings.Contains(evidence, "in Anchorage") {
		t.Errorf("the evidence panel does not name the relation:\n%s", evidence)
	}
	// The wire story's evidence links to its source, with its date.
	source := value("the source link", chromedp.Evaluate[string](`(() => { const a = document.querySelector('#evidence a[href="https://news.example/summit"]'); return a ? a.textContent + " | " + a.parentElement.textContent : ""; })()`))
	if !strings.HasPrefix(source, "Summit in Alaska | ") || !strings.Contains(source, "2025-08-16") {
		t.Errorf("the wire story's source link and date: %q", source)
	}
	if marks == "" || !strings.Contains(marks, "Putin") || !strings.Contains(marks, "Trump") {
		t.Errorf("names highlighted in the first sentence: %q", marks)
	}
	// Click the Trump node: the graph is centred on him, and the
	// downloads are of his view.
	trumpNode := `#graph g.node[data-id="person/donald-trump"]`
	if err := chromedp.Do(ctx,
		chromedp.Click(css(trumpNode+` text`)),
		chromedp.WaitVisible(css(`#graph g.edge[data-from="person/donald-trump"][data-to="place/anchorage"]`)),
	); err != nil {
		t.Fatalf("recentring on Trump: %v", err)
	}
	// The heading follows the graph; wait for it.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#entity-info h2").textContent === "Donald Trump"`)); err != nil {
		t.Fatalf("the heading after recentring: %v", err)
	}
	links := value("the downloads", chromedp.Evaluate[string](`[...document.querySelectorAll("#downloads a")].map(a => a.dataset.format + " " + a.getAttribute("href")).join("\n")`))
	for _, f := range []string{"svg", "dot", "jsonld", "csv"} {
		want := f + " /api/view?depth=1&max_nodes=20&max_edges=40&modality=asserted&id=person%2Fdonald-trump&format=" + f + "&download=1"
		if !strings.Contains(links, want) {
			t.Errorf("no download link %q in\n%s", want, links)
		}
	}
	if len(png) < 1000 {
		t.Fatalf("screenshot of %d bytes", len(png))
	}
	out := filepath.Join(t.TempDir(), "serve.png")
	if *update {
		out = filepath.Join("..", "docs", "serve.png")
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)
}
