package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestIncidentShowPrintsEveryField(t *testing.T) {
	td := startDaemon(t)
	a := withPersonalData(alert("show-1", "high"))
	a["labels"] = map[string]string{"region": "eu-west-1", "account": "123456789012"}
	td.send(a)
	inc := td.incidents()[0]

	r := td.mustCtl("incident", "show", inc.ID)
	for _, want := range []string{
		`(?m)^ID:\s+` + inc.ID + `$`,
		`(?m)^Title:\s+Bucket show-1 is publicly readable$`,
		`(?m)^Severity:\s+high$`,
		`(?m)^Status:\s+open$`,
		`(?m)^Alerts:\s+1 \(1 fingerprint\)$`,
		`(?m)^Asset:\s+s3://bucket-show-1 \(bucket, tenant acme-eu\)$`,
		`(?m)^Labels:\s+account=123456789012, region=eu-west-1$`,
		`(?m)^Personal data:\s+120 subjects; categories name, email; jurisdictions EU-IE; encryption not stated$`,
		`(?m)^Breach facts:\s+aware \S+Z; jurisdictions EU-IE; 120 subjects$`,
		`(?m)^Timeline:\s+\d+ events, head [0-9a-f]{12}…$`,
	} {
		require.Regexp(t, want, r.stdout)
	}
	require.NotContains(t, r.stdout, "Acknowledged:")

	td.mustCtl("ack", inc.ID, "--actor", "alice")
	r = td.mustCtl("incident", "show", inc.ID)
	require.Regexp(t, `(?m)^Acknowledged:\s+by alice at \S+Z$`, r.stdout)

	r = td.mustCtl("-o", "json", "incident", "show", inc.ID)
	var got incident.Incident
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	require.Equal(t, inc.ID, got.ID)
	require.Equal(t, incident.StatusAcknowledged, got.Status)
	require.Equal(t, "alice", got.AcknowledgedBy)
}

// A person sees each alert's labels on the timeline, too.
func TestTheTimelineShowsEachAlertsLabels(t *testing.T) {
	td := startDaemon(t)
	a := alert("labels-1", "high")
	a["labels"] = map[string]string{"user.name": "root"}
	td.send(a)
	inc := td.incidents()[0]
	r := td.mustCtl("timeline", "--wide", inc.ID)
	require.Contains(t, r.stdout, "Bucket labels-1 is publicly readable [user.name=root]")
}
