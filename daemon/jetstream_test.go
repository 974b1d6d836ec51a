package daemon_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/logtest"
)

// When the embedded server stops JetStream after a write error (a full
// disk), readiness says so and why, and the metric drops to 0, instead of
// /readyz saying ready while every publish fails; then breachd starts it
// again, its stream comes back from its files with what it held, and
// intake resumes.
func TestAStoppedJetStreamIsNotReadyAndIsStartedAgain(t *testing.T) {
	logs := &logtest.Buffer{}
	cfg := testConfig(t)
	d := daemon.New(cfg, zerolog.New(logs))
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	c := client{t, "http://" + d.HTTPAddr()}
	metric := func(name string) string {
		_, body := c.do("GET", "/metrics", nil)
		for _, l := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(l, name+" ") {
				return l
			}
		}
		return ""
	}
	code, _ := c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "breachd_jetstream_up 1", metric("breachd_jetstream_up"))
	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return len(c.incidents("")) == 1 }, 10*time.Second, 10*time.Millisecond)

	require.NoError(t, daemon.StopJetStream(d))
	code, body = c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Contains(t, string(body), "the embedded JetStream has stopped")

	// Waited for in the log, not by scraping: a JetStream API request (a
	// scrape asks the consumer's state) racing the start trips the race
	// detector inside nats-server, which swaps its API queue unlocked.
	require.Eventually(t, func() bool { return len(logs.Lines(`"message":"the embedded JetStream runs again`)) == 1 }, 20*time.Second, 50*time.Millisecond)
	require.Equal(t, "breachd_jetstream_up 1", metric("breachd_jetstream_up"))
	require.Equal(t, `breachd_jetstream_restarts_total{outcome="ok"} 1`, metric(`breachd_jetstream_restarts_total{outcome="ok"}`))
	require.Len(t, logs.Lines(`"message":"the embedded JetStream has stopped`), 1, "said once")
	require.Eventually(t, func() bool { code, _ := c.do("GET", "/readyz", nil); return code == http.StatusOK }, 20*time.Second, 50*time.Millisecond)

	// The stream came back with what it held: the first alert sent again is
	// recognised, a new one opens a second incident.
	code, body = c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	second := strings.ReplaceAll(strings.ReplaceAll(string(alert), "gd-7f3a9c1e", "gd-after-restart"), "s3://", "s3://other-")
	code, body = c.do("POST", "/api/v1/alerts", []byte(second))
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return len(c.incidents("")) == 2 }, 20*time.Second, 10*time.Millisecond, logs.String())
	for _, inc := range c.incidents("") {
		require.EqualValues(t, 1, inc.AlertCount, inc.ID)
	}
}
