package incident_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

var offsets = []time.Duration{24 * time.Hour, 4 * time.Hour, time.Hour}

func obligations(due time.Time) *incident.Obligations {
	return &incident.Obligations{Incident: "INC-2026-0001", Obligations: []incident.Obligation{
		{Regime: "gdpr_art33_sa", Recipient: "lead supervisory authority", Status: incident.ObligationDue, DueAt: &due},
		{Regime: "gdpr_art34_individuals", Status: incident.ObligationDue}, // without undue delay
		{Regime: "uk_gdpr_art33_ico", Status: incident.ObligationNotApplicable, Reason: "no UK"},
		{Regime: "sec_8k_item_1_05", Status: incident.ObligationHeld, Reason: "AG"},
	}}
}

func TestTimers(t *testing.T) {
	due := t0.Add(72 * time.Hour)
	until := t0.Add(10 * 24 * time.Hour)
	s := obligations(due)
	s.Obligations[0].RemindersSent = []string{"24h"}
	got := incident.Timers(s, offsets, []incident.Hold{{Regime: "sec_8k_item_1_05", Until: &until, Reason: "AG"}, {Regime: "x", Reason: "until lifted"}})
	var names []string
	for _, tm := range got {
		names = append(names, tm.Name()+"@"+tm.At.Format(time.RFC3339))
		require.Equal(t, "INC-2026-0001", tm.Incident)
	}
	require.Equal(t, []string{
		"reminder/gdpr_art33_sa/4h@2026-03-17T05:00:00Z",
		"reminder/gdpr_art33_sa/1h@2026-03-17T08:00:00Z",
		"overdue/gdpr_art33_sa@2026-03-17T09:00:00Z",
		"reevaluate/sec_8k_item_1_05@2026-03-24T09:00:00Z",
	}, names)

	s.Obligations[0].Overdue = true
	require.Len(t, incident.Timers(s, offsets, nil), 0, "an overdue obligation needs no more timers")
	require.Equal(t, "90m", incident.OffsetLabel(90*time.Minute))
}

func TestCarryOverKeepsReminderStateWhileTheDeadlineStands(t *testing.T) {
	due := t0.Add(72 * time.Hour)
	prev := obligations(due)
	prev.Obligations[0].RemindersSent = []string{"24h"}
	prev.Obligations[0].Overdue = true

	same := obligations(due)
	same.CarryOver(prev)
	require.Equal(t, []string{"24h"}, same.Obligations[0].RemindersSent)
	require.True(t, same.Obligations[0].Overdue)

	moved := obligations(due.Add(time.Hour))
	moved.CarryOver(prev)
	require.Empty(t, moved.Obligations[0].RemindersSent)
	require.False(t, moved.Obligations[0].Overdue)
}

func TestRecordObligationsListsWhatChanged(t *testing.T) {
	inc := withFacts(t)
	due := t0.Add(72 * time.Hour)
	first := obligations(due)
	events, err := inc.RecordObligations(nil, first, t0)
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, incident.EventObligationsChanged, events[0].Type)
	var d struct {
		Changes []incident.ObligationChange `json:"changes"`
	}
	require.NoError(t, json.Unmarshal(events[0].Data, &d))
	require.Len(t, d.Changes, 3, "regimes that never applied are left out")

	events, err = inc.RecordObligations(first, obligations(due), t0)
	require.NoError(t, err)
	require.Empty(t, events, "nothing changed")

	next := obligations(due)
	at := t0.Add(time.Hour)
	next.Obligations[0].Status, next.Obligations[0].DueAt, next.Obligations[0].Reason = incident.ObligationFulfilled, nil, "submitted"
	events, err = inc.RecordObligations(first, next, at)
	require.NoError(t, err)
	d.Changes = nil
	require.NoError(t, json.Unmarshal(events[0].Data, &d))
	require.Equal(t, []incident.ObligationChange{{Regime: "gdpr_art33_sa", From: incident.ObligationDue, To: incident.ObligationFulfilled, FromDueAt: &due, Reason: "submitted"}}, d.Changes)
}

func TestRecordReminderSendsTheMostUrgentOnly(t *testing.T) {
	inc := withFacts(t)
	due := t0.Add(72 * time.Hour)
	s := obligations(due)
	events, err := inc.RecordReminder(s, "gdpr_art33_sa", 4*time.Hour, offsets, due.Add(-3*time.Hour))
	require.NoError(t, err)
	require.Equal(t, incident.EventReminderSent, events[0].Type)
	require.JSONEq(t, `{"regime":"gdpr_art33_sa","recipient":"lead supervisory authority","due_at":"2026-03-17T09:00:00Z","before":"4h"}`, string(events[0].Data))
	require.ElementsMatch(t, []string{"24h", "4h"}, s.Obligations[0].RemindersSent)
	require.Len(t, incident.Timers(s, offsets, nil), 2, "1h and overdue remain")

	events, err = inc.RecordOverdue(s, "gdpr_art33_sa", due)
	require.NoError(t, err)
	require.Equal(t, incident.EventDeadlinePassed, events[0].Type)
	require.True(t, s.Obligations[0].Overdue)

	_, err = inc.RecordOverdue(s, "nope", due)
	require.Error(t, err)
}
