package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/stretchr/testify/require"
)

var (
	examplesDir = filepath.Join("..", "..", "playbooks", "examples")
	brokenDir   = filepath.Join("testdata", "playbooks", "broken")
)

func TestPlaybookLintPrintsEveryProblemWithItsPositionAndExitsOne(t *testing.T) {
	r := runCtlAt(t, evalNow, "", "playbook", "lint", brokenDir)
	require.Equal(t, exitError, r.code, r.String())
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	prefix := func(file string) string { return filepath.Join(brokenDir, file) }
	require.Equal(t, []string{
		prefix("missing-approvers-and-template-field.yaml") + ":6:7: playbook isolate, step ask: approval has no approvers: list who may approve (approvers: [alice@example.com, …])",
		prefix("missing-approvers-and-template-field.yaml") + ":10:23: playbook isolate, step cut: host: template: .Alert.Asset (incident.Asset) has no field Hostname (it has ID, Type, Tenant)",
		prefix("type-error-and-bad-duration.yaml") + ":2:29: playbook slow-host: match: found no matching overload for '_+_' applied to '(int, string)'",
		prefix("type-error-and-bad-duration.yaml") + `:5:11: playbook slow-host, step pause: wait: "half an hour" is not a duration: write it like 90s, 15m, 4h or 3d`,
	}, lines[:4])
	require.True(t, strings.HasPrefix(lines[4], prefix("unknown-action.yaml")+`:5:13: playbook leaked-keys, step revoke: unknown action "revoke_credential" (did you mean "revoke_credentials"?)`), lines[4])
	require.Equal(t, "breachctl: 5 problems in 3 files\n", r.stderr)
}

func TestPlaybookLintSpeaksJSON(t *testing.T) {
	r := runCtlAt(t, evalNow, "", "playbook", "lint", brokenDir, "-o", "json")
	require.Equal(t, exitError, r.code, r.String())
	var probs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &probs))
	require.Len(t, probs, 5)
	require.Equal(t, "ask", probs[0]["step"])
	require.EqualValues(t, 6, probs[0]["line"])
}

func TestPlaybookLintPassesTheShippedExamples(t *testing.T) {
	r := runCtlAt(t, evalNow, "", "playbook", "lint", examplesDir)
	require.Equal(t, exitOK, r.code, r.String())
	require.Equal(t, "ok: 5 playbooks\n", r.stdout)
}

func TestPlaybookTestShowsTheMatchingPlaybookAndItsSteps(t *testing.T) {
	r := runCtlAt(t, evalNow, "", "playbook", "test", examplesDir, "--alert", filepath.Join(examplesDir, "alerts", "ransomware.json"))
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, "playbook ransomware-host (")
	require.Contains(t, r.stdout, `   1. snapshot-memory        action   snapshot_evidence → breachd.actions.snapshot_evidence {"kind":"memory","target":"fs-paris-02"} (timeout 10m0s, 3 retries)`)
	require.Contains(t, r.stdout, "   2. approve-isolation      approval 1 of alice@example.com, bob@example.com, carol@example.com within 30m0s")
	require.Contains(t, r.stdout, "        after approval approve-isolation")
	require.NotContains(t, r.stdout, "leaked-credentials")
}

func TestPlaybookTestMarksSkippedStepsAndReadsTheDataMap(t *testing.T) {
	r := runCtlAt(t, evalNow, "", "playbook", "test", examplesDir, "--alert", filepath.Join(examplesDir, "alerts", "public-bucket.json"),
		"--data-map", filepath.Join("..", "..", "examples", "data-map.yaml"))
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, "-  4. special-categories     facts    skipped: if ")
	require.Contains(t, r.stdout, "jurisdictions EU-DE, EU-IE, UK", "the data map's jurisdictions join the alert's")
}

func TestPlaybookTestSaysWhenNothingMatchesAndSpeaksJSON(t *testing.T) {
	alert := filepath.Join(examplesDir, "alerts", "unrelated.json")
	r := runCtlAt(t, evalNow, "", "playbook", "test", examplesDir, "--alert", alert)
	require.Equal(t, exitOK, r.code, r.String())
	require.Equal(t, "no playbook matches (5 playbooks checked)\n", r.stdout)
	r = runCtlAt(t, evalNow, "", "playbook", "test", examplesDir, "--alert", filepath.Join(examplesDir, "alerts", "misdirected-email.json"), "-o", "json")
	require.Equal(t, exitOK, r.code, r.String())
	var plans []struct {
		Playbook string `json:"playbook"`
		Steps    []struct {
			Name  string         `json:"name"`
			Facts map[string]any `json:"facts"`
		} `json:"steps"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &plans))
	require.Len(t, plans, 1)
	require.Equal(t, "misdirected-email", plans[0].Playbook)
	require.Equal(t, map[string]any{"cause": "misdelivery"}, plans[0].Steps[2].Facts)
}

func TestPlaybookTestRefusesABrokenSetOrAlert(t *testing.T) {
	r := runCtlAt(t, evalNow, "", "playbook", "test", brokenDir, "--alert", filepath.Join(examplesDir, "alerts", "ransomware.json"))
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "the playbooks do not load (run breachctl playbook lint")
	r = runCtlAt(t, evalNow, `{"id": "x"}`, "playbook", "test", examplesDir, "--alert", "-")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "source is required")
}

func TestActionsListShowsEveryActionWithParametersAndAnExample(t *testing.T) {
	r := runCtlAt(t, evalNow, "", "actions", "list")
	require.Equal(t, exitOK, r.code, r.String())
	for _, want := range []string{
		"isolate_host — Cut a host off the network",
		"NATS subject breachd.actions.isolate_host",
		"  mode   string (full|selective)  optional",
		`           with: {"host":"fs-paris-02","mode":"full"}`,
		"make_bucket_private —",
	} {
		require.Contains(t, r.stdout, want)
	}
	r = runCtlAt(t, evalNow, "", "actions", "list", "-o", "json")
	require.Equal(t, exitOK, r.code, r.String())
	var actions []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &actions))
	require.GreaterOrEqual(t, len(actions), 7)
}
