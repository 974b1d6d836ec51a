package notify_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/notify"
	"github.com/breachd/breachd/obligations"
)

type notifierFunc func(obligations.Reminder) error

func (f notifierFunc) Notify(_ context.Context, r obligations.Reminder) error { return f(r) }

func TestFanoutTellsEveryNotifierAndReturnsTheirErrors(t *testing.T) {
	var got []string
	ok := notifierFunc(func(r obligations.Reminder) error { got = append(got, "log "+r.Incident); return nil })
	down := notifierFunc(func(r obligations.Reminder) error {
		got = append(got, "slack "+r.Incident)
		return errors.New("slack down")
	})
	err := notify.Fanout(ok, down).Notify(t.Context(), obligations.Reminder{Incident: "INC-2026-0001"})
	require.ErrorContains(t, err, "slack down")
	require.Equal(t, []string{"log INC-2026-0001", "slack INC-2026-0001"}, got)
	require.NoError(t, notify.Fanout(ok).Notify(t.Context(), obligations.Reminder{}))
}
