package store_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/store"
)

// evaluation is the full set of the catalog's regimes for a breach in
// Ireland and California: a few due, hundreds not applicable, some not in
// force.
func evaluation(t *testing.T, id string) *incident.Obligations {
	t.Helper()
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","role":"controller",
		"jurisdictions":["EU-IE","US-CA"],"data_subjects":1200,"residents_by_state":{"US-CA":700},
		"data_categories":["name","email"],"submitted":{"gdpr_art33_sa":"2026-03-14T09:00:00Z"}}`))
	require.NoError(t, err)
	c := regulations.Default()
	now := f.AwareAt.Add(time.Hour)
	return &incident.Obligations{Incident: id, EvaluatedAt: now, CatalogVersion: c.Version,
		Obligations: regulations.Evaluate(f, c, now).Obligations}
}

func storedSize(t *testing.T, path, id string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		n = len(tx.Bucket([]byte("obligations")).Get([]byte(id)))
		return nil
	}))
	return n
}

// The words an entry shares with every incident (the catalog's recipient,
// due and basis of a regime that does not apply) are stored once: a set
// reads back exactly as it was put, in a fraction of the room.
func TestAnEvaluationIsStoredCompactlyAndReadsBackWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s, err := store.Open(path, store.Options{})
	require.NoError(t, err)
	a, b := evaluation(t, "INC-2026-0001"), evaluation(t, "INC-2026-0002")
	require.Greater(t, len(a.Obligations), 300)
	require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.PutObligations(a) }))
	require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.PutObligations(b) }))
	read := func(s *store.Store) {
		require.NoError(t, s.View(func(tx *store.Tx) error {
			for _, want := range []*incident.Obligations{a, b} {
				got, err := tx.Obligations(want.Incident)
				require.NoError(t, err)
				require.Equal(t, want, got)
			}
			var n int
			require.NoError(t, tx.EachObligations(func(got *incident.Obligations) error {
				require.Len(t, got.Obligations, len(a.Obligations))
				n++
				return nil
			}))
			require.Equal(t, 2, n)
			return nil
		}))
	}
	read(s)
	require.NoError(t, s.Close())
	// A fulfilled obligation keeps the deadline it was due by, and says it
	// was filed late: none of that is shared words.
	filed := a.Find("gdpr_art33_sa")
	require.Equal(t, incident.ObligationFulfilled, filed.Status)
	require.NotNil(t, filed.DueAt)
	require.True(t, filed.Late)

	// A fresh process decodes every text from the file.
	size := storedSize(t, path, a.Incident)
	require.Less(t, size, 16_000, "the stored set is %d bytes", size)
	s, err = store.Open(path, store.Options{})
	require.NoError(t, err)
	read(s)
	require.NoError(t, s.Check())
	require.NoError(t, s.Close())
}

// A text put by a transaction that rolled back is not there; the store must
// not believe it is, or the next set would refer to words that were never
// written.
func TestATextOfARolledBackTransactionIsWrittenAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s, err := store.Open(path, store.Options{})
	require.NoError(t, err)
	set := evaluation(t, "INC-2026-0001")
	refused := errors.New("refused")
	require.ErrorIs(t, s.Update(func(tx *store.Tx) error {
		if err := tx.PutObligations(evaluation(t, "INC-2026-0009")); err != nil {
			return err
		}
		return refused
	}), refused)
	require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.PutObligations(set) }))
	require.NoError(t, s.Close())

	s, err = store.Open(path, store.Options{})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.View(func(tx *store.Tx) error {
		got, err := tx.Obligations(set.Incident)
		require.NoError(t, err)
		require.Equal(t, set, got)
		none, err := tx.Obligations("INC-2026-0009")
		require.Nil(t, none)
		return err
	}))
}

// A set whose words are gone is reported as corrupt, naming what is
// missing, not read as a shorter set.
func TestAMissingTextIsCorruption(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s, err := store.Open(path, store.Options{})
	require.NoError(t, err)
	set := evaluation(t, "INC-2026-0001")
	require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.PutObligations(set) }))
	require.NoError(t, s.Close())

	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte("obligation_texts")).Cursor()
		k, _ := c.First()
		require.NotNil(t, k)
		return c.Delete()
	}))
	require.NoError(t, db.Close())

	s, err = store.Open(path, store.Options{})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.View(func(tx *store.Tx) error {
		_, err := tx.Obligations(set.Incident)
		require.ErrorIs(t, err, store.ErrCorrupt)
		require.ErrorContains(t, err, "is missing")
		return nil
	}))
}
