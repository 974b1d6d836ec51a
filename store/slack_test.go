package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

func TestSlackMessageAndPostsSurviveAReopen(t *testing.T) {
	s := storetest.Open(t)
	// A daemon that never used Slack reads nothing, without error.
	require.NoError(t, s.View(func(tx *store.Tx) error {
		m, err := tx.SlackMessage("INC-2026-0001")
		require.Equal(t, store.SlackMessage{}, m)
		p, err2 := tx.SlackPost("card/INC-2026-0001")
		require.Nil(t, p)
		return errorsJoin(err, err2)
	}))
	started := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		if err := tx.PutSlackMessage("INC-2026-0001", store.SlackMessage{Channel: "C1", TS: "1.000100", Want: 3, Rendered: 2, Queued: 7}); err != nil {
			return err
		}
		return tx.PutSlackPost("card/INC-2026-0001", store.SlackPost{Channel: "C1", StartedAt: started})
	}))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		m, err := tx.SlackMessage("INC-2026-0001")
		require.NoError(t, err)
		require.Equal(t, store.SlackMessage{Channel: "C1", TS: "1.000100", Want: 3, Rendered: 2, Queued: 7}, m)
		p, err := tx.SlackPost("card/INC-2026-0001")
		require.NoError(t, err)
		require.Equal(t, &store.SlackPost{Channel: "C1", StartedAt: started}, p)
		return nil
	}))
}

func TestSeenSlackRequestRefusesAReplayUntilItExpires(t *testing.T) {
	s := storetest.Open(t)
	now := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)
	seen := func(digest string, at time.Time) bool {
		var replay bool
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			var err error
			replay, err = tx.SeenSlackRequest(digest, at, at.Add(10*time.Minute))
			return err
		}))
		return replay
	}
	require.False(t, seen("a", now), "first sight")
	require.True(t, seen("a", now.Add(time.Minute)), "replay inside the window")
	require.False(t, seen("b", now.Add(time.Minute)), "another request")
	require.False(t, seen("a", now.Add(11*time.Minute)), "after the window the digest is forgotten")
}

func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestAnIncidentsSlackChannelIsKeptStepByStep(t *testing.T) {
	s := storetest.Open(t)
	require.NoError(t, s.View(func(tx *store.Tx) error {
		c, err := tx.SlackChannel("INC-2026-0001")
		require.Equal(t, store.SlackChannel{}, c, "none asked for, no bucket yet")
		return err
	}))
	want := store.SlackChannel{Name: "inc-2026-0001", ID: "C9", Invited: true, SummaryTS: "1.000200", Pinned: true, SummaryRendered: 4, Topic: "HIGH"}
	require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.PutSlackChannel("INC-2026-0001", want) }))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		c, err := tx.SlackChannel("INC-2026-0001")
		require.Equal(t, want, c)
		return err
	}))
}
