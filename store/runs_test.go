package store_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

func TestRunsAreListedPerIncident(t *testing.T) {
	s := storetest.Open(t)
	alert := &incident.Alert{ID: "a-1", Severity: incident.SeverityHigh}
	run := func(id, incidentID string) *incident.Run {
		return &incident.Run{ID: id, Incident: incidentID, Playbook: "p", Status: incident.RunRunning, Alert: alert,
			Steps: []incident.RunStep{{Name: "s", Kind: "wait", Status: incident.StepPending, Key: id + "/s"}}}
	}
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		for _, r := range []*incident.Run{run("INC-2026-0001/p", "INC-2026-0001"), run("INC-2026-0001/q", "INC-2026-0001"), run("INC-2026-0010/p", "INC-2026-0010")} {
			require.NoError(t, tx.PutRun(r))
		}
		require.Error(t, tx.PutRun(&incident.Run{ID: "x"}), "a run without incident, playbook and alert is refused")
		return nil
	}))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		list, err := tx.Runs("INC-2026-0001")
		require.NoError(t, err)
		require.Len(t, list, 2, "INC-2026-0010's run is not INC-2026-0001's")
		require.Equal(t, 1, tx.CountRuns("INC-2026-0010"))
		r, err := tx.Run("INC-2026-0001/q")
		require.NoError(t, err)
		require.Equal(t, "a-1", r.Alert.ID)
		missing, err := tx.Run("INC-2026-0002/p")
		require.NoError(t, err)
		require.Nil(t, missing)
		require.True(t, tx.HasRun("INC-2026-0001/q"))
		require.False(t, tx.HasRun("INC-2026-0002/p"))
		return nil
	}))
}
