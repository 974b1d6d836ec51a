package incident_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestARunKnowsItsStepsAndWhetherItHasEnded(t *testing.T) {
	r := &incident.Run{ID: "INC-2026-0001/p", Incident: "INC-2026-0001", Playbook: "p", Status: incident.RunWaiting,
		Alert: &incident.Alert{ID: "a"}, Steps: []incident.RunStep{{Name: "approve", Kind: "approval"}}}
	require.NoError(t, r.Validate())
	require.True(t, r.Active())
	require.Equal(t, "approval", r.Step("approve").Kind)
	require.Nil(t, r.Step("nope"))
	for _, s := range []incident.RunStatus{incident.RunDone, incident.RunFailed, incident.RunRejected, incident.RunExpired} {
		r.Status = s
		require.False(t, r.Active(), s)
	}
	r.Current = 2
	require.ErrorIs(t, r.Validate(), incident.ErrInvalid, "past its last step")
}

func TestRunEventsAreChainedOnTheTimeline(t *testing.T) {
	inc, _ := openIncident(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	head := inc.TimelineSeq
	events, err := inc.RecordRun(incident.EventApprovalRefused, "mallory@example.com",
		incident.RunEvent{Run: inc.ID + "/p", Step: "approve", Approver: "mallory@example.com", Error: "not one of the step's approvers"}, now)
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, head+1, events[0].Seq)
	require.Equal(t, "mallory@example.com", events[0].Actor)
	require.JSONEq(t, `{"run":"`+inc.ID+`/p","step":"approve","approver":"mallory@example.com","error":"not one of the step's approvers"}`, string(events[0].Data))
	require.NoError(t, events[0].Validate())
	_, err = inc.RecordRun(incident.EventStepDone, "", incident.RunEvent{}, now)
	require.ErrorIs(t, err, incident.ErrInvalid, "an event needs its actor")
}
