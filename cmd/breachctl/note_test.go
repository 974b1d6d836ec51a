package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNoteJoinsItsWordsAndKeepsCommas(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("note-1", "low")

	r := td.mustCtl("note", inc.ID, "rotated", "keys,", "revoked tokens", "--actor", "carol")
	require.Equal(t, "note added to "+inc.ID+" as event 3\n", r.stdout)

	r = td.mustCtl("-o", "json", "timeline", inc.ID)
	var tl Timeline
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tl))
	require.JSONEq(t, `{"text":"rotated keys, revoked tokens"}`, string(tl.Events[2].Data))
	require.Equal(t, "carol", tl.Events[2].Actor)

	r = td.ctl("note", inc.ID, " ")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "note text is empty (HTTP 400)")
}
