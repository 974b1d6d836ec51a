package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// t0 is the fixed clock of these tests.
var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// alert returns a valid alert about asset; alerts about different assets
// neither duplicate nor correlate.
func alert(id, asset string, at time.Time) *incident.Alert {
	return &incident.Alert{
		ID:       id,
		Source:   "falco",
		Kind:     "exfiltration",
		Time:     at,
		Severity: incident.SeverityHigh,
		Title:    "Large upload from " + asset,
		Asset:    incident.Asset{ID: asset, Type: "host", Tenant: "acme"},
	}
}

// triage folds alerts into incidents and commits the result in one Update,
// the way the ingest pipeline does.
func triage(t testing.TB, s *store.Store, now time.Time, alerts ...*incident.Alert) ([]incident.Outcome, incident.Changes) {
	t.Helper()
	var (
		outs []incident.Outcome
		c    incident.Changes
	)
	err := s.Update(func(tx *store.Tx) error {
		outs = outs[:0]
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for _, a := range alerts {
			if err := a.Validate(); err != nil {
				return err
			}
			out, err := tr.Add(a, now)
			if err != nil {
				return err
			}
			outs = append(outs, out)
		}
		c = tr.Changes()
		return tx.Apply(c)
	})
	require.NoError(t, err)
	return outs, c
}

// change loads an incident, applies a lifecycle change and saves it in one
// Update, the way the API does.
func change(t testing.TB, s *store.Store, id string, fn func(inc *incident.Incident) ([]incident.Event, error)) *incident.Incident {
	t.Helper()
	var inc *incident.Incident
	err := s.Update(func(tx *store.Tx) error {
		var err error
		if inc, err = tx.Incident(id); err != nil {
			return err
		}
		require.NotNil(t, inc, "incident %s", id)
		events, err := fn(inc)
		if err != nil {
			return err
		}
		return tx.SaveIncident(inc, events)
	})
	require.NoError(t, err)
	return inc
}

func setStatus(t testing.TB, s *store.Store, id string, to incident.Status) {
	t.Helper()
	change(t, s, id, func(inc *incident.Incident) ([]incident.Event, error) {
		return inc.SetStatus(to, "alice", "", t0.Add(time.Hour))
	})
}

func view[T any](t testing.TB, s *store.Store, fn func(tx *store.Tx) (T, error)) T {
	t.Helper()
	var v T
	require.NoError(t, s.View(func(tx *store.Tx) error {
		var err error
		v, err = fn(tx)
		return err
	}))
	return v
}

func getIncident(t testing.TB, s *store.Store, id string) *incident.Incident {
	t.Helper()
	return view(t, s, func(tx *store.Tx) (*incident.Incident, error) { return tx.Incident(id) })
}

func timeline(t testing.TB, s *store.Store, id string) []incident.Event {
	t.Helper()
	return view(t, s, func(tx *store.Tx) ([]incident.Event, error) { return tx.Timeline(id) })
}

// openAt opens the store at path and closes it when the test ends, without
// the end-of-test check, for tests that close, reopen or damage the file.
func openAt(t *testing.T, path string, opts store.Options) *store.Store {
	t.Helper()
	s, err := store.Open(path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Mode().Perm()
}

func TestOpen(t *testing.T) {
	t.Run("a new database file is readable by its owner only", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data", "breachd")
		path := filepath.Join(dir, "breachd.db")
		openAt(t, path, store.Options{})
		require.Equal(t, os.FileMode(0o600), mode(t, path))
		require.Equal(t, os.FileMode(0o700), mode(t, dir), "the directory it creates is private too")
	})
	t.Run("an existing file open to others is tightened", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "breachd.db")
		require.NoError(t, openAt(t, path, store.Options{}).Close())
		require.NoError(t, os.Chmod(path, 0o644))
		require.Equal(t, os.FileMode(0o644), mode(t, path))
		openAt(t, path, store.Options{})
		require.Equal(t, os.FileMode(0o600), mode(t, path))
	})
	t.Run("a second open of the same file fails as locked", func(t *testing.T) {
		const timeout = 200 * time.Millisecond
		first := storetest.Open(t)
		start := time.Now()
		second, err := store.Open(first.Path(), store.Options{LockTimeout: timeout})
		waited := time.Since(start)
		if second != nil {
			second.Close()
		}
		require.ErrorIs(t, err, store.ErrLocked)
		require.Nil(t, second)
		// Not a tight bound: it only shows that the option, not the
		// two-second default, set the wait.
		require.Less(t, waited, 2*time.Second)
	})
	t.Run("the file opens again once the holder closes it", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "breachd.db")
		first := openAt(t, path, store.Options{})
		triage(t, first, t0, alert("a-1", "db-1", t0))
		require.NoError(t, first.Close())
		again := openAt(t, path, store.Options{LockTimeout: 200 * time.Millisecond})
		require.NotNil(t, getIncident(t, again, "INC-2026-0001"), "committed incidents survive a reopen")
		require.NoError(t, again.Check())
	})
	t.Run("a file that is not a database is refused", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "breachd.db")
		require.NoError(t, os.WriteFile(path, bytes.Repeat([]byte("not bbolt"), 1024), 0o600))
		s, err := store.Open(path, store.Options{LockTimeout: 200 * time.Millisecond})
		if s != nil {
			s.Close()
		}
		require.Error(t, err)
		require.NotErrorIs(t, err, store.ErrLocked)
	})
}

func TestBackup(t *testing.T) {
	s := storetest.Open(t)
	var alerts []*incident.Alert
	for i := range 30 {
		alerts = append(alerts, alert(fmt.Sprintf("a-%d", i), fmt.Sprintf("host-%d", i%20), t0.Add(time.Duration(i)*time.Second)))
	}
	triage(t, s, t0.Add(time.Minute), alerts...)
	setStatus(t, s, "INC-2026-0003", incident.StatusContained)

	path := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	require.NoError(t, err)
	var announced int64
	n, err := s.Backup(f, func(size int64) { announced = size })
	require.NoError(t, err)
	require.NoError(t, f.Close())
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, fi.Size(), n, "Backup reports the bytes it wrote")
	require.Equal(t, n, announced, "and announces the size before writing")

	t.Run("bbolt opens the backup and finds every incident", func(t *testing.T) {
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		require.NoError(t, err)
		defer db.Close()
		require.NoError(t, db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			b := tx.Bucket([]byte("incidents"))
			require.NotNil(t, b)
			require.Equal(t, 20, b.Stats().KeyN)
			return nil
		}))
	})
	t.Run("the backup holds the same incidents and timelines", func(t *testing.T) {
		restored := openAt(t, path, store.Options{})
		require.NoError(t, restored.Check())
		list := func(s *store.Store) store.Page {
			return view(t, s, func(tx *store.Tx) (store.Page, error) {
				return tx.ListIncidents(store.ListQuery{Limit: store.MaxListLimit})
			})
		}
		want, got := list(s), list(restored)
		require.Len(t, got.Incidents, 20)
		require.Equal(t, want, got)
		require.Equal(t, timeline(t, s, "INC-2026-0003"), timeline(t, restored, "INC-2026-0003"))
		require.Equal(t,
			view(t, s, func(tx *store.Tx) (map[incident.Status]int64, error) { return tx.StatusCounts(), nil }),
			view(t, restored, func(tx *store.Tx) (map[incident.Status]int64, error) { return tx.StatusCounts(), nil }))
	})
}

// eventKey is the key of a timeline event of the incident under test.
func eventKey(seq uint64) []byte {
	return store.TimelineKey("INC-2026-0001", seq)
}

// editEvent rewrites one field of a stored event's JSON.
func editEvent(id string, seq uint64, field string, value any) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(store.TimelineBucket))
		var m map[string]any
		if err := json.Unmarshal(b.Get(eventKey(seq)), &m); err != nil {
			return err
		}
		if _, ok := m[field]; !ok {
			return fmt.Errorf("event has no field %q", field)
		}
		m[field] = value
		raw, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return b.Put(eventKey(seq), raw)
	}
}

func TestVerifyTimelineDetectsEditsMadeInBbolt(t *testing.T) {
	const id = "INC-2026-0001"
	tests := []struct {
		name   string
		tamper func(tx *bolt.Tx) error
		want   string
	}{
		{"an edited actor is detected", editEvent(id, 2, "actor", "mallory"), "broken at event 2"},
		{"an edited time is detected", editEvent(id, 3, "time", t0.Add(-time.Hour).Format(time.RFC3339Nano)), "broken at event 3"},
		{"an edited type is detected", editEvent(id, 4, "type", "note_added"), "broken at event 4"},
		{"an edited payload is detected", editEvent(id, 1, "data", map[string]any{"alert_id": "forged"}), "broken at event 1"},
		{"an edited stored hash is detected", editEvent(id, 3, "hash", incident.GenesisHash), "broken at event 3"},
		{"a removed event is detected", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(store.TimelineBucket)).Delete(eventKey(2))
		}, "broken at event 2"},
		{"a removed last event is detected", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(store.TimelineBucket)).Delete(eventKey(5))
		}, "ends at event 4 but the incident records 5 events"},
		{"swapped events are detected", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(store.TimelineBucket))
			two, three := bytes.Clone(b.Get(eventKey(2))), bytes.Clone(b.Get(eventKey(3)))
			if err := b.Put(eventKey(2), three); err != nil {
				return err
			}
			return b.Put(eventKey(3), two)
		}, "broken at event 2"},
		{"a removed timeline is detected", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(store.TimelineBucket))
			for seq := uint64(1); seq <= 5; seq++ {
				if err := b.Delete(eventKey(seq)); err != nil {
					return err
				}
			}
			return nil
		}, "not found"},
		{"an incident record pointing at another head is detected", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("incidents"))
			var m map[string]any
			if err := json.Unmarshal(b.Get([]byte(id)), &m); err != nil {
				return err
			}
			m["timeline_head"] = incident.GenesisHash
			raw, _ := json.Marshal(m)
			return b.Put([]byte(id), raw)
		}, "ends at event 5"},
		{"an incident record whose fields disagree with its events is detected", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("incidents"))
			var m map[string]any
			if err := json.Unmarshal(b.Get([]byte(id)), &m); err != nil {
				return err
			}
			m["alert_count"], m["status"] = 7, "open"
			raw, _ := json.Marshal(m)
			return b.Put([]byte(id), raw)
		}, "field status is open in the record, acknowledged from its events; field alert_count is 7 in the record, 2 from its events"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "breachd.db")
			s := openAt(t, path, store.Options{})
			triage(t, s, t0, alert("a-1", "db-1", t0), alert("a-2", "db-1", t0.Add(time.Minute)))
			setStatus(t, s, id, incident.StatusAcknowledged) // events 4 and 5
			triage(t, s, t0, alert("b-1", "web-1", t0))      // an untouched neighbour
			require.NoError(t, s.Check())
			require.NoError(t, s.Close())

			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			require.NoError(t, err)
			require.NoError(t, db.Update(tt.tamper))
			require.NoError(t, db.Close())

			s = openAt(t, path, store.Options{})
			err = s.View(func(tx *store.Tx) error { return tx.VerifyTimeline(id) })
			require.Error(t, err)
			if tt.want != "not found" {
				require.ErrorIs(t, err, store.ErrCorrupt)
			}
			require.ErrorContains(t, err, tt.want)
			require.NoError(t, s.View(func(tx *store.Tx) error { return tx.VerifyTimeline("INC-2026-0002") }),
				"the other incident is intact")

			err = s.Check()
			require.Error(t, err, "Check reports the broken timeline")
			require.ErrorContains(t, err, id)
			require.NotContains(t, err.Error(), "INC-2026-0002")
		})
	}
	t.Run("an unknown incident is not found", func(t *testing.T) {
		s := storetest.Open(t)
		err := s.View(func(tx *store.Tx) error { return tx.VerifyTimeline("INC-2026-0404") })
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestCorruptIncidentRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s := openAt(t, path, store.Options{})
	triage(t, s, t0, alert("a-1", "db-1", t0))
	require.NoError(t, s.Close())
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("incidents")).Put([]byte("INC-2026-0001"), []byte(`{"status":"vanished"`))
	}))
	require.NoError(t, db.Close())

	s = openAt(t, path, store.Options{})
	err = s.View(func(tx *store.Tx) error {
		_, err := tx.Incident("INC-2026-0001")
		return err
	})
	require.ErrorIs(t, err, store.ErrCorrupt)
	require.ErrorIs(t, s.Check(), store.ErrCorrupt)
}
