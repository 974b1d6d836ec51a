package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// rows returns the table's data rows, split into columns.
func rows(t *testing.T, table string) [][]string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(table, "\n"), "\n")
	require.NotEmpty(t, lines)
	var out [][]string
	for _, l := range lines[1:] {
		out = append(out, regexp.MustCompile(`\s{2,}`).Split(l, -1))
	}
	return out
}

func TestIncidentsListShowsATableAndFilters(t *testing.T) {
	td := startDaemon(t)
	td.send(alert("list-1", "high"), alert("list-2", "low"), alert("list-3", "critical"))
	acked := td.incidents()[0] // newest first
	td.mustCtl("ack", acked.ID)

	r := td.mustCtl("incidents", "list")
	require.Regexp(t, `^ID\s+SEVERITY\s+STATUS\s+ALERTS\s+ASSET\s+OPENED\s+NEXT DUE\s+REGIME\s+TITLE\n`, r.stdout)
	got := rows(t, r.stdout)
	require.Len(t, got, 3)
	require.Equal(t, acked.ID, got[0][0])
	require.Equal(t, "acknowledged", got[0][2])
	require.Equal(t, "1", got[0][3])
	require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, got[0][5])
	require.Equal(t, []string{"-", "-"}, got[0][6:8], "no breach facts, no deadline")
	require.Contains(t, got[0][8], "is publicly readable")
	require.Empty(t, r.stderr, "one page: no cursor hint")

	r = td.mustCtl("incidents", "list", "--severity", "high,critical")
	got = rows(t, r.stdout)
	require.Len(t, got, 2)
	for _, row := range got {
		require.Contains(t, []string{"high", "critical"}, row[1])
	}
	r = td.mustCtl("incidents", "list", "--status", "acknowledged", "--severity", "low", "--severity", "high,critical")
	got = rows(t, r.stdout)
	require.Len(t, got, 1)
	require.Equal(t, acked.ID, got[0][0])

	r = td.mustCtl("incidents", "list", "--status", "closed")
	require.Empty(t, r.stdout)
	require.Equal(t, "no incidents\n", r.stderr)

	r = td.ctl("incidents", "list", "--status", "done")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, `status "done"`)
	require.Contains(t, r.stderr, "(HTTP 400)")
}

// The list says, for each incident, its next deadline and whose it is, so
// that on-call sees what is due without opening each one.
func TestIncidentsListShowsTheNextDeadline(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("next-1", "high")
	td.mustCtl("facts", inc.ID, "aware_at=2026-01-05T09:00:00Z", "role=controller", "jurisdictions=EU-IE,SG", "data_subjects=1200", "risk_to_rights=true", "significant_harm=true")

	r := td.mustCtl("incidents", "list")
	got := rows(t, r.stdout)
	require.Len(t, got, 1)
	require.Equal(t, []string{"2026-01-08T09:00:00Z OVERDUE", "gdpr_art33_sa"}, got[0][6:8], "the GDPR's 72 hours, passed")

	// Filed, the next one is the earliest still open.
	td.mustCtl("submitted", inc.ID, "gdpr_art33_sa", "--at", "2026-01-07T09:00:00Z")
	r = td.mustCtl("-o", "json", "incidents", "list")
	var page Page
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &page))
	next := page.Incidents[0].NextDeadline
	require.NotNil(t, next)
	require.Equal(t, "pdpa_26c_assessment", next.Regime, "Singapore's 30 days to assess")
	require.Equal(t, time.Date(2026, 2, 4, 15, 59, 59, 0, time.UTC), next.DueAt)
	require.True(t, next.Overdue)
	require.Contains(t, r.stdout, `"next_deadline": {`)
	r = td.mustCtl("incidents", "list")
	require.Equal(t, next.Regime, rows(t, r.stdout)[0][7])
}

func TestIncidentsListPagesWithTheCursor(t *testing.T) {
	td := startDaemon(t)
	var alerts []map[string]any
	for _, id := range []string{"p1", "p2", "p3", "p4", "p5"} {
		alerts = append(alerts, alert(id, "medium"))
	}
	all := td.send(alerts...)
	require.Len(t, all, 5)

	r := td.mustCtl("incidents", "list", "--limit", "2")
	first := rows(t, r.stdout)
	require.Len(t, first, 2)
	m := regexp.MustCompile(`--cursor (\d+)`).FindStringSubmatch(r.stderr)
	require.NotNil(t, m, "a page with more after it says how to get them: %s", r.stderr)

	r = td.mustCtl("incidents", "list", "--limit", "2", "--cursor", m[1])
	second := rows(t, r.stdout)
	require.Len(t, second, 2)
	require.Equal(t, all[2].ID, second[0][0], "the second page continues where the first stopped")

	r = td.mustCtl("incidents", "list", "--limit", "2", "--all")
	got := rows(t, r.stdout)
	require.Len(t, got, 5)
	for i, inc := range all {
		require.Equal(t, inc.ID, got[i][0])
	}
	require.Empty(t, r.stderr, "--all leaves no page behind")

	r = td.mustCtl("-o", "json", "incidents", "list", "--limit", "2", "--all")
	var page Page
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &page))
	require.Len(t, page.Incidents, 5)
	require.Empty(t, page.NextCursor)

	r = td.mustCtl("-o", "json", "incidents", "list", "--limit", "2")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &page))
	require.Len(t, page.Incidents, 2)
	require.Equal(t, m[1], page.NextCursor)
	require.Empty(t, r.stderr, "JSON carries the cursor itself")
}
