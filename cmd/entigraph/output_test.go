package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/internal/outfile/outfiletest"
)

// TestOutputDestinations: export -o and ner tag -o write to what they are
// given (internal/outfile has the full table): stdout for "-", a symbolic
// link's target, a FIFO in place; a folder is an error naming it.
func TestOutputDestinations(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if _, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", newsDir); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	want, _, code := entigraph(t, "", "--db", db, "export", "--format", "nquads")
	if code != 0 || len(want) < 1000 {
		t.Fatalf("export to stdout: exit %d, %d bytes", code, len(want))
	}
	export := func(dest string) (string, string, int) {
		return entigraph(t, "", "--db", db, "export", "--format", "nquads", "-o", dest)
	}

	if out, errs, code := export("-"); code != 0 || out != want {
		t.Errorf("-o -: exit %d (%s), %d bytes on stdout, want %d", code, errs, len(out), len(want))
	}

	dir := t.TempDir()
	target := filepath.Join(dir, "target.nq")
	os.WriteFile(target, []byte("old"), 0o600)
	link := filepath.Join(dir, "link")
	os.Symlink("target.nq", link)
	if _, errs, code := export(link); code != 0 {
		t.Fatalf("-o link: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(target); string(b) != want {
		t.Errorf("the link's target holds %d bytes, want %d", len(b), len(want))
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode is %v, want 0600 kept", fi.Mode().Perm())
	}

	fifo, read := outfiletest.FIFO(t)
	if _, errs, code := export(fifo); code != 0 {
		t.Fatalf("-o fifo: exit %d: %s", code, errs)
	}
	if s := read(); s != want {
		t.Errorf("the FIFO's reader got %d bytes, want %d", len(s), len(want))
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}

	if _, errs, code := export(dir); code != exitFailed || errs != "entigraph: cannot write "+dir+": it is a folder\n" {
		t.Errorf("-o folder: exit %d, stderr %q", code, errs)
	}

	// ner tag and ner corpus take -o - too.
	p := writeSample(t)
	viaStdout, errs, code := nerCmd(t, "tag", "--conll", p, "-o", "-")
	if code != 0 {
		t.Fatalf("ner tag -o -: exit %d: %s", code, errs)
	}
	plain, _, _ := nerCmd(t, "tag", "--conll", p)
	if viaStdout != plain || len(plain) == 0 {
		t.Errorf("ner tag -o - wrote %q, without -o %q", viaStdout, plain)
	}
	corpus, errs, code := nerCmd(t, "corpus", "--conll", p, "-o", "-")
	if code != 0 || !strings.HasPrefix(corpus, "EU rejects German call to boycott British lamb.\n") {
		t.Errorf("ner corpus -o -: exit %d (%s), wrote %q", code, errs, corpus)
	}
}
