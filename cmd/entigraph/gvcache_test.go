package main

import (
	"debug/buildinfo"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/export"
	"github.com/entigraph/entigraph/internal/rendertest"
)

// buildBinary builds the entigraph command, and entigraph-render beside
// it, into a folder every user may read and enter, for tests that run it
// as another user.
func buildBinary(t *testing.T) (top, exe string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		skipUnlessCI(t, "no go tool to build the binary with")
	}
	top, err = os.MkdirTemp("", "entigraph-users-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	if err := os.Chmod(top, 0o755); err != nil {
		t.Fatal(err)
	}
	exe = filepath.Join(top, "entigraph")
	if out, err := exec.Command(goTool, "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if _, err := rendertest.Build(top); err != nil {
		t.Fatal(err)
	}
	return top, exe
}

type result struct {
	stdout, stderr string
	code           int
}

// runAs runs exe with args and env added, as user (through setpriv) when
// user is not "". It finds entigraph-render beside it, as an installed
// entigraph does, not where the tests' $ENTIGRAPH_RENDER points.
func runAs(t *testing.T, user string, env []string, exe string, args ...string) result {
	t.Helper()
	argv := append([]string{exe}, args...)
	if user != "" {
		argv = append([]string{"setpriv", "--reuid=" + user, "--regid=nogroup", "--clear-groups"}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(append(os.Environ(), export.RendererEnv+"="), env...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{out.String(), errb.String(), 0}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", argv, err)
	}
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("%v: a stack trace:\n%s", argv, r.stderr)
	}
	return r
}

// TestGraphvizCacheUnusable: a cache folder that cannot be made is an
// error on svg and png only, naming the folder; every other command works.
func TestGraphvizCacheUnusable(t *testing.T) {
	top, exe := buildBinary(t)
	file := filepath.Join(top, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	env := []string{"XDG_CACHE_HOME=" + file}
	if r := runAs(t, "", env, exe, "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
		t.Errorf("--help: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runAs(t, "", env, exe, "--db", "memory", "export", "--format", "json"); r.code != 0 {
		t.Errorf("export json: exit %d, stderr %q", r.code, r.stderr)
	}
	want := "entigraph: export svg: graphviz cache folder " + file + "/entigraph/go-graphviz: not a directory (set XDG_CACHE_HOME to a folder of yours)\n"
	if r := runAs(t, "", env, exe, "--db", "memory", "export", "--format", "svg"); r.code != exitFailed || r.stderr != want {
		t.Errorf("export svg: exit %d, stderr %q, want exit 1 and %q", r.code, r.stderr, want)
	}
}

// TestGraphvizCacheOtherUser: after root has run entigraph (and left
// go-graphviz's old shared cache folder in TMPDIR, as older versions did),
// user nobody can still run every command, svg included, with a cache of
// its own; given root's cache folder, nobody gets a clean error on svg
// only. Needs root and setpriv (to become nobody): skipped otherwise.
func TestGraphvizCacheOtherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "not root: cannot run the binary as another user")
	}
	if _, err := exec.LookPath("setpriv"); err != nil {
		skipUnlessCI(t, "no setpriv to run the binary as another user")
	}
	if err := exec.Command("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "true").Run(); err != nil {
		skipUnlessCI(t, "cannot become nobody: %v", err)
	}
	top, exe := buildBinary(t)
	mk := func(name string, owner string) string {
		p := filepath.Join(top, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if out, err := exec.Command("chown", owner, p).CombinedOutput(); err != nil {
				t.Fatalf("chown: %v %s", err, out)
			}
		}
		return p
	}
	tmp := mk("tmp", "")
	// The shared folder older versions left: root's, private.
	os.MkdirAll(filepath.Join(tmp, "go-graphviz", "wazero-v1.10.1-amd64-linux"), 0o700)
	os.WriteFile(filepath.Join(tmp, "go-graphviz", "wazero-v1.10.1-amd64-linux", "0123"), []byte("x"), 0o600)
	os.Chmod(filepath.Join(tmp, "go-graphviz"), 0o755)
	rootCache := mk("root-cache", "")
	if r := runAs(t, "", []string{"TMPDIR=" + tmp, "XDG_CACHE_HOME=" + rootCache}, exe, "--db", "memory", "export", "--format", "svg"); r.code != 0 {
		t.Fatalf("root export svg: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(rootCache, "entigraph", "go-graphviz")); err != nil {
		t.Fatalf("root's run made no cache of its own: %v", err)
	}

	home := mk("nobody-home", "nobody")
	text := filepath.Join(home, "a.txt")
	os.WriteFile(text, []byte("Vladimir Putin met Kim Jong Un in Pyongyang on Tuesday.\n"), 0o644)
	db := filepath.Join(home, "g.db")
	svg := filepath.Join(home, "g.svg")
	env := []string{"TMPDIR=" + tmp, "HOME=" + home, "XDG_CACHE_HOME="}
	if r := runAs(t, "nobody", env, exe, "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
		t.Fatalf("nobody --help: exit %d: %s", r.code, r.stderr)
	}
	if r := runAs(t, "nobody", env, exe, "--db", db, "ingest", "-q", text); r.code != 0 {
		t.Fatalf("nobody ingest: exit %d: %s", r.code, r.stderr)
	}
	if r := runAs(t, "nobody", env, exe, "--db", db, "export", "--format", "svg", "-o", svg); r.code != 0 {
		t.Fatalf("nobody export svg: exit %d: %s", r.code, r.stderr)
	}
	if b, err := os.ReadFile(svg); err != nil || !strings.Contains(string(b), "<svg") || !strings.HasSuffix(strings.TrimSpace(string(b)), "</svg>") {
		t.Errorf("nobody's svg: %v, %.80q", err, b)
	}
	if _, err := os.Stat(filepath.Join(home, ".cache", "entigraph", "go-graphviz")); err != nil {
		t.Errorf("nobody's cache is not under its home: %v", err)
	}

	// Pointed at root's cache, nobody gets an error on svg only.
	env = []string{"TMPDIR=" + tmp, "HOME=" + home, "XDG_CACHE_HOME=" + rootCache}
	if r := runAs(t, "nobody", env, exe, "--help"); r.code != 0 {
		t.Errorf("nobody --help with root's cache: exit %d: %s", r.code, r.stderr)
	}
	want := "entigraph: " + svg + ": export svg: graphviz cache folder " + filepath.Join(rootCache, "entigraph", "go-graphviz") +
		": permission denied (set XDG_CACHE_HOME to a folder of yours)\n"
	if r := runAs(t, "nobody", env, exe, "--db", db, "export", "--format", "svg", "-o", svg); r.code != exitFailed || r.stderr != want {
		t.Errorf("nobody export svg with root's cache: exit %d, stderr %q, want 1 and %q", r.code, r.stderr, want)
	}
	if r := runAs(t, "nobody", env, exe, "--db", db, "export", "--format", "json"); r.code != 0 {
		t.Errorf("nobody export json with root's cache: exit %d: %s", r.code, r.stderr)
	}
}

// TestGraphvizOnlyForPictures: Graphviz's runtime is not in entigraph
// (only in entigraph-render, which svg and png run), so the commands that
// do not draw never start it nor look into its cache folder; svg does.
func TestGraphvizOnlyForPictures(t *testing.T) {
	top, exe := buildBinary(t)
	for _, c := range []struct {
		exe  string
		want bool
	}{{exe, false}, {filepath.Join(top, "entigraph-render"), true}} {
		info, err := buildinfo.ReadFile(c.exe)
		if err != nil {
			t.Fatal(err)
		}
		has := false
		for _, d := range info.Deps {
			has = has || d.Path == "github.com/goccy/go-graphviz"
		}
		if has != c.want {
			t.Errorf("%s links go-graphviz: %v, want %v", filepath.Base(c.exe), has, c.want)
		}
	}
	cache := filepath.Join(top, "cache")
	env := []string{"XDG_CACHE_HOME=" + cache}
	text := filepath.Join(top, "a.txt")
	os.WriteFile(text, []byte("Vladimir Putin met Kim Jong Un in Pyongyang on Tuesday.\n"), 0o644)
	db := filepath.Join(top, "g.db")
	for _, args := range [][]string{
		{"--help"},
		{"--db", db, "ingest", "-q", text},
		{"--db", db, "entities"},
		{"--db", db, "query", "g.V().Count()"},
		{"--db", db, "export", "--format", "dot"},
		{"--db", db, "verify"},
	} {
		if r := runAs(t, "", env, exe, args...); r.code != 0 {
			t.Errorf("%q: exit %d: %s", args, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(cache); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("commands that do not draw touched the cache folder: %v", err)
	}
	r := runAs(t, "", env, exe, "--db", db, "export", "--format", "svg")
	if r.code != 0 || !strings.Contains(r.stdout, ">Pyongyang<") || !strings.HasSuffix(strings.TrimSpace(r.stdout), "</svg>") {
		t.Errorf("export svg: exit %d, %.80q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(cache, "entigraph", "go-graphviz")); err != nil {
		t.Errorf("svg made no cache folder: %v", err)
	}
}

// skipUnlessCI skips the test where the machine lacks what it needs, and
// fails it under CI=true, where .ci/run runs as root on Debian and has it.
func skipUnlessCI(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// svg and png are drawn by the entigraph-render command: the tests build
// one for the commands they run in-process.
func TestMain(m *testing.M) { os.Exit(rendertest.Main(m)) }
