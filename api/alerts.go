package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/ingest"
)

// maxAlertsBody bounds a POST /api/v1/alerts body.
const maxAlertsBody = 16 << 20

// publishTimeout bounds the wait for the stream to store a request's alerts.
const publishTimeout = 10 * time.Second

// postAlerts accepts one alert object or an array of them. All are validated
// first; only if every one is valid are they published to the stream, and the
// answer is 202 with their ids once the stream has stored them. Otherwise the
// answer is 400 with a reason per rejected alert, and nothing is published, so
// a client can fix and resend the request as a whole.
func (s *Server) postAlerts(w http.ResponseWriter, r *http.Request) {
	body, ok := s.readAlertsBody(w, r)
	if !ok {
		return
	}
	alerts, reason, err := splitAlerts(body)
	if err != nil {
		s.pub.CountRejected(reason)
		s.refuse(w, r, http.StatusBadRequest, client.CodeBadRequest, err.Error())
		return
	}
	// The stream answers in milliseconds; a NATS outage must not hold the
	// client forever.
	ctx, cancel := context.WithTimeout(r.Context(), publishTimeout)
	defer cancel()
	ids, rejected, err := s.pub.Publish(ctx, alerts)
	switch {
	case err != nil:
		s.log.Error().Err(err).Int("alerts", len(alerts)).Msg("publish alerts")
		writeError(w, http.StatusServiceUnavailable, client.CodeUnavailable, "the alert stream did not take the alerts; retry later")
	case len(rejected) > 0:
		s.logRefusal(r, http.StatusBadRequest, fmt.Sprintf("%d of %d alerts rejected: %s", len(rejected), len(alerts), rejected[0].Error))
		writeJSON(w, http.StatusBadRequest, client.ErrorResponse{
			Error: client.ErrorDetail{Code: client.CodeAlertsRejected,
				Message: fmt.Sprintf("%d of %d alerts rejected; nothing was published", len(rejected), len(alerts))},
			Rejected: rejected,
		})
	default:
		writeJSON(w, http.StatusAccepted, client.Accepted{Accepted: len(ids), IDs: ids})
	}
}

// readAlertsBody reads a request body that carries alerts, up to
// maxAlertsBody; when it cannot, it answers the request and returns false.
func (s *Server) readAlertsBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAlertsBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.pub.CountRejected(ingest.ReasonTooLarge)
			s.refuse(w, r, http.StatusRequestEntityTooLarge, client.CodeTooLarge, fmt.Sprintf("request body is over the limit of %d bytes", maxAlertsBody))
			return nil, false
		}
		s.refuse(w, r, http.StatusBadRequest, client.CodeBadRequest, "read request body: "+err.Error())
		return nil, false
	}
	return body, true
}

// splitAlerts reads a body holding one alert object or an array of them.
func splitAlerts(body []byte) ([]json.RawMessage, string, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, ingest.ReasonMalformed, errors.New("request body is empty: send one alert object or an array of them")
	}
	if trimmed[0] != '[' {
		return []json.RawMessage{trimmed}, "", nil
	}
	var alerts []json.RawMessage
	if err := json.Unmarshal(trimmed, &alerts); err != nil {
		return nil, ingest.ReasonMalformed, fmt.Errorf("request body is not a JSON array of alerts: %v", err)
	}
	switch {
	case len(alerts) == 0:
		return nil, ingest.ReasonMalformed, errors.New("request body is an empty array")
	case len(alerts) > ingest.MaxAlertsPerRequest:
		return nil, ingest.ReasonTooManyAlerts, fmt.Errorf("request carries %d alerts, over the limit of %d", len(alerts), ingest.MaxAlertsPerRequest)
	}
	return alerts, "", nil
}
