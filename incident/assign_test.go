package incident_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestAssignGivesTheIncidentToSomeoneAndSaysSoOnTheTimeline(t *testing.T) {
	inc, _ := openIncident(t)
	now := t0.Add(time.Minute)
	events, err := inc.Assign("U123", "U123", now)
	require.NoError(t, err)
	require.Equal(t, "U123", inc.Assignee)
	require.Len(t, events, 1)
	require.Equal(t, incident.EventAssigned, events[0].Type)
	require.JSONEq(t, `{"to":"U123"}`, string(events[0].Data))

	t.Run("to the same person again is refused", func(t *testing.T) {
		_, err := inc.Clone().Assign("U123", "U9", now)
		require.ErrorIs(t, err, incident.ErrTransition)
	})
	t.Run("to someone else names both", func(t *testing.T) {
		c := inc.Clone()
		events, err := c.Assign("U456", "U9", now)
		require.NoError(t, err)
		var d map[string]string
		require.NoError(t, json.Unmarshal(events[0].Data, &d))
		require.Equal(t, map[string]string{"from": "U123", "to": "U456"}, d)
	})
	t.Run("an empty assignee is invalid", func(t *testing.T) {
		_, err := inc.Clone().Assign(" ", "U9", now)
		require.ErrorIs(t, err, incident.ErrInvalid)
	})
	t.Run("a closed incident is not assigned", func(t *testing.T) {
		c := inc.Clone()
		c.Status = incident.StatusClosed
		_, err := c.Assign("U456", "U9", now)
		require.ErrorIs(t, err, incident.ErrTransition)
	})
}

func TestRecordRefusalKeepsTheAttemptAndChangesNothingElse(t *testing.T) {
	inc, timeline := openIncident(t)
	before := inc.Clone()
	events, err := inc.RecordRefusal("acknowledge", "slack:U666", "not a responder", t0.Add(time.Minute))
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, incident.EventActionRefused, events[0].Type)
	require.Equal(t, before.Status, inc.Status)
	require.Equal(t, before.TimelineSeq+1, inc.TimelineSeq)
	_, err = incident.VerifyChain(append(timeline, events...))
	require.NoError(t, err)

	_, err = inc.RecordRefusal("", "slack:U666", "x", t0)
	require.ErrorIs(t, err, incident.ErrInvalid)
}
