package main

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
)

func TestRegimesListShowAndCoverageReadTheCatalogOffline(t *testing.T) {
	r := runCtl(t, "", "regimes", "list", "--jurisdiction", "TH")
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, "th_pdpa_37_pdpc")
	require.Contains(t, r.stdout, "72 hours from aware_at")
	require.NotContains(t, r.stdout, "gdpr_art33_sa", "only Thailand's")

	r = runCtl(t, "", "regimes", "list", "--jurisdiction", "WA")
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, "us_wa_19_255_ag_2020", "a State without US-, as residents_by_state takes it")

	r = runCtl(t, "", "regimes", "list", "--jurisdiction", "AQ")
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, "has no regime for AQ: its duties are unknown")

	r = runCtl(t, "", "regimes", "list", "--jurisdiction", "Atlantis")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, `--jurisdiction "Atlantis" is not a jurisdiction code`)

	r = runCtl(t, "", "-o", "json", "regimes", "list")
	require.Equal(t, exitOK, r.code, r.String())
	var list client.RegimeList
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	require.Greater(t, len(list.Regimes), 300)

	r = runCtl(t, "", "regimes", "show", "us_ca_1798_82_ag")
	require.Equal(t, exitOK, r.code, r.String())
	require.Regexp(t, `(?m)^Thresholds:\n  - residents.US-CA > 500$`, r.stdout)
	require.Regexp(t, `(?m)^Basis:\s+Cal. Civ. Code 1798.82\(f\)`, r.stdout)

	r = runCtl(t, "", "regimes", "show", "nope")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "regime nope is not in the catalog")

	r = runCtl(t, "", "regimes", "coverage")
	require.Equal(t, exitOK, r.code, r.String())
	doc, err := os.ReadFile("../../docs/coverage.md")
	require.NoError(t, err)
	require.Equal(t, string(doc), r.stdout, "docs/coverage.md is what the command writes")
}
