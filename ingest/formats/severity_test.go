package formats

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestSeveritySpellingsOfIncidentToolsAreKnown(t *testing.T) {
	for label, want := range map[string]incident.Severity{
		"P1": incident.SeverityCritical, "p0": incident.SeverityCritical, "SEV-1": incident.SeverityCritical,
		"sev_2": incident.SeverityHigh, "Sev 3": incident.SeverityMedium, "P4": incident.SeverityLow,
		"P5": incident.SeverityInfo, "error": incident.SeverityHigh, "page": incident.SeverityCritical,
		" Warning ": incident.SeverityMedium,
	} {
		got, ok := Severities(nil).Lookup(label)
		require.True(t, ok, label)
		require.Equal(t, want, got, label)
	}
	_, ok := Severities(nil).Lookup("P9")
	require.False(t, ok)
}

func TestTheSeverityTableTakesMoreSpellingsAndRefusesUnknownSeverities(t *testing.T) {
	sev, err := WithSeverities(map[string]string{"Urgent": "critical", "P3": "high"})
	require.NoError(t, err)
	got, ok := sev.Lookup("URGENT")
	require.True(t, ok)
	require.Equal(t, incident.SeverityCritical, got)
	got, _ = sev.Lookup("p3")
	require.Equal(t, incident.SeverityHigh, got, "a built-in spelling can be given another meaning")
	got, _ = sev.Lookup("P1")
	require.Equal(t, incident.SeverityCritical, got, "the built-in table stays")

	_, err = WithSeverities(map[string]string{"urgent": "severe"})
	require.ErrorContains(t, err, `severity_map: "urgent"`)
	require.ErrorContains(t, err, `"severe"`)
	_, err = WithSeverities(map[string]string{" - ": "high"})
	require.ErrorContains(t, err, "empty spelling")
}

func TestAnAlertmanagerSeverityIsReadThroughTheDecodersTable(t *testing.T) {
	body := []byte(strings.ReplaceAll(string(firingSample(t)), `"severity": "critical"`, `"severity": "urgent"`))
	_, err := Decode(Alertmanager, body)
	require.ErrorContains(t, err, `"urgent" is not a known severity`)
	require.ErrorContains(t, err, "severity_map")
	require.ErrorContains(t, err, "critical (crit,")

	sev, err := WithSeverities(map[string]string{"urgent": "high"})
	require.NoError(t, err)
	ds, err := Decoder{Severities: sev}.Decode(Alertmanager, body)
	require.NoError(t, err)
	require.Equal(t, incident.SeverityHigh, ds[0].Alert.Severity)
}

func firingSample(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/alertmanager.firing.json")
	require.NoError(t, err)
	return data
}
