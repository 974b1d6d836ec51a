package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestStatusMovesAnIncidentAlongItsLifecycle(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("st-1", "critical")

	r := td.mustCtl("status", inc.ID, "contained", "--reason", "host isolated", "--actor", "bob")
	require.Equal(t, inc.ID+" is now contained\n", r.stdout)

	r = td.mustCtl("-o", "json", "timeline", inc.ID)
	var tl Timeline
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tl))
	last := tl.Events[len(tl.Events)-1]
	require.Equal(t, incident.EventStatusChanged, last.Type)
	require.Equal(t, "bob", last.Actor)
	require.JSONEq(t, `{"from":"open","to":"contained","reason":"host isolated"}`, string(last.Data))

	r = td.mustCtl("-o", "json", "status", inc.ID, "resolved")
	var got incident.Incident
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	require.Equal(t, incident.StatusResolved, got.Status)

	t.Run("a move the lifecycle forbids", func(t *testing.T) {
		r := td.ctl("status", inc.ID, "acknowledged")
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stderr, "cannot go from resolved to acknowledged")
		require.Contains(t, r.stderr, "(HTTP 409)")
	})
	t.Run("a status that does not exist", func(t *testing.T) {
		r := td.ctl("status", inc.ID, "fixed")
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stderr, `"fixed"`)
		require.Contains(t, r.stderr, "(HTTP 400)")
	})
}
