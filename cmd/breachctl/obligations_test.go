package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/regulations"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// evalNow is the fixed clock of these tests.
var evalNow = time.Date(2026, 7, 2, 12, 0, 0, 0, time.UTC)

// runCtlAt runs breachctl with a fixed clock.
func runCtlAt(t *testing.T, now time.Time, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runAt(context.Background(), func() time.Time { return now }, args, strings.NewReader(stdin), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// golden compares got with testdata/obligations/name, or rewrites it
// under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "obligations", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	require.Equal(t, string(want), got)
}

func TestObligationsEvaluateMatchesTheGoldenJSON(t *testing.T) {
	for _, name := range []string{"eu-sg-controller", "uk-processor-encrypted", "sec-registrant-held", "sg-scale-only", "eu-bank-nis2-dora", "us-covered-entity-500", "us-multistate-controller"} {
		t.Run(name, func(t *testing.T) {
			r := runCtlAt(t, evalNow, "", "obligations", "evaluate", "--facts", filepath.Join("testdata", "obligations", name+".facts.json"), "-o", "json")
			require.Equal(t, exitOK, r.code, r.String())
			golden(t, name+".golden", r.stdout)
		})
	}
}

func TestObligationsEvaluatePrintsATableByDefault(t *testing.T) {
	facts, err := os.ReadFile(filepath.Join("testdata", "obligations", "eu-sg-controller.facts.json"))
	require.NoError(t, err)
	r := runCtlAt(t, evalNow, string(facts), "obligations", "evaluate", "--facts", "-")
	require.Equal(t, exitOK, r.code, r.String())
	golden(t, "eu-sg-controller.table.golden", r.stdout)
	lines := strings.Split(r.stdout, "\n")
	require.Equal(t, []string{"REGIME", "STATUS", "DUE", "AT", "DUE", "RECIPIENT"}, strings.Fields(lines[0]))
	require.Contains(t, r.stdout, "2026-03-13T14:20:00Z", "the GDPR 72 hours")
	require.Regexp(t, `gdpr_art34_individuals\s+due\s+now\s`, r.stdout, "a duty without a numeric limit is due now")
	require.NotContains(t, r.stdout, "not_applicable", "only what applies, by default")
	require.Contains(t, r.stderr, "--all lists them")

	r = runCtlAt(t, evalNow, string(facts), "obligations", "evaluate", "--facts", "-", "--all")
	require.Equal(t, exitOK, r.code, r.String())
	require.Regexp(t, `uk_gdpr_art33_ico\s+not_applicable`, r.stdout)
}

func TestObligationsEvaluateHoldsDependOnTheClock(t *testing.T) {
	path := filepath.Join("testdata", "obligations", "sec-registrant-held.facts.json")
	r := runCtlAt(t, time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC), "", "-o", "json", "obligations", "evaluate", "--facts", path)
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, `"due_at": "2026-07-30T00:00:00Z"`, "after the hold the filing is due when the hold ended")
}

func TestObligationsEvaluateRejectsBadFacts(t *testing.T) {
	for _, tc := range []struct{ name, facts, want string }{
		{"an unknown key", `{"aware_at":"2026-03-10T14:20:00Z","risk":true}`, "unknown key risk"},
		{"a wrong type", `{"aware_at":"2026-03-10T14:20:00Z","data_subjects":"many"}`, "data_subjects must be a whole number"},
		{"no aware_at", `{"role":"controller"}`, "aware_at: is required"},
		{"an assessment before awareness", `{"aware_at":"2026-03-10T14:20:00Z","assessed_notifiable_at":"2026-03-01T00:00:00Z"}`, "assessed_notifiable_at"},
		{"an unknown jurisdiction", `{"aware_at":"2026-03-10T14:20:00Z","jurisdictions":["EU"]}`, "jurisdictions.0"},
		{"an unknown regime", `{"aware_at":"2026-03-10T14:20:00Z","holds":[{"regime":"gdpr_art35","reason":"x"}]}`, "holds.0.regime"},
		{"not JSON", `aware_at: 2026-03-10`, "not JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCtlAt(t, evalNow, tc.facts, "obligations", "evaluate", "--facts", "-")
			require.Equal(t, exitError, r.code, r.String())
			require.Empty(t, r.stdout)
			require.Contains(t, r.stderr, "breachctl: invalid facts")
			require.Contains(t, r.stderr, tc.want)
		})
	}
	t.Run("a file that does not exist", func(t *testing.T) {
		r := runCtlAt(t, evalNow, "", "obligations", "evaluate", "--facts", filepath.Join(t.TempDir(), "nope.json"))
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stderr, "nope.json")
	})
	t.Run("--facts is required", func(t *testing.T) {
		r := runCtlAt(t, evalNow, "", "obligations", "evaluate")
		require.Equal(t, exitUsage, r.code, r.String())
		require.Contains(t, r.stderr, "--facts")
	})
}

func TestObligationsEvaluateTakesACatalogAndCalendarsOfOnesOwn(t *testing.T) {
	facts := filepath.Join(t.TempDir(), "f.json")
	require.NoError(t, os.WriteFile(facts, []byte(`{"aware_at":"2026-03-10T14:20:00Z","jurisdictions":["EU-IE"]}`), 0o600))
	own := t.TempDir() // a catalog directory laid out as the embedded one
	require.NoError(t, os.Mkdir(filepath.Join(own, "catalog"), 0o700))
	for _, src := range regulations.EmbeddedSources() {
		require.NoError(t, os.WriteFile(filepath.Join(own, src.Name), src.Data, 0o600))
	}
	r := runCtl(t, "", "obligations", "evaluate", "--facts", facts, "--catalog", own)
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, "gdpr_art33_sa")
	r = runCtl(t, "", "obligations", "evaluate", "--facts", facts, "--catalog", filepath.Join(own, "catalog.yaml"))
	require.Equal(t, exitOK, r.code, "the main file alone is a catalog: %s", r.String())

	broken := filepath.Join(t.TempDir(), "broken.yaml")
	require.NoError(t, os.WriteFile(broken, []byte("version: x\nregimes: [{id: y}]\n"), 0o600))
	r = runCtl(t, "", "obligations", "evaluate", "--facts", facts, "--catalog", broken)
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "catalog "+broken)
	r = runCtl(t, "", "obligations", "evaluate", "--facts", facts, "--calendars", "/nonexistent.yaml")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "calendars /nonexistent.yaml")

	usOnly := filepath.Join(t.TempDir(), "calendars.yaml")
	require.NoError(t, os.WriteFile(usOnly, []byte("version: 1\ncalendars:\n  US: {zone: America/New_York, holidays: us_federal}\n"), 0o600))
	r = runCtl(t, "", "obligations", "evaluate", "--facts", facts, "--calendars", usOnly)
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "embedded catalog with calendars "+usOnly, "a calendars file that lacks a calendar the embedded catalog needs is named")
	require.Contains(t, r.stderr, `no holiday calendar for jurisdiction "SG"`)
}
