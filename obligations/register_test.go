package obligations_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
)

func TestRegisterCSVQuotesWhatASpreadsheetWouldRun(t *testing.T) {
	due := aware.Add(72 * time.Hour)
	reg := &obligations.Register{Entries: []obligations.Entry{{
		Incident: "INC-2026-0001", Title: `=HYPERLINK("http://evil.example","x")`, Severity: "high", Status: incident.StatusOpen,
		OpenedAt: aware, AwareAt: aware, Facts: &incident.Facts{AwareAt: aware, Cause: "+internal"},
		Obligations: []incident.Obligation{{Regime: "gdpr_art33_sa", Status: incident.ObligationDue, DueAt: &due, Reason: "-1"}},
		Submissions: []incident.Submission{{Regime: "gdpr_art33_sa", At: aware, Ref: "@ref"}},
	}, {
		Incident: "INC-2026-0002", Title: "no obligations", Status: incident.StatusOpen, Facts: &incident.Facts{AwareAt: aware},
		Obligations: []incident.Obligation{},
	}}}
	var buf bytes.Buffer
	require.NoError(t, reg.WriteCSV(&buf))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3, "a header, one row per obligation, one row for an entry without any")
	require.Equal(t, `'=HYPERLINK("http://evil.example","x")`, rows[1][1])
	require.Equal(t, "'+internal", rows[1][11])
	require.Equal(t, "'-1", rows[1][18])
	require.Equal(t, "'@ref", rows[1][21])
	require.Equal(t, "INC-2026-0002", rows[2][0])
	require.Len(t, rows[2], len(rows[0]))
}
