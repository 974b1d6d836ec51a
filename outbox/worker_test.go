package outbox_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/clocktest"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

var t0 = time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)

// receiver is a Sender that records the keys it was given and answers with
// the errors queued in fail, one per call, then succeeds.
type receiver struct {
	mu   sync.Mutex
	keys []string
	fail []error
}

func (r *receiver) Send(_ context.Context, e store.OutboxEntry) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, e.Key)
	if len(r.fail) > 0 {
		err := r.fail[0]
		r.fail = r.fail[1:]
		return "", err
	}
	return "ok " + e.Key, nil
}

// openIncident stores an incident to receive outcomes.
func openIncident(t *testing.T, s *store.Store) string {
	t.Helper()
	var id string
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		out, err := tr.Add(&incident.Alert{ID: "a-1", Source: "s", Kind: "k", Time: t0, Severity: incident.SeverityHigh,
			Title: "t", Asset: incident.Asset{ID: "h-1", Type: "host"}}, t0)
		id = out.Incident
		if err != nil {
			return err
		}
		return tx.Apply(tr.Changes())
	}))
	return id
}

func enqueue(t *testing.T, s *store.Store, e store.OutboxEntry) bool {
	t.Helper()
	var added bool
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		var err error
		added, err = tx.Enqueue(&e)
		return err
	}))
	return added
}

func timeline(t *testing.T, s *store.Store, id string) []incident.Event {
	t.Helper()
	var events []incident.Event
	require.NoError(t, s.View(func(tx *store.Tx) error {
		var err error
		events, err = tx.Timeline(id)
		return err
	}))
	return events
}

func pending(t *testing.T, s *store.Store) []store.OutboxEntry {
	t.Helper()
	var out []store.OutboxEntry
	require.NoError(t, s.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.DueOutbox(t0.Add(1000*time.Hour), 100)
		return err
	}))
	return out
}

func TestEntriesAreDeliveredRetriedAndRecorded(t *testing.T) {
	s := storetest.Open(t)
	id := openIncident(t, s)
	rcv := &receiver{fail: []error{errors.New("connection refused"), outbox.RetryAfter(errors.New("rate limited"), 7*time.Second)}}
	clk := clocktest.New(t0)
	w := outbox.New(s, map[string]outbox.Sender{"action": rcv}, clk.Now, outbox.DefaultOptions(), zerolog.Nop(), nil)

	require.True(t, enqueue(t, s, store.OutboxEntry{Key: "INC/isolate/1", Kind: "action", Incident: id, Payload: []byte(`{"host":"h-1"}`), CreatedAt: t0}))
	require.False(t, enqueue(t, s, store.OutboxEntry{Key: "INC/isolate/1", Kind: "action", Incident: id, Payload: []byte(`{}`), CreatedAt: t0}), "one key, one entry")

	n, err := w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	p := pending(t, s)
	require.Len(t, p, 1)
	require.Equal(t, t0.Add(time.Second), p[0].NextAt, "the first retry waits a second")
	require.Equal(t, "connection refused", p[0].LastError)

	n, err = w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Zero(t, n, "not due again yet")

	clk.Set(t0.Add(time.Second))
	_, err = w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, clk.Now().Add(7*time.Second), pending(t, s)[0].NextAt, "the receiver's Retry-After wins")

	clk.Advance(7 * time.Second)
	_, err = w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Empty(t, pending(t, s))
	require.Equal(t, []string{"INC/isolate/1", "INC/isolate/1", "INC/isolate/1"}, rcv.keys, "every attempt carries the same key")

	events := timeline(t, s, id)
	last := events[len(events)-1]
	require.Equal(t, incident.EventDelivered, last.Type)
	require.JSONEq(t, `{"kind":"action","key":"INC/isolate/1","attempts":3,"took_ms":0,"detail":"ok INC/isolate/1"}`, string(last.Data))
	require.False(t, enqueue(t, s, store.OutboxEntry{Key: "INC/isolate/1", Kind: "action", CreatedAt: t0}), "a delivered key is not enqueued again")
}

func TestAPermanentErrorOrTheLastAttemptGivesUp(t *testing.T) {
	s := storetest.Open(t)
	id := openIncident(t, s)
	rcv := &receiver{fail: []error{outbox.Permanent(errors.New("unknown host")), errors.New("down"), errors.New("down")}}
	clk := clocktest.New(t0)
	opts := outbox.DefaultOptions()
	opts.MaxAttempts = 2
	w := outbox.New(s, map[string]outbox.Sender{"action": rcv}, clk.Now, opts, zerolog.Nop(), nil)
	enqueue(t, s, store.OutboxEntry{Key: "k1", Kind: "action", Incident: id, CreatedAt: t0})
	_, err := w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Empty(t, pending(t, s), "a permanent error is given up at once")
	events := timeline(t, s, id)
	require.Equal(t, incident.EventDeliveryFailed, events[len(events)-1].Type)
	require.Contains(t, string(events[len(events)-1].Data), "unknown host")

	enqueue(t, s, store.OutboxEntry{Key: "k2", Kind: "action", Incident: id, CreatedAt: t0})
	for range 2 {
		_, err = w.DeliverDue(t.Context())
		require.NoError(t, err)
		clk.Advance(time.Hour)
	}
	require.Empty(t, pending(t, s), "given up after MaxAttempts")
	events = timeline(t, s, id)
	require.Equal(t, incident.EventDeliveryFailed, events[len(events)-1].Type)

	// A kind nobody sends is retried, then given up like any failure.
	enqueue(t, s, store.OutboxEntry{Key: "k3", Kind: "slack", CreatedAt: clk.Now()})
	_, err = w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Contains(t, pending(t, s)[0].LastError, `no sender for kind "slack"`)
}

// A crash after the receiver acted and before the outcome was stored sends
// the entry again with the same key, so an idempotent receiver does nothing
// twice.
func TestACrashBetweenSendAndRecordResendsWithTheSameKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s, err := store.Open(path, store.Options{})
	require.NoError(t, err)
	id := openIncident(t, s)
	enqueue(t, s, store.OutboxEntry{Key: "INC/revoke/7", Kind: "action", Incident: id, CreatedAt: t0})

	var keys []string
	crash := outbox.SenderFunc(func(_ context.Context, e store.OutboxEntry) (string, error) {
		keys = append(keys, e.Key)
		require.NoError(t, s.Close()) // the process dies before recording the outcome
		return "revoked", nil
	})
	w := outbox.New(s, map[string]outbox.Sender{"action": crash}, func() time.Time { return t0 }, outbox.DefaultOptions(), zerolog.Nop(), nil)
	_, err = w.DeliverDue(t.Context())
	require.Error(t, err)

	s, err = store.Open(path, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	rcv := &receiver{}
	w = outbox.New(s, map[string]outbox.Sender{"action": rcv}, func() time.Time { return t0 }, outbox.DefaultOptions(), zerolog.Nop(), nil)
	_, err = w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, []string{"INC/revoke/7"}, keys)
	require.Equal(t, []string{"INC/revoke/7"}, rcv.keys, "sent again, with the same key")
	require.Empty(t, pending(t, s))
}

// A slow receiver holds back only its own lane: a reminder due behind a
// long action goes out while the action is still waiting for its answer.
func TestALaneKeepsASlowKindFromHoldingBackTheOthers(t *testing.T) {
	s := storetest.Open(t)
	release := make(chan struct{})
	slow := outbox.SenderFunc(func(ctx context.Context, e store.OutboxEntry) (string, error) {
		select {
		case <-release:
			return "done", nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	})
	fast := &receiver{}
	w := outbox.New(s, map[string]outbox.Sender{"action": slow, "reminder": fast}, func() time.Time { return t0 },
		outbox.DefaultOptions(), zerolog.Nop(), nil)
	actions := w.Lane("action")
	enqueue(t, s, store.OutboxEntry{Key: "act", Kind: "action", CreatedAt: t0})
	enqueue(t, s, store.OutboxEntry{Key: "rem", Kind: "reminder", CreatedAt: t0})

	done := make(chan error, 1)
	go func() {
		_, err := actions.DeliverDue(t.Context())
		done <- err
	}()
	n, err := w.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n, "the main lane takes the reminder only")
	require.Equal(t, []string{"rem"}, fast.keys)
	close(release)
	require.NoError(t, <-done)
	require.Empty(t, pending(t, s))
}
