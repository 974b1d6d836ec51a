package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
)

func TestAlertSendPrintsTheAcceptedIDs(t *testing.T) {
	td := startDaemon(t)

	t.Run("an array from a file", func(t *testing.T) {
		r := td.mustCtl("alert", "send", writeFile(t, []any{alert("send-1", "high"), alert("send-2", "low")}))
		require.Equal(t, "accepted 2 alerts:\nsend-1\nsend-2\n", r.stdout)
		require.Empty(t, r.stderr)
	})
	t.Run("one object from standard input", func(t *testing.T) {
		raw, err := json.Marshal(alert("send-3", "medium"))
		require.NoError(t, err)
		r := td.ctlIn(string(raw), "alert", "send", "-")
		require.Equal(t, 0, r.code, r.String())
		require.Equal(t, "accepted 1 alert:\nsend-3\n", r.stdout)
	})
	t.Run("as JSON", func(t *testing.T) {
		r := td.mustCtl("-o", "json", "alert", "send", writeFile(t, alert("send-4", "critical")))
		var acc Accepted
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &acc))
		require.Equal(t, Accepted{Accepted: 1, IDs: []string{"send-4"}}, acc)
	})

	// Every accepted alert becomes an incident.
	require.Eventually(t, func() bool { return len(td.incidents()) == 4 }, waitFor, tick)
}

func TestAlertSendPrintsEachRejectedAlert(t *testing.T) {
	td := startDaemon(t)
	noSource := alert("bad-1", "high")
	delete(noSource, "source")
	badSeverity := alert("bad-2", "urgent")
	file := writeFile(t, []any{alert("good-1", "high"), noSource, badSeverity})

	r := td.ctl("alert", "send", file)
	require.Equal(t, exitError, r.code, r.String())
	require.Equal(t, "breachctl: 2 of 3 alerts rejected; nothing was published (HTTP 400)\n", r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 3, r.stdout)
	require.Regexp(t, `^INDEX\s+ID\s+REASON\s+ERROR$`, lines[0])
	require.Regexp(t, `^1\s+bad-1\s+\S+\s+.*source is required`, lines[1])
	require.Regexp(t, `^2\s+bad-2\s+\S+\s+.*severity`, lines[2])

	t.Run("as JSON", func(t *testing.T) {
		r := td.ctl("-o", "json", "alert", "send", file)
		require.Equal(t, exitError, r.code, r.String())
		var body struct {
			Error    client.ErrorDetail `json:"error"`
			Rejected []Rejection        `json:"rejected"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &body), r.stdout)
		require.Equal(t, client.CodeAlertsRejected, body.Error.Code)
		require.Equal(t, "2 of 3 alerts rejected; nothing was published", body.Error.Message)
		require.Len(t, body.Rejected, 2)
		require.Equal(t, 1, body.Rejected[0].Index)
		require.Equal(t, "bad-1", body.Rejected[0].ID)
		require.NotEmpty(t, body.Rejected[0].Reason)
	})

	// Nothing was published, not even the good alert.
	require.Empty(t, td.incidents())
}

func TestAlertSendReportsABadFile(t *testing.T) {
	td := startDaemon(t)
	dir := t.TempDir()

	notJSON := filepath.Join(dir, "alerts.txt")
	require.NoError(t, os.WriteFile(notJSON, []byte("[not json"), 0o600))
	r := td.ctl("alert", "send", notJSON)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "not a JSON array of alerts")
	require.Contains(t, r.stderr, "(HTTP 400)")
	require.Empty(t, r.stdout)

	r = td.ctl("alert", "send", filepath.Join(dir, "missing.json"))
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "missing.json")
	require.Contains(t, r.stderr, "no such file")
}

// --now sends an example whose date has passed as an alert of now: the
// shipped examples/alert.json opens an incident today, not one with its
// deadlines long gone.
func TestAlertSendNowRestampsTheExample(t *testing.T) {
	td := startDaemon(t)
	r := td.mustCtl("alert", "send", "--now", filepath.Join("..", "..", "examples", "alert.json"))
	require.Contains(t, r.stdout, "accepted 1 alert")
	require.Eventually(t, func() bool { return len(td.incidents()) == 1 }, waitFor, tick)

	stamped, err := restamp([]byte(`[{"id":"a","time":"2020-01-01T00:00:00Z"},{"id":"b"}]`), time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.JSONEq(t, `[{"id":"a","time":"2026-12-07T14:00:00Z"},{"id":"b","time":"2026-12-07T14:00:00Z"}]`, string(stamped))
	_, err = restamp([]byte(`"text"`), time.Now())
	require.ErrorContains(t, err, "neither an alert object nor an array")
}
