package store_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

func obligationTimer(t *testing.T, tm incident.Timer) store.Timer {
	t.Helper()
	st, err := store.ObligationTimer(tm)
	require.NoError(t, err)
	return st
}

func stepTimer(t *testing.T, at time.Time, id string, kind incident.TimerKind, run, step string) store.Timer {
	t.Helper()
	st, err := store.StepTimer(at, id, kind, incident.StepTimer{Run: run, Step: step})
	require.NoError(t, err)
	return st
}

func TestTimersOfEveryKindShareOneLayout(t *testing.T) {
	s := storetest.Open(t)
	t0 := time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)
	tm := func(id, regime string, kind incident.TimerKind, at time.Time) store.Timer {
		return obligationTimer(t, incident.Timer{At: at, Incident: id, Regime: regime, Kind: kind, DueAt: at})
	}
	obligationKinds := []string{string(incident.TimerReminder), string(incident.TimerOverdue), string(incident.TimerReevaluate)}
	a := []store.Timer{
		tm("INC-2026-0001", "gdpr_art33_sa", incident.TimerOverdue, t0.Add(72*time.Hour)),
		obligationTimer(t, incident.Timer{At: t0.Add(48 * time.Hour), Incident: "INC-2026-0001", Regime: "gdpr_art33_sa", Kind: incident.TimerReminder, Before: 24 * time.Hour, DueAt: t0.Add(72 * time.Hour)}),
	}
	b := []store.Timer{tm("INC-2026-0002", "pdpa_26d1_pdpc", incident.TimerOverdue, t0.Add(time.Hour))}
	wait := stepTimer(t, t0.Add(30*time.Minute), "INC-2026-0001", incident.TimerWait, "INC-2026-0001/p", "s")
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		require.NoError(t, tx.ArmTimer(wait))
		require.NoError(t, tx.ReplaceTimers("INC-2026-0001", obligationKinds, a))
		return tx.ReplaceTimers("INC-2026-0002", obligationKinds, b)
	}))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		due, err := tx.DueTimers(t0.Add(48*time.Hour), 10)
		require.NoError(t, err)
		require.Equal(t, []store.Timer{wait, b[0], a[1]}, due, "earliest first, every kind, none later than now")
		due, err = tx.DueTimers(t0.Add(48*time.Hour), 10, string(incident.TimerOverdue), string(incident.TimerReminder))
		require.NoError(t, err)
		require.Equal(t, []store.Timer{b[0], a[1]}, due, "only the kinds asked for")
		due, err = tx.DueTimers(t0.Add(100*time.Hour), 1)
		require.NoError(t, err)
		require.Len(t, due, 1, "limit")
		mine, err := tx.Timers("INC-2026-0001")
		require.NoError(t, err)
		require.Equal(t, []store.Timer{wait, a[1], a[0]}, mine)
		var got incident.Timer
		require.NoError(t, json.Unmarshal(mine[1].Data, &got))
		require.Equal(t, 24*time.Hour, got.Before, "the data is the kind's own")
		return nil
	}))

	// Replacing drops the old timers of those kinds of that incident only;
	// a run's wait stays.
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		require.NoError(t, tx.ReplaceTimers("INC-2026-0001", obligationKinds, a[:1]))
		require.NoError(t, tx.DisarmTimer(b[0]))
		return tx.DisarmTimer(b[0])
	}), "disarming twice is no error")
	require.NoError(t, s.View(func(tx *store.Tx) error {
		due, err := tx.DueTimers(t0.Add(1000*time.Hour), 10)
		require.NoError(t, err)
		require.Equal(t, []store.Timer{wait, a[0]}, due)
		require.Error(t, tx.ReplaceTimers("INC-2026-0009", obligationKinds, a), "read-only")
		return nil
	}))
	require.ErrorContains(t, s.Update(func(tx *store.Tx) error {
		return tx.ReplaceTimers("INC-2026-0001", []string{string(incident.TimerReminder)}, a)
	}), `overdue timer "overdue/gdpr_art33_sa" of INC-2026-0001 given to replace the reminder timers of INC-2026-0001`)
}

func TestArmingATimerAgainMovesItAndAStaleDisarmLeavesTheNewOne(t *testing.T) {
	s := storetest.Open(t)
	t0 := time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)
	first := stepTimer(t, t0.Add(time.Hour), "INC-2026-0001", incident.TimerApprovalExpiry, "INC-2026-0001/p", "approve")
	moved := first
	moved.At = t0.Add(2 * time.Hour)
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		require.NoError(t, tx.ArmTimer(first))
		require.NoError(t, tx.ArmTimer(moved))
		return tx.DisarmTimer(first)
	}))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		all, err := tx.Timers("INC-2026-0001")
		require.Equal(t, []store.Timer{moved}, all, "one timer per identity, at its latest time")
		return err
	}))

	for _, bad := range []store.Timer{
		{At: t0, Incident: "INC-2026-0001", Name: "n"},
		{At: t0, Kind: "wait", Name: "n"},
		{At: t0, Kind: "wait", Incident: "INC\x00", Name: "n"},
		{At: t0, Kind: "wait", Incident: "INC-2026-0001"},
	} {
		require.Error(t, s.Update(func(tx *store.Tx) error { return tx.ArmTimer(bad) }), "%+v", bad)
	}
}

// TestTimersOfTheEarlierLayoutAreMigratedAtOpen writes a file as the
// release before wrote it (obligation timers keyed without their kind,
// run timers in run_timers) and opens it.
func TestTimersOfTheEarlierLayoutAreMigratedAtOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	t0 := time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)
	reminder := incident.Timer{At: t0.Add(48 * time.Hour), Incident: "INC-2026-0001", Regime: "gdpr_art33_sa", Kind: incident.TimerReminder, Before: 24 * time.Hour, DueAt: t0.Add(72 * time.Hour)}
	run := incident.Run{ID: "INC-2026-0001/contain", Incident: "INC-2026-0001", Playbook: "contain", Status: incident.RunWaiting,
		Alert: &incident.Alert{ID: "a-1", Severity: incident.SeverityHigh}, Steps: []incident.RunStep{{Name: "approve", Kind: "approval", Status: incident.StepWaiting}}}
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		put := func(bucket string, k, v []byte) {
			b, err := tx.CreateBucketIfNotExists([]byte(bucket))
			require.NoError(t, err)
			require.NoError(t, b.Put(k, v))
		}
		at := func(t time.Time) []byte { return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())) }
		raw, _ := json.Marshal(reminder)
		key := append(at(reminder.At), "INC-2026-0001\x00reminder/gdpr_art33_sa/24h"...)
		put("timers", key, raw)
		put("timer_index", []byte("INC-2026-0001\x00reminder/gdpr_art33_sa/24h"), key)
		raw, err = json.Marshal(run)
		require.NoError(t, err)
		put("runs", []byte(run.ID), raw)
		put("run_timers", append(at(t0.Add(time.Hour)), "INC-2026-0001/contain\x00approve"...),
			[]byte(`{"at":"2026-03-10T15:20:00Z","run":"INC-2026-0001/contain","step":"approve"}`))
		put("run_timers", append(at(t0.Add(2*time.Hour)), "INC-2026-0007/later\x00next-day"...),
			[]byte(`{"at":"2026-03-10T16:20:00Z","run":"INC-2026-0007/later","step":"next-day"}`))
		return nil
	}))
	require.NoError(t, db.Close())

	for range 2 { // a second open finds the layout current and changes nothing
		s, err := store.Open(path, store.Options{})
		require.NoError(t, err)
		require.NoError(t, s.View(func(tx *store.Tx) error {
			due, err := tx.DueTimers(t0.Add(100*time.Hour), 10)
			require.NoError(t, err)
			require.Equal(t, []store.Timer{
				stepTimer(t, t0.Add(time.Hour), "INC-2026-0001", incident.TimerApprovalExpiry, "INC-2026-0001/contain", "approve"),
				stepTimer(t, t0.Add(2*time.Hour), "INC-2026-0007", incident.TimerWait, "INC-2026-0007/later", "next-day"),
				obligationTimer(t, reminder),
			}, due)
			return nil
		}))
		require.NoError(t, s.Close())
	}
}

func TestObligationsRoundTrip(t *testing.T) {
	s := storetest.Open(t)
	due := time.Date(2026, 3, 13, 14, 20, 0, 0, time.UTC)
	want := &incident.Obligations{Incident: "INC-2026-0001", EvaluatedAt: due.Add(-time.Hour), CatalogVersion: "2026.11", Obligations: []incident.Obligation{
		{Regime: "gdpr_art33_sa", Status: incident.ObligationDue, DueAt: &due, RemindersSent: []string{"24h"}},
	}}
	require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.PutObligations(want) }))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		got, err := tx.Obligations("INC-2026-0001")
		require.NoError(t, err)
		require.Equal(t, want, got)
		none, err := tx.Obligations("INC-2026-0002")
		require.NoError(t, err)
		require.Nil(t, none)
		var n int
		require.NoError(t, tx.EachObligations(func(*incident.Obligations) error { n++; return nil }))
		require.Equal(t, 1, n)
		return nil
	}))
}

// A timer's value holds its data alone, the rest being in its key; one of
// the earlier layout (the whole timer as JSON) is still read, and a timer
// whose time the key cannot hold exactly is stored that way.
func TestATimerIsStoredAsItsDataAndReadInEitherLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s, err := store.Open(path, store.Options{})
	require.NoError(t, err)
	t0 := time.Date(2026, 3, 10, 14, 20, 0, 123, time.UTC)
	utc := stepTimer(t, t0, "INC-2026-0001", incident.TimerWait, "INC-2026-0001/p", "s")
	zoned := stepTimer(t, t0.Add(time.Hour).In(time.FixedZone("", 3600)), "INC-2026-0002", incident.TimerWait, "INC-2026-0002/p", "s")
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		require.NoError(t, tx.ArmTimer(utc))
		return tx.ArmTimer(zoned)
	}))
	require.NoError(t, s.Close())

	old := stepTimer(t, t0.Add(2*time.Hour), "INC-2026-0003", incident.TimerWait, "INC-2026-0003/p", "s")
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		var values [][]byte
		require.NoError(t, tx.Bucket([]byte("timers")).ForEach(func(k, v []byte) error {
			values = append(values, bytes.Clone(v))
			return nil
		}))
		require.Len(t, values, 2)
		require.Equal(t, append([]byte{1}, utc.Data...), values[0], "the data after a layout byte")
		require.Equal(t, byte('{'), values[1][0], "the zoned timer whole, as JSON")
		k := binary.BigEndian.AppendUint64(nil, uint64(old.At.UnixNano()))
		k = append(append(append(append(append(k, old.Incident...), 0), old.Kind...), 0), old.Name...)
		raw, err := json.Marshal(old)
		require.NoError(t, err)
		require.NoError(t, tx.Bucket([]byte("timers")).Put(k, raw))
		return tx.Bucket([]byte("timer_index")).Put(k[8:], k)
	}))
	require.NoError(t, db.Close())

	s, err = store.Open(path, store.Options{})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.View(func(tx *store.Tx) error {
		due, err := tx.DueTimers(t0.Add(3*time.Hour), 10)
		require.NoError(t, err)
		require.Len(t, due, 3)
		require.Equal(t, utc, due[0])
		require.True(t, zoned.At.Equal(due[1].At))
		_, off := due[1].At.Zone()
		require.Equal(t, 3600, off, "stored whole, with its zone")
		require.Equal(t, old, due[2])
		return nil
	}))
}
