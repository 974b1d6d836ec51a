//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releaseMapped is a no-op where the page-table trick is not known to be safe.
func releaseMapped(*bolt.DB, *bolt.Tx) error { return nil }
