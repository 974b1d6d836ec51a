package daemon_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	apiclient "github.com/breachd/breachd/client"
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

// The overdue gauge counts the open obligations past their deadline at the
// daemon's clock: none while every deadline is ahead, each one as its
// deadline passes, and none again once they are filed.
func TestOverdueObligationsGaugeFollowsTheClockAndTheSubmissions(t *testing.T) {
	aware := time.Date(2026, 11, 23, 9, 14, 0, 0, time.UTC) // the example alert's time
	clk := clocktest.New(aware.Add(time.Hour))
	d := daemon.New(testConfig(t), zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel))
	daemon.SetClock(d, clk.Now)
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	c := client{t, "http://" + d.HTTPAddr()}

	overdue := func() string {
		t.Helper()
		code, body := c.do("GET", "/metrics", nil)
		require.Equal(t, http.StatusOK, code)
		m := regexp.MustCompile(`(?m)^breachd_obligations_overdue (\d+)$`).FindStringSubmatch(string(body))
		require.NotNil(t, m, "the gauge is exposed")
		return m[1]
	}
	require.Equal(t, "0", overdue(), "no incident, nothing overdue")

	id := c.sendExample().ID
	require.Equal(t, "0", overdue(), "the incident's deadlines are all ahead")

	// Past the GDPR's and the UK GDPR's 72 hours.
	clk.Set(aware.Add(73 * time.Hour))
	code, body := c.do("GET", "/api/v1/deadlines", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	var list apiclient.DeadlineList
	require.NoError(t, json.Unmarshal(body, &list))
	var late []string
	for _, dl := range list.Deadlines {
		if dl.Overdue {
			late = append(late, dl.Regime)
		}
	}
	require.Contains(t, late, "gdpr_art33_sa")
	require.Contains(t, late, "uk_gdpr_art33_ico")
	require.Equal(t, strconv.Itoa(len(late)), overdue(), "one per overdue obligation: %v", late)

	for i, regime := range late {
		code, body = c.do("POST", "/api/v1/incidents/"+id+"/submissions", map[string]string{"regime": regime, "ref": "R-" + regime})
		require.Equal(t, http.StatusCreated, code, string(body))
		require.Equal(t, strconv.Itoa(len(late)-i-1), overdue(), "a filing takes it off at once")
	}
}
