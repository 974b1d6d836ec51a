package incident_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// An alert's labels (Falco's user.name and proc.cmdline, a native alert's
// region and account) are where a person looks: on the incident, the first
// value of each name, and on each alert's timeline event, all of them.
func TestAlertLabelsAreKeptOnTheIncidentAndTheTimeline(t *testing.T) {
	l := newLedger()
	first := alertAt("a-1", t0)
	first.Labels = map[string]string{"user.name": "root", "proc.cmdline": "cat /etc/shadow"}
	second := alertAt("a-2", t0.Add(time.Minute))
	second.Labels = map[string]string{"user.name": "mallory", "region": "eu-west-1"}
	_, c := l.run(t, testPolicy(), t0.Add(2*time.Minute), first, second)

	inc := l.only(t)
	require.Equal(t, map[string]string{"user.name": "root", "proc.cmdline": "cat /etc/shadow", "region": "eu-west-1"}, inc.Labels)
	var labels []map[string]string
	for _, e := range c.Events {
		if e.Type != incident.EventAlertAttached {
			continue
		}
		var d struct {
			Labels map[string]string `json:"labels"`
		}
		require.NoError(t, json.Unmarshal(e.Data, &d))
		labels = append(labels, d.Labels)
	}
	require.Equal(t, []map[string]string{first.Labels, second.Labels}, labels)
}

func TestAnIncidentKeepsAtMostMaxLabelsNames(t *testing.T) {
	l := newLedger()
	var alerts []*incident.Alert
	for i := range 3 {
		a := alertAt(fmt.Sprintf("a-%d", i), t0.Add(time.Duration(i)*time.Second))
		a.Labels = map[string]string{}
		for j := range incident.MaxLabels {
			a.Labels[fmt.Sprintf("l%d-%02d", i, j)] = "v"
		}
		alerts = append(alerts, a)
	}
	l.run(t, testPolicy(), t0.Add(time.Minute), alerts...)
	require.Len(t, l.only(t).Labels, incident.MaxLabels)
}

// DESIGN invariant 8: the labels an incident and its timeline keep are the
// redacted ones: personal data in a label value is a token before anything
// is stored, and a label redacted whole is hidden on both.
func TestTheLabelsKeptAreTheRedactedOnes(t *testing.T) {
	r, err := incident.NewRedactor(incident.DefaultRedactPatterns(), []string{"labels.user.name"}, redactKey)
	require.NoError(t, err)
	p := testPolicy()
	p.Redact = r
	a := alertAt("a-1", t0)
	a.Labels = map[string]string{"user.name": "jdoe", "proc.cmdline": "mail jane.doe@example.com < dump.sql"}
	l := newLedger()
	_, c := l.run(t, p, t0.Add(time.Minute), a)

	inc := l.only(t)
	require.NotContains(t, inc.Labels["proc.cmdline"], "jane.doe@example.com")
	require.Contains(t, inc.Labels["proc.cmdline"], "[email:")
	require.NotEqual(t, "jdoe", inc.Labels["user.name"])
	for _, e := range c.Events {
		require.NotContains(t, string(e.Data), "jane.doe@example.com", "event %s", e.Type)
		require.NotContains(t, string(e.Data), `"jdoe"`, "event %s", e.Type)
	}
}
