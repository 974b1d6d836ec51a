package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// maxDiskFullFS is the largest filesystem disk-full mode fills: past it
// the data directory is most likely on the machine's own disk, which the
// user did not mean to fill.
const maxDiskFullFS = 8 << 30

// ballastName is the file that fills the data directory's filesystem.
const ballastName = "breachchaos.ballast"

// checkSmallFS refuses a data directory on a filesystem too large to fill.
func checkSmallFS(dir string) error {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return fmt.Errorf("statfs %s: %w", dir, err)
	}
	if size := uint64(st.Blocks) * uint64(st.Bsize); size > maxDiskFullFS {
		return fmt.Errorf("--mode disk-full fills the data directory's filesystem, and %s is on one of %d MiB (at most %d MiB): mount a small one, e.g. sudo mount -t tmpfs -o size=256m tmpfs /mnt/chaos",
			dir, size>>20, maxDiskFullFS>>20)
	}
	return nil
}

// fillDisk writes a ballast file in dir until the filesystem is full
// (ENOSPC), and returns its path and size.
func fillDisk(dir string) (string, int64, error) {
	path := filepath.Join(dir, ballastName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return "", 0, fmt.Errorf("ballast: %w", err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<20)
	var size int64
	for {
		n, err := f.Write(chunk)
		size += int64(n)
		if errors.Is(err, syscall.ENOSPC) {
			// The last pages too: shrink the chunk until nothing fits.
			if len(chunk) > 4096 {
				chunk = chunk[:len(chunk)/2]
				continue
			}
			return path, size, nil
		}
		if err != nil {
			return path, size, fmt.Errorf("ballast: %w", err)
		}
	}
}

// freeDisk removes the ballast.
func freeDisk(path string) error {
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("remove ballast: %w", err)
	}
	return nil
}
