package ingest

import (
	"context"
	"fmt"

	"github.com/breachd/breachd/ingest/formats"
)

// AlertmanagerSubject is the subject alerts posted by Alertmanager's
// webhook receiver are published on.
const AlertmanagerSubject = "alerts.alertmanager.http"

// PublishAlertmanager takes an Alertmanager webhook payload (version 4). It
// decodes and validates every alert of the group first, exactly as the
// consumer will (severity labels read through the severity table). The
// usable alerts are published, each as a payload of its own (the group's
// fields and that alert, so the stream keeps the original); the others are
// kept on the dead-letter stream with their reason, as NATS intake does,
// and counted: Alertmanager does not resend a group it was answered 2xx or
// 4xx for, so nothing of the group may depend on its retrying. It returns
// the published alerts' ids in order and the rejected alerts. A payload
// that is not a usable webhook at all is a *RejectError, counted; any other
// error is a failure to reach the stream (then Alertmanager should retry:
// what was stored already is a duplicate the stream drops).
func (p *Publisher) PublishAlertmanager(ctx context.Context, body []byte) ([]string, []Rejected, error) {
	w, err := formats.ParseAlertmanager(body)
	if err != nil {
		p.CountRejected(err.(*RejectError).Reason)
		return nil, nil, err
	}
	if len(w.Alerts) > MaxAlertsPerRequest {
		p.CountRejected(ReasonTooManyAlerts)
		return nil, nil, &RejectError{Reason: ReasonTooManyAlerts,
			Err: fmt.Errorf("webhook carries %d alerts, over the limit of %d", len(w.Alerts), MaxAlertsPerRequest)}
	}
	now := p.opts.Now()
	var (
		payloads [][]byte
		ids      []string
		rejected []Rejected
		dead     []deadLetter
	)
	for i := range w.Alerts {
		// Alert(i) decodes as the consumer will decode Single(i), naming
		// the alert by its place in this request.
		d, err := w.Alert(i, p.opts.Severities)
		if err == nil {
			err = CheckTime(d.Alert, now, p.opts.MaxFutureSkew)
		}
		single, serr := w.Single(i)
		if err == nil {
			err = serr
		}
		if err == nil && len(single) > MaxAlertSize {
			err = &RejectError{Reason: ReasonTooLarge, Err: fmt.Errorf("alerts[%d] with the group's fields is %d bytes, over the limit of %d", i, len(single), MaxAlertSize)}
		}
		if err != nil {
			r := p.rejection(i, w.Alerts[i].Fingerprint, err)
			rejected = append(rejected, r)
			dead = append(dead, deadLetter{payload: single, rejection: r})
			continue
		}
		payloads, ids = append(payloads, single), append(ids, d.Alert.ID)
	}
	// The rejected first: if the dead-letter stream cannot take them,
	// nothing is published and the sender retries the whole group.
	if err := p.deadLetter(ctx, AlertmanagerSubject, dead); err != nil {
		return nil, nil, err
	}
	if err := p.publishAll(ctx, AlertmanagerSubject, payloads, ids); err != nil {
		return nil, nil, err
	}
	return ids, rejected, nil
}
