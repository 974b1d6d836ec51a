package runs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
)

// Notice is a notify step's message, ready for a channel.
type Notice struct {
	Incident string `json:"incident"`
	Run      string `json:"run"`
	Step     string `json:"step"`
	Channel  string `json:"channel"`
	Message  string `json:"message"`
	// Key is the step's idempotency key.
	Key string `json:"key"`
}

// Notifier delivers a notify step's message to its channel. An error is
// retried with the outbox's back-off, up to the step's retries.
type Notifier interface {
	Notice(ctx context.Context, n Notice) error
}

// NotifierFunc adapts a function to a Notifier.
type NotifierFunc func(ctx context.Context, n Notice) error

// Notice calls f.
func (f NotifierFunc) Notice(ctx context.Context, n Notice) error { return f(ctx, n) }

// LogNotifier writes each message to the log, the sink that is always
// there. It never fails.
func LogNotifier(log zerolog.Logger) Notifier {
	l := log.With().Str("component", "notify").Logger()
	return NotifierFunc(func(_ context.Context, n Notice) error {
		l.Warn().Str("incident_id", n.Incident).Str("run", n.Run).Str("step", n.Step).
			Str("channel", n.Channel).Msg(n.Message)
		return nil
	})
}

// Notices returns the outbox sender of notify steps, which hands each
// message to n; the worker records the step's outcome as for Actions.
func (e *Engine) Notices(n Notifier) outbox.Sender { return &notices{e: e, n: n} }

type notices struct {
	e *Engine
	n Notifier
}

var (
	_ outbox.Settler   = (*notices)(nil)
	_ outbox.Timeouter = (*notices)(nil)
)

func (ns *notices) Send(ctx context.Context, entry store.OutboxEntry) (string, error) {
	var p notifyPayload
	if err := json.Unmarshal(entry.Payload, &p); err != nil {
		return "", outbox.Permanent(fmt.Errorf("notify payload: %v", err))
	}
	if done, err := ns.e.stepSettled(p.Run, p.Step, entry.Key); err != nil || done {
		return "outcome recorded already", err
	}
	err := ns.n.Notice(ctx, Notice{Incident: entry.Incident, Run: p.Run, Step: p.Step, Channel: p.Channel, Message: p.Message, Key: entry.Key})
	detail := ""
	if err == nil {
		detail = "posted to " + p.Channel
	}
	return outcome(detail, err, entry.Attempts+1, p.Retries)
}

func (ns *notices) AttemptTimeout(entry store.OutboxEntry) time.Duration {
	return attemptTimeout(entry)
}

func (ns *notices) Settle(tx *store.Tx, inc *incident.Incident, entry store.OutboxEntry, o outbox.Outcome, now time.Time) ([]incident.Event, error) {
	return ns.e.settle(tx, inc, entry, o, now)
}
