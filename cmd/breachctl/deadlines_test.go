package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// findRow returns the table row of incident id and regime, or nil.
func findRow(table [][]string, id, regime string) []string {
	for _, r := range table {
		if len(r) > 2 && r[0] == id && r[2] == regime {
			return r
		}
	}
	return nil
}

// A privacy officer sees, in one table, every open deadline of every
// incident, the overdue ones first; a filing takes one off the list.
func TestDeadlinesListsOpenObligationsMostUrgentFirst(t *testing.T) {
	td := startDaemon(t)
	late := td.openIncident("dl-late", "high")
	fresh := td.openIncident("dl-fresh", "medium")

	r := td.mustCtl("deadlines")
	require.Empty(t, r.stdout, "no breach facts, nothing owed")
	require.Equal(t, "no open deadlines\n", r.stderr)

	td.mustCtl("facts", late.ID, "aware_at=2026-01-05T09:00:00Z", "role=controller", "jurisdictions=EU-IE", "data_subjects=50", "risk_to_rights=true")
	aware := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	td.mustCtl("facts", fresh.ID, "aware_at="+aware.Format(time.RFC3339), "role=controller", "jurisdictions=EU-IE", "data_subjects=50", "risk_to_rights=true")

	r = td.mustCtl("deadlines")
	require.Regexp(t, `^INCIDENT\s+SEVERITY\s+REGIME\s+TO\s+STATUS\s+DUE\s+LEFT\n`, r.stdout)
	got := rows(t, r.stdout)
	require.Equal(t, []string{late.ID, "high", "gdpr_art33_sa", "regulator", "due", "2026-01-08T09:00:00Z"}, got[0][:6], "the overdue one leads")
	require.Regexp(t, `^overdue \d+d\d+h$`, got[0][6])
	row := findRow(got, fresh.ID, "gdpr_art33_sa")
	require.NotNil(t, row, r.stdout)
	require.Equal(t, aware.Add(72*time.Hour).Format(time.RFC3339), row[5])
	require.Regexp(t, `^2d2[23]h$`, row[6], "72 hours less the minute since awareness")

	// -o json is the API's list.
	r = td.mustCtl("deadlines", "-o", "json")
	var list client.DeadlineList
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	require.Equal(t, late.ID, list.Deadlines[0].Incident)
	require.True(t, list.Deadlines[0].Overdue)
	require.True(t, list.Deadlines[0].Late)

	td.mustCtl("submitted", late.ID, "gdpr_art33_sa", "--ref", "DPC-7", "--at", "2026-01-09T10:00:00Z")
	r = td.mustCtl("deadlines", "-o", "table")
	require.Nil(t, findRow(rows(t, r.stdout), late.ID, "gdpr_art33_sa"), "filed: no longer open")

	r = td.mustCtl("deadlines", "--all")
	got = rows(t, r.stdout)
	row = findRow(got, late.ID, "gdpr_art33_sa")
	require.NotNil(t, row, "--all lists the fulfilled ones")
	require.Equal(t, []string{"fulfilled", "2026-01-08T09:00:00Z", "filed late"}, row[4:])
	r = td.mustCtl("-o", "json", "deadlines", "--all")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	last := list.Deadlines[len(list.Deadlines)-1]
	require.Equal(t, incident.ObligationFulfilled, last.Status, "the fulfilled ones come after the open ones")
	require.NotNil(t, last.SubmittedAt)
}

func TestLeftSaysHowLongIsLeftOrHowLateItIs(t *testing.T) {
	secs := func(d time.Duration) *int64 { s := int64(d / time.Second); return &s }
	for _, tc := range []struct {
		d    client.Deadline
		want string
	}{
		{client.Deadline{Status: incident.ObligationDue, LeftSeconds: secs(71*time.Hour + 20*time.Minute)}, "2d23h"},
		{client.Deadline{Status: incident.ObligationDue, LeftSeconds: secs(5*time.Hour + 7*time.Minute)}, "5h07m"},
		{client.Deadline{Status: incident.ObligationNeedsFacts, LeftSeconds: secs(45*time.Minute + 30*time.Second)}, "45m"},
		{client.Deadline{Status: incident.ObligationDue, LeftSeconds: secs(0)}, "overdue 0m"},
		{client.Deadline{Status: incident.ObligationDue, LeftSeconds: secs(-(6*24 + 15) * time.Hour)}, "overdue 6d15h"},
		{client.Deadline{Status: incident.ObligationDue}, "-"},
		{client.Deadline{Status: incident.ObligationFulfilled}, "filed"},
		{client.Deadline{Status: incident.ObligationFulfilled, Late: true}, "filed late"},
	} {
		require.Equal(t, tc.want, leftCell(tc.d))
	}
}
