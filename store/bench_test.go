package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// BenchmarkApplyBatch measures the ingest commit path: one batch of 4096
// alerts over 1000 fingerprints triaged and committed in one Update. Each
// batch falls outside the previous one's dedup window, so every batch opens
// 1000 incidents and folds the other 3096 alerts into them.
func BenchmarkApplyBatch(b *testing.B) {
	const (
		batch        = 4096
		fingerprints = 1000
	)
	s := storetest.Open(b)
	policy := incident.DefaultPolicy()
	alerts := make([]incident.Alert, batch)
	for i := range alerts {
		alerts[i] = *alert(fmt.Sprintf("a-%d", i), fmt.Sprintf("host-%d", i%fingerprints), t0)
	}
	iterations := 0
	for b.Loop() {
		now := t0.Add(time.Duration(iterations) * 2 * policy.DedupWindow)
		err := s.Update(func(tx *store.Tx) error {
			tr := incident.NewTriage(policy, tx)
			for i := range alerts {
				alerts[i].Time = now
				if _, err := tr.Add(&alerts[i], now); err != nil {
					return err
				}
			}
			return tx.Apply(tr.Changes())
		})
		if err != nil {
			b.Fatal(err)
		}
		iterations++
	}
	b.ReportMetric(float64(iterations*batch)/b.Elapsed().Seconds(), "alerts/s")
}

// BenchmarkFoldBatch measures the steady state of the ingest commit path:
// 1000 incidents are open and each batch of 4096 alerts folds into them, one
// transaction (with its fsync) per batch.
func BenchmarkFoldBatch(b *testing.B) {
	const (
		batch        = 4096
		fingerprints = 1000
	)
	s := storetest.Open(b)
	policy := incident.DefaultPolicy()
	alerts := make([]incident.Alert, batch)
	for i := range alerts {
		alerts[i] = *alert(fmt.Sprintf("a-%d", i), fmt.Sprintf("host-%d", i%fingerprints), t0)
	}
	commit := func() {
		err := s.Update(func(tx *store.Tx) error {
			tr := incident.NewTriage(policy, tx)
			for i := range alerts {
				if _, err := tr.Add(&alerts[i], t0); err != nil {
					return err
				}
			}
			return tx.Apply(tr.Changes())
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	commit() // open the incidents
	b.ResetTimer()
	for b.Loop() {
		commit()
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "alerts/s")
}
