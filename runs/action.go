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
	"unicode/utf8"

	"github.com/nats-io/nats.go"

	"github.com/breachd/breachd/incident"
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

// Actions is the outbox sender of action steps: a NATS request to the
// action's subject, or a POST to the step's webhook, with the step's
// idempotency key. It records the step's outcome and takes the run's next
// steps in one transaction before it returns, so the worker's own
// bookkeeping comes after: a crash in between sends the request again
// under the same key, and an outcome recorded already is not sent again.
type Actions struct {
	e    *Engine
	nc   *nats.Conn
	http *http.Client
	// afterReply, when set (tests), runs between the reply and recording
	// it; an error stops there, as a crash would.
	afterReply func() error
}

// Actions returns the sender of action steps over nc (and hc for
// webhooks; nil means http.DefaultClient).
func (e *Engine) Actions(nc *nats.Conn, hc *http.Client) *Actions {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Actions{e: e, nc: nc, http: hc}
}

var _ outbox.Sender = (*Actions)(nil)

// Send carries out one attempt of an action step.
func (a *Actions) Send(ctx context.Context, entry store.OutboxEntry) (string, error) {
	var p actionPayload
	if err := json.Unmarshal(entry.Payload, &p); err != nil || p.Action == nil {
		return "", outbox.Permanent(fmt.Errorf("action payload: %v", err))
	}
	if done, err := a.e.stepSettled(p.Run, p.Step, entry.Key); err != nil || done {
		return "outcome recorded already", err
	}
	attempt := entry.Attempts + 1
	timeout := time.Duration(p.Timeout)
	if timeout <= 0 {
		timeout = playbooks.DefaultTimeout
	}
	req := playbooks.ActionRequest{IdempotencyKey: entry.Key, IncidentID: entry.Incident, Playbook: p.Playbook,
		Step: p.Step, Action: p.Action.Name, Params: p.Action.Params, Deadline: a.e.opts.Now().Add(timeout).UTC()}
	body, err := json.Marshal(req)
	if err != nil {
		return "", outbox.Permanent(fmt.Errorf("encode action request: %w", err))
	}
	actx, cancel := stepContext(ctx, timeout)
	start := time.Now()
	var reply playbooks.ActionReply
	if p.Action.Webhook != "" {
		reply, err = a.webhook(actx, p.Action.Webhook, entry.Key, body)
	} else {
		reply, err = a.request(actx, p.Action.Subject, entry.Key, body)
	}
	cancel()
	took := time.Since(start)
	if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "", ctx.Err() // shutting down: the next start sends it again
	}
	if a.afterReply != nil {
		if herr := a.afterReply(); herr != nil {
			return "", herr
		}
	}
	if err == nil && !reply.OK {
		err = fmt.Errorf("actuator: %s", strings.TrimSpace(reply.Error+" "+reply.Detail))
		if !reply.Retry {
			err = final(err)
		}
	}
	// The reply is in: record it even when the worker's own deadline has
	// passed meanwhile (a shutdown returned above).
	return a.e.settle(context.WithoutCancel(ctx), entry.Incident, p.Run, p.Step, entry.Key, attempt, p.Retries, took, reply.Detail, err)
}

// stepContext bounds one attempt by the step's own timeout rather than the
// outbox's, but still ends it when the daemon shuts down.
func stepContext(parent context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), timeout)
	stop := context.AfterFunc(parent, func() {
		if errors.Is(parent.Err(), context.Canceled) {
			cancel()
		}
	})
	return ctx, func() { stop(); cancel() }
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
		return reply, fmt.Errorf("no actuator serves %s", subject)
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

// settle records one attempt's outcome on the step and, when the step is
// over, carries the run on. It returns what the outbox worker should see:
// nil when the step is done, the error to retry, or a permanent error when
// the step failed.
func (e *Engine) settle(ctx context.Context, id, runID, step, key string, attempt, retries int, took time.Duration, detail string, sendErr error) (string, error) {
	// What an actuator says is kept on the timeline, which only grows.
	detail = clip(detail, maxDetail)
	if sendErr != nil && len(sendErr.Error()) > maxDetail {
		sendErr = clippedError{sendErr}
	}
	var perm bool
	if sendErr != nil {
		perm = isFinal(sendErr) || attempt > retries
	}
	_, err := e.opts.Respond.Change(ctx, id, incident.PlaybooksActor, func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		r, err := tx.Run(runID)
		if err != nil || r == nil || r.Incident != inc.ID {
			return nil, err
		}
		s := r.Step(step)
		if s == nil || s.Key != key || s.Status != incident.StepRunning {
			return nil, nil
		}
		s.Attempts = attempt
		ev := incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Key: key, Attempt: attempt, TookMS: took.Milliseconds(), Detail: detail}
		var events []incident.Event
		switch {
		case sendErr == nil:
			t := now.UTC()
			s.Status, s.EndedAt, s.Detail, s.Error = incident.StepDone, &t, detail, ""
			events, err = inc.RecordRun(incident.EventStepDone, incident.PlaybooksActor, ev, now)
			r.Current++
		case perm:
			ev.Error = sendErr.Error()
			err = e.failStep(r, s, sendErr.Error(), func(typ incident.EventType, _ incident.RunEvent) error {
				more, rerr := inc.RecordRun(typ, incident.PlaybooksActor, ev, now)
				events = append(events, more...)
				return rerr
			}, now)
		default:
			s.Error = sendErr.Error()
			if errors.Is(sendErr, errUnknownOutcome) {
				ev.Error = sendErr.Error()
				events, err = inc.RecordRun(incident.EventStepOutcomeUnknown, incident.PlaybooksActor, ev, now)
			}
			if err != nil {
				return nil, err
			}
			return events, tx.PutRun(r)
		}
		if err != nil {
			return nil, err
		}
		more, err := e.advance(tx, e.set.Load(), r, inc, now)
		if err != nil {
			return nil, err
		}
		return append(events, more...), tx.PutRun(r)
	})
	if err != nil {
		return "", err
	}
	switch {
	case sendErr == nil:
		return detail, nil
	case perm:
		if isFinal(sendErr) {
			return detail, outbox.Permanent(sendErr)
		}
		return detail, outbox.Permanent(fmt.Errorf("%w (after %d attempts)", sendErr, attempt))
	}
	return detail, sendErr
}

// maxDetail bounds what an actuator's answer or error adds to a step and
// its timeline event.
const maxDetail = 1024

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// clippedError is an error whose text is clipped to maxDetail; errors.Is
// and errors.As still see the error it wraps.
type clippedError struct{ err error }

func (e clippedError) Error() string { return clip(e.err.Error(), maxDetail) }
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
