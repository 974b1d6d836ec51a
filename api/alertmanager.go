package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/ingest"
)

// AlertmanagerPublisher publishes the alerts of a Prometheus Alertmanager
// webhook payload into the alert stream. ingest.Publisher is one.
type AlertmanagerPublisher interface {
	PublishAlertmanager(ctx context.Context, body []byte) ([]string, []ingest.Rejected, error)
}

// postAlertmanager is an Alertmanager webhook receiver (payload version 4):
// an existing Alertmanager becomes a producer with one receiver entry whose
// url is this endpoint and whose http_config carries the bearer token.
// Alertmanager resends nothing it was answered 2xx or 4xx for, so one bad
// alert must not cost its group: the usable alerts are published and the
// others kept on the dead-letter stream with their reason. 202 with the
// published alerts' ids once the stream holds them, and "rejected" naming
// each refused alert by its index in "alerts"; 400 when no alert of the
// group was usable (they are dead-lettered too) or the payload is not a
// webhook at all; 503 when a stream is unreachable (Alertmanager then
// retries the group, and what was stored already is dropped as a
// duplicate).
func (s *Server) postAlertmanager(w http.ResponseWriter, r *http.Request) {
	pub, ok := s.pub.(AlertmanagerPublisher)
	if !ok {
		writeError(w, http.StatusNotImplemented, client.CodeNotImplemented, "this server does not take Alertmanager webhooks")
		return
	}
	body, ok := s.readAlertsBody(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), publishTimeout)
	defer cancel()
	ids, rejected, err := pub.PublishAlertmanager(ctx, body)
	var rej *ingest.RejectError
	switch {
	case errors.As(err, &rej):
		s.refuse(w, r, http.StatusBadRequest, client.CodeBadRequest, rej.Err.Error())
	case err != nil:
		s.log.Error().Err(err).Msg("publish alertmanager alerts")
		writeError(w, http.StatusServiceUnavailable, client.CodeUnavailable, "the alert stream did not take the alerts; retry later")
	case len(ids) == 0:
		s.logRefusal(r, http.StatusBadRequest, fmt.Sprintf("%d alerts rejected: %s", len(rejected), rejected[0].Error))
		writeJSON(w, http.StatusBadRequest, client.ErrorResponse{
			Error: client.ErrorDetail{Code: client.CodeAlertsRejected,
				Message: fmt.Sprintf("all %d alerts rejected; they are kept on the dead-letter stream", len(rejected))},
			Rejected: rejected,
		})
	default:
		// Each rejected alert was logged as it was dead-lettered.
		writeJSON(w, http.StatusAccepted, client.Accepted{Accepted: len(ids), IDs: ids, Rejected: rejected})
	}
}
