package store_test

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
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

// rawRecord frames ops as an uncompressed record, checksum included, so
// that only the ops are wrong.
func rawRecord(ops string) []byte {
	rec := append([]byte("BDCR\x01\x00"), binary.AppendUvarint(nil, uint64(len(ops)))...)
	rec = binary.BigEndian.AppendUint32(rec, crc32.Checksum([]byte(ops), crc32.MakeTable(crc32.Castagnoli)))
	return append(rec, ops...)
}

// Each way a record can be wrong is refused with a reason.
func TestDecodeChangeSaysWhatIsWrong(t *testing.T) {
	const incidents = "\x06\x32\x01\x09incidents" // select bucket incidents, fill 50
	for _, tc := range []struct {
		name, ops, want string
	}{
		{"a put before any bucket", "\x01\x01k\x01v", "put before any bucket"},
		{"a put at the root", "\x06\x00\x00\x01\x01k\x01v", "put at the root"},
		{"an unknown op", incidents + "\x09", "unknown op 9"},
		{"a key cut short", incidents + "\x01\x05ab", "a key of 5 bytes where 2 remain"},
		{"an empty key", incidents + "\x02\x00", "an empty key"},
		{"a key longer than bbolt takes", incidents + "\x02\x81\x80\x04", "a key of 65537 bytes, more than 32768"},
		{"a value cut short", incidents + "\x01\x01k\x09v", "a value of 9 bytes where 1 remain"},
		{"an op cut short", incidents + "\x05", "the sequence is cut short"},
		{"a fill over 100", "\x06\x65\x01\x09incidents", "fill of 101 percent"},
		{"buckets nested too deep", "\x06\x32\x11", "nested 17 deep"},
		{"a bucket path cut short", "\x06\x32\x02\x09incidents", "bucket name length is cut short"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := store.DecodeChange(rawRecord(tc.ops))
			require.ErrorIs(t, err, store.ErrBadChange)
			require.ErrorContains(t, err, tc.want)
		})
	}
	c, err := store.DecodeChange(rawRecord(incidents + "\x01\x01k\x01v" + "\x05\x07"))
	require.NoError(t, err, "the same framing holds a good record")
	require.Len(t, c.Writes, 2)

	huge := append([]byte("BDCR\x01\x01"), binary.AppendUvarint(nil, store.MaxChangeSize+1)...)
	_, err = store.DecodeChange(append(huge, 0, 0, 0, 0))
	require.ErrorContains(t, err, "more than the 67108864 a change record holds", "a size claimed past the limit is refused unread")
}
