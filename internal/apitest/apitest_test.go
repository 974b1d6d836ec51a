package apitest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/store/storetest"
)

// The checker finds each kind of mismatch, and passes an exchange that
// meets the contract.
func TestTheCheckerFindsEachMismatch(t *testing.T) {
	c := apitest.NewChecker(t, api.New(api.Options{}, storetest.Open(t), nil, prometheus.NewRegistry(), zerolog.Nop()).Handler())
	answer := func(status int, body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "application/json")
		rec.WriteHeader(status)
		rec.WriteString(body)
		return rec
	}
	cases := []struct {
		name, method, target string
		answer               *httptest.ResponseRecorder
		says                 string
	}{
		{"a body the schema refuses", "GET", "/healthz", answer(200, `{"status": "fine"}`), "status"},
		{"a status the route does not list", "GET", "/healthz", answer(http.StatusTeapot, `{}`), "status is not supported"},
		{"an invalid request that was taken", "GET", "/api/v1/incidents?limit=0", answer(200, `{"incidents": [], "next_cursor": ""}`), "does not meet the contract"},
		{"an error of another shape", "GET", "/api/v1/incidents/INC-2026-0001", answer(404, `{"error": "not found"}`), "error"},
		{"a route the contract lacks that was taken", "GET", "/api/v1/nothing", answer(200, `{}`), "no route"},
		{"a route the contract lacks refused in another shape", "GET", "/api/v1/nothing", answer(404, `{"error": "no"}`), "error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Check(t.Context(), httptest.NewRequest(tc.method, tc.target, nil), tc.answer)
			require.ErrorContains(t, err, tc.says)
		})
	}
	ok := answer(404, `{"error": {"code": "not_found", "message": "INC-2026-0001 not found"}}`)
	require.NoError(t, c.Check(t.Context(), httptest.NewRequest("GET", "/api/v1/incidents/INC-2026-0001", nil), ok))
	require.NoError(t, c.Check(t.Context(), httptest.NewRequest("POST", "/slack/commands", nil), answer(200, `{}`)), "a mounted route is not the API's")
}
