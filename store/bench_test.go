package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// The benchmarks measure the ingest commit path: a batch of alerts over 1000
// fingerprints triaged and committed in one Update (with its fsync).
const (
	benchBatch        = 4096
	benchFingerprints = 1000
)

// benchAlerts returns one batch of alerts over benchFingerprints assets.
func benchAlerts() []incident.Alert {
	alerts := make([]incident.Alert, benchBatch)
	for i := range alerts {
		alerts[i] = *alert(fmt.Sprintf("a-%d", i), fmt.Sprintf("host-%d", i%benchFingerprints), t0)
	}
	return alerts
}

// commitBatch triages alerts at now and commits the result in one transaction.
func commitBatch(b *testing.B, s *store.Store, policy incident.Policy, alerts []incident.Alert, now time.Time) {
	err := s.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(policy, tx)
		for i := range alerts {
			if _, err := tr.Add(&alerts[i], now); err != nil {
				return err
			}
		}
		return tx.Apply(tr.Changes())
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkApplyBatch: each batch falls outside the previous one's dedup
// window, so every batch opens 1000 incidents and folds the other 3096
// alerts into them.
func BenchmarkApplyBatch(b *testing.B) {
	s := storetest.Open(b)
	policy := incident.DefaultPolicy()
	alerts := benchAlerts()
	iterations := 0
	for b.Loop() {
		now := t0.Add(time.Duration(iterations) * 2 * policy.DedupWindow)
		for i := range alerts {
			alerts[i].Time = now
			alerts[i].ID = fmt.Sprintf("a-%d-%d", iterations, i) // new alerts, not repeats
		}
		commitBatch(b, s, policy, alerts, now)
		iterations++
	}
	b.ReportMetric(float64(iterations*benchBatch)/b.Elapsed().Seconds(), "alerts/s")
}

// BenchmarkFoldBatch: the steady state. 1000 incidents are open and each
// batch of new alerts folds into them.
func BenchmarkFoldBatch(b *testing.B) {
	s := storetest.Open(b)
	policy := incident.DefaultPolicy()
	alerts := benchAlerts()
	commitBatch(b, s, policy, alerts, t0) // open the incidents
	b.ResetTimer()
	iterations := 0
	for b.Loop() {
		iterations++
		b.StopTimer()
		for i := range alerts {
			alerts[i].ID = fmt.Sprintf("a-%d-%d", iterations, i) // new alerts, not repeats
		}
		b.StartTimer()
		commitBatch(b, s, policy, alerts, t0)
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "alerts/s")
}

// BenchmarkRepeatBatch: producers resending what the open incidents took
// (Alertmanager's repeat_interval): each batch is recognised and changes
// nothing.
func BenchmarkRepeatBatch(b *testing.B) {
	s := storetest.Open(b)
	policy := incident.DefaultPolicy()
	alerts := benchAlerts()
	commitBatch(b, s, policy, alerts, t0)
	b.ResetTimer()
	for b.Loop() {
		commitBatch(b, s, policy, alerts, t0)
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "alerts/s")
}
