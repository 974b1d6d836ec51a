package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// fill opens one incident per alert through the daemon's own triage and
// obligation tracking, every nth with breach facts and obligations, and the
// file it leaves verifies.
func TestFillOpensIncidentsWithFactsAndObligations(t *testing.T) {
	dir := t.TempDir()
	var out, log bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"fill", "-data-dir", dir, "-incidents", "250", "-facts-every", "5", "-batch", "100"}, &out, &log))
	require.Contains(t, out.String(), "250 incidents")
	require.Contains(t, log.String(), "250 of 250 incidents")

	s, err := store.Open(filepath.Join(dir, "breachd.db"), store.Options{})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Check())
	var incs []*incident.Incident
	require.NoError(t, s.View(func(tx *store.Tx) error {
		for cursor := ""; ; {
			page, err := tx.ListIncidents(store.ListQuery{Limit: 100, Cursor: cursor})
			require.NoError(t, err)
			incs = append(incs, page.Incidents...)
			if cursor = page.Next; cursor == "" {
				return nil
			}
		}
	}))
	require.Len(t, incs, 250)
	var withFacts int
	require.NoError(t, s.View(func(tx *store.Tx) error {
		for _, inc := range incs {
			set, err := tx.Obligations(inc.ID)
			require.NoError(t, err)
			if inc.Facts != nil {
				withFacts++
				require.NotNil(t, set, inc.ID)
				require.NotNil(t, set.Find("gdpr_art33_sa"), inc.ID)
			} else {
				require.Nil(t, set, inc.ID)
			}
		}
		return nil
	}))
	require.Equal(t, 50, withFacts)
}

func TestFillRefusesWhatItCannotDo(t *testing.T) {
	for want, args := range map[string][]string{
		"-data-dir is required":         {"fill"},
		"must be at least 1":            {"fill", "-data-dir", t.TempDir(), "-incidents", "0"},
		"must not be negative":          {"fill", "-data-dir", t.TempDir(), "-facts-every", "-1"},
		"-batch 0: must be 1 to 100000": {"fill", "-data-dir", t.TempDir(), "-batch", "0"},
	} {
		err := run(t.Context(), args, &bytes.Buffer{}, &bytes.Buffer{})
		require.ErrorContains(t, err, want)
	}
}

// register and warm time the export and the console's start over a
// filled database, read-only.
func TestRegisterAndWarmTimeADatabaseAtRest(t *testing.T) {
	dir := t.TempDir()
	var out, log bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"fill", "-data-dir", dir, "-incidents", "20", "-facts-every", "2"}, &out, &log))
	for _, format := range []string{"csv", "json"} {
		out.Reset()
		require.NoError(t, run(t.Context(), []string{"register", "-data-dir", dir, "-format", format}, &out, &log))
		require.Contains(t, out.String(), "register export ("+format+", all=false): ")
	}
	out.Reset()
	require.NoError(t, run(t.Context(), []string{"warm", "-data-dir", dir}, &out, &log))
	require.Contains(t, out.String(), "console warm: ")
	require.ErrorContains(t, run(t.Context(), []string{"warm"}, &out, &log), "-data-dir is required")
}
