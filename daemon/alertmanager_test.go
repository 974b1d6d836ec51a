package daemon_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	apiclient "github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/internal/natstest"
)

// A group as Alertmanager posts it: one alert with a P1 severity label, one
// with a severity nobody spells, one without the asset.
const mixedGroup = `{"version":"4","groupKey":"{}:{team=\"sre\"}","status":"firing","receiver":"breachd",
 "groupLabels":{"team":"sre"},"commonLabels":{"team":"sre"},"commonAnnotations":{},"externalURL":"http://am:9093",
 "alerts":[
  {"status":"firing","labels":{"alertname":"ExfilSpike","severity":"P1","instance":"db-1:9100"},"annotations":{"summary":"Outbound transfer from db-1"},
   "startsAt":"2026-11-20T13:58:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"a0a0a0a0a0a0a0a0"},
  {"status":"firing","labels":{"alertname":"LoginBurst","severity":"purple","instance":"idp-2:9100"},"annotations":{},
   "startsAt":"2026-11-20T13:59:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"b1b1b1b1b1b1b1b1"},
  {"status":"firing","labels":{"alertname":"NoAsset","severity":"warning"},"annotations":{},
   "startsAt":"2026-11-20T13:59:30Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"c2c2c2c2c2c2c2c2"}]}`

// One bad alert does not cost its group: Alertmanager resends nothing it
// was answered for, so the usable alert is taken, the others are kept on
// the dead-letter stream with their reasons, and the answer is a 2xx that
// names them. Posting the group again stores nothing twice.
func TestAnAlertmanagerGroupKeepsItsGoodAlertsAndDeadLettersTheRest(t *testing.T) {
	ns := natstest.Start(t)
	cfg := testConfig(t)
	cfg.NATS.URL = ns.ClientURL()
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}

	for range 2 {
		code, body := c.do("POST", "/api/v1/ingest/alertmanager", []byte(mixedGroup))
		require.Equal(t, http.StatusAccepted, code, string(body))
		var got apiclient.Accepted
		require.NoError(t, json.Unmarshal(body, &got))
		require.Equal(t, 1, got.Accepted)
		require.Equal(t, []string{"am-a0a0a0a0a0a0a0a0@2026-11-20T13:58:00Z"}, got.IDs)
		require.Len(t, got.Rejected, 2)
		require.Equal(t, 1, got.Rejected[0].Index)
		require.Contains(t, got.Rejected[0].Error, `"purple" is not a known severity`)
		require.Equal(t, 2, got.Rejected[1].Index)
		require.Equal(t, ingest.ReasonMissingField, got.Rejected[1].Reason)
	}

	var incs []incident.Incident
	require.Eventually(t, func() bool { incs = c.incidents(""); return len(incs) == 1 }, 10*time.Second, 10*time.Millisecond)
	require.Equal(t, incident.SeverityCritical, incs[0].Severity, "P1 is critical")

	_, js := natstest.Connect(t, ns)
	s, err := js.Stream(t.Context(), ingest.DefaultOptions().DeadLetterStream)
	require.NoError(t, err)
	info, err := s.Info(t.Context())
	require.NoError(t, err)
	require.Equal(t, uint64(2), info.State.Msgs, "each rejected alert kept once")
	cons, err := s.OrderedConsumer(t.Context(), jetstream.OrderedConsumerConfig{})
	require.NoError(t, err)
	msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	require.NoError(t, err)
	require.Equal(t, ingest.ReasonInvalidField, msg.Headers().Get(ingest.HeaderRejectReason))
	require.Equal(t, ingest.AlertmanagerSubject, msg.Headers().Get(ingest.HeaderOriginalSubject))
	require.Contains(t, string(msg.Data()), `"purple"`, "the alert as it came, with its group's fields")

	code, body := c.do("GET", "/metrics", nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `breachd_alerts_rejected_total{edge="http",reason="invalid_field"} 2`)
}
