package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// decodeError reads body as the one error shape, refusing any other.
func decodeError(t *testing.T, body string) client.ErrorResponse {
	t.Helper()
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &raw), body)
	var detail map[string]any
	require.NoError(t, json.Unmarshal(raw["error"], &detail), "error is an object: %s", body)
	for key := range detail {
		require.Contains(t, []string{"code", "message", "field"}, key, body)
	}
	var resp client.ErrorResponse
	require.NoError(t, json.Unmarshal([]byte(body), &resp))
	require.NotEmpty(t, resp.Error.Code, body)
	require.NotEmpty(t, resp.Error.Message, body)
	return resp
}

func TestEveryRefusalHasTheOneErrorShapeWithItsCode(t *testing.T) {
	f := newFixture(t, "")
	id := f.open(1, incident.SeverityHigh)[0]
	_, body := f.do("POST", "/api/v1/incidents/"+id+"/ack", "")
	require.NotContains(t, body, `"error"`)
	cases := []struct {
		name, method, path, body string
		header                   []string
		status                   int
		code, field              string
	}{
		{"an unknown incident", "GET", "/api/v1/incidents/INC-2026-9999", "", nil, http.StatusNotFound, client.CodeNotFound, ""},
		{"an unknown endpoint", "GET", "/api/v1/nothing", "", nil, http.StatusNotFound, client.CodeNotFound, ""},
		{"a bad query parameter names it", "GET", "/api/v1/incidents?limit=0", "", nil, http.StatusBadRequest, client.CodeBadRequest, "limit"},
		{"a bad status filter names it", "GET", "/api/v1/incidents?status=pending", "", nil, http.StatusBadRequest, client.CodeBadRequest, "status"},
		{"a bad body field names it", "POST", "/api/v1/incidents/" + id + "/status", `{"status":"done"}`, nil, http.StatusBadRequest, client.CodeBadRequest, "status"},
		{"a malformed body", "POST", "/api/v1/incidents/" + id + "/notes", `{"colour":"red"}`, nil, http.StatusBadRequest, client.CodeBadRequest, ""},
		{"a forbidden move", "POST", "/api/v1/incidents/" + id + "/ack", "", nil, http.StatusConflict, client.CodeConflict, ""},
		{"a body over the limit", "POST", "/api/v1/incidents/" + id + "/notes", `{"text":"` + strings.Repeat("x", maxActionBody) + `"}`, nil, http.StatusRequestEntityTooLarge, client.CodeTooLarge, ""},
		{"rejected alerts", "POST", "/api/v1/alerts", `{"id":"x"}`, nil, http.StatusBadRequest, client.CodeAlertsRejected, ""},
		{"a cross-origin change", "POST", "/api/v1/alerts", goodAlert, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden, client.CodeCrossOrigin, ""},
		{"a route this server does not offer", "GET", "/api/v1/checkpoints", "", nil, http.StatusNotImplemented, client.CodeNotImplemented, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := f.do(tc.method, tc.path, tc.body, tc.header...)
			require.Equal(t, tc.status, code, body)
			resp := decodeError(t, body)
			require.Equal(t, tc.code, resp.Error.Code, body)
			require.Equal(t, tc.field, resp.Error.Field, body)
		})
	}

	t.Run("a missing token", func(t *testing.T) {
		f := newFixture(t, "s3cret")
		f.token = ""
		code, body := f.do("GET", "/api/v1/incidents", "")
		require.Equal(t, http.StatusUnauthorized, code)
		require.Equal(t, client.CodeUnauthorized, decodeError(t, body).Error.Code)
	})
	t.Run("an unreachable stream", func(t *testing.T) {
		f := newFixture(t, "")
		f.pub.fail = errors.New("nats: no responders")
		code, body := f.do("POST", "/api/v1/alerts", goodAlert)
		require.Equal(t, http.StatusServiceUnavailable, code)
		require.Equal(t, client.CodeUnavailable, decodeError(t, body).Error.Code)
	})
}

func TestReadinessAndStartingSayWhyInTheErrorShape(t *testing.T) {
	f := newFixture(t, "")
	s := New(Options{Ready: func(context.Context) error { return errors.New("nats: connection closed") }, Now: func() time.Time { return now }},
		f.store, f.pub, prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	require.JSONEq(t, `{"status": "not ready", "error": {"code": "not_ready", "message": "nats: connection closed"}}`, rec.Body.String())

	starting := Starting(func() string { return "waiting for NATS" })
	rec = httptest.NewRecorder()
	starting.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	require.JSONEq(t, `{"status": "starting", "error": {"code": "starting", "message": "waiting for NATS"}}`, rec.Body.String())
	rec = httptest.NewRecorder()
	starting.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/incidents", nil))
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	require.Equal(t, "5", rec.Header().Get("Retry-After"))
	require.Equal(t, client.CodeStarting, decodeError(t, rec.Body.String()).Error.Code)
}
