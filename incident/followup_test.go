package incident_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// followUp triages a as a follow-up in its own transaction.
func (l *ledger) followUp(t *testing.T, a *incident.Alert, now time.Time) incident.Outcome {
	t.Helper()
	tr := incident.NewTriage(testPolicy(), l)
	out, err := tr.AddFollowUp(a, now)
	require.NoError(t, err)
	l.commit(t, tr.Changes())
	return out
}

func TestAddFollowUpRecordsOnTheActiveIncidentOfItsFingerprint(t *testing.T) {
	l := newLedger()
	at := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	l.run(t, testPolicy(), at, alertAt("firing", at))

	ended := alertAt("resolved", at.Add(30*time.Minute))
	out := l.followUp(t, ended, at.Add(31*time.Minute))
	require.True(t, out.Duplicate)
	inc := l.only(t)
	require.Equal(t, out.Incident, inc.ID)
	require.Equal(t, int64(2), inc.AlertCount)
	require.Equal(t, incident.StatusOpen, inc.Status, "the end of an alert does not resolve the incident")
	require.Equal(t, incident.EventAlertAttached, l.timelines[inc.ID][len(l.timelines[inc.ID])-1].Type)
	l.verify(t)
}

func TestAddFollowUpOpensAndReopensNothing(t *testing.T) {
	at := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

	t.Run("without an incident of its fingerprint nothing changes", func(t *testing.T) {
		l := newLedger()
		out := l.followUp(t, alertAt("resolved", at), at)
		require.Equal(t, incident.Outcome{}, out)
		require.Empty(t, l.incidents)
	})
	t.Run("a resolved incident stays resolved", func(t *testing.T) {
		l := newLedger()
		l.run(t, testPolicy(), at, alertAt("firing", at))
		inc := l.only(t)
		events, err := inc.SetStatus(incident.StatusResolved, "alice", "fixed", at.Add(time.Minute))
		require.NoError(t, err)
		l.commit(t, incident.Changes{Incidents: []*incident.Incident{inc}, Events: events})

		out := l.followUp(t, alertAt("resolved", at.Add(10*time.Minute)), at.Add(11*time.Minute))
		require.Equal(t, incident.Outcome{}, out)
		require.Equal(t, incident.StatusResolved, l.only(t).Status)
		require.Equal(t, int64(1), l.only(t).AlertCount)
	})
	t.Run("one outside the dedup window is not recorded", func(t *testing.T) {
		l := newLedger()
		l.run(t, testPolicy(), at, alertAt("firing", at))
		out := l.followUp(t, alertAt("resolved", at.Add(25*time.Hour)), at.Add(25*time.Hour))
		require.Empty(t, out.Incident)
		require.Len(t, l.incidents, 1)
	})
}
