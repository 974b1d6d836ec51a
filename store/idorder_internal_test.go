package store

import (
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
)

// Ids read in id order, from the start and after each one, across years
// and lengths, although the bucket holds them in byte order.
func TestIdsAreReadInTheirOrderNotTheBytes(t *testing.T) {
	var want []string
	for _, year := range []int{2025, 2026, 2028} {
		for _, n := range []uint64{1, 2, 999, 9998, 9999, 10000, 10001, 99999, 100000, 123456} {
			want = append(want, incident.FormatID(year, n))
		}
	}
	db, err := bolt.Open(filepath.Join(t.TempDir(), "ids.db"), 0o600, nil)
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("ids"))
		require.NoError(t, err)
		for _, i := range rand.Perm(len(want)) {
			require.NoError(t, b.Put([]byte(want[i]), []byte("v-"+want[i])))
		}
		return b.Put([]byte("meta-not-an-id"), nil)
	}))
	read := func(after string) []string {
		var got []string
		require.NoError(t, db.View(func(tx *bolt.Tx) error {
			return eachInIDOrder((&Tx{tx: tx}).bucket([]byte("ids")), after, func(k, v []byte) error {
				require.Equal(t, "v-"+string(k), string(v))
				got = append(got, string(k))
				return nil
			})
		}))
		return got
	}
	require.Equal(t, want, read(""))
	for i, id := range want {
		if i == len(want)-1 {
			require.Empty(t, read(id), "after the last")
			continue
		}
		require.Equal(t, want[i+1:], read(id), "after %s", id)
	}
	// An id the bucket does not hold resumes where it would be.
	require.Equal(t, want[slices.Index(want, "INC-2026-9998"):], read("INC-2026-9997"))
	require.Equal(t, want[slices.Index(want, "INC-2026-99999"):], read("INC-2026-99998"))
	require.Equal(t, want[slices.Index(want, "INC-2028-0001"):], read("INC-2027-0005"))
	require.Empty(t, read("INC-2029-0001"))
}
