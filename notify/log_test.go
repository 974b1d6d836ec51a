package notify_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/notify"
	"github.com/breachd/breachd/obligations"
)

func TestLogWritesTheReminderWithItsFields(t *testing.T) {
	var buf bytes.Buffer
	sink := notify.NewLog(zerolog.New(&buf))
	due := time.Date(2026, 3, 13, 14, 20, 0, 0, time.UTC)
	r := obligations.Reminder{Kind: incident.TimerReminder, Incident: "INC-2026-0001", Regime: "gdpr_art33_sa",
		Recipient: "lead supervisory authority", Basis: "GDPR Art. 33(1)", DueAt: due, Before: 4 * time.Hour}
	require.NoError(t, sink.Notify(t.Context(), r))
	r.Kind = incident.TimerOverdue
	require.NoError(t, sink.Notify(t.Context(), r))

	var lines []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var m map[string]any
		require.NoError(t, json.Unmarshal(l, &m))
		lines = append(lines, m)
	}
	require.Len(t, lines, 2)
	require.Equal(t, "warn", lines[0]["level"])
	require.Equal(t, "INC-2026-0001: the notification to lead supervisory authority (gdpr_art33_sa, GDPR Art. 33(1)) is due in 4h, at 2026-03-13T14:20:00Z", lines[0]["message"])
	require.Equal(t, "INC-2026-0001", lines[0]["incident_id"])
	require.Equal(t, "error", lines[1]["level"])
	require.Contains(t, lines[1]["message"], "OVERDUE INC-2026-0001")
}
