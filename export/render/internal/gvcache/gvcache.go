// Package gvcache gives go-graphviz a compilation cache of the user's own.
//
// go-graphviz (v0.2.10, the only version the module proxy serves) compiles
// Graphviz's WebAssembly in its package init, in every process that links
// it, with wazero's compilation cache in $TMPDIR/go-graphviz: a folder
// shared by every user of the machine. Once one user has made it, every
// other user's process panics at start ("permission denied"), --help
// included, before main runs.
//
// This package is initialised before go-graphviz (the Go specification
// initialises packages in import-path order among those whose imports are
// ready, and "github.com/entigraph/..." sorts before "github.com/goccy/...",
// while this package imports only what go-graphviz's own init needs
// anyway). Its init makes the cache folder under the user's cache folder
// (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache, then entigraph/go-graphviz)
// and points TMPDIR at it for go-graphviz's init; Restore, called from
// package render's init once go-graphviz has started, puts TMPDIR back.
//
// When that folder cannot be made or written, TMPDIR points at a path no
// folder can be made in, so go-graphviz compiles without a cache (about
// 0.5 s more at start) instead of panicking, and Err reports why: svg and
// png exports then fail with that error, naming the folder; nothing else
// is affected.
package gvcache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// noCache is a TMPDIR under which os.Mkdir always fails (/dev/null is not
// a folder), which go-graphviz takes as "no cache".
const noCache = "/dev/null/entigraph-no-graphviz-cache"

var (
	dir       string // the cache folder in use
	err       error  // why there is none
	tmpdir    string // TMPDIR as the process had it
	hadTmpdir bool
)

func init() {
	tmpdir, hadTmpdir = os.LookupEnv("TMPDIR")
	dir, err = prepare()
	if err != nil {
		os.Setenv("TMPDIR", noCache)
		return
	}
	os.Setenv("TMPDIR", filepath.Dir(dir)) // go-graphviz adds "go-graphviz"
}

// Dir returns the cache folder go-graphviz uses.
func Dir() string { return dir }

// Err returns why go-graphviz has no cache folder of the user's, or nil.
func Err() error { return err }

// Restore puts TMPDIR back as the process had it.
func Restore() {
	if hadTmpdir {
		os.Setenv("TMPDIR", tmpdir)
	} else {
		os.Unsetenv("TMPDIR")
	}
}

// prepare makes the cache folder and checks this user may write it and
// every folder in it, and read every file in those (wazero's cache keeps
// one folder per wazero version, holding one file per compiled module).
func prepare() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("graphviz cache: %w (set XDG_CACHE_HOME to a folder of yours)", err)
	}
	d := filepath.Join(base, "entigraph", "go-graphviz")
	if err := os.MkdirAll(d, 0o700); err != nil {
		return "", fmt.Errorf("graphviz cache folder %s: %w (set XDG_CACHE_HOME to a folder of yours)", d, cause(err))
	}
	if err := writable(d); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(d)
	if err != nil {
		return "", fmt.Errorf("graphviz cache folder %s: %w", d, cause(err))
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub := filepath.Join(d, e.Name())
		if err := writable(sub); err != nil {
			return "", err
		}
		files, err := os.ReadDir(sub)
		if err != nil {
			return "", fmt.Errorf("graphviz cache folder %s: %w", sub, cause(err))
		}
		for _, f := range files {
			if err := readable(filepath.Join(sub, f.Name())); err != nil {
				return "", err
			}
		}
	}
	return d, nil
}

// readable checks that this user may read the cache file p. A file gone
// since the folder was listed is no obstacle: another entigraph process
// starting at the same moment removes its probe file (writable), and
// wazero replaces its cache files by renaming temporary ones.
func readable(p string) error {
	fh, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("graphviz cache file %s: %w (remove it, or set XDG_CACHE_HOME to a folder of yours)", p, cause(err))
	}
	return fh.Close()
}

// writable checks that a file can be made in d.
func writable(d string) error {
	f, err := os.CreateTemp(d, ".probe-*")
	if err != nil {
		return fmt.Errorf("graphviz cache folder %s: %w (set XDG_CACHE_HOME to a folder of yours)", d, cause(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

func cause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
