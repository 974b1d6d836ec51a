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
// consumer will; only if all are usable does it publish each one as a
// payload of its own (the group's fields and that alert, so the stream
// keeps the original) and wait until the stream has stored each. It
// returns the alert ids in order, or the rejected alerts (then nothing was
// published). A payload that is not a usable webhook at all is a
// *RejectError, counted; any other error is a failure to reach the stream.
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
	payloads := make([][]byte, len(w.Alerts))
	ids := make([]string, len(w.Alerts))
	var rejected []Rejected
	for i := range w.Alerts {
		// Alert(i) decodes as the consumer will decode Single(i), naming
		// the alert by its place in this request.
		d, err := w.Alert(i)
		var single []byte
		if err == nil {
			err = CheckTime(d.Alert, now, p.opts.MaxFutureSkew)
		}
		if err == nil {
			single, err = w.Single(i)
		}
		if err == nil && len(single) > MaxAlertSize {
			err = &RejectError{Reason: ReasonTooLarge, Err: fmt.Errorf("alerts[%d] with the group's fields is %d bytes, over the limit of %d", i, len(single), MaxAlertSize)}
		}
		if err != nil {
			rejected = append(rejected, p.rejection(i, w.Alerts[i].Fingerprint, err))
			continue
		}
		payloads[i], ids[i] = single, d.Alert.ID
	}
	if len(rejected) > 0 {
		return nil, rejected, nil
	}
	if err := p.publishAll(ctx, AlertmanagerSubject, payloads, ids); err != nil {
		return nil, nil, err
	}
	return ids, nil, nil
}
