package obligations

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
)

// Reminder is one message about a deadline: Before it (Kind reminder) or
// passed (Kind overdue).
type Reminder struct {
	Kind      incident.TimerKind `json:"kind"`
	Incident  string             `json:"incident"`
	Title     string             `json:"title"`
	Severity  string             `json:"severity"`
	Regime    string             `json:"regime"`
	Recipient string             `json:"recipient"`
	Basis     string             `json:"basis"`
	Due       string             `json:"due"`
	DueAt     time.Time          `json:"due_at"`
	Before    time.Duration      `json:"before,omitempty"`
}

// Text is the reminder in one line, for people.
func (r Reminder) Text() string {
	if r.Regime == incident.NeedsFactsRegime {
		if r.Kind == incident.TimerOverdue {
			return fmt.Sprintf("OVERDUE %s: the jurisdictions are still not recorded and the earliest deadline that could apply (%s) passed at %s",
				r.Incident, r.Basis, r.DueAt.Format(time.RFC3339))
		}
		return fmt.Sprintf("%s: record the jurisdictions: the earliest deadline that could apply (%s) is in %s, at %s",
			r.Incident, r.Basis, incident.OffsetLabel(r.Before), r.DueAt.Format(time.RFC3339))
	}
	if r.Kind == incident.TimerOverdue {
		return fmt.Sprintf("OVERDUE %s: the notification to %s (%s, %s) was due %s and no submission is recorded",
			r.Incident, r.Recipient, r.Regime, r.Basis, r.DueAt.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s: the notification to %s (%s, %s) is due in %s, at %s",
		r.Incident, r.Recipient, r.Regime, r.Basis, incident.OffsetLabel(r.Before), r.DueAt.Format(time.RFC3339))
}

// Notifier delivers reminders to people. An error leaves the reminder to
// be tried again.
type Notifier interface {
	Notify(ctx context.Context, r Reminder) error
}

// OutboxKind is the outbox kind of reminders.
const OutboxKind = "reminder"

// Deliver is the outbox sender of reminders: it hands each to n.
func Deliver(n Notifier) outbox.Sender {
	return outbox.SenderFunc(func(ctx context.Context, e store.OutboxEntry) (string, error) {
		var r Reminder
		if err := json.Unmarshal(e.Payload, &r); err != nil {
			return "", outbox.Permanent(fmt.Errorf("reminder payload: %w", err))
		}
		if err := n.Notify(ctx, r); err != nil {
			return "", err
		}
		return "", nil
	})
}
