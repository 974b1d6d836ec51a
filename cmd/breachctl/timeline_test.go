package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestTimelineShowsEachEventWithASummary(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("tl-1", "high")
	td.mustCtl("ack", inc.ID, "--actor", "alice")
	td.mustCtl("status", inc.ID, "contained", "--reason", "bucket policy reverted", "--actor", "bob")
	td.mustCtl("note", inc.ID, "keys", "rotated\tat", "10:00", "--actor", "carol")

	r := td.mustCtl("timeline", inc.ID)
	require.Regexp(t, `^SEQ\s+TIME\s+ACTOR\s+TYPE\s+SUMMARY\n`, r.stdout)
	got := rows(t, r.stdout)
	require.Len(t, got, 6)
	want := [][]string{
		{"1", "triage", "opened", "alert tl-1 (guardduty/s3-bucket-public, high): Bucket tl-1 is publicly readable"},
		{"2", "triage", "alert_attached", "alert tl-1 (guardduty/s3-bucket-public, high): Bucket tl-1 is publicly readable"},
		{"3", "alice", "acknowledged", "-"},
		{"4", "alice", "status_changed", "open → acknowledged"},
		{"5", "bob", "status_changed", "acknowledged → contained: bucket policy reverted"},
		{"6", "carol", "note_added", "keys rotated at 10:00"},
	}
	for i, w := range want {
		require.Len(t, got[i], 5, "row %d: %q", i, got[i])
		require.Equal(t, w, []string{got[i][0], got[i][2], got[i][3], got[i][4]}, "row %d", i)
	}

	r = td.mustCtl("-o", "json", "timeline", inc.ID)
	var tl Timeline
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tl))
	require.Equal(t, inc.ID, tl.Incident)
	require.Len(t, tl.Events, 6)
	seq, err := incident.VerifyChain(tl.Events)
	require.NoError(t, err, "JSON output keeps events as they were hashed (seq %d)", seq)
	require.Equal(t, tl.Events[5].Hash, tl.Head)

	r = td.ctl("timeline", "INC-2026-0404")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "not found (HTTP 404)")
}
