package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/clocktest"
	"github.com/breachd/breachd/store"
)

// lockedBuffer is a log sink the handlers write to concurrently.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines are the "request refused" lines logged so far.
func (b *lockedBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range strings.Split(b.buf.String(), "\n") {
		if strings.Contains(l, `"message":"request refused"`) {
			out = append(out, l)
		}
	}
	return out
}

// Every refused request is logged with its reason and source address, the
// log rate-limited so that a flood of bad requests cannot flood it.
func TestRefusedRequestsAreLoggedWithTheirReasonRateLimited(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	logs := &lockedBuffer{}
	clk := clocktest.New(now)
	s := New(Options{Token: "s3cret", Now: clk.Now}, st, &recordingPublisher{}, prometheus.NewRegistry(), zerolog.New(logs))
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
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
	lines := logs.lines()
	require.Len(t, lines, 2)
	require.Contains(t, lines[0], `"status":401`)
	require.Contains(t, lines[0], `"reason":"missing or wrong bearer token"`)
	require.Contains(t, lines[0], `"remote":"127.0.0.1:`)
	require.Contains(t, lines[1], `"status":400`)
	require.Contains(t, lines[1], `"path":"/api/v1/alerts"`)

	for range 60 {
		post("", "{}")
	}
	flood := logs.lines()
	require.Less(t, len(flood), 50, "a flood is logged at the limit, not line for line")
	clk.Advance(time.Second) // the limiter refills by the server's clock
	post("", "{}")
	require.Contains(t, strings.Join(logs.lines(), "\n"), `"not_logged_before":`, "a logged line says how many were not")
}
