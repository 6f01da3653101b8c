package ingest

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// asError fails t unless err is an *Error and returns it.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *ingest.Error", err, err)
	}
	return e
}

func TestParseBadFiles(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		is         error
		msg        string // the whole Error() text
	}{
		{"empty", "a.txt", nil, ErrEmpty, "a.txt: empty file"},
		{"white space only", "a.md", []byte(" \n\t\n"), ErrEmpty, "a.md: empty file (only white space)"},
		{"NUL bytes", "a.txt", []byte("Kim met Putin\x00\x00\x01"), ErrBinary, "a.txt: binary content, not text (NUL byte at offset 13)"},
		{"mostly non-text", "a.txt", []byte(strings.Repeat("\x01\x02\x03\xff\xfe", 40) + "text"), ErrBinary, ""},
		{"invalid UTF-8", "a.txt", []byte("Kim met Putin in Vladivostok.\n\xc3\x28 Latin-1 caf\xe9"), ErrInvalidUTF8, "a.txt: invalid UTF-8 at byte offset 30"},
		{"invalid UTF-8 in HTML without a charset", "a.html", []byte("<p>Kim met Putin \xe9t\xe9</p>"), ErrInvalidUTF8, "a.html: invalid UTF-8 at byte offset 17"},
		{"HTML with no text", "a.html", []byte("<html><head><title>T</title></head><body><script>x()</script></body></html>"), ErrNoText, "a.html: no text"},
		{"HTML nested past the parser's limit", "a.html", []byte(strings.Repeat("<div>", 600) + "<p>Kim met Putin.</p>" + strings.Repeat("</div>", 600)), ErrBadHTML, "a.html: HTML the parser cannot read: elements nested more than 512 deep (the parser's limit)"},
		{"unsupported extension", "a.pdf", []byte("%PDF-1.4"), ErrUnsupported, `a.pdf: unsupported file type ".pdf" (want .txt, .md, .html, .htm, .jsonl)`},
		{"no extension", "README", []byte("text"), ErrUnsupported, "README: unsupported file type: no file extension (want .txt, .md, .html, .htm, .jsonl)"},
		{"JSONL with only blank lines", "a.jsonl", []byte("\n\n  \n"), ErrEmpty, "a.jsonl: empty file (only white space)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := Parse(tt.file, tt.data)
			if len(docs) != 0 || len(errs) != 1 {
				t.Fatalf("got %d documents and errors %v, want one error", len(docs), errs)
			}
			e := asError(t, errs[0])
			if e.Path != tt.file || e.Line != 0 {
				t.Errorf("Path, Line = %q, %d; want %q, 0", e.Path, e.Line, tt.file)
			}
			if !errors.Is(errs[0], tt.is) {
				t.Errorf("error %q is not %q", errs[0], tt.is)
			}
			if tt.msg != "" && errs[0].Error() != tt.msg {
				t.Errorf("message %q, want %q", errs[0].Error(), tt.msg)
			}
		})
	}
}

func TestParseTextFormats(t *testing.T) {
	text := "Kim Jong Un met Vladimir Putin in Vladivostok.\n"
	for _, name := range []string{"a.txt", "dir/A.TXT", "a.md"} {
		docs, errs := Parse(name, []byte(text))
		if len(errs) != 0 || len(docs) != 1 {
			t.Fatalf("%s: %v", name, errs)
		}
		d := docs[0]
		if d.ID != name || d.Text != text {
			t.Errorf("%s: ID %q Text %q", name, d.ID, d.Text)
		}
		if got := segTexts(t, d); !reflect.DeepEqual(got, []string{strings.TrimSpace(text)}) {
			t.Errorf("%s: segments %q", name, got)
		}
	}
	docs, _ := Parse("a.md", []byte("---\ntitle: \"Front title\"\ndate: 2024-06-19\n---\n# Heading\n\n"+text))
	if d := docs[0]; d.Title != "Front title" || d.Date != "2024-06-19" {
		t.Errorf("markdown front matter: Title %q Date %q", d.Title, d.Date)
	}
	docs, _ = Parse("a.md", []byte("# Kim meets Putin\n\n"+text))
	if d := docs[0]; d.Title != "Kim meets Putin" {
		t.Errorf("markdown title from heading: %q", d.Title)
	}
}

func TestParseJSONL(t *testing.T) {
	data := strings.Join([]string{
		`{"id":"a1","text":"Kim Jong Un met Vladimir Putin in Vladivostok.","title":"Summit","url":"https://x.test/a1","date":"2023-09-13T10:00:00Z"}`,
		``,
		`{"text":"Merz visited the White House on Thursday."}`,
		`{"id":"a3","text":"Putin thanked North Korean troops for their help in Kursk.","da`, // truncated
		`{"id":"a4","title":"no text"}`,
		`{"id":"a5","text":""}`,
		`{"id":"a6","text":42}`,
		`["not", "an", "object"]`,
		`{"id":"a8","text":"Trump spoke with Zelensky by phone.","date":"not a date"}`,
		`{"id":"a9","text":"Kim visited Moscow.","extra":{"ignored":true},"title":null}`,
		"{\"id\":\"a10\",\"text\":\"bad \xff byte\"}",
		`   `,
		`{"id":"a13","title":"T","text":"OTTAWA 1996-08-30\nKim visited Moscow.","date":"2025-01-02"}`,
		`{"id":"a14","title":"T","text":"OTTAWA 1996-08-30\nKim visited Moscow."}`,
	}, "\n")
	docs, errs := Parse("feed.jsonl", []byte(data))

	type got struct{ ID, Title, URL, Date, Text string }
	var gotDocs []got
	for _, d := range docs {
		checkDoc(t, d)
		gotDocs = append(gotDocs, got{d.ID, d.Title, d.URL, d.Date, d.Text})
	}
	wantDocs := []got{
		{"a1", "Summit", "https://x.test/a1", "2023-09-13", "Kim Jong Un met Vladimir Putin in Vladivostok."},
		{"feed.jsonl#3", "", "", "", "Merz visited the White House on Thursday."},
		{"a8", "", "", "", "Trump spoke with Zelensky by phone."},
		{"a9", "", "", "", "Kim visited Moscow."},
		{"a13", "T", "", "2025-01-02", "OTTAWA 1996-08-30\nKim visited Moscow."}, // the record's date comes first
		{"a14", "T", "", "1996-08-30", "OTTAWA 1996-08-30\nKim visited Moscow."},
	}
	if !reflect.DeepEqual(gotDocs, wantDocs) {
		t.Errorf("documents:\n got %+v\nwant %+v", gotDocs, wantDocs)
	}

	wantErrs := []struct {
		line int
		msg  string
	}{
		{4, "feed.jsonl:4: invalid JSON (truncated or malformed line): unexpected end of JSON input"},
		{5, `feed.jsonl:5: missing "text" field`},
		{6, `feed.jsonl:6: empty "text" field`},
		{7, `feed.jsonl:7: field "text" is not a string`},
		{8, "feed.jsonl:8: not a JSON object (a record is one object per line)"},
		{11, "feed.jsonl:11: invalid UTF-8 at byte offset "},
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %v, want %d", errs, len(wantErrs))
	}
	for i, w := range wantErrs {
		e := asError(t, errs[i])
		if e.Path != "feed.jsonl" || e.Line != w.line {
			t.Errorf("error %d: Path %q Line %d, want line %d", i, e.Path, e.Line, w.line)
		}
		if !strings.HasPrefix(e.Error(), w.msg) {
			t.Errorf("error %d: %q, want %q", i, e.Error(), w.msg)
		}
	}
	if off := strings.Index(data, "\xff"); !strings.HasSuffix(errs[5].Error(), " "+strconv.Itoa(off)) {
		t.Errorf("invalid UTF-8 error %q should name file offset %d", errs[5], off)
	}
}

func TestJSONLCleansEachRecord(t *testing.T) {
	rec := `{"id":"r","text":"Comments\nKim Jong Un met Vladimir Putin in Vladivostok.\nRelated Articles\n19 minutes ago"}`
	docs, errs := Parse("f.jsonl", []byte(rec+"\n"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if got := segTexts(t, docs[0]); !reflect.DeepEqual(got, []string{"Kim Jong Un met Vladimir Putin in Vladivostok."}) {
		t.Errorf("segments %q", got)
	}
}

func TestErrorFormat(t *testing.T) {
	base := errors.New("boom")
	e := &Error{Path: "a/b.jsonl", Line: 3, Err: base}
	if e.Error() != "a/b.jsonl:3: boom" {
		t.Errorf("%q", e.Error())
	}
	if !errors.Is(e, base) {
		t.Errorf("Unwrap does not reach the cause")
	}
	if (&Error{Path: "x.txt", Err: base}).Error() != "x.txt: boom" {
		t.Errorf("file error format")
	}
}
