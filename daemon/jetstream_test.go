package daemon_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
)

// When the embedded server stops JetStream after a write error (a full
// disk), readiness says so and why, and the metric drops to 0, instead of
// /readyz saying ready while every publish fails.
func TestAStoppedJetStreamIsNotReady(t *testing.T) {
	d := start(t, testConfig(t))
	c := client{t, "http://" + d.HTTPAddr()}
	metric := func() string {
		_, body := c.do("GET", "/metrics", nil)
		for _, l := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(l, "breachd_jetstream_up ") {
				return l
			}
		}
		return ""
	}
	code, _ := c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "breachd_jetstream_up 1", metric())

	require.NoError(t, daemon.StopJetStream(d))
	require.Eventually(t, func() bool { return metric() == "breachd_jetstream_up 0" }, 10*time.Second, 10*time.Millisecond)
	code, body := c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Contains(t, string(body), "the embedded JetStream has stopped")
	require.Contains(t, string(body), "restart breachd")
}
