package ingest

import (
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/entigraph/entigraph/kg"
)

// DefaultMaxDocument is the largest document text Read passes on, in
// bytes: 4 MiB, about 700,000 words, far more than any news article.
// Processing costs time and memory in proportion to a document's length
// (about 0.7 s and 200 MB of peak memory a MB on one core), and a document
// of this size stays under 1 GB.
const DefaultMaxDocument = 4 << 20

// ErrTooLarge is the reason of an *Error for a document over the limit.
var ErrTooLarge = errors.New("document too large")

// Options are Read's settings; the zero value is Read's defaults.
type Options struct {
	// MaxDocument is the largest document text passed on, in bytes
	// (0: DefaultMaxDocument, < 0: no limit). A larger document is refused
	// with an *Error naming its file (and record, in JSONL) and wrapping
	// ErrTooLarge; a plain-text file over it is refused without being
	// read whole, plain text on stdin and an HTML page over 4 times it
	// before they are parsed.
	MaxDocument int
}

// noLimit is the document limit of Options{MaxDocument: -1} and of Parse.
const noLimit = int(^uint(0) >> 1)

func (o Options) maxDocument() int {
	switch {
	case o.MaxDocument == 0:
		return DefaultMaxDocument
	case o.MaxDocument < 0:
		return noLimit
	}
	return o.MaxDocument
}

// Read is the package's Read with these options.
func (o Options) Read(paths []string, stdin io.Reader) iter.Seq2[*kg.Document, error] {
	return func(yield func(*kg.Document, error) bool) {
		r := reader{stdin: stdin, yield: yield, max: o.maxDocument()}
		for _, p := range paths {
			if !r.path(p) {
				return
			}
		}
	}
}

// tooLarge is the error for a document or file of n bytes over max.
func tooLarge(what string, n, max int) error {
	return fmt.Errorf("%w: %s is %d bytes, over the limit of %d (--max-doc-bytes)", ErrTooLarge, what, n, max)
}

// htmlMarkup is how many times the document limit an HTML page may be
// before its text is even extracted: markup is most of a page.
const htmlMarkup = 4

// tooBig refuses, before parsing, input of format f and n bytes whose text
// must be over the limit: plain text over it, HTML over htmlMarkup times
// it. JSONL holds many documents and is checked record by record.
func (r *reader) tooBig(f string, n int) error {
	switch {
	case (f == "txt" || f == "md") && n > r.max:
		return tooLarge("the text", n, r.max)
	case f == "html" && n/htmlMarkup > r.max:
		return fmt.Errorf("%w: the page is %d bytes, over %d times the limit of %d (--max-doc-bytes)", ErrTooLarge, n, htmlMarkup, r.max)
	}
	return nil
}

// limit replaces each document of items over r.max by an error naming it.
func (r *reader) limit(path string, items iter.Seq[item]) iter.Seq[item] {
	return func(yield func(item) bool) {
		for it := range items {
			if it.doc != nil && len(it.doc.Text) > r.max {
				what := "the text"
				if it.doc.ID != path && it.doc.ID != "-" {
					what = fmt.Sprintf("document %q", it.doc.ID)
				}
				it = item{err: &Error{Path: path, Err: tooLarge(what, len(it.doc.Text), r.max)}}
			}
			if !yield(it) {
				return
			}
		}
	}
}
