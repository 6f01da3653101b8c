// Package outfile writes a command's output file to what the user named.
//
// The destination decides how:
//   - "-" is standard output;
//   - a regular file, or a name where nothing is yet, is replaced
//     atomically: the output goes to a temporary file in the same folder,
//     is synced to disk and renamed over the destination only once whole,
//     so a failed or interrupted write leaves the old file as it was and no
//     temporary file behind (removed on error, and on SIGINT, SIGTERM or
//     SIGHUP while it exists); an existing file keeps its permission bits
//     (and owner, where the process may set it), a new one gets 0644;
//   - a symbolic link is followed to its target (even a missing one, which
//     is created) and the target written as above: the link stays a link;
//   - a device, named pipe (FIFO) or socket is opened and written in place,
//     never replaced (-o /dev/null, -o a pipe another program reads);
//   - a folder, or a name in a folder that does not exist, is an error
//     naming it.
package outfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Stdout is the destination name for standard output.
const Stdout = "-"

// newFileMode is the permission of a file created where none was.
const newFileMode = 0o644

// rename is a variable so that the tests can make the last step fail.
var rename = os.Rename

// maxLinks bounds the symbolic links followed, as the kernel's ELOOP does.
const maxLinks = 40

// Write writes what write produces to path (stdout for "-"), as the
// package comment says. write's error, or the first error writing, is
// returned naming path; nothing is left half-written at a regular file.
func Write(path string, stdout io.Writer, write func(io.Writer) error) error {
	f, err := Create(path, stdout)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		f.Abort()
		if f.err != nil {
			return f.err // writing failed: it names path already
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// File is an output being written: Write to it, then Commit (or Abort).
type File struct {
	path   string // as the user gave it
	target string // the file written (path with symbolic links followed)
	w      io.Writer
	f      *os.File // the temporary file, or the device opened in place
	tmp    string   // the temporary file's name; "" when written in place
	err    error    // the first write error
	done   bool
}

// Create opens path for writing as the package comment says. Errors name
// path and say what is wrong with it.
func Create(path string, stdout io.Writer) (*File, error) {
	if path == Stdout {
		return &File{path: path, w: stdout}, nil
	}
	target, fi, err := resolve(path)
	if err != nil {
		return nil, err
	}
	o := &File{path: path, target: target}
	switch {
	case fi == nil:
		dir := filepath.Dir(target)
		di, err := os.Stat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
		}
		if err == nil && !di.IsDir() {
			return nil, fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
		}
		if err != nil {
			return nil, o.wrap(err)
		}
		err = o.createTemp(newFileMode, nil)
		return o, err
	case fi.IsDir():
		return nil, fmt.Errorf("cannot write %s: it is a folder", path)
	case fi.Mode().IsRegular():
		err := o.createTemp(fi.Mode().Perm(), fi)
		return o, err
	default:
		// A device, FIFO or socket: written in place, never replaced.
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, o.wrap(err)
		}
		o.f, o.w = f, f
		return o, nil
	}
}

// resolve follows path's symbolic links to the file they end at, which
// may not exist (fi nil then).
func resolve(path string) (target string, fi fs.FileInfo, err error) {
	target = path
	for range maxLinks {
		fi, err := os.Lstat(target)
		if errors.Is(err, fs.ErrNotExist) {
			return target, nil, nil
		}
		if errors.Is(err, syscall.ENOTDIR) {
			return "", nil, fmt.Errorf("cannot write %s: %s is not a folder", path, filepath.Dir(target))
		}
		if err != nil {
			return "", nil, fmt.Errorf("cannot write %s: %w", path, cause(err))
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return target, fi, nil
		}
		link, err := os.Readlink(target)
		if err != nil {
			return "", nil, fmt.Errorf("cannot write %s: %w", path, cause(err))
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(target), link)
		}
		target = link
	}
	return "", nil, fmt.Errorf("cannot write %s: too many levels of symbolic links", path)
}

// createTemp opens the temporary file beside the target, with perm (and
// old's owner, when replacing a file and allowed to).
func (o *File) createTemp(perm fs.FileMode, old fs.FileInfo) error {
	dir, base := filepath.Dir(o.target), filepath.Base(o.target)
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return o.wrap(err)
	}
	o.f, o.w, o.tmp = f, f, f.Name()
	track(o.tmp)
	if err := f.Chmod(perm); err != nil {
		o.Abort()
		return o.wrap(err)
	}
	if old != nil {
		keepOwner(f, old)
	}
	return nil
}

// Write writes p; after the first error it writes nothing more and returns
// that error.
func (o *File) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = o.wrap(err)
	}
	return n, o.err
}

// Commit finishes the output: a temporary file is synced, closed and
// renamed over the target (then the folder synced); a file written in
// place is closed. After a write error it aborts and returns that error.
func (o *File) Commit() error {
	if o.done {
		return nil
	}
	if o.err != nil {
		o.Abort()
		return o.err
	}
	o.done = true
	if o.f == nil {
		return nil // stdout
	}
	if o.tmp == "" {
		return o.wrap(o.f.Close())
	}
	defer untrack(o.tmp)
	if err := o.f.Sync(); err != nil {
		o.f.Close()
		os.Remove(o.tmp)
		return o.wrap(err)
	}
	if err := o.f.Close(); err != nil {
		os.Remove(o.tmp)
		return o.wrap(err)
	}
	if err := rename(o.tmp, o.target); err != nil {
		os.Remove(o.tmp)
		return o.wrap(err)
	}
	if d, err := os.Open(filepath.Dir(o.target)); err == nil {
		d.Sync() // the rename on disk too; some file systems cannot, harmlessly
		d.Close()
	}
	return nil
}

// Abort gives up: the temporary file is removed, a file written in place
// closed. The destination is as it was (a device or FIFO keeps what was
// written to it).
func (o *File) Abort() {
	if o.done {
		return
	}
	o.done = true
	if o.f == nil {
		return
	}
	o.f.Close()
	if o.tmp != "" {
		os.Remove(o.tmp)
		untrack(o.tmp)
	}
}

// wrap names the destination in err, without repeating the path an
// *fs.PathError carries (often the temporary file's).
func (o *File) wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("cannot write %s: %w", o.path, cause(err))
}

func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
