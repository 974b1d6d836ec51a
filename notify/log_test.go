package notify_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/notify"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
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

// While Slack is unreachable the reminder is retried; the log says it once.
func TestTheLogSaysAReminderOnceWhileAnotherNotifierIsRetried(t *testing.T) {
	var buf bytes.Buffer
	failing := notifierFunc(func(obligations.Reminder) error { return errors.New("slack unreachable") })
	send := obligations.Deliver(notify.Fanout(notify.NewLog(zerolog.New(&buf)), failing))
	payload, err := json.Marshal(obligations.Reminder{Kind: incident.TimerOverdue, Incident: "INC-2026-0001", Regime: "gdpr_art33_sa",
		DueAt: time.Date(2026, 3, 13, 14, 20, 0, 0, time.UTC)})
	require.NoError(t, err)
	for attempt := range 5 {
		_, err := send.Send(t.Context(), store.OutboxEntry{Key: "k", Kind: obligations.OutboxKind, Payload: payload, Attempts: attempt})
		require.ErrorContains(t, err, "slack unreachable")
	}
	require.Equal(t, 1, bytes.Count(buf.Bytes(), []byte("OVERDUE INC-2026-0001")))
}
