package store_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// Delivery ranges behave exactly like a set of sequence numbers: random
// batches, out of order, overlapping, with gaps, and pruning in between,
// which compacts everything below the ack floor into one range.
func TestDeliveryRangesBehaveLikeASet(t *testing.T) {
	s := storetest.Open(t)
	const stream = "ALERTS@1"
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[uint64]bool{}
	var floor uint64
	for round := range 200 {
		var batch []uint64
		base := uint64(round*20) + 1
		for range rng.IntN(40) {
			batch = append(batch, base+uint64(rng.IntN(60)))
		}
		require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.MarkDelivered(stream, batch...) }))
		for _, seq := range batch {
			model[seq] = true
		}
		if round%25 == 24 {
			floor = base - uint64(rng.IntN(30))
			var forgotten uint64
			require.NoError(t, s.Update(func(tx *store.Tx) error {
				var err error
				forgotten, err = tx.PruneDeliveries(stream, floor)
				return err
			}))
			// Below the ack floor everything was applied: one range now.
			for seq := uint64(1); seq < floor; seq++ {
				model[seq] = true
			}
			require.LessOrEqual(t, forgotten, floor, "round %d", round)
		}
		require.NoError(t, s.View(func(tx *store.Tx) error {
			for seq := uint64(1); seq <= base+80; seq++ {
				require.Equal(t, model[seq], tx.Delivered(stream, seq), "round %d seq %d", round, seq)
			}
			return nil
		}))
	}
}
