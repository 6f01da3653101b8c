// Package outfiletest helps tests of output destinations.
package outfiletest

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// FIFO makes a named pipe in a temporary folder and starts a reader on it;
// wait returns all the reader got once the writer closed the pipe, failing
// the test after 10 s without it.
func FIFO(t *testing.T) (path string, wait func() string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			got <- "read: " + err.Error()
			return
		}
		got <- string(b)
	}()
	return path, func() string {
		t.Helper()
		select {
		case s := <-got:
			return s
		case <-time.After(10 * time.Second):
			t.Fatal("the FIFO's reader got nothing in 10 s")
			return ""
		}
	}
}
