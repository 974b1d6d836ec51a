package store

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

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

// The stored form is appended by hand; it must say what encoding the
// storedSet type says, for any entry.
func TestTheStoredSetIsWhatItsTypeEncodes(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "breachd.db"), Options{})
	require.NoError(t, err)
	defer s.Close()
	due := time.Date(2026, 3, 13, 14, 20, 0, 123, time.UTC)
	set := &incident.Obligations{Incident: "INC-2026-0001", EvaluatedAt: due.Add(-time.Hour), CatalogVersion: "2026-12-07.2 <&>",
		Obligations: []incident.Obligation{
			{Regime: "gdpr_art33_sa", Status: incident.ObligationDue, DueAt: &due, Basis: "GDPR Art. 33(1)", RemindersSent: []string{"24h"}},
			{Regime: "pdpa_26d1_pdpc", Status: incident.ObligationNotApplicable, Reason: "no \"SG\" <here> \u2028"},
			{Regime: "dpdp_r7", Status: incident.ObligationNotInForce, Reason: "in force from 2027-05-13; awareness was…"},
			{Regime: "unknown/US-WA", Status: incident.ObligationUnknown, Reason: "unknown"},
		}}
	require.NoError(t, s.Update(func(tx *Tx) error {
		raw, err := tx.encodeStoredSet(set)
		require.NoError(t, err)
		var got, want storedSet
		require.NoError(t, json.Unmarshal(raw, &got))
		want = storedSet{Layout: setLayout, Incident: set.Incident, EvaluatedAt: set.EvaluatedAt, CatalogVersion: set.CatalogVersion}
		for i := range set.Obligations {
			o := &set.Obligations[i]
			if text, reason, ok := shareable(o); ok {
				enc, err := json.Marshal(text)
				require.NoError(t, err)
				want.Obligations = append(want.Obligations, storedObligation{Text: textKey(enc), Reason: reason})
				continue
			}
			want.Obligations = append(want.Obligations, storedObligation{Entry: o})
		}
		require.Equal(t, want, got)
		wantRaw, err := json.Marshal(want)
		require.NoError(t, err)
		require.JSONEq(t, string(wantRaw), string(raw))
		return nil
	}))
}
