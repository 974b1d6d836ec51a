package notify

import (
	"context"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
)

// Log is the sink of last resort: it writes each reminder to the daemon's
// log, at warn level so that it stands out, with the fields a log search
// needs.
type Log struct {
	log zerolog.Logger
}

// NewLog returns a sink that writes to log.
func NewLog(log zerolog.Logger) *Log {
	return &Log{log: log.With().Str("component", "notify").Logger()}
}

// Notify writes the reminder, once: while another notifier beside it is
// retried (Slack unreachable), a repeated attempt writes nothing. It never
// fails.
func (l *Log) Notify(_ context.Context, r obligations.Reminder) error {
	if r.Attempt > 1 {
		return nil
	}
	ev := l.log.Warn()
	if r.Kind == incident.TimerOverdue {
		ev = l.log.Error()
	}
	ev.Str("kind", string(r.Kind)).Str("incident_id", r.Incident).Str("regime", r.Regime).
		Str("recipient", r.Recipient).Time("due_at", r.DueAt).Msg(r.Text())
	return nil
}
