package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMaxDocument: documents over the limit are refused one by one with an
// error naming the file (and the record), the others still read.
func TestMaxDocument(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("big.txt", strings.Repeat("Word word. ", 20)) // 220 bytes
	small := write("small.txt", "Kim met Putin.")              // 14 bytes
	html := write("page.html", "<html><body><p>"+strings.Repeat("x ", 100)+"</p></body></html>")
	jsonl := write("recs.jsonl", `{"id":"a","text":"short"}`+"\n"+`{"id":"b","text":"`+strings.Repeat("y", 120)+`"}`+"\n")

	var got []string
	for doc, err := range (Options{MaxDocument: 100}).Read([]string{big, small, html, jsonl}, nil) {
		if err != nil {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("unexpected error %v", err)
			}
			got = append(got, "error: "+err.Error())
			continue
		}
		got = append(got, "doc: "+doc.ID)
	}
	want := []string{
		"error: " + big + ": document too large: the file is 220 bytes, over the limit of 100 (--max-doc-bytes)",
		"doc: " + small,
		"error: " + html + ": document too large: the text is 200 bytes, over the limit of 100 (--max-doc-bytes)",
		"doc: a",
		"error: " + jsonl + `:2: document too large: document "b" is 120 bytes, over the limit of 100 (--max-doc-bytes)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// No limit, and the default.
	for _, o := range []Options{{MaxDocument: -1}, {}} {
		n := 0
		for _, err := range o.Read([]string{big, jsonl}, nil) {
			if err != nil {
				t.Errorf("%+v: %v", o, err)
			}
			n++
		}
		if n != 3 {
			t.Errorf("%+v: %d items, want 3", o, n)
		}
	}
}

// TestMaxDocumentBeforeParsing: plain text on stdin over the limit, and an
// HTML page over four times it, are refused before being parsed.
func TestMaxDocumentBeforeParsing(t *testing.T) {
	o := Options{MaxDocument: 100}
	for _, c := range []struct{ in, want string }{
		{strings.Repeat("Word word. ", 20), "-: document too large: the text is 220 bytes, over the limit of 100 (--max-doc-bytes)"},
		{"<html><body>" + strings.Repeat("<b>x</b>", 60) + "</body></html>", "-: document too large: the page is 506 bytes, over 4 times the limit of 100 (--max-doc-bytes)"},
	} {
		var got []string
		for _, err := range o.Read([]string{"-"}, strings.NewReader(c.in)) {
			if err == nil || !errors.Is(err, ErrTooLarge) {
				t.Errorf("%.20q: %v, want ErrTooLarge", c.in, err)
				continue
			}
			got = append(got, err.Error())
		}
		if strings.Join(got, "\n") != c.want {
			t.Errorf("%.20q: %q, want %q", c.in, got, c.want)
		}
	}
}
