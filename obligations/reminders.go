package obligations

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
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
	// Before is the reminder offset the reminder was scheduled for (24h);
	// it names the reminder, not the time left.
	Before time.Duration `json:"before,omitempty"`
	// IssuedAt is when the reminder was issued: the time left is DueAt
	// minus it (a late start sends the most urgent missed reminder with
	// less time left than its offset).
	IssuedAt time.Time `json:"issued_at,omitzero"`
	// Attempt is which attempt at delivering the reminder this is, from 1
	// (set by Deliver, not stored): a notifier that cannot fail, the log,
	// says it once while another is retried.
	Attempt int `json:"-"`
}

// left is the time left to the deadline when the reminder was issued, in
// words ("5h 58m"); a reminder of an earlier release, without IssuedAt,
// says its offset.
func (r Reminder) left() string {
	if r.IssuedAt.IsZero() {
		return incident.OffsetLabel(r.Before)
	}
	d := r.DueAt.Sub(r.IssuedAt).Truncate(time.Minute)
	if d <= 0 {
		return "less than a minute"
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if days > 0 {
		parts = append(parts, fmt.Sprintf("%dd", days))
	}
	if hours > 0 {
		parts = append(parts, fmt.Sprintf("%dh", hours))
	}
	if mins > 0 && days == 0 {
		parts = append(parts, fmt.Sprintf("%dm", mins))
	}
	return strings.Join(parts, " ")
}

// Text is the reminder in one line, for people.
func (r Reminder) Text() string {
	if r.Regime == incident.NeedsFactsRegime {
		if r.Kind == incident.TimerOverdue {
			return fmt.Sprintf("OVERDUE %s: the jurisdictions are still not recorded and the earliest deadline that could apply (%s) passed at %s",
				r.Incident, r.Basis, r.DueAt.Format(time.RFC3339))
		}
		return fmt.Sprintf("%s: record the jurisdictions: the earliest deadline that could apply (%s) is in %s, at %s",
			r.Incident, r.Basis, r.left(), r.DueAt.Format(time.RFC3339))
	}
	if r.Kind == incident.TimerOverdue {
		return fmt.Sprintf("OVERDUE %s: the notification to %s (%s, %s) was due %s and no submission is recorded",
			r.Incident, r.Recipient, r.Regime, r.Basis, r.DueAt.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s: the notification to %s (%s, %s) is due in %s, at %s",
		r.Incident, r.Recipient, r.Regime, r.Basis, r.left(), r.DueAt.Format(time.RFC3339))
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
		r.Attempt = e.Attempts + 1
		if err := n.Notify(ctx, r); err != nil {
			return "", err
		}
		return "", nil
	})
}
