package timers_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
	"github.com/breachd/breachd/timers"
)

// A timer of an incident fires through the commit path: its effect and its
// disarming commit together or not at all.
func TestATimerIsDisarmedInTheTransactionOfItsEffect(t *testing.T) {
	st := storetest.Open(t)
	rs, err := respond.New(st, respond.Options{Now: func() time.Time { return t0 }}, zerolog.Nop())
	require.NoError(t, err)
	var id string
	require.NoError(t, st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		out, err := tr.Add(&incident.Alert{ID: "a-1", Source: "test", Kind: "k", Time: t0, Severity: incident.SeverityHigh,
			Title: "t", Asset: incident.Asset{ID: "h", Type: "host"}}, t0)
		id = out.Incident
		if err != nil {
			return err
		}
		return tx.Apply(tr.Changes())
	}))
	tm := store.Timer{At: t0, Kind: "wait", Incident: id, Name: "n", Data: []byte(`{"run":"r"}`)}
	arm(t, st, tm)
	type data struct{ Run string }

	// The effect fails: the timer stays armed, to fire again.
	_, err = timers.Fire(t.Context(), rs, tm, "test", func(*store.Tx, *incident.Incident, data, time.Time) ([]incident.Event, error) {
		return nil, errors.New("the run is locked")
	})
	require.ErrorContains(t, err, "the run is locked")
	require.Equal(t, []string{"n"}, armed(t, st))

	// The effect commits: so does the disarming.
	acted, err := timers.Fire(t.Context(), rs, tm, "test", func(_ *store.Tx, inc *incident.Incident, d data, now time.Time) ([]incident.Event, error) {
		require.Equal(t, "r", d.Run)
		return inc.AddNote("waited", "test", now)
	})
	require.NoError(t, err)
	require.True(t, acted)
	require.Empty(t, armed(t, st))

	_, err = timers.Fire(t.Context(), rs, store.Timer{At: t0, Kind: "wait", Incident: id, Name: "n", Data: []byte(`[`)}, "test",
		func(*store.Tx, *incident.Incident, data, time.Time) ([]incident.Event, error) { return nil, nil })
	require.ErrorContains(t, err, "read the timer", "unreadable data is permanent")
	_, err = timers.Fire(t.Context(), rs, store.Timer{At: t0, Kind: "wait", Incident: "INC-2026-9999", Name: "n", Data: []byte(`{}`)}, "test",
		func(*store.Tx, *incident.Incident, data, time.Time) ([]incident.Event, error) { return nil, nil })
	require.ErrorIs(t, err, timers.ErrGone)
}
