package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

func TestTimersAreReplacedPerIncidentAndFoundWhenDue(t *testing.T) {
	s := storetest.Open(t)
	t0 := time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)
	tm := func(id, regime string, kind incident.TimerKind, at time.Time) incident.Timer {
		return incident.Timer{At: at, Incident: id, Regime: regime, Kind: kind, DueAt: at}
	}
	a := []incident.Timer{
		tm("INC-2026-0001", "gdpr_art33_sa", incident.TimerOverdue, t0.Add(72*time.Hour)),
		{At: t0.Add(48 * time.Hour), Incident: "INC-2026-0001", Regime: "gdpr_art33_sa", Kind: incident.TimerReminder, Before: 24 * time.Hour, DueAt: t0.Add(72 * time.Hour)},
	}
	b := []incident.Timer{tm("INC-2026-0002", "pdpa_26d1_pdpc", incident.TimerOverdue, t0.Add(time.Hour))}
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		require.NoError(t, tx.ReplaceTimers("INC-2026-0001", a))
		return tx.ReplaceTimers("INC-2026-0002", b)
	}))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		due, err := tx.DueTimers(t0.Add(48*time.Hour), 10)
		require.NoError(t, err)
		require.Equal(t, []incident.Timer{b[0], a[1]}, due, "earliest first, none later than now")
		due, err = tx.DueTimers(t0.Add(100*time.Hour), 1)
		require.NoError(t, err)
		require.Len(t, due, 1, "limit")
		mine, err := tx.Timers("INC-2026-0001")
		require.NoError(t, err)
		require.Equal(t, []incident.Timer{a[1], a[0]}, mine)
		return nil
	}))

	// Replacing drops the old timers of that incident only; deleting is idempotent.
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		require.NoError(t, tx.ReplaceTimers("INC-2026-0001", a[:1]))
		require.NoError(t, tx.DeleteTimer(b[0]))
		return tx.DeleteTimer(b[0])
	}))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		due, err := tx.DueTimers(t0.Add(1000*time.Hour), 10)
		require.NoError(t, err)
		require.Equal(t, a[:1], due)
		require.Error(t, tx.ReplaceTimers("INC-2026-0009", a), "read-only")
		return nil
	}))
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
