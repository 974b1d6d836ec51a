package ingest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/client"
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
	futures := make([]jetstream.PubAckFuture, len(payloads))
	for i, data := range payloads {
		msg := nats.NewMsg(subject)
		msg.Data = data
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
	p.m.published.Add(float64(len(payloads)))
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
