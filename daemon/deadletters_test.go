package daemon_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	apiclient "github.com/breachd/breachd/client"
	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/clocktest"
	"github.com/breachd/breachd/internal/natstest"
)

// A dead-lettered alert is listed with its reason, and put back through
// intake once what refused it is fixed: here an alert stamped ahead of a
// clock that was behind, replayed once the clock is right.
func TestADeadLetteredAlertIsListedAndReplayed(t *testing.T) {
	clk := clocktest.New(time.Date(2026, 11, 20, 13, 0, 0, 0, time.UTC))
	ns := natstest.Start(t)
	cfg := testConfig(t)
	cfg.NATS.URL = ns.ClientURL()
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)))
	daemon.SetClock(d, clk.Now)
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(t.Context()) })
	c := client{t, "http://" + d.HTTPAddr()}

	// 13:58 is an hour ahead of the daemon's 13:00: refused as future_time,
	// and an Alertmanager group's refused alert is dead-lettered.
	code, body := c.do("POST", "/api/v1/ingest/alertmanager", []byte(mixedGroup))
	require.Equal(t, http.StatusBadRequest, code, string(body))

	var list apiclient.DeadLetterList
	code, body = c.do("GET", "/api/v1/deadletters?reason=future_time", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NoError(t, json.Unmarshal(body, &list))
	require.Len(t, list.DeadLetters, 1, "the one refused only for its time")
	dl := list.DeadLetters[0]
	require.Equal(t, "alerts.alertmanager.http", dl.OriginalSubject)
	require.Contains(t, dl.Error, "in the future")

	code, body = c.do("GET", "/api/v1/deadletters?reason=colour", nil)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, string(body), "want one of")

	clk.Set(time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC))
	code, body = c.do("POST", "/api/v1/deadletters/replay", map[string]any{"reason": "future_time"})
	require.Equal(t, http.StatusOK, code, string(body))
	var out apiclient.Replayed
	require.NoError(t, json.Unmarshal(body, &out))
	require.Equal(t, []uint64{dl.Seq}, out.Replayed)
	require.Eventually(t, func() bool { return len(c.incidents("")) == 1 }, 10*time.Second, 10*time.Millisecond)

	code, body = c.do("GET", "/api/v1/deadletters", nil)
	require.Equal(t, http.StatusOK, code)
	require.NoError(t, json.Unmarshal(body, &list))
	for _, e := range list.DeadLetters {
		require.NotEqual(t, dl.Seq, e.Seq, "a replayed entry leaves the dead-letter stream")
		require.NotEqual(t, "future_time", e.Reason, fmt.Sprintf("%+v", e))
	}
}
