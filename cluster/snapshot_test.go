package cluster_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/cluster"
)

func openSnapshots(t *testing.T, n node, now time.Time) *cluster.Snapshots {
	t.Helper()
	s, err := cluster.OpenSnapshots(t.Context(), n.js, cluster.SnapshotOptions{Replicas: 3, Now: func() time.Time { return now }})
	require.NoError(t, err)
	return s
}

// latest reads the kept snapshot whole.
func latest(t *testing.T, s *cluster.Snapshots) (uint64, time.Time, []byte) {
	t.Helper()
	seq, at, rc, err := s.Latest(t.Context())
	require.NoError(t, err)
	defer rc.Close()
	data, err := io.ReadAll(rc)
	require.NoError(t, err)
	return seq, at, data
}

// A snapshot put by one node is read back whole by another, with the state
// log sequence it includes and when it was taken; a new one replaces it.
func TestASnapshotRoundTripsWithItsSequence(t *testing.T) {
	_, nodes := threeServers(t)
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	leader, fresh := openSnapshots(t, nodes[0], at), openSnapshots(t, nodes[2], at)

	_, _, _, err := fresh.Latest(t.Context())
	require.ErrorIs(t, err, cluster.ErrNoSnapshot)
	_, err = fresh.Stat(t.Context())
	require.ErrorIs(t, err, cluster.ErrNoSnapshot)

	// Several chunks' worth (the object store cuts 128 KiB ones).
	db := make([]byte, 600<<10)
	_, _ = rand.Read(db)
	info, err := leader.Put(t.Context(), 42, bytes.NewReader(db))
	require.NoError(t, err)
	require.Equal(t, cluster.SnapshotInfo{Seq: 42, At: at, Size: uint64(len(db))}, info)
	seq, gotAt, data := latest(t, fresh)
	require.EqualValues(t, 42, seq)
	require.True(t, at.Equal(gotAt), "%s", gotAt)
	require.Equal(t, db, data)

	newer := []byte("the database at 57")
	_, err = leader.Put(t.Context(), 57, bytes.NewReader(newer))
	require.NoError(t, err)
	seq, _, data = latest(t, fresh)
	require.EqualValues(t, 57, seq)
	require.Equal(t, newer, data)
}

// A snapshot older than the kept one (a deposed leader's, late) is refused
// and the kept one stays.
func TestAnOlderSnapshotDoesNotReplaceANewerOne(t *testing.T) {
	_, nodes := threeServers(t)
	s := openSnapshots(t, nodes[0], time.Now())
	_, err := s.Put(t.Context(), 100, bytes.NewReader([]byte("at 100")))
	require.NoError(t, err)
	_, err = s.Put(t.Context(), 99, bytes.NewReader([]byte("at 99")))
	require.ErrorIs(t, err, cluster.ErrStaleSnapshot)
	seq, _, data := latest(t, s)
	require.EqualValues(t, 100, seq)
	require.Equal(t, "at 100", string(data))
}
