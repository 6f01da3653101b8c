package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
)

// Error is a file or a JSONL record that could not be read. Line is the
// 1-based line of a JSONL record, 0 for the whole file.
type Error struct {
	Path string
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// The reasons an *Error can carry (test with errors.Is).
var (
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary content, not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrUnsupported = errors.New("unsupported file type")
	ErrNoText      = errors.New("no text")
	ErrBadHTML     = errors.New("HTML the parser cannot read")
)

// Formats are the file extensions Parse reads.
var Formats = []string{".txt", ".md", ".html", ".htm", ".jsonl"}

// format returns the format of a file name ("txt", "md", "html", "jsonl"),
// or "" when the extension is not supported.
func format(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return "txt"
	case ".md", ".markdown":
		return "md"
	case ".html", ".htm", ".xhtml":
		return "html"
	case ".jsonl", ".ndjson":
		return "jsonl"
	}
	return ""
}

func unsupported(name string) error {
	ext := filepath.Ext(name)
	if ext == "" {
		return fmt.Errorf("%w: no file extension (want %s)", ErrUnsupported, strings.Join(Formats, ", "))
	}
	return fmt.Errorf("%w %q (want %s)", ErrUnsupported, ext, strings.Join(Formats, ", "))
}

// Parse turns one file's bytes into cleaned documents, by name's
// extension: .txt and .md (one document, Text the content as is), .html
// and .htm (one document, Text the extracted text), .jsonl (one document
// per record). name is the source name: the ID of a .txt/.md/.html
// document and the prefix of a JSONL record's fallback ID ("name#LINE").
//
// Errors are *Error values naming name. A JSONL file yields the documents
// of its good lines along with one error per bad line.
func Parse(name string, data []byte) ([]*kg.Document, []error) {
	f := format(name)
	if f == "" {
		return nil, []error{&Error{Path: name, Err: unsupported(name)}}
	}
	var docs []*kg.Document
	var errs []error
	for it := range parseAs(f, name, name, data, noLimit) {
		if it.err != nil {
			errs = append(errs, it.err)
		} else {
			docs = append(docs, it.doc)
		}
	}
	return docs, errs
}

// parseAs parses data as format f; id names the documents, path the
// errors. A JSONL file's records are parsed one by one as they are asked
// for, so that a file of many records is never held as documents at once.
func parseAs(f, id, path string, data []byte, max int) iter.Seq[item] {
	fail := func(err error) iter.Seq[item] {
		return one(item{err: &Error{Path: path, Err: err}})
	}
	if f == "html" {
		data = decodeHTML(data)
	}
	if err := checkText(data, f != "jsonl"); err != nil {
		return fail(err)
	}
	var doc *kg.Document
	switch f {
	case "jsonl":
		return parseJSONL(id, path, data, max)
	case "html":
		d, err := parseHTML(data)
		if err != nil {
			return fail(err)
		}
		d.ID = id
		doc = d
	default:
		doc = &kg.Document{ID: id, Text: string(data)}
	}
	cleanWithMetadata(doc)
	return one(item{doc: doc})
}

// one yields it.
func one(it item) iter.Seq[item] {
	return func(yield func(item) bool) { yield(it) }
}

// binarySample is how much of a file checkText inspects for binary content.
const binarySample = 8 << 10

// checkText rejects an empty file, binary content and (when utf8 is set)
// invalid UTF-8, naming the byte offset of the first bad byte.
func checkText(data []byte, wantUTF8 bool) error {
	if len(bytes.TrimSpace(data)) == 0 {
		if len(data) == 0 {
			return ErrEmpty
		}
		return fmt.Errorf("%w (only white space)", ErrEmpty)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)
	}
	sample := data
	if len(sample) > binarySample {
		sample = sample[:binarySample]
	}
	bad := 0
	for i := 0; i < len(sample); {
		r, n := utf8.DecodeRune(sample[i:])
		switch {
		case r == utf8.RuneError && n == 1 && i+utf8.UTFMax <= len(sample):
			bad++
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v':
			bad++
		case r == 0x7f:
			bad++
		}
		i += n
	}
	if bad*4 > len(sample) {
		return fmt.Errorf("%w (%d of the first %d bytes are not text)", ErrBinary, bad, len(sample))
	}
	if wantUTF8 {
		if i := invalidUTF8(data); i >= 0 {
			return fmt.Errorf("%w at byte offset %d", ErrInvalidUTF8, i)
		}
	}
	return nil
}

// invalidUTF8 is the offset of the first byte of data that is not valid
// UTF-8, or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// jsonlRecord is one line of a .jsonl file.
type jsonlRecord struct {
	ID    string
	Text  string
	Title string
	URL   string
	Date  string
}

// stringField reads an optional string field; null counts as absent.
func stringField(m map[string]json.RawMessage, key string) (string, bool, error) {
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return "", false, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", true, fmt.Errorf("field %q is not a string", key)
	}
	return s, true, nil
}

func parseRecord(line []byte) (jsonlRecord, error) {
	var rec jsonlRecord
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return rec, fmt.Errorf("not a JSON object (a record is one object per line)")
		case errors.As(err, &se) || strings.Contains(err.Error(), "unexpected end"):
			return rec, fmt.Errorf("invalid JSON (truncated or malformed line): %v", err)
		}
		return rec, fmt.Errorf("invalid JSON: %v", err)
	}
	if m == nil {
		return rec, fmt.Errorf("not a JSON object (a record is one object per line)")
	}
	text, ok, err := stringField(m, "text")
	if err != nil {
		return rec, err
	}
	if !ok {
		return rec, fmt.Errorf(`missing "text" field`)
	}
	if strings.TrimSpace(text) == "" {
		return rec, fmt.Errorf(`empty "text" field`)
	}
	rec.Text = text
	for _, f := range []struct {
		key string
		dst *string
	}{{"id", &rec.ID}, {"title", &rec.Title}, {"url", &rec.URL}, {"date", &rec.Date}} {
		s, _, err := stringField(m, f.key)
		if err != nil {
			return rec, err
		}
		*f.dst = strings.TrimSpace(s)
	}
	return rec, nil
}

// parseJSONL reads one record per line; blank lines are skipped. A record
// whose text is over max bytes is an error, before it is cleaned.
func parseJSONL(id, path string, data []byte, max int) iter.Seq[item] {
	return func(yield func(item) bool) {
		records := 0
		for n, pos := 1, 0; pos < len(data); n++ {
			end := bytes.IndexByte(data[pos:], '\n')
			if end < 0 {
				end = len(data)
			} else {
				end += pos
			}
			line := bytes.TrimSpace(data[pos:end])
			off := pos
			pos = end + 1
			if len(line) == 0 {
				continue
			}
			records++
			if i := invalidUTF8(data[off:end]); i >= 0 {
				if !yield(item{err: &Error{Path: path, Line: n, Err: fmt.Errorf("%w at byte offset %d", ErrInvalidUTF8, off+i)}}) {
					return
				}
				continue
			}
			rec, err := parseRecord(line)
			if err != nil {
				if !yield(item{err: &Error{Path: path, Line: n, Err: err}}) {
					return
				}
				continue
			}
			doc := &kg.Document{ID: rec.ID, Title: rec.Title, URL: rec.URL, Text: rec.Text}
			if doc.ID == "" {
				doc.ID = fmt.Sprintf("%s#%d", id, n)
			}
			if len(doc.Text) > max {
				if !yield(item{err: &Error{Path: path, Line: n, Err: tooLarge(fmt.Sprintf("document %q", doc.ID), len(doc.Text), max)}}) {
					return
				}
				continue
			}
			if iso, ok := NormalizeDate(rec.Date); ok {
				doc.Date = iso
			}
			cleanWithMetadata(doc)
			if !yield(item{doc: doc}) {
				return
			}
		}
		if records == 0 {
			yield(item{err: &Error{Path: path, Err: ErrEmpty}})
		}
	}
}
