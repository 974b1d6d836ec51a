package store_test

import (
	"fmt"
	"path/filepath"
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
func BenchmarkApplyBatch(b *testing.B) { benchApplyBatch(b, storetest.Open(b)) }

// BenchmarkApplyBatchPublished is BenchmarkApplyBatch with each batch's
// change record made and handed to the state log.
func BenchmarkApplyBatchPublished(b *testing.B) { benchApplyBatch(b, publishingStore(b)) }

func benchApplyBatch(b *testing.B, s *store.Store) {
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
func BenchmarkFoldBatch(b *testing.B) { benchFoldBatch(b, storetest.Open(b)) }

// BenchmarkFoldBatchPublished is BenchmarkFoldBatch with each batch's
// change record made and handed to the state log.
func BenchmarkFoldBatchPublished(b *testing.B) { benchFoldBatch(b, publishingStore(b)) }

func benchFoldBatch(b *testing.B, s *store.Store) {
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
func BenchmarkRepeatBatch(b *testing.B) { benchRepeatBatch(b, storetest.Open(b)) }

// BenchmarkRepeatBatchPublished is BenchmarkRepeatBatch with a state log,
// which gets nothing: a batch of repeats writes nothing.
func BenchmarkRepeatBatchPublished(b *testing.B) { benchRepeatBatch(b, publishingStore(b)) }

func benchRepeatBatch(b *testing.B, s *store.Store) {
	policy := incident.DefaultPolicy()
	alerts := benchAlerts()
	commitBatch(b, s, policy, alerts, t0)
	b.ResetTimer()
	for b.Loop() {
		commitBatch(b, s, policy, alerts, t0)
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "alerts/s")
}

// publishingStore opens a store whose change records go to a state log
// that keeps only their size: record-B is their mean, the setup's included.
func publishingStore(b *testing.B) *store.Store {
	var records, size int
	s, err := store.Open(filepath.Join(b.TempDir(), "breachd.db"), store.Options{
		Publish: func(change []byte, after uint64) (uint64, error) {
			records++
			size += len(change)
			return after + 1, nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := s.Close(); err != nil {
			b.Error(err)
		}
		if records > 0 {
			b.ReportMetric(float64(size)/float64(records), "record-B")
		}
	})
	return s
}

// benchRecords returns the change records of a batch that opens 1000
// incidents and of one that folds into them.
func benchRecords(b *testing.B) (open, fold []byte) {
	var records [][]byte
	s, err := store.Open(filepath.Join(b.TempDir(), "leader.db"), store.Options{
		Publish: func(change []byte, after uint64) (uint64, error) {
			records = append(records, change)
			return after + 1, nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	policy := incident.DefaultPolicy()
	alerts := benchAlerts()
	commitBatch(b, s, policy, alerts, t0)
	for i := range alerts {
		alerts[i].ID += "-again"
	}
	commitBatch(b, s, policy, alerts, t0)
	return records[0], records[1]
}

// BenchmarkApplyChange: a replica applying the record of a batch of alerts
// folding into 1000 open incidents, with its fsync.
func BenchmarkApplyChange(b *testing.B) {
	open, fold := benchRecords(b)
	s, err := store.Open(filepath.Join(b.TempDir(), "replica.db"), store.Options{Replica: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.ApplyChange(1, open); err != nil {
		b.Fatal(err)
	}
	seq := uint64(1)
	for b.Loop() {
		seq++
		if err := s.ApplyChange(seq, fold); err != nil { // the same writes again: a replay of them
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "alerts/s")
}
