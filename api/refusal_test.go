package api

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/internal/clocktest"
	"github.com/breachd/breachd/internal/logtest"
	"github.com/breachd/breachd/store"
)

// Every refused request is logged with its reason and source address, the
// log rate-limited so that a flood of bad requests cannot flood it.
func TestRefusedRequestsAreLoggedWithTheirReasonRateLimited(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	logs := &logtest.Buffer{}
	clk := clocktest.New(now)
	s := New(Options{Token: "s3cret", Now: clk.Now}, st, &recordingPublisher{}, prometheus.NewRegistry(), zerolog.New(logs))
	srv := apitest.Serve(t, s.Handler())
	post := func(token, body string) int {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/alerts", strings.NewReader(body))
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusUnauthorized, post("", "{}"))
	require.Equal(t, http.StatusBadRequest, post("s3cret", "not json"))
	lines := logs.Lines(`"message":"request refused"`)
	require.Len(t, lines, 2)
	require.Contains(t, lines[0], `"status":401`)
	require.Contains(t, lines[0], `"reason":"missing or wrong bearer token"`)
	require.Contains(t, lines[0], `"remote":"127.0.0.1:`)
	require.Contains(t, lines[1], `"status":400`)
	require.Contains(t, lines[1], `"path":"/api/v1/alerts"`)

	for range 60 {
		post("", "{}")
	}
	flood := logs.Lines(`"message":"request refused"`)
	require.Less(t, len(flood), 50, "a flood is logged at the limit, not line for line")
	clk.Advance(time.Second) // the limiter refills by the server's clock
	post("", "{}")
	require.Contains(t, strings.Join(logs.Lines(`"message":"request refused"`), "\n"), `"not_logged_before":`, "a logged line says how many were not")
}
