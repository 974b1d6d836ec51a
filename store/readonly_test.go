package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

func TestReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s := openAt(t, path, store.Options{})
	triage(t, s, t0, alert("a-1", "db-1", t0))
	key, err := s.RedactionKey()
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, os.Chmod(path, 0o640))
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	t.Run("a read-only store reads and checks the file", func(t *testing.T) {
		ro := openAt(t, path, store.Options{ReadOnly: true})
		require.True(t, ro.ReadOnly())
		require.NoError(t, ro.Check())
		inc := view(t, ro, func(tx *store.Tx) (*incident.Incident, error) { return tx.Incident("INC-2026-0001") })
		require.Equal(t, "db-1", inc.Asset.ID)
		got, err := ro.RedactionKey()
		require.NoError(t, err)
		require.Equal(t, key, got, "the key is read, not made")
		size, err := ro.Size()
		require.NoError(t, err)
		require.LessOrEqual(t, size, int64(len(before)), "bbolt grows the file ahead of its pages")
		require.Positive(t, size)
	})
	t.Run("several readers share the file", func(t *testing.T) {
		a := openAt(t, path, store.Options{ReadOnly: true, LockTimeout: time.Second})
		b := openAt(t, path, store.Options{ReadOnly: true, LockTimeout: time.Second})
		require.NoError(t, a.Check())
		require.NoError(t, b.Check())
	})
	t.Run("a write is refused with ErrReadOnly", func(t *testing.T) {
		ro := openAt(t, path, store.Options{ReadOnly: true})
		called := false
		err := ro.Update(func(*store.Tx) error { called = true; return nil })
		require.ErrorIs(t, err, store.ErrReadOnly)
		require.ErrorContains(t, err, path)
		require.False(t, called)
	})
	t.Run("opening read-only changes nothing in the file", func(t *testing.T) {
		ro := openAt(t, path, store.Options{ReadOnly: true})
		require.NoError(t, ro.Check())
		require.NoError(t, ro.Close())
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, before, after)
		require.Equal(t, os.FileMode(0o640), mode(t, path), "the mode is left as it is")
	})
	t.Run("a file that does not exist is not created", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "sub", "none.db")
		_, err := store.Open(missing, store.Options{ReadOnly: true})
		require.ErrorIs(t, err, os.ErrNotExist)
		require.NoDirExists(t, filepath.Dir(missing))
	})
	t.Run("a file with no buckets yet checks clean", func(t *testing.T) {
		bare := filepath.Join(t.TempDir(), "bare.db")
		db, err := bolt.Open(bare, 0o600, &bolt.Options{Timeout: time.Second})
		require.NoError(t, err)
		require.NoError(t, db.Close())
		ro := openAt(t, bare, store.Options{ReadOnly: true})
		require.NoError(t, ro.Check())
		_, err = ro.RedactionKey()
		require.ErrorIs(t, err, store.ErrNotFound)
	})
	t.Run("a file cut short is corrupt, not read past its end", func(t *testing.T) {
		cut := filepath.Join(t.TempDir(), "cut.db")
		require.NoError(t, os.WriteFile(cut, before[:len(before)/2], 0o600))
		ro := openAt(t, cut, store.Options{ReadOnly: true})
		require.ErrorIs(t, ro.Check(), store.ErrCorrupt)
	})
}
