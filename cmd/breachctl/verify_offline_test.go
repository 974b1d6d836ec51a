package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/store"
)

// backupOf takes a real backup of td's database with breachctl backup.
func backupOf(t *testing.T, td *testDaemon) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "backup.db")
	td.mustCtl("backup", path)
	return path
}

// editFile runs edit on a database file that no daemon holds.
func editFile(t *testing.T, path string, edit func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Update(edit))
	require.NoError(t, db.Close())
}

// copyFile copies src to a new file and returns its path.
func copyFile(t *testing.T, src string) string {
	t.Helper()
	raw, err := os.ReadFile(src)
	require.NoError(t, err)
	dst := filepath.Join(t.TempDir(), "copy.db")
	require.NoError(t, os.WriteFile(dst, raw, 0o600))
	return dst
}

func TestVerifyOfflineChecksABackupWithoutTheDaemon(t *testing.T) {
	td := startDaemon(t)
	incs := td.send(alert("off-1", "high"), alert("off-2", "low"))
	td.mustCtl("ack", incs[0].ID)
	td.mustCtl("facts", incs[0].ID, "data_subjects=1200")
	backup := backupOf(t, td)
	before, err := os.ReadFile(backup)
	require.NoError(t, err)
	online := td.mustCtl("verify")
	td.stop() // nothing answers on the API any more

	r := td.ctl("verify", "--offline", backup)
	require.Equal(t, 0, r.code, r.String())
	require.Equal(t, online.stdout, r.stdout, "the same report as through the daemon")
	require.Regexp(t, `(?m)^`+incs[0].ID+`  OK  \d+ events$`, r.stdout)
	require.Contains(t, r.stdout, incs[1].ID+"  OK  2 events\n")
	require.Regexp(t, `(?m)^verified 2 incidents, \d+ events$`, r.stdout)

	r = td.ctl("-o", "json", "verify", "--offline", backup, incs[1].ID)
	require.Equal(t, 0, r.code, r.String())
	var rep VerifyReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Equal(t, VerifyReport{Incidents: 1, Events: 2, Results: []VerifyResult{{Incident: incs[1].ID, OK: true, Events: 2}}}, rep)

	after, err := os.ReadFile(backup)
	require.NoError(t, err)
	require.Equal(t, before, after, "verify --offline changes nothing in the file")
}

func TestVerifyOfflineReportsATamperedCopy(t *testing.T) {
	td := startDaemon(t)
	incs := td.send(alert("tam-1", "high"), alert("tam-2", "high"), alert("tam-3", "high"))
	td.mustCtl("ack", incs[1].ID) // events 3 and 4
	backup := backupOf(t, td)

	t.Run("an edited record is named field by field", func(t *testing.T) {
		path := copyFile(t, backup)
		editFile(t, path, func(tx *bolt.Tx) error {
			editRecord(t, tx, incs[0].ID, func(rec map[string]any) { rec["alert_count"] = 7 })
			return nil
		})
		r := td.ctl("verify", "--offline", path)
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stdout, incs[0].ID+"  BROKEN: field alert_count is 7 in the record, 1 from its events\n")
		require.Contains(t, r.stdout, incs[2].ID+"  OK  2 events\n")
		require.Regexp(t, `(?m)^verified 3 incidents, \d+ events: 1 broken$`, r.stdout)
		require.Contains(t, r.stderr, "incident "+incs[0].ID+": field alert_count is 7 in the record, 1 from its events")
	})
	t.Run("removed last events with the head moved to match are named", func(t *testing.T) {
		path := copyFile(t, backup)
		editFile(t, path, func(tx *bolt.Tx) error {
			rewriteTimeline(t, tx, incs[1].ID, readEvents(t, tx, incs[1].ID)[:2])
			return nil
		})
		r := td.ctl("verify", "--offline", path, incs[1].ID)
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stdout, incs[1].ID+"  BROKEN: field status is acknowledged in the record, open from its events\n")
	})
	t.Run("an edited event is named", func(t *testing.T) {
		path := copyFile(t, backup)
		editFile(t, path, func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(store.TimelineBucket))
			v := append([]byte(nil), b.Get(store.TimelineKey(incs[2].ID, 2))...)
			v[len(v)-3] ^= 1 // a hex digit of the stored hash
			return b.Put(store.TimelineKey(incs[2].ID, 2), v)
		})
		r := td.ctl("verify", "--offline", path)
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stdout, incs[2].ID+"  BROKEN at event 2: event 2 was altered")
	})
	t.Run("a removed last event is named", func(t *testing.T) {
		path := copyFile(t, backup)
		editFile(t, path, func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(store.TimelineBucket)).Delete(store.TimelineKey(incs[1].ID, 4))
		})
		r := td.ctl("verify", "--offline", path)
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stdout, incs[1].ID+"  BROKEN at event 4: event 4 is missing")
	})
	t.Run("events of a removed incident are named", func(t *testing.T) {
		path := copyFile(t, backup)
		editFile(t, path, func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(store.IncidentsBucket)).Delete([]byte(incs[2].ID))
		})
		r := td.ctl("verify", "--offline", path)
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stdout, path+"  BROKEN: corrupt store: timeline event")
		require.Regexp(t, `(?m)^verified 2 incidents, \d+ events, 2 problems with the file$`, r.stdout)
		require.Contains(t, r.stderr, "the database file is inconsistent")
	})
}

func TestVerifyOfflineRefusesTheFileOfARunningDaemon(t *testing.T) {
	td := startDaemon(t)
	td.openIncident("live-1", "high")
	r := td.ctl("verify", "--offline", filepath.Join(td.cfg.DataDir, "breachd.db"))
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "is in use (is a daemon running on it?)")
}
