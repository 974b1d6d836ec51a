package outbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// An entry enqueued between ticks goes out when the worker is woken, not an
// hour later at the next tick.
func TestWakeDeliversBeforeTheNextTick(t *testing.T) {
	s := storetest.Open(t)
	sent := make(chan string, 4)
	w := outbox.New(s, map[string]outbox.Sender{"action": outbox.SenderFunc(func(_ context.Context, e store.OutboxEntry) (string, error) {
		sent <- e.Key
		return "", nil
	})}, func() time.Time { return t0 }, outbox.DefaultOptions(), zerolog.Nop(), nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx, time.Hour) }()
	t.Cleanup(func() { cancel(); <-done })

	enqueue(t, s, store.OutboxEntry{Key: "k-1", Kind: "action", CreatedAt: t0})
	w.Wake()
	w.Wake() // a second nudge while one is pending never blocks
	select {
	case key := <-sent:
		require.Equal(t, "k-1", key)
	case <-time.After(10 * time.Second):
		t.Fatal("the woken worker did not deliver")
	}
}
