package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/store"
)

// A snapshot carries the log sequence its file holds, and a file restored
// from it is that database, with that sequence: a node restored from it
// applies the log from the next record.
func TestASnapshotRestoresWithTheSequenceItHolds(t *testing.T) {
	dir := t.TempDir()
	var log [][]byte
	leader, err := store.Open(filepath.Join(dir, "leader.db"), store.Options{Publish: func(change []byte, after uint64) (uint64, error) {
		log = append(log, change)
		return after + 1, nil
	}})
	require.NoError(t, err)
	defer leader.Close()
	key, err := leader.RedactionKey() // one write: record 1
	require.NoError(t, err)
	require.Len(t, log, 1)

	var snap bytes.Buffer
	seq, n, err := leader.Snapshot(&snap)
	require.NoError(t, err)
	require.Equal(t, uint64(1), seq)
	require.Equal(t, int64(snap.Len()), n)

	path := filepath.Join(dir, "node", "breachd.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte("an older file, replaced"), 0o600))
	written, err := store.RestoreFile(path, &snap)
	require.NoError(t, err)
	require.Equal(t, n, written)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	node, err := store.Open(path, store.Options{Replica: true})
	require.NoError(t, err)
	defer node.Close()
	applied, err := node.AppliedSeq()
	require.NoError(t, err)
	require.Equal(t, uint64(1), applied)
	got, err := node.RedactionKey()
	require.NoError(t, err)
	require.Equal(t, key, got)
}

// A copy that is not a whole database is refused, and the file in place
// stays as it was.
func TestARestoreOfABadCopyLeavesTheFileAsItWas(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "breachd.db")
	st, err := store.Open(path, store.Options{})
	require.NoError(t, err)
	var snap bytes.Buffer
	_, _, err = st.Snapshot(&snap)
	require.NoError(t, err)
	require.NoError(t, st.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	for name, copy := range map[string][]byte{
		"garbage":   []byte(strings.Repeat("not a database ", 1000)),
		"cut short": snap.Bytes()[:snap.Len()/2],
	} {
		_, err := store.RestoreFile(path, bytes.NewReader(copy))
		require.Error(t, err, name)
		require.Contains(t, err.Error(), "restore "+path, name)
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, before, after, name)
		_, err = os.Stat(path + ".restore")
		require.True(t, os.IsNotExist(err), name)
	}
}
