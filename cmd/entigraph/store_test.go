package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"

	"github.com/entigraph/entigraph/internal/storetest"
)

// damage is one way a store's indexes.bolt can be wrong: make puts it at
// path (the store folder exists).
type damage struct {
	name string
	make func(t *testing.T, path string)
}

func writeFile(data []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func encoded(t *testing.T, enc func(w io.Writer) error) []byte {
	var b bytes.Buffer
	if err := enc(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func damages(t *testing.T) []damage {
	real := storetest.BoltdbStore(t)
	var ds []damage
	pcts := []int{1}
	for p := 5; p < 100; p += 5 {
		pcts = append(pcts, p)
	}
	for _, pct := range pcts {
		n := len(real) * pct / 100
		ds = append(ds, damage{fmt.Sprintf("cut at %d%% (%d of %d bytes)", pct, n, len(real)), writeFile(real[:n])})
	}
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 64<<10)
	rnd.Read(random)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	elf := make([]byte, 64<<10)
	if f, err := os.Open(exe); err == nil {
		io.ReadFull(f, elf)
		f.Close()
	}
	badMeta := bytes.Clone(real)
	badMeta[16+56] ^= 0xff      // meta page 0's checksum
	badMeta[4096+16+56] ^= 0xff // meta page 1's
	ds = append(ds,
		damage{"empty", writeFile(nil)},
		damage{"a PNG image", writeFile(encoded(t, func(w io.Writer) error { return png.Encode(w, img) }))},
		damage{"a JPEG image", writeFile(encoded(t, func(w io.Writer) error { return jpeg.Encode(w, img, nil) }))},
		damage{"a GIF image", writeFile(encoded(t, func(w io.Writer) error { return gif.Encode(w, img, nil) }))},
		damage{"a PDF", writeFile([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))},
		damage{"a ZIP archive", writeFile(encoded(t, func(w io.Writer) error {
			z := zip.NewWriter(w)
			f, _ := z.Create("a.txt")
			f.Write([]byte("hello"))
			return z.Close()
		}))},
		damage{"a gzip file (the store, compressed)", writeFile(encoded(t, func(w io.Writer) error {
			z := gzip.NewWriter(w)
			z.Write(real)
			return z.Close()
		}))},
		damage{"a zstd file", writeFile(encoded(t, func(w io.Writer) error {
			z, _ := zstd.NewWriter(w)
			z.Write(real)
			return z.Close()
		}))},
		damage{"a tar archive", writeFile(encoded(t, func(w io.Writer) error {
			tw := tar.NewWriter(w)
			tw.WriteHeader(&tar.Header{Name: "indexes.bolt", Mode: 0o644, Size: 4})
			tw.Write([]byte("bolt"))
			return tw.Close()
		}))},
		damage{"an SQLite database header", writeFile(append([]byte("SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20"), make([]byte, 8192)...))},
		damage{"an executable (this test binary's first 64 KB)", writeFile(elf)},
		damage{"a text file", writeFile([]byte("Donald Trump met Vladimir Putin in Anchorage.\n"))},
		damage{"an HTML page", writeFile([]byte("<!DOCTYPE html>\n<html><body><p>not a store</p></body></html>\n"))},
		damage{"a JSON file", writeFile([]byte(`{"entities": [], "relations": []}` + "\n"))},
		damage{"4 KB of zeros", writeFile(make([]byte, 4096))},
		damage{"1 MB of zeros", writeFile(make([]byte, 1<<20))},
		damage{"64 KB of random bytes", writeFile(random)},
		damage{"one byte", writeFile([]byte{0xed})},
		damage{"both meta pages' checksums wrong", writeFile(badMeta)},
		damage{"another program's bolt file", func(t *testing.T, path string) {
			db, err := bolt.Open(path, 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("settings"))
				if err != nil {
					return err
				}
				return b.Put([]byte("theme"), []byte("dark"))
			})
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		damage{"a directory", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		damage{"a symbolic link loop", func(t *testing.T, path string) {
			if err := os.Symlink(filepath.Base(path), path); err != nil {
				t.Fatal(err)
			}
		}},
		damage{"a symbolic link to nothing", func(t *testing.T, path string) {
			if err := os.Symlink("gone.bolt", path); err != nil {
				t.Fatal(err)
			}
		}},
		damage{"a symbolic link to /dev/zero", func(t *testing.T, path string) {
			if err := os.Symlink("/dev/zero", path); err != nil {
				t.Fatal(err)
			}
		}},
		damage{"a named pipe", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	)
	return ds
}

// fingerprint is every entry under dir: name, mode, size, mtime and, for
// regular files, a hash of the content.
func fingerprint(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		line := fmt.Sprintf("%s %v %d %d", path, fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %x", sha256.Sum256(b))
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestDamagedStores runs the commands that open a store on stores whose
// indexes.bolt is cut short at every 5% of its size, empty, or something
// else altogether: each exits 1 with one error line naming the file and
// what is wrong, or works (a cut past the pages in use loses nothing),
// never exits 2 or shows a Go stack trace, and never changes a file. The
// results are pinned in testdata/damaged-stores.golden.md, which
// docs/reliability.md quotes.
func TestDamagedStores(t *testing.T) {
	doc := filepath.Join(t.TempDir(), "story.txt")
	os.WriteFile(doc, []byte("Donald Trump met Vladimir Putin in Anchorage on Friday.\n"), 0o644)
	commands := [][]string{
		{"entities"},
		{"relations"},
		{"export", "--format", "nquads"},
		{"query", "g.V().Count()"},
		{"verify"},
		{"ingest", "-q", doc},
	}
	var table strings.Builder
	table.WriteString("| indexes.bolt | exit | what every command says (entities, relations, export, query, verify, ingest) |\n|---|---|---|\n")
	for _, d := range damages(t) {
		t.Run(d.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "indexes.bolt")
			d.make(t, path)
			before := fingerprint(t, dir)
			var first string
			firstCode := -1
			for _, args := range commands {
				_, stderr, code := entigraph(t, "", append([]string{"--db", dir}, args...)...)
				stderr = strings.ReplaceAll(stderr, dir, "STORE")
				if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") || strings.Contains(stderr, "runtime error") {
					t.Errorf("%v: a stack trace or panic:\n%s", args, stderr)
				}
				if args[0] == "ingest" && firstCode == 0 {
					continue // the store is whole: ingest may write to it
				}
				if firstCode < 0 {
					first, firstCode = stderr, code
				}
				switch {
				case code != firstCode:
					t.Errorf("%v: exit %d, but %s exited %d", args, code, commands[0][0], firstCode)
				case code == 1 && stderr != first:
					t.Errorf("%v: says\n%s\nbut %s says\n%s", args, stderr, commands[0][0], first)
				case code == 1 && (strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "STORE")):
					t.Errorf("%v: want one line naming the store: %q", args, stderr)
				case code != 0 && code != 1:
					t.Errorf("%v: exit %d, want 1 (or 0 where the file is whole)", args, code)
				}
				if after := fingerprint(t, dir); after != before {
					t.Fatalf("%v changed the store:\nbefore:\n%s\nafter:\n%s", args, before, after)
				}
			}
			what := strings.TrimSpace(strings.TrimPrefix(first, "entigraph: "))
			if firstCode == 0 {
				what = "opens and reads: the cut is past the pages in use, nothing is lost (verify: clean)"
			}
			fmt.Fprintf(&table, "| %s | %d | %s |\n", d.name, firstCode, strings.ReplaceAll(what, "|", `\|`))
		})
	}
	compareGolden(t, filepath.Join("testdata", "damaged-stores.golden.md"), table.String())
}

// TestCreateOnlyWhereNothingIs: ingest makes a store in a new or empty
// folder, refuses a folder that holds other files unless --create is
// given, and the read-only commands create nothing.
func TestCreateOnlyWhereNothingIs(t *testing.T) {
	articles := t.TempDir()
	os.WriteFile(filepath.Join(articles, "story.txt"), []byte("Donald Trump met Vladimir Putin in Anchorage on Friday.\n"), 0o644)
	before := fingerprint(t, articles)
	_, stderr, code := entigraph(t, "", "--db", articles, "ingest", "-q", articles)
	if code != 1 || !strings.Contains(stderr, "pass --create") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("ingest into a folder of articles: exit %d, %q", code, stderr)
	}
	if fingerprint(t, articles) != before {
		t.Error("the refused ingest changed the folder")
	}
	for _, args := range [][]string{{"entities"}, {"verify"}, {"export", "--format", "json"}} {
		missing := filepath.Join(t.TempDir(), "nothing")
		if _, stderr, code := entigraph(t, "", append([]string{"--db", missing}, args...)...); code != 1 || !strings.Contains(stderr, "no store there") {
			t.Errorf("%v on no store: exit %d, %q", args, code, stderr)
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Errorf("%v created %s", args, missing)
		}
	}
	if _, stderr, code := entigraph(t, "", "--db", articles, "ingest", "-q", "--create", articles); code != 0 {
		t.Fatalf("ingest --create: exit %d, %s", code, stderr)
	}
	empty := t.TempDir()
	if _, stderr, code := entigraph(t, "", "--db", empty, "ingest", "-q", articles); code != 0 {
		t.Fatalf("ingest into an empty folder: exit %d, %s", code, stderr)
	}
	for _, db := range []string{articles, empty} {
		out, stderr, code := entigraph(t, "", "--db", db, "verify")
		if code != 0 || !strings.HasPrefix(out, "verify: clean: 1 documents") {
			t.Errorf("verify %s: exit %d, %q %q", db, code, out, stderr)
		}
	}
}

// TestFullDisk ingests onto a small tmpfs: the run stops at the first
// write that finds the disk full, with one message saying how many
// documents are stored; the store is clean; rerun with room, it goes on
// and ends as a run that never ran out of room. It mounts a tmpfs, so it
// needs root: CI runs as root, and there it must run.
func TestFullDisk(t *testing.T) {
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=1m"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mounting a tmpfs: %v", err)
		}
		t.Skipf("mounting a tmpfs needs root: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, 0) })
	// 20 documents: the seeds, each four times with a line of its own.
	corpus := t.TempDir()
	seeds, _ := filepath.Glob(filepath.Join(newsDir, "*.txt"))
	for i := 0; i < 4; i++ {
		for _, seed := range seeds {
			b, err := os.ReadFile(seed)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%d-%s", i, filepath.Base(seed))
			os.WriteFile(filepath.Join(corpus, name), append([]byte(fmt.Sprintf("Copy %d.\n\n", i)), b...), 0o644)
		}
	}
	store := filepath.Join(mnt, "store")
	out, stderr, code := entigraph(t, "", "--db", store, "ingest", "-q", corpus)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "no space left on device; stopped there: ") ||
		!strings.Contains(stderr, "run the same command again") {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, out, stderr)
	}
	if strings.Contains(stderr, ": 0 documents of this run are stored") {
		t.Errorf("the disk was full before the first document: make the tmpfs larger (%s)", stderr)
	}
	if out, _, code := entigraph(t, "", "--db", store, "verify"); code != 0 {
		t.Fatalf("verify after the disk filled: %s", out)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=64m"); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := entigraph(t, "", "--db", store, "ingest", "-q", corpus); code != 0 {
		t.Fatalf("the rerun: exit %d: %s", code, stderr)
	}
	clean := filepath.Join(t.TempDir(), "store")
	if _, stderr, code := entigraph(t, "", "--db", clean, "ingest", "-q", corpus); code != 0 {
		t.Fatalf("the clean run: exit %d: %s", code, stderr)
	}
	got, _, _ := entigraph(t, "", "--db", store, "export", "--format", "nquads")
	want, _, _ := entigraph(t, "", "--db", clean, "export", "--format", "nquads")
	if got != want || len(want) == 0 {
		t.Errorf("the store filled and resumed exports %d bytes, the clean run %d, and they differ", len(got), len(want))
	}
}
