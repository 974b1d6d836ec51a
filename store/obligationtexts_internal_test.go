package store

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
)

// Should another text ever hold the key of an entry's words (a hash
// collision), the entry is stored whole rather than pointed at the wrong
// words.
func TestAnEntryWhoseKeyIsTakenIsStoredWhole(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "breachd.db"), Options{})
	require.NoError(t, err)
	defer s.Close()
	o := incident.Obligation{Regime: "pdpa_26d1_pdpc", Jurisdiction: "SG", Recipient: "PDPC", RecipientKind: "regulator",
		Status: incident.ObligationNotApplicable, Due: "3 days", ClockStart: "assessed_notifiable_at", Basis: "PDPA s.26D(1)", Reason: "no SG"}
	text, _, ok := shareable(&o)
	require.True(t, ok)
	raw, err := json.Marshal(text)
	require.NoError(t, err)
	require.NoError(t, s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTexts).Put([]byte(textKey(raw)), []byte(`{"regime":"someone_else"}`))
	}))
	set := &incident.Obligations{Incident: "INC-2026-0001", Obligations: []incident.Obligation{o}}
	require.NoError(t, s.Update(func(tx *Tx) error { return tx.PutObligations(set) }))
	require.NoError(t, s.View(func(tx *Tx) error {
		got, err := tx.Obligations(set.Incident)
		require.NoError(t, err)
		require.Equal(t, set.Obligations, got.Obligations)
		return nil
	}))
}
