package respond

import (
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Hook is told of changes to incidents in the transaction that makes them,
// after they are saved, so that what follows from a change (a playbook run
// starting, a Slack message) is exactly as durable as the change: a crash
// loses none, a rollback sends none. A hook may add the events it records to
// c, for the hooks after it; an error aborts the transaction.
type Hook interface {
	Changed(tx *store.Tx, c *incident.Changes, now time.Time) error
}

// HookFunc adapts a function to a Hook.
type HookFunc func(tx *store.Tx, c *incident.Changes, now time.Time) error

// Changed calls f.
func (f HookFunc) Changed(tx *store.Tx, c *incident.Changes, now time.Time) error {
	return f(tx, c, now)
}

// Hooks runs hooks one after the other, in order, stopping at the first
// error. It is built once at start; nil entries are skipped.
type Hooks []Hook

// Changed runs every hook in order.
func (hs Hooks) Changed(tx *store.Tx, c *incident.Changes, now time.Time) error {
	for _, h := range hs {
		if h == nil {
			continue
		}
		if err := h.Changed(tx, c, now); err != nil {
			return err
		}
	}
	return nil
}
