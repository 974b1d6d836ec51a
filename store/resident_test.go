package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// Releasing the mapped pages while writers grow the file (and so remap it)
// and readers read must lose and corrupt nothing.
func TestReleaseMemoryIsSafeWhileTheStoreIsBusy(t *testing.T) {
	s := storetest.Open(t)
	const batches = 60
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				require.NoError(t, s.ReleaseMemory())
			}
		}
	})
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				_ = s.View(func(tx *store.Tx) error {
					_, err := tx.ListIncidents(store.ListQuery{Limit: 50})
					return err
				})
			}
		}
	})
	for b := range batches {
		at := t0.Add(time.Duration(b) * time.Second)
		batch := make([]*incident.Alert, 0, 200)
		for i := range 200 {
			batch = append(batch, alert(fmt.Sprintf("a-%d-%d", b, i), fmt.Sprintf("host-%d", (b*200+i)%97), at))
		}
		triage(t, s, at, batch...) // the file grows, so bbolt remaps it under the releases
	}
	close(stop)
	wg.Wait()
	var total int64
	require.NoError(t, s.View(func(tx *store.Tx) error {
		page, err := tx.ListIncidents(store.ListQuery{Limit: store.MaxListLimit})
		for _, inc := range page.Incidents {
			total += inc.AlertCount
		}
		return err
	}))
	require.Equal(t, int64(batches*200), total)
	// storetest's cleanup checks bbolt's pages and every hash chain.
}
