package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// Read streams the documents of paths: files, folders (recursively, in
// lexical order, skipping hidden files and folders, files whose
// extension is not supported, and symbolic links to folders), and "-" for
// stdin (JSON lines when the first line is a JSON object, HTML when it
// starts like a page, else plain text).
//
// Each item is either a cleaned document or an *Error (never both). A bad
// file or record gives one error and reading goes on.
//
// A document's ID is the path as given for a file argument, the path
// below the folder (with forward slashes) for a file found in a folder
// argument, "-" for stdin, and a JSONL record's "id" (else "SOURCE#LINE").
// An error's Path is the file's path (folder joined with the path below).
func Read(paths []string, stdin io.Reader) iter.Seq2[*kg.Document, error] {
	return Options{}.Read(paths, stdin)
}

type reader struct {
	// counting, when set, makes the reader count the documents instead of
	// reading them (Count); -1 once stdin is among the paths.
	counting  *int
	stdin     io.Reader
	stdinRead bool
	yield     func(*kg.Document, error) bool
	buf       []byte // the bytes of a plain-text file, reused file after file
	max       int    // the largest document text passed on (Options.MaxDocument)
}

// item is one result of parsing: a document or an error.
type item struct {
	doc *kg.Document
	err error
}

func (r *reader) fail(path string, err error) bool {
	if r.counting != nil {
		*r.counting++ // Read yields it as an error
		return true
	}
	return r.yield(nil, &Error{Path: path, Err: err})
}

// Count returns how many documents Read will yield for paths, reading no
// more than the names of the files and the lines of JSONL files (each
// non-blank line a document), for a progress total. It returns -1 when the
// paths include stdin, whose count cannot be known before reading it. A
// file that cannot be read counts as one (Read yields its error).
func Count(paths []string) int {
	n := 0
	r := reader{counting: &n}
	for _, p := range paths {
		if !r.path(p) {
			break
		}
	}
	return n
}

// countDocs is the number of documents a file holds: its non-blank lines
// for JSONL, else one.
func countDocs(f, path string) int {
	if f != "jsonl" {
		return 1
	}
	fh, err := os.Open(path)
	if err != nil {
		return 1
	}
	defer fh.Close()
	n, blank := 0, true
	buf := make([]byte, 256<<10)
	for {
		k, err := fh.Read(buf)
		for _, b := range buf[:k] {
			switch b {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if err != nil {
			break
		}
	}
	if !blank {
		n++
	}
	return max(n, 1)
}

func (r *reader) emit(items iter.Seq[item]) bool {
	for it := range items {
		if !r.yield(it.doc, it.err) {
			return false
		}
	}
	return true
}

// cause strips the path an *fs.PathError repeats ("open x: permission
// denied" -> "permission denied"), keeping the error for errors.Is.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// statError explains why path cannot be opened.
func statError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("broken symbolic link: %w", cause(err))
		}
	}
	return cause(err)
}

func (r *reader) path(p string) bool {
	if p == "-" && r.counting != nil {
		*r.counting = -1
		return false
	}
	if p == "-" {
		return r.readStdin()
	}
	fi, err := os.Stat(p)
	if err != nil {
		return r.fail(p, statError(p, err))
	}
	if fi.IsDir() {
		return r.folder(p)
	}
	f := format(p)
	if f == "" {
		return r.fail(p, unsupported(p))
	}
	return r.file(f, p, p)
}

func (r *reader) file(f, id, path string) bool {
	if r.counting != nil {
		*r.counting += countDocs(f, path)
		return true
	}
	var data []byte
	var err error
	if f == "txt" || f == "md" {
		// parseAs copies a plain text into the document's string, so
		// the bytes can go into a buffer the next file reuses: no
		// slice per file, and no stat for its size as os.ReadFile makes.
		data, err = readInto(path, r.buf[:0], r.max)
		r.buf = data
		if err == nil && len(data) > r.max {
			return r.fail(path, tooLarge("the file", fileSize(path, len(data)), r.max))
		}
	} else {
		data, err = os.ReadFile(path)
		if err == nil {
			if err := r.tooBig(f, len(data)); err != nil {
				return r.fail(path, err)
			}
		}
	}
	if err != nil {
		return r.fail(path, statError(path, err))
	}
	return r.emit(r.limit(path, parseAs(f, id, path, data, r.max)))
}

// fileSize is path's size, or n when it cannot be had.
func fileSize(path string, n int) int {
	if fi, err := os.Stat(path); err == nil && fi.Size() > int64(n) {
		return int(fi.Size())
	}
	return n
}

// readInto is os.ReadFile appending to buf, stopping past max bytes (the
// caller refuses the file then: it was not read whole).
func readInto(path string, buf []byte, max int) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return buf, err
	}
	defer fh.Close()
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := fh.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF || len(buf) > max {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func (r *reader) folder(root string) bool {
	walkRoot := root
	if !strings.HasSuffix(walkRoot, string(filepath.Separator)) {
		// A trailing separator makes WalkDir follow a root that is a
		// symbolic link to a folder.
		walkRoot += string(filepath.Separator)
	}
	ok := true
	filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if ok = r.fail(filepath.Clean(path), cause(err)); !ok {
				return fs.SkipAll
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if path == walkRoot {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		f := format(name)
		if f == "" {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			if err != nil {
				ok = r.fail(path, statError(path, err))
			} else if fi.Mode().IsRegular() {
				ok = r.file(f, relID(walkRoot, path), path)
			}
		} else if d.Type().IsRegular() {
			ok = r.file(f, relID(walkRoot, path), path)
		}
		if !ok {
			return fs.SkipAll
		}
		return nil
	})
	return ok
}

func relID(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		rel = path
	}
	return filepath.ToSlash(rel)
}

func (r *reader) readStdin() bool {
	if r.stdin == nil {
		return r.fail("-", errors.New("no standard input"))
	}
	if r.stdinRead {
		return r.fail("-", errors.New(`standard input ("-") given more than once`))
	}
	r.stdinRead = true
	data, err := io.ReadAll(r.stdin)
	if err != nil {
		return r.fail("-", err)
	}
	f := sniff(data)
	if err := r.tooBig(f, len(data)); err != nil {
		return r.fail("-", err)
	}
	return r.emit(r.limit("-", parseAs(f, "-", "-", data, r.max)))
}

// sniff picks the format of stdin: "jsonl" when the first non-blank line
// is a JSON object, "html" when the input starts like a page, else "txt".
func sniff(data []byte) string {
	t := bytes.TrimLeft(data, " \t\r\n\uFEFF")
	if len(t) > 0 && t[0] == '{' {
		line := t
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if json.Valid(bytes.TrimSpace(line)) {
			return "jsonl"
		}
	}
	head := t
	if len(head) > 512 {
		head = head[:512]
	}
	head = bytes.ToLower(head)
	if bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) {
		return "html"
	}
	return "txt"
}
