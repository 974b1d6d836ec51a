package store

import (
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releaseMapped tells the kernel that the database's memory mapping need not
// stay resident. bbolt reads pages through a shared, read-only mapping of the
// file; every page read once stays mapped, so without this the daemon's RSS
// grows towards the file's size, although those pages are only page cache.
// MADV_DONTNEED drops the mapping's page table entries: the data stays in the
// file and the page cache, and the next read faults the page back in.
//
// It must run inside a transaction: bbolt remaps the file only while no
// transaction is open, so meanwhile the mapping covers at least tx.Size()
// bytes at the same address. Other readers holding pointers into it just
// fault the pages in again.
func releaseMapped(db *bolt.DB, tx *bolt.Tx) error {
	size := tx.Size()
	if size == 0 {
		return nil
	}
	_, _, errno := unix.Syscall(unix.SYS_MADVISE, db.Info().Data, uintptr(size), unix.MADV_DONTNEED)
	if errno != 0 {
		return errno
	}
	return nil
}
