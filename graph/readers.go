package graph

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// Readers during a write.
//
// bbolt locks its file for the life of the handle: a writer exclusively,
// a read-only reader shared. So a reader could not open a store while an
// ingest ran, for hours. Instead, the writer gives way between documents,
// with the store's folder as a turnstile (a flock on its inode: readers
// write nothing to the store):
//
//   - A reader takes a shared flock on the folder, opens the bolt file
//     read-only (waiting up to ReadTimeout for the writer to let go of it),
//     and lets go of the folder: it holds the folder only while it waits.
//   - Before each document (Add) or transaction of a batch (AddBatch, at
//     most BatchQuads quads or BatchTime long), the writer tries an exclusive flock on
//     the folder without waiting. Got it: no reader waits; it lets go and
//     writes. Refused: readers wait; it closes its bolt handle, waits for
//     the folder's exclusive lock (the waiting readers have then opened
//     the file), and holding it, opens the bolt file again, which waits
//     for those readers to close it. Readers that come meanwhile block on
//     the folder until the writer has written its document, so a stream
//     of readers cannot starve it.
//
// A reader so waits at most for WriteSlice and one transaction's write
// (one document, or a batch: up to BatchTime and one document more) and
// the time the writer waits for the documents of its next batch
// (pipeline.Batch.Wait), plus the reads that came before it, and the
// writer pays one flock call per transaction when nobody reads.
// Writers that do not take part (an older entigraph; merge and split, which
// hold the store for one transaction) make readers wait up to ReadTimeout.
// A writer that opens a store while readers have it waits for them (up to
// WriterWait); one that finds another writer fails after LockTimeout.

// ReadTimeout is how long OpenReadOnly waits for a writer to give way.
var ReadTimeout = 30 * time.Second

// WriteSlice is how long a writer that gave way writes before it looks
// for readers again: readers that keep coming still leave it that much
// of every turn.
var WriteSlice = 200 * time.Millisecond

// WriterWait is how long a writer that gave way waits for readers to
// finish before Add fails with ErrLocked.
var WriterWait = 10 * time.Minute

// lockDir opens dir and takes a flock on it (how: syscall.LOCK_SH or
// LOCK_EX, with LOCK_NB or not).
func lockDir(dir string, how int) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := flock(f, how); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

// readersWaiting reports whether a reader waits for the bolt file: it
// holds the folder's shared lock.
func (c *cayleyQuads) readersWaiting() bool {
	if c.dir == nil {
		return false
	}
	if err := flock(c.dir, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return errors.Is(err, syscall.EWOULDBLOCK)
	}
	flock(c.dir, syscall.LOCK_UN)
	return false
}

// giveWay lets waiting readers in: it closes the bolt handle, waits for
// them to open the file and, holding the folder against new ones, opens
// it again once they have closed it. The caller holds s.mu.
func (s *Store) giveWay(ctx context.Context) error {
	c, ok := s.qs.(*cayleyQuads)
	if !ok || time.Since(s.gaveWay) < WriteSlice || !c.readersWaiting() {
		return nil
	}
	defer func() { s.gaveWay = time.Now() }()
	dir := c.dirName
	if err := s.close(); err != nil {
		return err
	}
	deadline := time.Now().Add(WriterWait)
	for {
		excl, err := lockDir(dir, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			s.opts.wait = WriterWait
			err = s.open(ctx)
			s.opts.wait = 0
			excl.Close() // lets go of the folder
			return err
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return errors.Join(err, s.open(ctx))
		}
		if time.Now().After(deadline) {
			return ErrLocked
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), s.open(ctx))
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// readersOnly reports whether the bolt file's lock is held shared (by
// readers) rather than exclusively (by a writer).
func readersOnly(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	return flock(f, syscall.LOCK_SH|syscall.LOCK_NB) == nil
}
