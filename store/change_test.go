package store_test

import (
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// rawSize is the size of a record's ops before compression, as its header
// says.
func rawSize(t testing.TB, rec []byte) int {
	t.Helper()
	n, k := binary.Uvarint(rec[6:])
	require.Positive(t, k)
	return int(n)
}

// The record of a batch of alerts is a fraction of what the transaction
// writes, and below NATS's default max_payload for the default batch.
func TestChangeSize(t *testing.T) {
	for _, n := range []int{1, 100, 4096} {
		t.Run(fmt.Sprintf("%d alerts", n), func(t *testing.T) {
			leader, log := openLeader(t)
			batch := func(at time.Time, round int) []*incident.Alert {
				alerts := make([]*incident.Alert, n)
				for i := range alerts {
					alerts[i] = alert(fmt.Sprintf("a-%d-%d", round, i), fmt.Sprintf("host-%d", i%1000), at)
				}
				return alerts
			}
			triage(t, leader, t0, batch(t0, 0)...) // opens the incidents
			triage(t, leader, t0, batch(t0, 1)...) // folds into them
			for i, what := range []string{"opening incidents", "folding into them"} {
				rec := log.records[i]
				raw := rawSize(t, rec)
				t.Logf("%d alerts %s: %d bytes raw, %d compressed (%.1f%%), %d and %d bytes per alert",
					n, what, raw, len(rec), 100*float64(len(rec))/float64(raw), raw/n, len(rec)/n)
				require.Less(t, len(rec), 1<<20, "a record of the default batch fits NATS's default max_payload")
			}
		})
	}
}

// FuzzDecodeChange: whatever the bytes, DecodeChange returns a change or
// an error, never panics; a change it returns encodes to a record that
// decodes to the same writes.
func FuzzDecodeChange(f *testing.F) {
	f.Add([]byte(nil))
	f.Add([]byte("BDCR\x01\x00\x00\x00\x00\x00\x00"))
	for _, c := range []store.Change{
		{Writes: []store.Write{{Op: store.OpCreateBucket, Key: []byte("b")}}},
		{Writes: []store.Write{
			{Op: store.OpPut, Bucket: [][]byte{[]byte("incidents")}, Fill: 50, Key: []byte("INC-2026-0001"), Value: []byte(`{"id":"INC-2026-0001"}`)},
			{Op: store.OpDelete, Bucket: [][]byte{[]byte("timers")}, Fill: 50, Key: []byte("k")},
			{Op: store.OpSetSequence, Bucket: [][]byte{[]byte("incident_ids"), []byte("2026")}, Fill: 100, Sequence: 300},
			{Op: store.OpDeleteBucket, Bucket: [][]byte{[]byte("deliveries")}, Fill: 50, Key: []byte("ALERTS")},
		}},
	} {
		rec, err := c.Encode()
		require.NoError(f, err)
		f.Add(rec)
	}
	// A compressed record of a real transaction.
	l := &stateLog{}
	dir := f.TempDir()
	s, err := store.Open(dir+"/seed.db", store.Options{Publish: l.publish})
	require.NoError(f, err)
	var alerts []*incident.Alert
	for i := range 50 {
		alerts = append(alerts, alert(fmt.Sprintf("a-%d", i), fmt.Sprintf("host-%d", i%7), t0))
	}
	triage(f, s, t0, alerts...)
	require.NoError(f, s.Close())
	f.Add(l.records[0])

	f.Fuzz(func(t *testing.T, rec []byte) {
		c, err := store.DecodeChange(rec)
		if err != nil {
			require.ErrorIs(t, err, store.ErrBadChange)
			return
		}
		again, err := c.Encode()
		require.NoError(t, err)
		d, err := store.DecodeChange(again)
		require.NoError(t, err)
		require.Equal(t, c.Writes, d.Writes)
	})
}
