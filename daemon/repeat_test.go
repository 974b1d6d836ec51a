package daemon_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/natstest"
)

// Falcosidekick publishes with core NATS, without a message id, so the
// stream cannot drop what it sends twice; Alertmanager resends past the
// duplicate window. Either way the incident counts the alert once.
func TestAnAlertSentAgainIsCountedOnce(t *testing.T) {
	ns := natstest.Start(t)
	cfg := testConfig(t)
	cfg.NATS.URL = ns.ClientURL()
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	nc, _ := natstest.Connect(t, ns)

	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, nc.Publish("alerts.native.falcosidekick", alert))
	}
	require.NoError(t, nc.Flush())
	require.Eventually(t, func() bool {
		_, body := c.do("GET", "/metrics", nil)
		return strings.Contains(string(body), `breachd_alerts_deduplicated_total{reason="repeat"} 2`+"\n")
	}, 10*time.Second, 10*time.Millisecond)
	incs := c.incidents("")
	require.Len(t, incs, 1)
	require.Equal(t, int64(1), incs[0].AlertCount)
	code, body := c.do("GET", "/api/v1/incidents/"+incs[0].ID+"/timeline", nil)
	require.Equal(t, http.StatusOK, code)
	var tl struct {
		Events []incident.Event `json:"events"`
	}
	require.NoError(t, json.Unmarshal(body, &tl))
	attached := 0
	for _, e := range tl.Events {
		if e.Type == incident.EventAlertAttached {
			attached++
		}
	}
	require.Equal(t, 1, attached, "the alert is on the timeline once")
}
