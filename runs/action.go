package runs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/store"
)

// IdempotencyHeader carries the step's idempotency key on the NATS request
// and the webhook POST, besides the body's idempotency_key.
const IdempotencyHeader = playbooks.IdempotencyHeader

// The headers a nats.go micro service sets on an error reply.
const (
	serviceErrorHeader     = "Nats-Service-Error"
	serviceErrorCodeHeader = "Nats-Service-Error-Code"
)

// maxReply bounds an actuator's reply.
const maxReply = 64 << 10

// errUnknownOutcome marks an attempt whose outcome is not known: the
// request may have been carried out.
var errUnknownOutcome = errors.New("outcome unknown")

// errNoActuator marks an attempt nobody answered because no actuator
// serves the subject just now (NATS "no responders"): after a restart the
// daemon is often back before its actuators, one of which may have carried
// the request out before the crash. It is no outcome: the step keeps
// trying under the same key for its timeout, its retries untouched.
var errNoActuator = errors.New("no responders")

// Actions is the outbox sender of action steps: a NATS request to the
// action's subject, or a POST to the step's webhook, with the step's
// idempotency key, bounded by the step's timeout. It only sends; the
// outbox worker records the outcome through Settle in the transaction
// that finishes the entry, so a crash before it sends the request again
// under the same key, and an outcome recorded already is not sent again.
type Actions struct {
	e    *Engine
	nc   *nats.Conn
	http *http.Client
	// started is when this sender began: a step waits for its actuator
	// at least its timeout from then, however long the daemon was down.
	started time.Time
	// afterReply, when set (tests), runs between the reply and returning
	// it; an error stops there, as a crash would.
	afterReply func() error
}

// Actions returns the sender of action steps over nc (and hc for
// webhooks; nil means http.DefaultClient).
func (e *Engine) Actions(nc *nats.Conn, hc *http.Client) *Actions {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Actions{e: e, nc: nc, http: hc, started: e.opts.Now()}
}

var (
	_ outbox.Sender    = (*Actions)(nil)
	_ outbox.Settler   = (*Actions)(nil)
	_ outbox.Timeouter = (*Actions)(nil)
)

// Send carries out one attempt of an action step and says how it went:
// the actuator's detail, or an error that is retried, or a permanent one
// when the actuator refused or the step's retries are used up.
func (a *Actions) Send(ctx context.Context, entry store.OutboxEntry) (string, error) {
	var p actionPayload
	if err := json.Unmarshal(entry.Payload, &p); err != nil || p.Action == nil {
		return "", outbox.Permanent(fmt.Errorf("action payload: %v", err))
	}
	if done, err := a.e.stepSettled(p.Run, p.Step, entry.Key); err != nil || done {
		return "outcome recorded already", err
	}
	req := playbooks.ActionRequest{IdempotencyKey: entry.Key, IncidentID: entry.Incident, Playbook: p.Playbook,
		Step: p.Step, Action: p.Action.Name, Params: p.Action.Params, Deadline: a.e.opts.Now().Add(stepTimeout(p.Timeout)).UTC()}
	body, err := json.Marshal(req)
	if err != nil {
		return "", outbox.Permanent(fmt.Errorf("encode action request: %w", err))
	}
	var reply playbooks.ActionReply
	if p.Action.Webhook != "" {
		reply, err = a.webhook(ctx, p.Action.Webhook, entry.Key, body)
	} else {
		reply, err = a.request(ctx, p.Action.Subject, entry.Key, body)
	}
	if a.afterReply != nil {
		if herr := a.afterReply(); herr != nil {
			return "", herr
		}
	}
	if errors.Is(err, errNoActuator) {
		return a.noActuator(entry, p, err)
	}
	if err == nil && !reply.OK {
		err = fmt.Errorf("actuator: %s", strings.TrimSpace(reply.Error+" "+reply.Detail))
		if !reply.Retry {
			err = final(err)
		}
	}
	return outcome(reply.Detail, err, entry.Attempts+1, p.Retries)
}

// noActuator answers an attempt that found no actuator: try again soon
// (1 s, 2 s, … 15 s apart, the last at the deadline), using none of the
// step's retries, until the
// step's timeout has passed since the entry was made or, for an entry
// older than this daemon, since the daemon started; then the step fails.
func (a *Actions) noActuator(entry store.OutboxEntry, p actionPayload, err error) (string, error) {
	timeout := stepTimeout(p.Timeout)
	deadline := entry.CreatedAt
	if a.started.After(deadline) {
		deadline = a.started
	}
	deadline = deadline.Add(timeout)
	now := a.e.opts.Now()
	if !now.Before(deadline) {
		return "", outbox.Permanent(fmt.Errorf("no actuator answered on %s within the step's timeout (%s)", actionSubject(p), timeout))
	}
	// The last try is at the deadline itself.
	return "", outbox.RetryAfter(err, min(time.Second<<min(entry.Attempts, 4), 15*time.Second, deadline.Sub(now)))
}

func actionSubject(p actionPayload) string {
	if p.Action.Webhook != "" {
		return p.Action.Webhook
	}
	return p.Action.Subject
}

// AttemptTimeout bounds an attempt by the step's own timeout.
func (a *Actions) AttemptTimeout(entry store.OutboxEntry) time.Duration { return attemptTimeout(entry) }

// Settle records an attempt's outcome on its step (see outbox.Settler).
func (a *Actions) Settle(tx *store.Tx, inc *incident.Incident, entry store.OutboxEntry, o outbox.Outcome, now time.Time) ([]incident.Event, error) {
	return a.e.settle(tx, inc, entry, o, now)
}

// outcome is what Send returns for an attempt's detail and error: both
// clipped for the timeline, and the error permanent when it is final or
// the step's retries are used up.
func outcome(detail string, err error, attempt, retries int) (string, error) {
	// What an actuator says is kept on the timeline, which only grows.
	detail = text.Truncate(detail, maxDetail)
	if err == nil {
		return detail, nil
	}
	if len(err.Error()) > maxDetail {
		err = clippedError{err}
	}
	switch {
	case isFinal(err):
		return detail, outbox.Permanent(err)
	case attempt > retries:
		return detail, outbox.Permanent(fmt.Errorf("%w (after %d attempts)", err, attempt))
	}
	return detail, err
}

// request sends the action request over NATS.
func (a *Actions) request(ctx context.Context, subject, key string, body []byte) (playbooks.ActionReply, error) {
	var reply playbooks.ActionReply
	if a.nc == nil {
		return reply, errors.New("no NATS connection for actions")
	}
	msg := &nats.Msg{Subject: subject, Data: body, Header: nats.Header{IdempotencyHeader: []string{key}}}
	resp, err := a.nc.RequestMsgWithContext(ctx, msg)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return reply, fmt.Errorf("no actuator serves %s yet (%w, %w)", subject, errNoActuator, errUnknownOutcome)
	case errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded):
		return reply, fmt.Errorf("%w: no reply on %s in time", errUnknownOutcome, subject)
	case err != nil:
		return reply, err
	}
	if e := resp.Header.Get(serviceErrorHeader); e != "" {
		code, _ := strconv.Atoi(resp.Header.Get(serviceErrorCodeHeader))
		err := fmt.Errorf("actuator error %d: %s", code, e)
		if code >= 400 && code < 500 {
			return reply, final(err)
		}
		return reply, err
	}
	if err := json.Unmarshal(resp.Data, &reply); err != nil {
		return reply, final(fmt.Errorf("actuator reply is not an action reply: %v", err))
	}
	return reply, nil
}

// webhook POSTs the action request. 2xx is an answer (an action reply, or
// an empty body for ok); 408, 429 and 5xx are transient; other 4xx final.
func (a *Actions) webhook(ctx context.Context, url, key string, body []byte) (playbooks.ActionReply, error) {
	reply := playbooks.ActionReply{OK: true}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return reply, final(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(IdempotencyHeader, key)
	resp, err := a.http.Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		return reply, fmt.Errorf("%w: no answer from the webhook in time", errUnknownOutcome)
	}
	if err != nil {
		return reply, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	switch {
	case resp.StatusCode/100 == 2:
		if len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, &reply); err != nil {
				return reply, final(fmt.Errorf("webhook reply is not an action reply: %v", err))
			}
		}
		return reply, nil
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		err := fmt.Errorf("webhook answered %s", resp.Status)
		if s, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil && s > 0 {
			return reply, outbox.RetryAfter(err, time.Duration(s)*time.Second)
		}
		return reply, err
	}
	return reply, final(fmt.Errorf("webhook answered %s", resp.Status))
}

// stepSettled reports whether the step no longer waits for this key's
// outcome: recorded already (a crash came after the record), or the run
// is gone.
func (e *Engine) stepSettled(runID, step, key string) (bool, error) {
	settled := true
	err := e.store.View(func(tx *store.Tx) error {
		r, err := tx.Run(runID)
		if err != nil || r == nil {
			return err
		}
		s := r.Step(step)
		settled = s == nil || s.Key != key || s.Status != incident.StepRunning
		return nil
	})
	return settled, err
}

// stepRef is what the outbox payload of every step has (actionPayload,
// notifyPayload): which step of which run, and its timeout and retries.
type stepRef struct {
	Run     string             `json:"run"`
	Step    string             `json:"step"`
	Timeout playbooks.Duration `json:"timeout"`
	Retries int                `json:"retries"`
}

// stepTimeout is a step's timeout, or the default.
func stepTimeout(d playbooks.Duration) time.Duration {
	if d <= 0 {
		return playbooks.DefaultTimeout
	}
	return time.Duration(d)
}

// attemptTimeout bounds an attempt at a step's entry by the step's own
// timeout. A payload that does not decode fails in Send.
func attemptTimeout(entry store.OutboxEntry) time.Duration {
	var ref stepRef
	_ = json.Unmarshal(entry.Payload, &ref)
	return stepTimeout(ref.Timeout)
}

// settle records an attempt's outcome on the step of entry in tx and, when
// the step is over, carries the run on, returning the events recorded on
// inc.
func (e *Engine) settle(tx *store.Tx, inc *incident.Incident, entry store.OutboxEntry, o outbox.Outcome, now time.Time) ([]incident.Event, error) {
	var ref stepRef
	if err := json.Unmarshal(entry.Payload, &ref); err != nil {
		return nil, nil // nothing to settle: Send refused the entry as malformed
	}
	r, err := tx.Run(ref.Run)
	if err != nil || r == nil || r.Incident != inc.ID {
		return nil, err
	}
	in := playbooks.Outcome{Step: ref.Step, Key: entry.Key, Attempt: o.Attempt, Took: o.Took, Detail: o.Detail}
	if o.Err != nil {
		in.Err, in.Final, in.Unknown = o.Err.Error(), o.GiveUp, errors.Is(o.Err, errUnknownOutcome)
	}
	t, err := e.machine(r.Playbook).Settle(r, inc, in, now)
	if err != nil {
		return nil, err
	}
	return t.Events, e.apply(tx, r, t, now)
}

// maxDetail bounds what an actuator's answer or error adds to a step and
// its timeline event.
const maxDetail = 1024

// clippedError is an error whose text is clipped to maxDetail; errors.Is
// and errors.As still see the error it wraps.
type clippedError struct{ err error }

func (e clippedError) Error() string { return text.Truncate(e.err.Error(), maxDetail) }
func (e clippedError) Unwrap() error { return e.err }

// finalError marks a failure that retrying cannot fix: the actuator
// refused, or the request is malformed.
type finalError struct{ err error }

func (e *finalError) Error() string { return e.err.Error() }
func (e *finalError) Unwrap() error { return e.err }

func final(err error) error { return &finalError{err} }

func isFinal(err error) bool {
	var f *finalError
	return errors.As(err, &f)
}
