// Package storetest opens real bbolt stores for tests.
package storetest

import (
	"path/filepath"
	"testing"

	"github.com/breachd/breachd/store"
)

// Open opens a fresh store in t.TempDir. When the test ends it checks bbolt's
// page consistency and every incident's hash chain, failing the test on any
// problem, and then closes the store. A test that closes the store itself
// should open it with store.Open instead.
func Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	// Registered after TempDir's own cleanup, so it runs before the
	// directory is removed.
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("store check at the end of the test: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return s
}
