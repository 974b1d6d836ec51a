package timers_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
	"github.com/breachd/breachd/timers"
)

var t0 = time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)

// handler disarms what it is given, as a real one does in the transaction
// of its effect, unless fail says otherwise for the timer's name.
type handler struct {
	st    *store.Store
	fired []string
	fail  map[string]error
}

func (h *handler) Fire(_ context.Context, tm store.Timer) (bool, error) {
	h.fired = append(h.fired, tm.Kind+":"+tm.Name)
	if err := h.fail[tm.Name]; err != nil {
		return false, err
	}
	return tm.Name != "stale", h.st.Update(func(tx *store.Tx) error { return tx.DisarmTimer(tm) })
}

func arm(t *testing.T, st *store.Store, timers ...store.Timer) {
	t.Helper()
	require.NoError(t, st.Update(func(tx *store.Tx) error {
		for _, tm := range timers {
			if err := tx.ArmTimer(tm); err != nil {
				return err
			}
		}
		return nil
	}))
}

func armed(t *testing.T, st *store.Store) []string {
	t.Helper()
	var names []string
	require.NoError(t, st.View(func(tx *store.Tx) error {
		due, err := tx.DueTimers(t0.Add(1000*time.Hour), 100)
		for _, tm := range due {
			names = append(names, tm.Name)
		}
		return err
	}))
	return names
}

func timer(kind, name string, at time.Duration) store.Timer {
	return store.Timer{At: t0.Add(at), Kind: kind, Incident: "INC-2026-0001", Name: name, Data: []byte(`{}`)}
}

func TestEachDueTimerGoesToTheHandlerOfItsKindEarliestFirst(t *testing.T) {
	st := storetest.Open(t)
	now := t0
	reg := prometheus.NewRegistry()
	svc := timers.New(st, timers.Options{Now: func() time.Time { return now }, Metrics: reg}, zerolog.Nop())
	a, b := &handler{st: st}, &handler{st: st}
	svc.Handle(a, "reminder", "overdue")
	svc.Handle(b, "wait")
	require.Equal(t, []string{"overdue", "reminder", "wait"}, svc.Kinds())
	arm(t, st, timer("overdue", "o", 3*time.Hour), timer("wait", "w", time.Hour), timer("reminder", "r", 2*time.Hour),
		timer("reminder", "stale", 2*time.Hour+time.Minute), timer("reminder", "later", 10*time.Hour))

	n, err := svc.FireDue(t.Context())
	require.NoError(t, err)
	require.Zero(t, n, "nothing due yet")

	now = t0.Add(3 * time.Hour)
	n, err = svc.FireDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 3, n, "the stale one is disarmed, not counted")
	require.Equal(t, []string{"reminder:r", "reminder:stale", "overdue:o"}, a.fired)
	require.Equal(t, []string{"wait:w"}, b.fired)
	require.Equal(t, []string{"later"}, armed(t, st))
	require.Equal(t, 1.0, testutil.ToFloat64(svc.Fired("reminder", "acted")))
	require.Equal(t, 1.0, testutil.ToFloat64(svc.Fired("overdue", "acted")))
	require.Equal(t, 1.0, testutil.ToFloat64(svc.Fired("reminder", "stale")))
}

func TestAFailedTimerFiresAgainAPermanentOrGoneOneIsDisarmed(t *testing.T) {
	st := storetest.Open(t)
	svc := timers.New(st, timers.Options{Now: func() time.Time { return t0.Add(time.Hour) }}, zerolog.Nop())
	h := &handler{st: st, fail: map[string]error{
		"flaky":  errors.New("the store is busy"),
		"broken": timers.Permanent(errors.New("read the timer: unexpected end of JSON input")),
		"gone":   timers.ErrGone,
	}}
	svc.Handle(h, "reminder")
	arm(t, st, timer("reminder", "flaky", 0), timer("reminder", "broken", time.Minute), timer("reminder", "gone", 2*time.Minute))

	n, err := svc.FireDue(t.Context())
	require.Zero(t, n)
	require.ErrorContains(t, err, "reminder timer flaky of INC-2026-0001: the store is busy")
	require.ErrorContains(t, err, "reminder timer broken of INC-2026-0001: read the timer: unexpected end of JSON input")
	require.NotContains(t, err.Error(), "gone", "a timer whose incident is gone is stale, not an error")
	require.Equal(t, []string{"flaky"}, armed(t, st), "only the transient failure stays, to fire again")

	delete(h.fail, "flaky")
	n, err = svc.FireDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Empty(t, armed(t, st))
}

func TestTimersOfAKindNoHandlerTakesStayAndHoldBackNoOther(t *testing.T) {
	st := storetest.Open(t)
	svc := timers.New(st, timers.Options{Now: func() time.Time { return t0.Add(time.Hour) }, Batch: 1}, zerolog.Nop())
	h := &handler{st: st}
	svc.Handle(h, "wait")
	arm(t, st, timer("retired_kind", "a", 0), timer("retired_kind", "b", time.Second), timer("wait", "w", time.Minute))

	n, err := svc.FireDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, []string{"wait:w"}, h.fired)
	require.Equal(t, []string{"a", "b"}, armed(t, st), "kept for the release that handles them")
}

func TestAShutdownCutsARoundShortWithoutAnError(t *testing.T) {
	st := storetest.Open(t)
	svc := timers.New(st, timers.Options{Now: func() time.Time { return t0.Add(time.Hour) }}, zerolog.Nop())
	ctx, cancel := context.WithCancel(t.Context())
	svc.Handle(timers.HandlerFunc(func(ctx context.Context, tm store.Timer) (bool, error) {
		cancel()
		return false, ctx.Err()
	}), "wait")
	arm(t, st, timer("wait", "a", 0), timer("wait", "b", time.Second))
	n, err := svc.FireDue(ctx)
	require.NoError(t, err)
	require.Zero(t, n)
	require.Equal(t, []string{"a", "b"}, armed(t, st), "both fire at the next start")
}
