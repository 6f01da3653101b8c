package outfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the tests run this test binary as a helper process:
// OUTFILE_HELPER=write:PATH writes PATH and exits 1 with the error on
// stderr; OUTFILE_HELPER=signal:PATH opens PATH, writes half an output and
// sends itself SIGTERM.
func TestMain(m *testing.M) {
	h := os.Getenv("OUTFILE_HELPER")
	switch {
	case strings.HasPrefix(h, "write:"):
		if err := Write(strings.TrimPrefix(h, "write:"), os.Stdout, writePayload); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case strings.HasPrefix(h, "signal:"):
		f, err := Create(strings.TrimPrefix(h, "signal:"), os.Stdout)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		io.WriteString(f, payload[:len(payload)/2])
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
		time.Sleep(10 * time.Second)
		fmt.Fprintln(os.Stderr, "still alive 10 s after SIGTERM")
		os.Exit(3)
	case strings.HasPrefix(h, "ignored-hup:"):
		// Started with SIGHUP ignored (as under nohup): a SIGHUP while
		// writing changes nothing, and the output is committed.
		f, err := Create(strings.TrimPrefix(h, "ignored-hup:"), os.Stdout)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		io.WriteString(f, payload)
		syscall.Kill(os.Getpid(), syscall.SIGHUP)
		time.Sleep(200 * time.Millisecond)
		if err := f.Commit(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func helper(t *testing.T, exe, env string, prefix ...string) *exec.Cmd {
	args := append(append([]string{}, prefix...), exe, "-test.run=^$")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "OUTFILE_HELPER="+env)
	return cmd
}

// TestSignalRemovesTemp: a process killed by SIGTERM while writing leaves
// the old file as it was and no temporary file, and dies of the signal.
func TestSignalRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	mustWrite(t, p, "old", 0o644)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := helper(t, exe, "signal:"+p).CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("helper: %v, output %s", err, out)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("helper ended with %v, want death by SIGTERM (output %s)", ee, out)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("the old file now holds %.20q", b)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestIgnoredSignalStaysIgnored: a process started with SIGHUP ignored
// (nohup) keeps ignoring it while it writes an output file.
func TestIgnoredSignalStaysIgnored(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	signal.Ignore(syscall.SIGHUP) // inherited by the helper across exec
	out, err := helper(t, exe, "ignored-hup:"+p).CombinedOutput()
	signal.Reset(syscall.SIGHUP)
	if err != nil {
		t.Fatalf("helper: %v, output %s", err, out)
	}
	if b, _ := os.ReadFile(p); string(b) != payload {
		t.Errorf("%s holds %d bytes, want %d", p, len(b), len(payload))
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestReadOnlyFolder: a folder the user may not write to is an error
// naming the destination, and nothing is created. Root may write anywhere,
// so as root the write runs in a helper process as user nobody (through
// setpriv); without setpriv or a nobody user the test says so and skips.
func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		dir := t.TempDir()
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		defer os.Chmod(ro, 0o755)
		p := filepath.Join(ro, "out.json")
		err := Write(p, nil, writePayload)
		if want := "cannot write " + p + ": permission denied"; err == nil || err.Error() != want {
			t.Fatalf("Write = %v, want %q", err, want)
		}
		checkEmpty(t, ro)
		return
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		skipUnlessCI(t, "running as root without setpriv: cannot test a folder root may not write")
	}
	if err := exec.Command(setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "true").Run(); err != nil {
		skipUnlessCI(t, "running as root and cannot become nobody: %v", err)
	}
	// A copy of the test binary nobody may run, in a folder nobody may
	// enter but not write.
	top, err := os.MkdirTemp("", "outfile-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(top)
	os.Chmod(top, 0o755)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	copyExe := filepath.Join(top, "outfile.test")
	if err := os.WriteFile(copyExe, b, 0o755); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(top, "ro")
	os.Mkdir(ro, 0o755) // root's: read-only to nobody
	p := filepath.Join(ro, "out.json")
	cmd := helper(t, copyExe, "write:"+p, setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups")
	cmd.Dir = top
	out, err := cmd.CombinedOutput()
	if want := "cannot write " + p + ": permission denied\n"; err == nil || string(out) != want {
		t.Fatalf("helper as nobody: %v, output %q, want exit 1 and %q", err, out, want)
	}
	checkEmpty(t, ro)
}

func checkEmpty(t *testing.T, dir string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil || len(es) > 0 {
		t.Errorf("%s holds %v (%v), want nothing", dir, es, err)
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
