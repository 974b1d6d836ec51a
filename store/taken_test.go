package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// The store remembers the alerts an active incident took, so that a
// producer's repeat of one is recognised in a later transaction, and
// forgets them when the incident stops being active.
func TestTheAlertsAnIncidentTookAreKeptWhileItIsActive(t *testing.T) {
	s := storetest.Open(t)
	taken := func(alertID string) bool {
		return view(t, s, func(tx *store.Tx) (bool, error) { return tx.AlertTaken("INC-2026-0001", alertID) })
	}
	triage(t, s, t0, alert("a-1", "db-1", t0), alert("a-2", "db-1", t0.Add(time.Second)))
	require.True(t, taken("a-1"))
	require.True(t, taken("a-2"))
	require.False(t, taken("a-3"))

	outs, _ := triage(t, s, t0.Add(time.Hour), alert("a-2", "db-1", t0.Add(time.Second)))
	require.Equal(t, incident.Outcome{Incident: "INC-2026-0001", Repeat: true}, outs[0])
	require.Equal(t, int64(2), getIncident(t, s, "INC-2026-0001").AlertCount)

	setStatus(t, s, "INC-2026-0001", incident.StatusContained)
	require.True(t, taken("a-1"), "contained is still active")
	setStatus(t, s, "INC-2026-0001", incident.StatusResolved)
	require.False(t, taken("a-1"))
	require.False(t, taken("a-2"))
}
