package incident_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestAStormStaysOneIncidentWithACorrectCountAndABoundedTimeline(t *testing.T) {
	p := testPolicy()
	p.FloodThreshold = 10
	l := newLedger()
	// 1,000 copies of one alert over 100 seconds, in batches of 50.
	for batch := range 20 {
		now := t0.Add(time.Duration(batch*5) * time.Second)
		var alerts []*incident.Alert
		for i := range 50 {
			alerts = append(alerts, alertAt(fmt.Sprintf("a-%d-%d", batch, i), now))
		}
		l.run(t, p, now, alerts...)
	}
	inc := l.only(t)
	require.Equal(t, int64(1000), inc.AlertCount, "every alert counted")
	tl := l.timelines[inc.ID]
	require.Equal(t, 21, countType(tl, incident.EventAlertAttached), "the opening alert, then 10 duplicates listed in each of the two minutes")
	require.Equal(t, int64(979), inc.CollapsedAlerts)
	require.Equal(t, 1, countType(tl, incident.EventAlertsCollapsed), "the first minute's collapsed alerts, recorded when the second began")
	for _, e := range tl {
		if e.Type == incident.EventAlertsCollapsed {
			var d struct {
				Count int64 `json:"count"`
			}
			require.NoError(t, json.Unmarshal(e.Data, &d))
			require.Equal(t, int64(589), d.Count, "12 batches of 50 in the first minute, less the opening alert and the 10 listed")
		}
	}
	require.Equal(t, int64(390), inc.Flood.Collapsed, "the second minute's, not recorded yet")
	seq, err := incident.VerifyChain(tl)
	require.NoError(t, err, "at %d", seq)

	// Correlated alerts and new fingerprints are always listed.
	other := onAsset("b-1", "db-2", t0.Add(100*time.Second))
	other.Fingerprint = "other"
	_, c := l.run(t, p, t0.Add(100*time.Second), other)
	require.Equal(t, 1, countType(c.Events, incident.EventAlertAttached))
}
