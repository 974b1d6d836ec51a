package notify

import (
	"context"
	"errors"

	"github.com/breachd/breachd/obligations"
)

// Fanout hands each reminder to every notifier (the log and Slack). An
// error of any is returned, joined, and the reminder is tried again; a
// notifier that delivered it already must not repeat it (Slack keys its
// posts), or may (the log writes it again).
func Fanout(ns ...obligations.Notifier) obligations.Notifier { return fanout(ns) }

type fanout []obligations.Notifier

// Notify calls every notifier.
func (f fanout) Notify(ctx context.Context, r obligations.Reminder) error {
	var errs []error
	for _, n := range f {
		if err := n.Notify(ctx, r); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
