//go:build unix

package outfile

import (
	"io/fs"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// keepOwner gives f old's owner and group where the process may (as root,
// or the same owner); a failure leaves the file the process's own.
func keepOwner(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		f.Chown(int(st.Uid), int(st.Gid))
	}
}

// The temporary files that exist now, removed when a signal ends the
// process. The handler is installed only while there is one, so the
// process's own handling of signals (and their default action) is
// unchanged otherwise.
var (
	tempMu sync.Mutex
	temps  = map[string]bool{}
	sigs   chan os.Signal
)

func track(path string) {
	tempMu.Lock()
	defer tempMu.Unlock()
	if len(temps) == 0 {
		sigs = make(chan os.Signal, 1)
		// A signal the process ignores (SIGHUP under nohup, SIGINT in a
		// background job) stays ignored: watching it would make it fatal.
		for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
			if !signal.Ignored(sig) {
				signal.Notify(sigs, sig)
			}
		}
		go removeOnSignal(sigs)
	}
	temps[path] = true
}

func untrack(path string) {
	tempMu.Lock()
	defer tempMu.Unlock()
	if !temps[path] {
		return
	}
	delete(temps, path)
	if len(temps) == 0 {
		signal.Stop(sigs)
		close(sigs)
		sigs = nil
	}
}

// removeOnSignal removes the temporary files on the first signal of c and
// then dies of it, as the process would have without the handler. It
// keeps tempMu locked, so no output is committed meanwhile.
func removeOnSignal(c chan os.Signal) {
	sig, ok := <-c
	if !ok {
		return
	}
	tempMu.Lock()
	for p := range temps {
		os.Remove(p)
	}
	signal.Reset(sig)
	syscall.Kill(os.Getpid(), sig.(syscall.Signal))
	// The signal ends the process; should it not, exit as a shell reports
	// a death by signal.
	time.Sleep(time.Second)
	os.Exit(128 + int(sig.(syscall.Signal)))
}
