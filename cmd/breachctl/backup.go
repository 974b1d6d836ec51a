package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/store"
)

// maxCheckErrors bounds how many consistency problems a failed backup lists.
const maxCheckErrors = 10

// BackupCmd saves a consistent copy of the daemon's database, taken while it
// runs, and checks the copy before keeping it.
type BackupCmd struct {
	File  string `arg:"" help:"Where to write the copy." type:"path"`
	Force bool   `help:"Replace FILE if it exists."`
}

// BackupResult is what backup prints with -o json.
type BackupResult struct {
	File  string `json:"file"`
	Bytes int64  `json:"bytes"`
}

// Run takes the backup. The copy streams into FILE.tmp (mode 0600: it holds
// breach details), is synced and checked (store.Check), and only then renamed
// over FILE, so FILE is never a partial or inconsistent copy, even with
// --force over an older backup.
func (c *BackupCmd) Run(ctx context.Context, app *App) error {
	if !c.Force {
		if _, err := os.Lstat(c.File); err == nil {
			return fmt.Errorf("%s exists: pass --force to replace it", c.File)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	tmp := c.File + ".tmp"
	n, err := download(ctx, app.Client, tmp)
	if err == nil {
		err = checkDB(tmp, n)
	}
	if err == nil {
		err = rename(tmp, c.File)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if app.JSON {
		return writeJSON(app.Stdout, BackupResult{File: c.File, Bytes: n})
	}
	fmt.Fprintf(app.Stdout, "wrote %d bytes to %s (checked: consistent)\n", n, c.File)
	return nil
}

// download streams the backup into a new file at path and syncs it.
func download(ctx context.Context, cl *client.Client, path string) (int64, error) {
	// A leftover of an interrupted run is ours to replace; O_EXCL then makes
	// sure the mode is the one asked for.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := cl.Backup(ctx, f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// checkDB opens the copy read-only as a store and checks it: bbolt's page
// consistency and every incident's hash chain.
func checkDB(path string, size int64) error {
	st, err := store.Open(path, store.Options{ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		// The store names the file, which is our temporary one; what
		// the user needs is why it failed.
		if inner := errors.Unwrap(err); inner != nil {
			err = inner
		}
		return fmt.Errorf("the copy does not open as a database: %w", err)
	}
	defer st.Close()
	// A copy cut short still has valid meta pages; reading the pages it
	// lacks would fault, so compare sizes first.
	want, err := st.Size()
	if err != nil {
		return fmt.Errorf("the copy does not open as a database: %w", err)
	}
	if size < want {
		return fmt.Errorf("the copy is truncated: %d bytes of %d", size, want)
	}
	if err := st.Check(); err != nil {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		if len(errs) > maxCheckErrors {
			errs = errs[:maxCheckErrors]
		}
		return fmt.Errorf("the copy is inconsistent: %w", errors.Join(errs...))
	}
	return nil
}

// rename moves the checked copy into place and syncs the directory, so the
// rename survives a crash.
func rename(tmp, dst string) error {
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(dst))
	if err != nil {
		return err
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", filepath.Dir(dst), err)
	}
	return nil
}
