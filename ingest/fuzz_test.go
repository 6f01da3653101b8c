package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
)

// checkItems checks the invariants every Parse result keeps.
func checkItems(t *testing.T, docs []*kg.Document, errs []error) {
	for _, d := range docs {
		if d == nil {
			t.Fatal("nil document")
		}
		if d.ID == "" {
			t.Errorf("document without ID")
		}
		if !utf8.ValidString(d.Text) {
			t.Errorf("document Text is not valid UTF-8")
		}
		before := d.Text
		checkDoc(t, d)
		Clean(d) // idempotent, Text unchanged
		if d.Text != before {
			t.Fatal("Clean changed Text")
		}
		checkDoc(t, d)
	}
	for _, err := range errs {
		var e *Error
		if !errors.As(err, &e) || e.Path == "" || e.Err == nil {
			t.Errorf("error %v (%T) is not a complete *Error", err, err)
		}
	}
}

func FuzzParseJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Kim met Putin.","date":"2025-05-10"}` + "\n" + `{"text":"trunc`))
	f.Add([]byte(`{"text":"Comments\nRelated Articles\n19 minutes ago\nKim met Putin."}`))
	f.Add([]byte("\n\n{\"text\":42}\n[1,2]\nnull\n{}\n"))
	f.Add([]byte("{\"text\":\"\xff\"}\n{\"text\":\"ok\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, errs := Parse("f.jsonl", data)
		checkItems(t, docs, errs)
		for _, err := range errs {
			var e *Error
			if errors.As(err, &e) && e.Line < 0 {
				t.Errorf("negative line in %v", err)
			}
		}
		// Every good record became a document: lines = docs + errs + blank.
		nonBlank := 0
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(l) != "" {
				nonBlank++
			}
		}
		if nonBlank > 0 && len(docs)+len(errs) < nonBlank && len(errs) != 1 {
			t.Errorf("%d non-blank lines gave %d documents and %d errors", nonBlank, len(docs), len(errs))
		}
	})
}

func FuzzParseHTML(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "page.html")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<p>Kim <b>met</b> Putin &amp; Xi.</p><script>x</script><nav>n</nav>`))
	f.Add([]byte(`<table><tr><td>a<td>b</table><pre>x
y</pre><svg><p>z</svg>`))
	f.Add([]byte("<meta charset=windows-1252><p>caf\xe9</p>"))
	f.Add([]byte(`<article><header><h1>H</h1></header><p>Published: 10 May 2025</p><p>Body.</p></article>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, errs := Parse("f.html", data)
		checkItems(t, docs, errs)
		if len(docs)+len(errs) != 1 {
			t.Errorf("%d documents and %d errors, want exactly one item", len(docs), len(errs))
		}
		for _, d := range docs {
			if strings.Contains(d.Text, "\n\n") || strings.HasPrefix(d.Text, " ") {
				t.Errorf("extracted text not normalised: %q", d.Text)
			}
		}
	})
}

func FuzzClean(f *testing.F) {
	if entries, err := os.ReadDir(seedDir); err == nil {
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(seedDir, e.Name())); err == nil {
				// Short seeds keep the fuzzer's minimisation quick.
				f.Add(shorten(string(data), 3000))
			}
		}
	}
	f.Add(" date 2025-05-10 Kim met Putin.\n\nKim met Putin.\n")
	f.Add("---\ntitle: x\n---\n```\ncode\n```\n# H #\n> q\n![i](x)\n")
	f.Add("A Title Line\nAnother Title Line\nThird Title Line\nKim met Putin in Vladivostok.")
	f.Add("wrapped line one and\ntwo and three and\nfour and five and\nsix.\n")
	f.Add("\xff\xfe\r\n\r\n\u00a0\uFEFF x")
	f.Fuzz(func(t *testing.T, text string) {
		doc := &kg.Document{ID: "f", Text: text}
		Clean(doc)
		if doc.Text != text {
			t.Fatal("Clean changed Text")
		}
		checkDoc(t, doc)
		for _, s := range doc.Segments {
			seg := text[s.Start:s.End]
			if strings.TrimSpace(seg) != seg && utf8.ValidString(seg) {
				t.Errorf("segment %q has surrounding white space", seg)
			}
		}
		if doc.Date != "" {
			if _, ok := NormalizeDate(doc.Date); !ok {
				t.Errorf("Date %q is not ISO", doc.Date)
			}
		}
		// Clean is deterministic.
		again := &kg.Document{ID: "f", Text: text}
		Clean(again)
		if len(again.Segments) != len(doc.Segments) || again.Date != doc.Date {
			t.Errorf("Clean is not deterministic")
		}
	})
}

// shorten cuts s to at most n bytes, at a line break when there is one.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '\n'); i > 0 {
		return s[:i+1]
	}
	return s
}
