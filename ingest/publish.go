package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/internal/lograte"
	"github.com/breachd/breachd/internal/text"
)

// HTTPSubject is the subject alerts posted over HTTP are published on.
const HTTPSubject = "alerts.native.http"

// MaxAlertsPerRequest bounds the alerts of one HTTP request.
const MaxAlertsPerRequest = 1000

// ReasonTooManyAlerts: an HTTP request carried more than MaxAlertsPerRequest alerts.
const ReasonTooManyAlerts = "too_many_alerts"

// Publisher publishes alerts that arrive over HTTP into the alert stream, so
// that they are as durable as alerts published to NATS directly.
type Publisher struct {
	js   jetstream.JetStream
	opts *Options
	m    *metrics
	log  zerolog.Logger
	// rejectLog thins the lines of rejected alerts, shared with the
	// consumer's: a request of a thousand bad alerts is no thousand lines.
	rejectLog *lograte.Limiter
}

// Rejected is one alert of a request that was refused. The API answers
// with it, so it is the client's wire type.
type Rejected = client.Rejection

// Publish validates every alert, and only if all are valid publishes them
// and waits until the stream has stored each one. It returns the alert ids
// in order, or the rejected alerts (then nothing was published). An error is
// a failure to reach the stream.
func (p *Publisher) Publish(ctx context.Context, alerts []json.RawMessage) ([]string, []Rejected, error) {
	now := p.opts.Now()
	ids := make([]string, len(alerts))
	var rejected []Rejected
	for i, raw := range alerts {
		a, err := DecodeNative(raw)
		if err == nil {
			err = CheckTime(a, now, p.opts.MaxFutureSkew)
		}
		if err != nil {
			rejected = append(rejected, p.rejection(i, idOf(raw), err))
			continue
		}
		ids[i] = a.ID
	}
	if len(rejected) > 0 {
		return nil, rejected, nil
	}
	payloads := make([][]byte, len(alerts))
	for i, raw := range alerts {
		payloads[i] = raw
	}
	if err := p.publishAll(ctx, HTTPSubject, payloads, ids); err != nil {
		return nil, nil, err
	}
	return ids, nil, nil
}

// publishAll publishes each payload with its id as the stream's duplicate
// key, and waits until the stream has stored every one.
func (p *Publisher) publishAll(ctx context.Context, subject string, payloads [][]byte, ids []string) error {
	if err := p.publish(ctx, subject, payloads, ids, nil); err != nil {
		return err
	}
	p.m.published.Add(float64(len(payloads)))
	return nil
}

// publish publishes each payload (with its headers, when given) and its id
// as the stream's duplicate key, and waits until the stream has stored
// every one.
func (p *Publisher) publish(ctx context.Context, subject string, payloads [][]byte, ids []string, headers []nats.Header) error {
	futures := make([]jetstream.PubAckFuture, len(payloads))
	for i, data := range payloads {
		msg := nats.NewMsg(subject)
		msg.Data = data
		if headers != nil {
			for k, v := range headers[i] {
				msg.Header[k] = v
			}
		}
		// The alert id is the stream's duplicate key: a producer's retry
		// within the duplicate window is dropped, whichever path it took.
		f, err := p.js.PublishMsgAsync(msg, jetstream.WithMsgID(ids[i]))
		if err != nil {
			return fmt.Errorf("publish alert %d: %w", i, err)
		}
		futures[i] = f
	}
	for i, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("publish alert %q: %w", ids[i], err)
		case <-ctx.Done():
			return fmt.Errorf("publish alert %q: %w", ids[i], ctx.Err())
		}
	}
	return nil
}

// rejection describes and counts one refused alert of a request.
func (p *Publisher) rejection(i int, id string, err error) Rejected {
	r := Rejected{Index: i, ID: id, Reason: ReasonInvalidField, Error: err.Error()}
	if rej, ok := err.(*RejectError); ok {
		r.Reason, r.Error = rej.Reason, rej.Err.Error()
	}
	p.m.rejected.WithLabelValues(r.Reason, "http").Inc()
	return r
}

// CountRejected counts a request refused before its alerts could be read.
func (p *Publisher) CountRejected(reason string) {
	p.m.rejected.WithLabelValues(reason, "http").Inc()
}

// idOf finds the id of an alert that failed to decode, to name it in the
// rejection; "" when there is none to find.
func idOf(raw json.RawMessage) string {
	var v struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	id, _ := v.ID.(string)
	if len(id) > 256 {
		id = id[:256]
	}
	return id
}

// deadLetter is a rejected alert of an HTTP request, to keep.
type deadLetter struct {
	payload   []byte
	rejection Rejected
}

// deadLetter keeps the rejected alerts of an HTTP request on the dead-letter
// stream with their reason, as the consumer keeps the messages it rejects,
// and waits until the stream has stored each. Each is its own duplicate
// key, so that a resent request does not keep it twice.
func (p *Publisher) deadLetter(ctx context.Context, subject string, dead []deadLetter) error {
	if len(dead) == 0 {
		return nil
	}
	payloads := make([][]byte, len(dead))
	ids := make([]string, len(dead))
	headers := make([]nats.Header, len(dead))
	for i, d := range dead {
		payloads[i] = d.payload
		sum := sha256.Sum256(d.payload)
		ids[i] = "rejected-" + hex.EncodeToString(sum[:16])
		headers[i] = nats.Header{
			HeaderRejectReason:    {d.rejection.Reason},
			HeaderRejectError:     {text.Truncate(d.rejection.Error, maxErrorHeader)},
			HeaderOriginalSubject: {subject},
		}
	}
	if err := p.publish(ctx, p.opts.DeadLetterSubject, payloads, ids, headers); err != nil {
		return fmt.Errorf("dead-letter: %w", err)
	}
	for _, d := range dead {
		p.rejectLog.Event(time.Now(), p.log.Warn()).Str("reason", d.rejection.Reason).Str("error", text.Truncate(d.rejection.Error, maxErrorHeader)).
			Str("subject", subject).Int("index", d.rejection.Index).Str("dead_letter", p.opts.DeadLetterSubject).
			Msg("alert rejected")
	}
	return nil
}
