package store_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// obligationSet is an evaluation of three regimes, one of which concerns
// the breach and two of which do not.
func obligationSet(id string) *incident.Obligations {
	due := time.Date(2026, 3, 13, 14, 20, 0, 0, time.UTC)
	return &incident.Obligations{Incident: id, CatalogVersion: "v1", EvaluatedAt: due.Add(-72 * time.Hour), Obligations: []incident.Obligation{
		{Regime: "gdpr_art33_sa", Status: incident.ObligationDue, DueAt: &due, Basis: "GDPR Art. 33(1)"},
		{Regime: "pdpa_26d1_pdpc", Status: incident.ObligationNotApplicable, Reason: "no SG"},
		{Regime: "dora_art19_initial", Status: incident.ObligationPossible},
	}}
}

// Beside the full evaluation, the store keeps the obligations that concern
// the incident, which is what the deadlines, lists and metrics read.
func TestTheObligationsThatConcernAnIncidentAreKeptApart(t *testing.T) {
	s := storetest.Open(t)
	set := obligationSet("INC-2026-0001")
	require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.PutObligations(set) }))
	require.NoError(t, s.View(func(tx *store.Tx) error {
		full, err := tx.Obligations(set.Incident)
		require.NoError(t, err)
		require.Len(t, full.Obligations, 3)
		got, err := tx.ConcerningObligations(set.Incident)
		require.NoError(t, err)
		require.Equal(t, set.Concerning(), got)
		require.Len(t, got.Obligations, 1)
		require.Equal(t, "gdpr_art33_sa", got.Obligations[0].Regime)
		var n int
		require.NoError(t, tx.EachConcerningObligations(func(o *incident.Obligations) error { n += len(o.Obligations); return nil }))
		require.Equal(t, 1, n)
		none, err := tx.ConcerningObligations("INC-2026-0099")
		require.Nil(t, none)
		return err
	}))
}

// A file written before the concerning obligations were kept apart gets
// them at open, once.
func TestConcerningObligationsAreMigratedAtOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	set := obligationSet("INC-2026-0001")
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("obligations"))
		require.NoError(t, err)
		raw, err := json.Marshal(set)
		require.NoError(t, err)
		return b.Put([]byte(set.Incident), raw)
	}))
	require.NoError(t, db.Close())

	for range 2 {
		s, err := store.Open(path, store.Options{})
		require.NoError(t, err)
		require.NoError(t, s.View(func(tx *store.Tx) error {
			got, err := tx.ConcerningObligations(set.Incident)
			require.NoError(t, err)
			require.Equal(t, set.Concerning(), got)
			return nil
		}))
		require.NoError(t, s.Close())
	}
}
