package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Snapshot writes a consistent copy of the whole database to w, as Backup
// does, and returns the state log sequence number the copy holds (its
// applied_seq, read in the same transaction) and the bytes written. A
// node restored from the copy applies the log from seq+1.
func (s *Store) Snapshot(w io.Writer) (seq uint64, n int64, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucketMeta).Get(metaAppliedSeq); len(raw) == 8 {
			seq = be(raw)
		}
		n, err = tx.WriteTo(w)
		return err
	})
	return seq, n, err
}

// RestoreFile makes the database file at path a copy read from r (a
// Snapshot), replacing the file there, if any. The copy is written beside
// it, synced, opened once to check that it is a database, and only then
// renamed over path: a restore cut short leaves the old file as it was.
// No store may have path open.
func RestoreFile(path string, r io.Reader) (n int64, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return 0, fmt.Errorf("create database directory: %w", err)
	}
	tmp := path + ".restore"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, fmt.Errorf("restore %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	n, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("restore %s: write the copy: %w", path, err)
	}
	db, err := bolt.Open(tmp, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return n, fmt.Errorf("restore %s: the copy is not a database: %w", path, err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		// The size first: reading a page past the end of a copy cut
		// short would fault.
		if size := tx.Size(); size != n {
			return fmt.Errorf("it is %d bytes where its meta page says %d", n, size)
		}
		if tx.Bucket(bucketMeta) == nil {
			return fmt.Errorf("it has no %s bucket", bucketMeta)
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("restore %s: the copy is not a breachd database: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return n, fmt.Errorf("restore %s: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return n, fmt.Errorf("restore %s: sync its directory: %w", path, err)
		}
	}
	return n, nil
}
