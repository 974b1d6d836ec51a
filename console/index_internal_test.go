package console

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// TestIndexMatchesListDeadlines holds the index to the API's function: the
// same rows in the same order, after every kind of change, read by a
// console that saw none of them happen.
func TestIndexMatchesListDeadlines(t *testing.T) {
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	clock := func() time.Time { return now }
	rs, err := respond.New(st, respond.Options{Now: clock}, zerolog.Nop())
	require.NoError(t, err)
	var ids []string
	require.NoError(t, st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for i := range 6 {
			out, err := tr.Add(&incident.Alert{ID: fmt.Sprintf("a-%d", i), Source: "s", Kind: "k", Time: now.Add(-time.Hour),
				Severity: incident.SeverityHigh, Title: "t", Asset: incident.Asset{ID: fmt.Sprintf("h-%d", i), Type: "host"}}, now.Add(-time.Hour))
			if err != nil {
				return err
			}
			ids = append(ids, out.Incident)
		}
		return tx.Apply(tr.Changes())
	}))
	ctx := context.Background()
	patch := func(id, facts string) {
		_, err := rs.PatchFacts(ctx, id, "t", []byte(facts))
		require.NoError(t, err)
	}
	var x index
	same := func(step string) {
		t.Helper()
		require.NoError(t, st.View(func(tx *store.Tx) error {
			want, err := obligations.ListDeadlines(tx, false, now)
			require.NoError(t, err)
			got, err := x.deadlines(tx, now)
			require.NoError(t, err)
			if len(want.Deadlines) == 0 {
				require.Empty(t, got, step)
				return nil
			}
			require.Equal(t, want.Deadlines, got, step)
			return nil
		}))
	}
	same("no facts anywhere")
	patch(ids[0], `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE","UK","SG","US-CA"],"data_subjects":1200,"risk_to_rights":true,"high_risk":true,"residents_by_state":{"US-CA":700}}`)
	patch(ids[1], `{"aware_at":"2026-03-01T14:20:00Z","role":"controller","jurisdictions":["EU-FR"],"data_subjects":10,"risk_to_rights":true}`)
	patch(ids[2], `{"aware_at":"2026-03-10T14:00:00Z","jurisdictions":["AQ"],"personal_data_affected":true}`)
	patch(ids[3], `{"aware_at":"2026-03-10T14:00:00Z","personal_data_affected":true,"data_subjects":5}`)
	patch(ids[4], `{"aware_at":"2026-03-10T14:00:00Z","role":"processor","jurisdictions":["EU-DE"],"contract_notification_sla_hours":24}`)
	same("facts of every kind")
	// Warm, read a few incidents a transaction, gives the same rows.
	warm := &Console{opts: Options{Store: st, Now: clock}}
	warm.idx.chunk = 2
	require.NoError(t, warm.Warm())
	require.NoError(t, st.View(func(tx *store.Tx) error {
		want, err := obligations.ListDeadlines(tx, false, now)
		require.NoError(t, err)
		got, err := warm.idx.deadlines(tx, now)
		require.NoError(t, err)
		require.NotEmpty(t, got)
		require.Equal(t, want.Deadlines, got)
		return nil
	}))
	_, err = rs.Submit(ctx, ids[0], "t", respond.Submission{Regime: "gdpr_art33_sa", Ref: "r"})
	require.NoError(t, err)
	_, err = rs.SetStatus(ctx, ids[1], "t", incident.StatusResolved, "done")
	require.NoError(t, err)
	same("a submission and a status change")
	patch(ids[3], `{"jurisdictions":["SG"]}`)
	patch(ids[2], `{"jurisdictions":null}`)
	same("facts changed again")
	// An incident the Incidents page read afresh (its next deadline) is
	// still read into the Deadlines page's rows.
	patch(ids[4], `{"jurisdictions":["EU-DE","UK"]}`)
	require.NoError(t, st.View(func(tx *store.Tx) error {
		inc, err := tx.Incident(ids[4])
		require.NoError(t, err)
		_, err = x.nextDeadline(tx, inc, now)
		return err
	}))
	same("an incident read by the Incidents page first")
	now = now.Add(100 * time.Hour)
	same("a hundred hours later")
}
