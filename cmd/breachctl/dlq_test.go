package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// An Alertmanager group with an alert of a severity nobody spells: the
// alert is dead-lettered, listed with its reason, and a replay puts it
// back through intake (where, still bad, it is dead-lettered again).
func TestDLQListsAndReplaysDeadLetteredAlerts(t *testing.T) {
	td := startDaemon(t)
	group := `{"version":"4","groupKey":"g","status":"firing","receiver":"breachd","groupLabels":{},"commonLabels":{},
 "commonAnnotations":{},"externalURL":"http://am:9093","alerts":[{"status":"firing",
 "labels":{"alertname":"LoginBurst","severity":"purple","instance":"idp-2:9100"},"annotations":{},
 "startsAt":"` + time.Now().UTC().Add(-time.Minute).Format(time.RFC3339) + `","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"b1b1"}]}`
	resp, err := http.Post(td.url+"/api/v1/ingest/alertmanager", "application/json", strings.NewReader(group))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)

	r := td.mustCtl("dlq", "list")
	require.Regexp(t, `(?m)^SEQ\s+TIME\s+REASON\s+ALERT\s+FROM\s+ERROR$`, r.stdout)
	require.Regexp(t, `(?m)^1\s+\S+Z\s+invalid_field\s+-\s+alerts\.alertmanager\.http\s+Alertmanager alerts\[0\]\.labels\.severity "purple" is not a known severity`, r.stdout)
	r = td.mustCtl("dlq", "list", "--reason", "future_time")
	require.Contains(t, r.stderr, "the dead-letter stream is empty")

	r = td.ctl("dlq", "replay")
	require.Equal(t, 2, r.code, r.String())
	require.Contains(t, r.stderr, "--reason R, their SEQ")

	r = td.mustCtl("dlq", "replay", "1")
	require.Contains(t, r.stdout, "replayed 1 entry")
	require.Eventually(t, func() bool {
		return strings.Contains(td.mustCtl("dlq", "list").stdout, "invalid_field")
	}, 10*time.Second, 20*time.Millisecond, "still bad: dead-lettered again")
	r = td.mustCtl("dlq", "list")
	require.NotRegexp(t, `(?m)^1\s`, r.stdout, "the replayed entry left the stream")
}
