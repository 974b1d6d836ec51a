package daemon_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/clocktest"
)

// The silence gauges count each silence's state at the daemon's clock, as
// the API that created it does, not at the wall clock.
func TestSilenceMetricsReadTheDaemonsClock(t *testing.T) {
	clk := clocktest.New(time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC))
	d := daemon.New(testConfig(t), zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel))
	daemon.SetClock(d, clk.Now)
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	c := client{t, "http://" + d.HTTPAddr()}

	code, body := c.do("POST", "/api/v1/silences", map[string]any{"matchers": []string{"asset.id=db-1"}, "duration": "2h",
		"created_by": "alice", "comment": "maintenance"})
	require.Equal(t, http.StatusCreated, code, string(body))

	metrics := func() string {
		code, body := c.do("GET", "/metrics", nil)
		require.Equal(t, http.StatusOK, code)
		return string(body)
	}
	m := metrics()
	require.Contains(t, m, `breachd_silences{state="active"} 1`, "active by the daemon's clock, long expired by the wall clock")
	require.Contains(t, m, `breachd_silences{state="expired"} 0`)

	clk.Advance(3 * time.Hour)
	m = metrics()
	require.Contains(t, m, `breachd_silences{state="active"} 0`)
	require.Contains(t, m, `breachd_silences{state="expired"} 1`, "expired once the daemon's clock passes its end")
}
