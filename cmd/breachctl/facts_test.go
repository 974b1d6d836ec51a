package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// TestFactsObligationsSubmittedDraftAndRegister walks a privacy officer's
// path through an incident: record the facts, see what is owed, record a
// filing, print the draft, export the register.
func TestFactsObligationsSubmittedDraftAndRegister(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("pd-1", "high")

	r := td.ctl("facts", inc.ID)
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "no breach facts yet")
	r = td.mustCtl("obligations", inc.ID)
	require.Contains(t, r.stdout, "no breach facts yet")

	r = td.mustCtl("facts", inc.ID, "aware_at=2026-11-20T09:00:00Z", "role=controller", "jurisdictions=EU-IE,SG",
		"data_subjects=1200", "significant_harm=true", "assessed_notifiable_at=2026-11-21T10:00:00Z", "--actor", "dpo")
	require.Regexp(t, `(?m)^data_subjects\s+null\s+1200$`, r.stdout)
	require.Regexp(t, `(?m)^jurisdictions\s+null\s+\["EU-IE","SG"\]$`, r.stdout)
	require.Contains(t, r.stderr, "obligations due")

	r = td.mustCtl("facts", inc.ID)
	var f incident.Facts
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &f), "JSON unless -o table, as it always was")
	require.Equal(t, 1200, *f.DataSubjects)
	r = td.mustCtl("-o", "json", "facts", inc.ID)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &f))
	r = td.mustCtl("-o", "table", "facts", inc.ID)
	require.Regexp(t, `^FACT +VALUE\n`, r.stdout)
	require.Regexp(t, `(?m)^role +controller$`, r.stdout)
	require.Regexp(t, `(?m)^jurisdictions +\[EU-IE, SG\]$`, r.stdout)
	require.Regexp(t, `(?m)^data_subjects +1200$`, r.stdout)
	require.Regexp(t, `(?m)^aware_at +2026-11-20T09:00:00Z$`, r.stdout)

	r = td.ctl("facts", inc.ID, "data_subjectz=3")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "unknown key data_subjectz")
	r = td.ctl("facts", inc.ID, "no-equals-sign")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "want key=value")

	r = td.mustCtl("obligations", inc.ID)
	require.Regexp(t, `(?m)^gdpr_art33_sa\s+due\s+2026-11-23T09:00:00Z`, r.stdout)
	require.Regexp(t, `(?m)^pdpa_26d1_pdpc\s+due\s+2026-11-24T15:59:59Z`, r.stdout)
	require.NotContains(t, r.stdout, "not_applicable")
	r = td.mustCtl("obligations", "show", inc.ID, "--all")
	require.Contains(t, r.stdout, "not_applicable")

	r = td.mustCtl("submitted", inc.ID, "pdpa_26d1_pdpc", "--ref", "PDPC-123", "--at", "2026-11-22T08:00:00Z")
	require.Regexp(t, `^`+inc.ID+` pdpa_26d1_pdpc submitted at 2026-11-22T08:00:00Z \(ref PDPC-123\): fulfilled\n`+
		`draft as filed: `+inc.ID+`-pdpa_26d1_pdpc.md sha256 [0-9a-f]{64} \(breachctl draft `+inc.ID+` pdpa_26d1_pdpc --as-filed\)\n$`, r.stdout)
	r = td.ctl("submitted", inc.ID, "pdpa_99")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "not in the catalog")

	r = td.mustCtl("narrative", inc.ID, "likely_consequences=Phishing aimed at customers", "--actor", "dpo")
	require.Regexp(t, `(?m)^likely_consequences\s+Phishing aimed at customers$`, r.stdout)
	r = td.ctl("narrative", inc.ID, "colour=red")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "unknown narrative key")

	r = td.mustCtl("draft", inc.ID, "gdpr_art33_sa")
	require.Contains(t, r.stdout, "Phishing aimed at customers")
	require.Contains(t, r.stdout, "Art. 33(3)(a)")
	require.Contains(t, r.stdout, "MISSING")
	r = td.mustCtl("draft", inc.ID, "pdpa_26d1_pdpc", "--format", "html")
	require.Contains(t, r.stdout, "<html")

	r = td.mustCtl("register", "export", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	var pdpc []string
	for _, row := range rows {
		if row[12] == "pdpa_26d1_pdpc" {
			pdpc = row
		}
	}
	require.NotNil(t, pdpc)
	require.Equal(t, inc.ID, pdpc[0])
	require.Equal(t, "fulfilled", pdpc[14])
	require.Equal(t, "PDPC-123", pdpc[21])
	r = td.mustCtl("register", "export")
	require.Contains(t, r.stdout, `"entries"`, "JSON unless -o table, as it always was")
	r = td.mustCtl("-o", "table", "register", "export")
	require.Regexp(t, `^INCIDENT +SEVERITY +STATUS +AWARE AT +REGIME +OBLIGATION +DUE AT +SUBMITTED +REASON\n`, r.stdout)
	require.Regexp(t, `(?m)^ +pdpa_26d1_pdpc +fulfilled +2026-11-24T15:59:59Z +2026-11-22T08:00:00Z `, r.stdout)
	require.Regexp(t, `(?m)^`+inc.ID+` +high +open +2026-11-20T09:00:00Z +\S+`, r.stdout, "the incident's columns on its first row")
	r = td.mustCtl("-o", "table", "register", "export", "--format", "csv")
	require.True(t, strings.HasPrefix(r.stdout, "incident,title,"), "--format wins over -o")
	r = td.ctl("register", "export", "--format", "xml")
	require.Equal(t, exitUsage, r.code, r.String())
	require.Contains(t, r.stderr, `--format must be one of "csv","json" but got "xml"`)

	// The timeline says who changed what.
	r = td.mustCtl("timeline", inc.ID, "-o", "json")
	require.Contains(t, r.stdout, `"facts_changed"`)
	require.Contains(t, r.stdout, `"submission_recorded"`)
	require.Contains(t, r.stdout, `"dpo"`)
	r = td.mustCtl("timeline", inc.ID)
	require.Regexp(t, `(?m) dpo +facts_changed +assessed_notifiable_at: unset → 2026-11-21T10:00:00Z, aware_at: unset → `, r.stdout, "facts read as words, not JSON")
	require.Regexp(t, `(?m) submission_recorded +pdpa_26d1_pdpc filed at 2026-11-22T08:00:00Z ref PDPC-123 by \S+ draft sha256 [0-9a-f]*…$`, r.stdout)
	require.Regexp(t, `(?m) obligations +obligations_changed +pdpa_26d1_pdpc: due → fulfilled by 2026-11-24T15:59:59Z$`, r.stdout)
	require.Regexp(t, `(?m) dpo +narrative_changed +likely_consequences set: Phishing aimed at customers$`, r.stdout)
}
