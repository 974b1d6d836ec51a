package daemon_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
)

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestRegulatoryFilesAreCheckedAtStart(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"a data map with an unknown key", []string{"--data-map-file", writeTemp(t, "m.yaml", "assets:\n  - match: {id: db-1}\n    colour: red\n")}, "field colour not found"},
		{"a data map with a bad jurisdiction", []string{"--data-map-file", writeTemp(t, "m.yaml", "assets:\n  - match: {id: db-1}\n    jurisdictions: [EU]\n")}, `data map entry 0: jurisdiction "EU"`},
		{"a missing data map", []string{"--data-map-file", "/nonexistent/map.yaml"}, "data_map_file"},
		{"an organisation file naming an unknown regime", []string{"--organisation-file", writeTemp(t, "o.yaml", "name: X\nregulators:\n  gdpr_art99: {name: Y}\n")}, "regulators.gdpr_art99: unknown regime id"},
		{"a broken catalog", []string{"--catalog-file", writeTemp(t, "c.yaml", "version: 1\nregimes: [{id: x}]\n")}, "catalog_file"},
		{"a broken calendar file", []string{"--calendars-file", writeTemp(t, "h.yaml", "nonsense: true\n")}, "calendars_file"},
		{"a negative reminder offset", []string{"--reminder-offsets", "24h,-1h"}, "reminder_offsets"},
		{"a reminder offset that is no duration", []string{"--reminder-offsets", "a day"}, "--reminder-offsets"},
	} {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			_, err := daemon.LoadConfig(tc.args, noEnv, io.Discard)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.says)
		})
	}
	cfg, err := daemon.LoadConfig([]string{"--data-map-file", "../examples/data-map.yaml", "--organisation-file", "../examples/organisation.yaml", "--reminder-offsets", "48h,2h"}, noEnv, io.Discard)
	require.NoError(t, err, "the shipped examples load")
	require.Equal(t, []time.Duration{48 * time.Hour, 2 * time.Hour}, cfg.Regulatory.ReminderOffsets)
}

// TestTheDataMapAndTheOrganisationReachTheDrafts: an alert about a mapped
// asset opens an incident with breach facts, obligations and the customer
// to notify, and the processor's notice names both organisations.
func TestTheDataMapAndTheOrganisationReachTheDrafts(t *testing.T) {
	cfg := testConfig(t)
	cfg.Regulatory.DataMapFile = "../examples/data-map.yaml"
	cfg.Regulatory.OrganisationFile = "../examples/organisation.yaml"
	d := start(t, cfg)
	c := client{t: t, base: "http://" + d.HTTPAddr()}
	alert := map[string]any{"id": "dm-1", "source": "guardduty", "kind": "s3-bucket-public", "time": time.Now().UTC().Format(time.RFC3339),
		"severity": "high", "title": "Bucket exposed", "asset": map[string]any{"id": "s3://exports", "type": "bucket", "tenant": "acme-eu"}}
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	var incs []incident.Incident
	require.Eventually(t, func() bool { incs = c.incidents(""); return len(incs) == 1 }, 10*time.Second, 10*time.Millisecond)
	inc := incs[0]
	require.NotNil(t, inc.Facts)
	require.Equal(t, incident.RoleProcessor, inc.Facts.Role)
	require.Equal(t, []string{"EU-DE"}, inc.Facts.Jurisdictions)
	require.Equal(t, "Acme GmbH", inc.Customer.Name)

	code, body = c.do("GET", "/api/v1/incidents/"+inc.ID+"/obligations", nil)
	require.Equal(t, http.StatusOK, code)
	var set incident.Obligations
	require.NoError(t, json.Unmarshal(body, &set))
	require.Equal(t, incident.ObligationDue, set.Find("gdpr_art33_2_processor").Status)

	code, body = c.do("GET", "/api/v1/incidents/"+inc.ID+"/drafts/gdpr_art33_2_processor", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), "Acme GmbH")
	require.Contains(t, string(body), "Example Cloud Ltd")
	code, body = c.do("GET", "/api/v1/incidents/"+inc.ID+"/drafts/gdpr_art33_sa", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.True(t, strings.Contains(string(body), "Data Protection Commission"), "the regulator from the organisation file")
}

// Personal data in an alert's text never reaches the store; the same value
// reads the same after a restart.
func TestAlertTextIsRedactedBeforeItIsStored(t *testing.T) {
	cfg := testConfig(t)
	post := func(d *daemon.Daemon, id string) incident.Incident {
		c := client{t: t, base: "http://" + d.HTTPAddr()}
		alert := map[string]any{"id": id, "source": "m365", "kind": "mail-forward", "time": time.Now().UTC().Format(time.RFC3339),
			"severity": "medium", "title": "Rule forwards ceo@example.com to an outside address",
			"asset": map[string]any{"id": "mailbox-" + id, "type": "mailbox"}}
		code, body := c.do("POST", "/api/v1/alerts", alert)
		require.Equal(t, http.StatusAccepted, code, string(body))
		var incs []incident.Incident
		require.Eventually(t, func() bool {
			incs = c.incidents("")
			for _, inc := range incs {
				if inc.Asset.ID == "mailbox-"+id {
					return true
				}
			}
			return false
		}, 10*time.Second, 10*time.Millisecond)
		for _, inc := range incs {
			if inc.Asset.ID == "mailbox-"+id {
				return inc
			}
		}
		return incident.Incident{}
	}
	d := start(t, cfg)
	first := post(d, "r-1")
	require.NotContains(t, first.Title, "ceo@example.com")
	require.Regexp(t, `^Rule forwards \[email:[0-9a-f]{8}\] to an outside address$`, first.Title)
	require.NoError(t, d.Stop(t.Context()))
	raw, err := os.ReadFile(cfg.DBPath())
	require.NoError(t, err)
	require.NotContains(t, string(raw), "ceo@example.com", "not in the database file")

	d = start(t, cfg)
	require.Equal(t, first.Title, post(d, "r-2").Title, "the same value reads the same after a restart")
}
