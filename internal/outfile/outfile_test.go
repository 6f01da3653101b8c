package outfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/entigraph/entigraph/internal/outfile/outfiletest"
)

// payload is large enough to fill a pipe's buffer several times.
var payload = strings.Repeat("entigraph output line\n", 20000)

func writePayload(w io.Writer) error {
	_, err := io.WriteString(w, payload)
	return err
}

// leftovers lists the temporary files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDestinations(t *testing.T) {
	for _, c := range []struct {
		name string
		// setup makes the destination in dir and returns the path to
		// give Write and the file that must end up holding the output
		// ("" when Write must fail).
		setup   func(t *testing.T, dir string) (dest, holder string)
		mode    fs.FileMode // the holder's type and permission afterwards
		wantErr string      // with the dir's path in place of DIR
	}{
		{name: "new file", mode: 0o644,
			setup: func(t *testing.T, dir string) (string, string) {
				p := filepath.Join(dir, "out.json")
				return p, p
			}},
		{name: "existing 0600 file keeps its mode", mode: 0o600,
			setup: func(t *testing.T, dir string) (string, string) {
				p := filepath.Join(dir, "secret.json")
				mustWrite(t, p, "old", 0o600)
				return p, p
			}},
		{name: "existing 0755 file keeps its mode", mode: 0o755,
			setup: func(t *testing.T, dir string) (string, string) {
				p := filepath.Join(dir, "script")
				mustWrite(t, p, "old", 0o755)
				return p, p
			}},
		{name: "symlink to a file", mode: 0o640,
			setup: func(t *testing.T, dir string) (string, string) {
				target := filepath.Join(dir, "target.txt")
				mustWrite(t, target, "old", 0o640)
				link := filepath.Join(dir, "link")
				mustSymlink(t, "target.txt", link)
				return link, target
			}},
		{name: "chain of symlinks into another folder", mode: 0o644,
			setup: func(t *testing.T, dir string) (string, string) {
				sub := filepath.Join(dir, "sub")
				os.Mkdir(sub, 0o755)
				target := filepath.Join(sub, "t.txt")
				mustWrite(t, target, "old", 0o644)
				mustSymlink(t, target, filepath.Join(dir, "l1"))
				mustSymlink(t, "l1", filepath.Join(dir, "l2"))
				return filepath.Join(dir, "l2"), target
			}},
		{name: "dangling symlink creates its target", mode: 0o644,
			setup: func(t *testing.T, dir string) (string, string) {
				link := filepath.Join(dir, "dangling")
				mustSymlink(t, "missing.txt", link)
				return link, filepath.Join(dir, "missing.txt")
			}},
		{name: "folder", wantErr: "cannot write DIR/folder: it is a folder",
			setup: func(t *testing.T, dir string) (string, string) {
				p := filepath.Join(dir, "folder")
				os.Mkdir(p, 0o755)
				return p, ""
			}},
		{name: "symlink to a folder", wantErr: "cannot write DIR/dirlink: it is a folder",
			setup: func(t *testing.T, dir string) (string, string) {
				os.Mkdir(filepath.Join(dir, "d"), 0o755)
				mustSymlink(t, "d", filepath.Join(dir, "dirlink"))
				return filepath.Join(dir, "dirlink"), ""
			}},
		{name: "missing parent folder", wantErr: "cannot write DIR/no/such/out.json: folder DIR/no/such does not exist",
			setup: func(t *testing.T, dir string) (string, string) {
				return filepath.Join(dir, "no", "such", "out.json"), ""
			}},
		{name: "dangling symlink into a missing folder", wantErr: "cannot write DIR/bad: folder DIR/gone does not exist",
			setup: func(t *testing.T, dir string) (string, string) {
				mustSymlink(t, "gone/x.txt", filepath.Join(dir, "bad"))
				return filepath.Join(dir, "bad"), ""
			}},
		{name: "a file as parent folder", wantErr: "cannot write DIR/plain/out: DIR/plain is not a folder",
			setup: func(t *testing.T, dir string) (string, string) {
				mustWrite(t, filepath.Join(dir, "plain"), "x", 0o644)
				return filepath.Join(dir, "plain", "out"), ""
			}},
		{name: "symlink loop", wantErr: "cannot write DIR/loop: too many levels of symbolic links",
			setup: func(t *testing.T, dir string) (string, string) {
				mustSymlink(t, "loop", filepath.Join(dir, "loop"))
				return filepath.Join(dir, "loop"), ""
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			dest, holder := c.setup(t, dir)
			before := snapshot(t, dest)
			err := Write(dest, nil, writePayload)
			if c.wantErr != "" {
				want := strings.ReplaceAll(c.wantErr, "DIR", dir)
				if err == nil || err.Error() != want {
					t.Fatalf("Write(%s) = %v, want %q", dest, err, want)
				}
				if after := snapshot(t, dest); after != before {
					t.Errorf("the destination changed: %s -> %s", before, after)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(holder)
				if err != nil || string(b) != payload {
					t.Fatalf("%s holds %d bytes (%v), want the %d written", holder, len(b), err, len(payload))
				}
				fi, err := os.Lstat(holder)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode() != c.mode {
					t.Errorf("%s: mode %v, want %v", holder, fi.Mode(), c.mode)
				}
				if dest != holder {
					if fi, err := os.Lstat(dest); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
						t.Errorf("%s is no longer a symbolic link: %v %v", dest, fi.Mode(), err)
					}
				}
			}
			if l := leftovers(t, filepath.Dir(dest)); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

// snapshot describes what is at path: its type, mode and content.
func snapshot(t *testing.T, path string) string {
	fi, err := os.Lstat(path)
	if err != nil {
		return "nothing"
	}
	s := fi.Mode().String()
	if fi.Mode().IsRegular() {
		b, _ := os.ReadFile(path)
		s += " " + string(b)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		l, _ := os.Readlink(path)
		s += " -> " + l
	}
	return s
}

func mustWrite(t *testing.T, p, s string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // past the umask
		t.Fatal(err)
	}
}

func mustSymlink(t *testing.T, old, new string) {
	t.Helper()
	if err := os.Symlink(old, new); err != nil {
		t.Fatal(err)
	}
}

func TestStdout(t *testing.T) {
	var b bytes.Buffer
	if err := Write("-", &b, writePayload); err != nil {
		t.Fatal(err)
	}
	if b.String() != payload {
		t.Errorf("stdout got %d bytes, want %d", b.Len(), len(payload))
	}
}

// TestFIFO: a named pipe is written in place, and a reader gets the whole
// output; the pipe is still a pipe afterwards.
func TestFIFO(t *testing.T) {
	fifo, read := outfiletest.FIFO(t)
	if err := Write(fifo, nil, writePayload); err != nil {
		t.Fatal(err)
	}
	if s := read(); s != payload {
		t.Errorf("the reader got %d bytes (%.40q), want %d", len(s), s, len(payload))
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a named pipe: %v %v", fifo, fi.Mode(), err)
	}
	if l := leftovers(t, filepath.Dir(fifo)); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestCharDevice: a character device of our own (a copy of /dev/null's
// numbers, made with mknod in a temporary folder) is written in place and
// stays a device. Making one needs CAP_MKNOD: without it the test says so
// and skips; TestDevNull and TestFIFO cover the same path.
func TestCharDevice(t *testing.T) {
	var st syscall.Stat_t
	if err := syscall.Stat("/dev/null", &st); err != nil {
		t.Skipf("no /dev/null to copy the device numbers of: %v", err)
	}
	dev := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(st.Rdev)); err != nil {
		skipUnlessCI(t, "cannot make a character device here (needs CAP_MKNOD): %v", err)
	}
	if err := Write(dev, nil, writePayload); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(dev)
	if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("%s is no longer a character device: %v %v", dev, fi.Mode(), err)
	}
}

// TestDevNull writes to the real /dev/null (opening it for writing, as any
// `> /dev/null` does) and checks it is still the character device it was.
func TestDevNull(t *testing.T) {
	before, err := os.Lstat("/dev/null")
	if err != nil || before.Mode()&fs.ModeCharDevice == 0 {
		t.Skipf("/dev/null is not a character device here: %v", err)
	}
	if err := Write("/dev/null", nil, writePayload); err != nil {
		t.Fatal(err)
	}
	after, err := os.Lstat("/dev/null")
	if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
		t.Fatalf("/dev/null changed: %v -> %v (%v)", before.Mode(), after.Mode(), err)
	}
}

// TestFailedWrite: when the output cannot be made (the writer fails, or the
// last rename does), the old file is untouched and no temporary file is
// left behind.
func TestFailedWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	mustWrite(t, p, "old", 0o644)
	boom := errors.New("boom")
	err := Write(p, nil, func(w io.Writer) error {
		io.WriteString(w, payload) // half an output, then a failure
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), p) {
		t.Errorf("Write = %v, want boom naming %s", err, p)
	}
	saved := rename
	rename = func(string, string) error { return syscall.EXDEV }
	err = Write(p, nil, writePayload)
	rename = saved
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("Write with a failing rename = %v, want an error naming %s", err, p)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("the old file now holds %.20q", b)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestWriteErrorNamedOnce: an error of the destination itself (/dev/full,
// a device every write to fails with "no space left on device") is
// reported once, naming the destination, and the device stays a device.
func TestWriteErrorNamedOnce(t *testing.T) {
	before, err := os.Lstat("/dev/full")
	if err != nil || before.Mode()&fs.ModeCharDevice == 0 {
		skipUnlessCI(t, "no /dev/full character device here: %v", err)
	}
	err = Write("/dev/full", nil, writePayload)
	if want := "cannot write /dev/full: no space left on device"; err == nil || err.Error() != want {
		t.Errorf("Write(/dev/full) = %v, want %q", err, want)
	}
	if after, err := os.Lstat("/dev/full"); err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
		t.Errorf("/dev/full changed: %v -> %v (%v)", before.Mode(), after.Mode(), err)
	}
}
