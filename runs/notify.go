package runs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/playbooks"
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
// message to n and records the step's outcome as Actions does.
func (e *Engine) Notices(n Notifier) outbox.Sender {
	return outbox.SenderFunc(func(ctx context.Context, entry store.OutboxEntry) (string, error) {
		var p notifyPayload
		if err := json.Unmarshal(entry.Payload, &p); err != nil {
			return "", outbox.Permanent(fmt.Errorf("notify payload: %v", err))
		}
		if done, err := e.stepSettled(p.Run, p.Step, entry.Key); err != nil || done {
			return "outcome recorded already", err
		}
		timeout := time.Duration(p.Timeout)
		if timeout <= 0 {
			timeout = playbooks.DefaultTimeout
		}
		nctx, cancel := stepContext(ctx, timeout)
		start := time.Now()
		err := n.Notice(nctx, Notice{Incident: entry.Incident, Run: p.Run, Step: p.Step, Channel: p.Channel, Message: p.Message, Key: entry.Key})
		cancel()
		detail := ""
		if err == nil {
			detail = "posted to " + p.Channel
		}
		return e.settle(context.WithoutCancel(ctx), entry.Incident, p.Run, p.Step, entry.Key, entry.Attempts+1, p.Retries, time.Since(start), detail, err)
	})
}
