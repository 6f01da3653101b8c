package ingest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

const story = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.\n"

func write(t *testing.T, path string, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// collect drains Read, checking that every item is exactly one of a
// document or an *Error.
func collect(t *testing.T, paths []string, stdin string) (docs []*kg.Document, errs []*Error) {
	t.Helper()
	var in *strings.Reader
	if stdin != "" {
		in = strings.NewReader(stdin)
	}
	var r = Read(paths, nil)
	if in != nil {
		r = Read(paths, in)
	}
	for doc, err := range r {
		switch {
		case doc != nil && err != nil:
			t.Fatalf("item with both a document and an error: %v", err)
		case doc == nil && err == nil:
			t.Fatalf("item with neither a document nor an error")
		case err != nil:
			errs = append(errs, asError(t, err))
		default:
			checkDoc(t, doc)
			docs = append(docs, doc)
		}
	}
	return docs, errs
}

func ids(docs []*kg.Document) []string {
	out := []string{}
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return out
}

func TestReadFolderMixed(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.txt"), story)
	write(t, filepath.Join(dir, "a.md"), "# Summit\n\n"+story)
	write(t, filepath.Join(dir, "sub", "c.html"), "<html><body><nav>Menu</nav><p>"+story+"</p></body></html>")
	write(t, filepath.Join(dir, "sub", "d.jsonl"), `{"text":"Merz visited Washington."}`+"\n"+`{"id":"x","text":"trunc`+"\n")
	write(t, filepath.Join(dir, "empty.txt"), "")
	write(t, filepath.Join(dir, "bin.txt"), "PNG\x00\x00\x00IHDR")
	write(t, filepath.Join(dir, "latin1.txt"), "Caf\xe9 talks in Pyongyang.\n")
	write(t, filepath.Join(dir, "notes.pdf"), "%PDF-1.4")  // unsupported: skipped
	write(t, filepath.Join(dir, "README"), "no extension") // skipped
	write(t, filepath.Join(dir, ".hidden.txt"), story)     // hidden: skipped
	write(t, filepath.Join(dir, ".git", "x.txt"), story)   // hidden folder: skipped
	if err := os.Symlink(filepath.Join(dir, "missing.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}

	docs, errs := collect(t, []string{dir}, "")
	wantIDs := []string{"a.md", "b.txt", "sub/c.html", "sub/d.jsonl#1"}
	if got := ids(docs); !reflect.DeepEqual(got, wantIDs) {
		t.Errorf("documents %q, want %q", got, wantIDs)
	}
	type e struct {
		path string
		line int
		is   error
	}
	want := []e{
		{filepath.Join(dir, "bin.txt"), 0, ErrBinary},
		{filepath.Join(dir, "empty.txt"), 0, ErrEmpty},
		{filepath.Join(dir, "latin1.txt"), 0, ErrInvalidUTF8},
		{filepath.Join(dir, "link.txt"), 0, fs.ErrNotExist},
		{filepath.Join(dir, "sub", "d.jsonl"), 2, nil},
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if errs[i].Path != w.path || errs[i].Line != w.line {
			t.Errorf("error %d: %v, want path %s line %d", i, errs[i], w.path, w.line)
		}
		if w.is != nil && !errors.Is(errs[i], w.is) {
			t.Errorf("error %d: %v is not %v", i, errs[i], w.is)
		}
		if !strings.Contains(errs[i].Error(), filepath.Base(w.path)) {
			t.Errorf("error %q does not name the file", errs[i])
		}
	}
	if !strings.Contains(errs[3].Error(), "broken symbolic link") {
		t.Errorf("dangling link error %q should say so", errs[3])
	}
}

func TestReadIDs(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "news", "x", "a.txt"), story)
	old, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)

	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"news"}, []string{"x/a.txt"}},
		{[]string{"news/"}, []string{"x/a.txt"}},
		{[]string{"./news/x"}, []string{"a.txt"}},
		{[]string{"news/x/a.txt"}, []string{"news/x/a.txt"}},
		{[]string{"./news/x/a.txt"}, []string{"./news/x/a.txt"}},
		{[]string{"news/x/a.txt", "news"}, []string{"news/x/a.txt", "x/a.txt"}},
	}
	for _, tt := range tests {
		docs, errs := collect(t, tt.args, "")
		if len(errs) != 0 {
			t.Errorf("%v: %v", tt.args, errs)
		}
		if got := ids(docs); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Read(%q) IDs %q, want %q", tt.args, got, tt.want)
		}
	}

	// A symbolic link to a folder given on the command line is read.
	if err := os.Symlink("news", "alias"); err != nil {
		t.Fatal(err)
	}
	if docs, errs := collect(t, []string{"alias"}, ""); len(errs) != 0 || !reflect.DeepEqual(ids(docs), []string{"x/a.txt"}) {
		t.Errorf("folder link: %q %v", ids(docs), errs)
	}
}

func TestReadExplicitUnsupported(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notes.pdf")
	write(t, p, "%PDF-1.4")
	docs, errs := collect(t, []string{p}, "")
	if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrUnsupported) || errs[0].Path != p {
		t.Fatalf("docs %d errs %v, want one unsupported-type error naming %s", len(docs), errs, p)
	}
}

func TestReadNotFound(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.txt")
	_, errs := collect(t, []string{p, p}, "")
	if len(errs) != 2 || !errors.Is(errs[0], fs.ErrNotExist) {
		t.Fatalf("errors %v, want two not-found errors", errs)
	}
	if got, want := errs[0].Error(), p+": no such file or directory"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

// TestReadUnreadable checks a file that cannot be read gives one error
// naming it and the next argument is still read. chmod 000 does not stop
// root; then a dangling symbolic link and a file inside an unreadable
// directory stand in, so the test never passes by skipping.
func TestReadUnreadable(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	write(t, good, story)
	bad := filepath.Join(dir, "secret.txt")
	write(t, bad, story)
	if err := os.Chmod(bad, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(bad, 0o644)
	want := fs.ErrPermission
	if f, err := os.Open(bad); err == nil {
		f.Close()
		t.Logf("chmod 000 does not block reading (running as root?): using a dangling symbolic link")
		bad = filepath.Join(dir, "dangling.txt")
		if err := os.Symlink(filepath.Join(dir, "gone.txt"), bad); err != nil {
			t.Fatal(err)
		}
		want = fs.ErrNotExist
	}
	docs, errs := collect(t, []string{bad, good}, "")
	if len(errs) != 1 || errs[0].Path != bad || !errors.Is(errs[0], want) {
		t.Fatalf("errors %v, want one %v error naming %s", errs, want, bad)
	}
	if !strings.HasPrefix(errs[0].Error(), bad+": ") {
		t.Errorf("message %q should start with the path", errs[0])
	}
	if len(docs) != 1 || docs[0].ID != good {
		t.Errorf("documents %q, want the good file after the bad one", ids(docs))
	}

	// An unreadable sub-folder in a walk is one error naming it (only
	// testable where chmod works).
	sub := filepath.Join(dir, "locked")
	write(t, filepath.Join(sub, "x.txt"), story)
	if err := os.Chmod(sub, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(sub, 0o755)
	if _, err := os.ReadDir(sub); err != nil {
		_, errs := collect(t, []string{dir}, "")
		found := false
		for _, e := range errs {
			if e.Path == sub && errors.Is(e, fs.ErrPermission) {
				found = true
			}
		}
		if !found {
			t.Errorf("errors %v, want a permission error for %s", errs, sub)
		}
	} else {
		t.Logf("chmod 000 does not block listing a folder: unreadable sub-folder case not exercised")
	}
}

func TestReadStdin(t *testing.T) {
	tests := []struct {
		name, in string
		ids      []string
		errs     int
	}{
		{"plain text", story, []string{"-"}, 0},
		{"JSON lines", `{"id":"s1","text":"Kim met Putin."}` + "\n" + `{"text":"Merz met Trump."}` + "\n" + `{"text":"trunc` + "\n", []string{"s1", "-#2"}, 1},
		{"text that starts with a brace", "{Editor's note} " + story, []string{"-"}, 0},
		{"HTML", "<!DOCTYPE html><html><body><nav>Home</nav><p>" + story + "</p></body></html>", []string{"-"}, 0},
		{"empty", " \n", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := collect(t, []string{"-"}, tt.in)
			if got := ids(docs); !reflect.DeepEqual(got, append([]string{}, tt.ids...)) {
				t.Errorf("IDs %q, want %q", got, tt.ids)
			}
			if len(errs) != tt.errs {
				t.Errorf("errors %v, want %d", errs, tt.errs)
			}
			for _, e := range errs {
				if e.Path != "-" {
					t.Errorf("error path %q, want -", e.Path)
				}
			}
		})
	}
	t.Run("HTML text extracted", func(t *testing.T) {
		docs, _ := collect(t, []string{"-"}, "<!doctype html><p>"+story+"</p><script>evil()</script>")
		if len(docs) != 1 || strings.Contains(docs[0].Text, "evil") || !strings.Contains(docs[0].Text, "Vladivostok") {
			t.Errorf("stdin HTML not extracted: %+v", docs)
		}
	})
	t.Run("stdin twice", func(t *testing.T) {
		docs, errs := collect(t, []string{"-", "-"}, story)
		if len(docs) != 1 || len(errs) != 1 {
			t.Errorf("docs %d errs %v, want one document and one error", len(docs), errs)
		}
	})
	t.Run("no stdin", func(t *testing.T) {
		docs, errs := collect(t, []string{"-"}, "")
		if len(docs) != 0 || len(errs) != 1 {
			t.Errorf("docs %d errs %v", len(docs), errs)
		}
	})
}

func TestReadStopsEarly(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a", "b", "c"} {
		write(t, filepath.Join(dir, n+".txt"), story)
	}
	n := 0
	for range Read([]string{dir, dir}, nil) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("read %d items after break", n)
	}
}

// TestCount: Count gives the number of documents Read yields (a bad file
// counts as its one error), -1 with stdin.
func TestCount(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Kim met Putin.")
	write("b.jsonl", "{\"text\": \"one\"}\n\n  \n{\"text\": \"two\"}\n{\"text\": \"three\"}")
	write("c.html", "<p>x</p>")
	write(".hidden.txt", "no")
	write("d.csv", "not read")
	if got := Count([]string{dir}); got != 5 {
		t.Errorf("Count(folder) = %d, want 5", got)
	}
	n := 0
	for range Read([]string{dir, filepath.Join(dir, "missing.txt")}, nil) {
		n++
	}
	if got := Count([]string{dir, filepath.Join(dir, "missing.txt")}); got != n {
		t.Errorf("Count = %d, Read yields %d", got, n)
	}
	if got := Count([]string{dir, "-"}); got != -1 {
		t.Errorf("Count with stdin = %d, want -1", got)
	}
}
