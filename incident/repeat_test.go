package incident_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// A producer that sends the same alert again (Alertmanager every
// repeat_interval and after a restart, Falco and native producers retrying
// past the stream's duplicate window) sends the alert the incident took: it
// is recognised by its id, counted once, and leaves the timeline alone, for
// as long as the incident is active; a new alert of the fingerprint counts.
func TestARepeatOfAnAlertIsTheSameAlert(t *testing.T) {
	l := newLedger()
	p := testPolicy()
	first := alertAt("am-fp@2026-03-14T09:00:00Z", t0)
	l.run(t, p, t0, first)
	events := len(l.timelines["INC-2026-0001"])

	// Resent in the same batch, in a later one, and days later (a long
	// firing alert keeps its startsAt, so its id).
	outs, c := l.run(t, p, t0.Add(time.Hour), alertAt(first.ID, t0), alertAt(first.ID, t0))
	require.Equal(t, []incident.Outcome{{Incident: "INC-2026-0001", Repeat: true}, {Incident: "INC-2026-0001", Repeat: true}}, outs)
	require.Empty(t, c.Events)
	require.Empty(t, c.Incidents, "nothing changed")
	require.Empty(t, c.Alerts, "a repeat starts no playbook")
	outs, _ = l.run(t, p, t0.Add(72*time.Hour), alertAt(first.ID, t0))
	require.True(t, outs[0].Repeat, "past the dedup window too")

	inc := l.only(t)
	require.Equal(t, int64(1), inc.AlertCount)
	require.Len(t, l.timelines[inc.ID], events)

	// A new episode of the same fingerprint is a new alert: a duplicate.
	outs, _ = l.run(t, p, t0.Add(73*time.Hour), alertAt("am-fp@2026-03-14T11:00:00Z", t0.Add(2*time.Hour)))
	require.Equal(t, incident.Outcome{Incident: inc.ID, Duplicate: true}, outs[0])
	outs, _ = l.run(t, p, t0.Add(74*time.Hour), alertAt("am-fp@2026-03-14T11:00:00Z", t0.Add(2*time.Hour)))
	require.True(t, outs[0].Repeat, "and its repeat is one")
	require.Equal(t, int64(2), l.only(t).AlertCount)
}

// A resolved notice is sent again too; it is recorded once.
func TestARepeatOfAFollowUpIsRecordedOnce(t *testing.T) {
	l := newLedger()
	p := testPolicy()
	l.run(t, p, t0, alertAt("a-1", t0))
	follow := func(now time.Time) incident.Outcome {
		tr := incident.NewTriage(p, l)
		out, err := tr.AddFollowUp(alertAt("a-1/resolved", t0.Add(time.Minute)), now)
		require.NoError(t, err)
		l.commit(t, tr.Changes())
		return out
	}
	require.Equal(t, incident.Outcome{Incident: "INC-2026-0001", Duplicate: true}, follow(t0.Add(time.Minute)))
	require.Equal(t, incident.Outcome{Incident: "INC-2026-0001", Repeat: true}, follow(t0.Add(2*time.Minute)))
	require.Equal(t, int64(2), l.only(t).AlertCount)
}

// Once the incident is no longer active, the alert is news again: it opens
// an incident, as any alert of a resolved incident's fingerprint does.
func TestARepeatAfterTheIncidentEndedIsNews(t *testing.T) {
	l := newLedger()
	p := testPolicy()
	l.run(t, p, t0, alertAt("a-1", t0))
	l.incidents["INC-2026-0001"].Status = incident.StatusResolved
	outs, _ := l.run(t, p, t0.Add(time.Minute), alertAt("a-1", t0))
	require.Equal(t, incident.Outcome{Incident: "INC-2026-0002", Opened: true}, outs[0])
}
