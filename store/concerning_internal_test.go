package store

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// concerningCases are sets whose every field the binary layout must keep:
// deadlines in and out of UTC, filings, marks, reminders, words with
// bytes JSON would escape, and no entry at all.
func concerningCases() []*incident.Obligations {
	due := time.Date(2026, 3, 13, 14, 20, 0, 123, time.UTC)
	filed := time.Date(2026, 3, 14, 9, 0, 0, 0, time.FixedZone("", 3600))
	early := time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)
	return []*incident.Obligations{
		{Incident: "INC-2026-0001", EvaluatedAt: due.Add(-time.Hour), CatalogVersion: "2026-12-07.2", Obligations: []incident.Obligation{
			{Regime: "gdpr_art33_sa", Jurisdiction: "EU", Recipient: "lead supervisory authority", RecipientKind: "regulator",
				Status: incident.ObligationDue, DueAt: &due, Due: "72 hours", ClockStart: "aware_at", Basis: "GDPR Art. 33(1)",
				Reason: "applies \"unless\" <recorded> \u2028", Overdue: true, RemindersSent: []string{"24h", "4h"}},
			{Regime: "us_ca_1798_82_ag", Status: incident.ObligationFulfilled, DueAt: &due, SubmittedAt: &filed, Late: true},
			{Regime: "unknown/US-WA", Status: incident.ObligationUnknown},
			{Regime: "hipaa_164_404_individuals", Status: incident.ObligationDue, DueAt: &early},
		}},
		{Incident: "INC-2026-0002", Obligations: []incident.Obligation{}},
	}
}

// The binary layout of the concerning obligations reads back what was
// stored, and a record of the earlier layout, JSON, is still read.
func TestConcerningObligationsReadBackInEitherLayout(t *testing.T) {
	var words interned
	for _, set := range concerningCases() {
		got, err := decodeConcerning([]byte(set.Incident), encodeConcerning(set), &words)
		require.NoError(t, err)
		requireSameSet(t, set, got)

		old, err := json.Marshal(set)
		require.NoError(t, err)
		got, err = decodeConcerning([]byte(set.Incident), old, &words)
		require.NoError(t, err)
		requireSameSet(t, set, got)
	}
	got, err := decodeConcerning([]byte("INC-2026-0003"), nil, &words)
	require.NoError(t, err)
	require.Nil(t, got)
}

// requireSameSet compares two sets field by field, times by instant and
// offset (a zone's name is not stored).
func requireSameSet(t *testing.T, want, got *incident.Obligations) {
	t.Helper()
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, string(wantJSON), string(gotJSON))
	require.True(t, want.EvaluatedAt.Equal(got.EvaluatedAt))
	require.Len(t, got.Obligations, len(want.Obligations))
	require.NotNil(t, got.Obligations)
	for i := range want.Obligations {
		require.Equal(t, want.Obligations[i].RemindersSent, got.Obligations[i].RemindersSent)
	}
}

// A record of the binary layout cut anywhere, or with bytes after its
// last entry, is corruption, never a shorter set.
func TestACutConcerningRecordIsCorruption(t *testing.T) {
	var words interned
	raw := encodeConcerning(concerningCases()[0])
	for n := 1; n < len(raw); n++ {
		_, err := decodeConcerning([]byte("INC-2026-0001"), raw[:n], &words)
		require.True(t, errors.Is(err, ErrCorrupt), "cut at %d: %v", n, err)
	}
	_, err := decodeConcerning([]byte("INC-2026-0001"), append(raw, 0), &words)
	require.ErrorIs(t, err, ErrCorrupt)
}

// Reading many records makes one string per shared word.
func TestConcerningWordsAreShared(t *testing.T) {
	var words interned
	set := concerningCases()[0]
	a, err := decodeConcerning([]byte(set.Incident), encodeConcerning(set), &words)
	require.NoError(t, err)
	b, err := decodeConcerning([]byte(set.Incident), encodeConcerning(set), &words)
	require.NoError(t, err)
	require.Same(t, unsafeStringData(a.Obligations[0].Basis), unsafeStringData(b.Obligations[0].Basis))
}

func unsafeStringData(s string) *byte { return unsafe.StringData(s) }
