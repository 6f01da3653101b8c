package boltkv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
	"unicode/utf8"
)

// A bolt file starts with two meta pages (page 0 and page 1, each at the
// start of a page of the file's page size): a 16-byte page header (page
// id, flags, count, overflow), then the meta: magic, version, page size,
// flags, the root bucket (page, sequence), the freelist page, the high
// water mark (pages in use), the transaction id and an FNV-64a checksum of
// the meta's bytes before it. Integers are in the machine's byte order;
// bolt files are not portable across byte orders either.
const (
	pageHeaderSize = 16
	metaSize       = 64
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	leafPageFlag   = 0x02
	branchPageFlag = 0x01
	freelistFlag   = 0x10
	metaPageFlag   = 0x04
	noFreelist     = 0xffffffffffffffff
)

var order = binary.NativeEndian

type meta struct {
	magic, version, pageSize   uint32
	root, freelist, pgid, txid uint64
	checksum, sum              uint64
}

func parseMeta(b []byte) meta {
	m := meta{
		magic:    order.Uint32(b[0:]),
		version:  order.Uint32(b[4:]),
		pageSize: order.Uint32(b[8:]),
		root:     order.Uint64(b[16:]),
		freelist: order.Uint64(b[32:]),
		pgid:     order.Uint64(b[40:]),
		txid:     order.Uint64(b[48:]),
		checksum: order.Uint64(b[56:]),
	}
	h := fnv.New64a()
	h.Write(b[:56])
	m.sum = h.Sum64()
	return m
}

func (m meta) valid() bool {
	return m.magic == boltMagic && m.version == boltVersion && m.checksum == m.sum
}

// Problem says what CheckFile found wrong with a file.
type Problem int

const (
	NotRegular Problem = iota + 1 // a directory, a device, a pipe, a symbolic link loop ...
	Empty                         // no bytes at all
	Foreign                       // not a bolt file: another program's, or garbage
	Truncated                     // a bolt file shorter than its pages
	Damaged                       // a bolt file whose meta pages or root pages are wrong
)

// FileError is CheckFile's error: the file, the problem and the details.
type FileError struct {
	Path    string
	Problem Problem
	Detail  string
	Err     error // the system error, if any
}

func (e *FileError) Error() string {
	return e.Path + ": " + e.Detail
}

func (e *FileError) Unwrap() error { return e.Err }

// CheckFile looks at the bolt file at path before anything maps it: bbolt
// maps the file into memory and trusts its page numbers, so a file cut
// short faults (SIGBUS) when a page past its end is read, and a foreign
// file can make it panic. CheckFile reads only the two meta pages and the
// root and freelist page headers; it never writes. It returns nil for a
// bolt file that bbolt can open safely, an error wrapping
// fs.ErrNotExist when there is no file, and a *FileError otherwise.
//
// It cannot see damage inside the pages (bbolt's Tx.Check does that).
func CheckFile(path string) error {
	release, err := CheckFileLocked(path, 0, 0)
	if release != nil {
		release()
	}
	return err
}

// ErrTimeout is CheckFileLocked's error when another process holds the
// file's lock for longer than the timeout.
var ErrTimeout = errors.New("timed out waiting for the bolt file's lock")

// CheckFileLocked is CheckFile under a flock of the file (how:
// syscall.LOCK_SH, as bbolt's readers take, or LOCK_EX, as its writer
// does; 0 for none), waited for up to timeout: a file read while another
// process writes it could look torn. On success it returns the function
// that lets go of the lock; bbolt, opening the file itself, takes its own.
func CheckFileLocked(path string, how int, timeout time.Duration) (release func(), err error) {
	fi, err := os.Stat(path)
	if err != nil {
		var errno syscall.Errno
		if errors.As(err, &errno) && errno == syscall.ELOOP {
			return nil, &FileError{path, NotRegular, "a symbolic link loop, not a bolt file", err}
		}
		if errors.Is(err, fs.ErrNotExist) {
			if _, lerr := os.Lstat(path); lerr == nil {
				// Not "no file": creating one would write where the link points.
				return nil, &FileError{path, NotRegular, "a symbolic link to nothing, not a bolt file", nil}
			}
		}
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a directory"
		case fi.Mode()&fs.ModeNamedPipe != 0:
			what = "a named pipe"
		case fi.Mode()&fs.ModeDevice != 0:
			what = "a device"
		case fi.Mode()&fs.ModeSocket != 0:
			what = "a socket"
		}
		return nil, &FileError{path, NotRegular, what + ", not a bolt file", nil}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if how != 0 {
		deadline := time.Now().Add(timeout)
		for {
			err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
			if err == nil {
				break
			}
			if err != syscall.EWOULDBLOCK && err != syscall.EINTR {
				f.Close()
				return nil, err
			}
			if time.Now().After(deadline) {
				f.Close()
				return nil, ErrTimeout
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if fi, err = f.Stat(); err == nil {
		err = checkContent(f, path, fi.Size())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// checkContent checks the bolt file f, of size bytes, at path.
func checkContent(f *os.File, path string, size int64) error {
	if size == 0 {
		return &FileError{path, Empty, "empty file (0 bytes), not a bolt file: entigraph does not write over it; remove it if nothing should be there", nil}
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return err
	}
	head = head[:n]
	var m0 meta
	if n >= pageHeaderSize+metaSize {
		m0 = parseMeta(head[pageHeaderSize:])
	}
	if m0.magic != boltMagic {
		return &FileError{path, Foreign, "not a bolt file: " + sniff(head, size), nil}
	}
	// The second meta page sits one page in; the first one's page size
	// says where, unless it is damaged (then try the common sizes).
	sizes := []uint32{m0.pageSize}
	if !m0.valid() {
		sizes = []uint32{4096, 8192, 16384, 65536}
	}
	var m1 meta
	for _, ps := range sizes {
		if ps < 1024 || int64(ps)+pageHeaderSize+metaSize > size {
			continue
		}
		buf := make([]byte, metaSize)
		if _, err := f.ReadAt(buf, int64(ps)+pageHeaderSize); err != nil {
			return err
		}
		if m := parseMeta(buf); m.valid() && m.pageSize == ps {
			m1 = m
			break
		}
	}
	// bbolt uses the valid meta with the higher transaction id.
	var m meta
	switch {
	case m0.valid() && m1.valid():
		m = m0
		if m1.txid > m0.txid {
			m = m1
		}
	case m0.valid():
		m = m0
	case m1.valid():
		m = m1
	default:
		if size < 2*4096 {
			return &FileError{path, Truncated, fmt.Sprintf("truncated bolt file: %d bytes, shorter than its two meta pages, and the first is damaged", size), nil}
		}
		return &FileError{path, Damaged, "damaged bolt file: neither meta page is valid (bad checksum or version)", nil}
	}
	ps := int64(m.pageSize)
	if ps < 1024 || ps > 1<<20 || ps&(ps-1) != 0 {
		return &FileError{path, Damaged, fmt.Sprintf("damaged bolt file: page size %d", ps), nil}
	}
	if need := int64(m.pgid) * ps; m.pgid < 2 || need/ps != int64(m.pgid) || need > size {
		if m.pgid >= 2 && need/ps == int64(m.pgid) {
			return &FileError{path, Truncated, fmt.Sprintf("truncated bolt file: %d bytes, but its %d pages of %d bytes need %d (%d%% is there)", size, m.pgid, ps, need, 100*size/need), nil}
		}
		return &FileError{path, Damaged, fmt.Sprintf("damaged bolt file: %d pages in use", m.pgid), nil}
	}
	if m.root < 2 || m.root >= m.pgid {
		return &FileError{path, Damaged, fmt.Sprintf("damaged bolt file: root page %d outside its %d pages", m.root, m.pgid), nil}
	}
	check := func(what string, id uint64, flags ...uint16) error {
		hdr := make([]byte, pageHeaderSize)
		if _, err := f.ReadAt(hdr, int64(id)*ps); err != nil {
			return err
		}
		gotID, fl, over := order.Uint64(hdr), order.Uint16(hdr[8:]), order.Uint32(hdr[12:])
		ok := false
		for _, want := range flags {
			ok = ok || fl == want
		}
		switch {
		case gotID != id || !ok:
			return &FileError{path, Damaged, fmt.Sprintf("damaged bolt file: the %s page %d has the header of another page (id %d, flags %#x)", what, id, gotID, fl), nil}
		case id+uint64(over) >= m.pgid:
			return &FileError{path, Truncated, fmt.Sprintf("truncated bolt file: the %s page %d runs %d pages past the %d in use", what, id, over, m.pgid), nil}
		}
		return nil
	}
	if err := check("root", m.root, leafPageFlag, branchPageFlag); err != nil {
		return err
	}
	if m.freelist != noFreelist {
		if m.freelist < 2 || m.freelist >= m.pgid {
			return &FileError{path, Damaged, fmt.Sprintf("damaged bolt file: freelist page %d outside its %d pages", m.freelist, m.pgid), nil}
		}
		if err := check("freelist", m.freelist, freelistFlag); err != nil {
			return err
		}
	}
	return nil
}

// signatures are the first bytes of other programs' files.
var signatures = []struct {
	at   int
	sig  string
	what string
}{
	{0, "\x89PNG\r\n\x1a\n", "a PNG image"},
	{0, "\xff\xd8\xff", "a JPEG image"},
	{0, "GIF8", "a GIF image"},
	{0, "%PDF", "a PDF document"},
	{0, "PK\x03\x04", "a ZIP archive (or an office document)"},
	{0, "\x1f\x8b", "a gzip file"},
	{0, "\x28\xb5\x2f\xfd", "a zstd file"},
	{0, "BZh", "a bzip2 file"},
	{0, "\xfd7zXZ\x00", "an xz file"},
	{0, "SQLite format 3\x00", "an SQLite database"},
	{0, "\x7fELF", "an executable (ELF)"},
	{257, "ustar", "a tar archive"},
	{0, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", "zeros (a file allocated but never written?)"},
}

// sniff names what the file whose first bytes are head seems to be.
func sniff(head []byte, size int64) string {
	for _, s := range signatures {
		if len(head) >= s.at+len(s.sig) && string(head[s.at:s.at+len(s.sig)]) == s.sig {
			if s.at == 0 && s.sig[0] == 0 && bytes.Count(head, []byte{0}) == len(head) {
				return "all " + s.what
			}
			if s.sig[0] != 0 {
				return "another program's file, " + s.what
			}
		}
	}
	if utf8.Valid(head) && bytes.IndexFunc(head, func(r rune) bool { return r < ' ' && r != '\n' && r != '\r' && r != '\t' }) < 0 {
		t := bytes.TrimSpace(head)
		switch {
		case bytes.HasPrefix(t, []byte("<")):
			return "a text file (XML or HTML)"
		case bytes.HasPrefix(t, []byte("{")) || bytes.HasPrefix(t, []byte("[")):
			return "a text file (JSON?)"
		}
		return "a text file"
	}
	if size < pageHeaderSize+metaSize {
		return fmt.Sprintf("unknown content, only %d bytes long (a bolt file has at least two pages)", size)
	}
	return "unknown content (no bolt magic number in its first meta page)"
}
