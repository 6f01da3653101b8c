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
		"error: " + jsonl + `: document too large: document "b" is 120 bytes, over the limit of 100 (--max-doc-bytes)`,
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
