package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/breachd/breachd/store"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

func TestBackupWritesACheckedCopyThatHoldsTheIncidents(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("bk-1", "high")
	file := filepath.Join(t.TempDir(), "breachd-backup.db")

	r := td.mustCtl("backup", file)
	m := regexp.MustCompile(`^wrote (\d+) bytes to (.+) \(checked: consistent\)\n$`).FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	require.Equal(t, file, m[2])

	info, err := os.Stat(file)
	require.NoError(t, err)
	require.Equal(t, m[1], strconv.FormatInt(info.Size(), 10))
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a backup holds breach details")
	require.NoFileExists(t, file+".tmp")

	db, err := bolt.Open(file, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		require.NotNil(t, tx.Bucket([]byte("incidents")).Get([]byte(inc.ID)), "the copy holds the incident")
		require.NotNil(t, tx.Bucket([]byte(store.TimelineBucket)).Get(store.TimelineKey(inc.ID, 1)), "and its timeline")
		return nil
	}))
}

func TestBackupReplacesAFileOnlyWithForce(t *testing.T) {
	td := startDaemon(t)
	td.openIncident("bk-2", "low")
	file := filepath.Join(t.TempDir(), "old.db")
	require.NoError(t, os.WriteFile(file, []byte("an older backup"), 0o600))

	r := td.ctl("backup", file)
	require.Equal(t, exitError, r.code, r.String())
	require.Equal(t, "breachctl: "+file+" exists: pass --force to replace it\n", r.stderr)
	old, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Equal(t, "an older backup", string(old), "left alone")

	td.mustCtl("backup", "--force", file)
	db, err := bolt.Open(file, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Close())
}

func TestBackupKeepsNoCopyThatFailsTheCheck(t *testing.T) {
	// A real copy to cut short.
	td := startDaemon(t)
	td.openIncident("bk-3", "high")
	good := filepath.Join(t.TempDir(), "good.db")
	td.mustCtl("backup", good)
	whole, err := os.ReadFile(good)
	require.NoError(t, err)
	// A whole copy whose timeline was edited: bbolt finds no fault, the
	// hash chain does.
	edited := filepath.Join(t.TempDir(), "edited.db")
	require.NoError(t, os.WriteFile(edited, whole, 0o600))
	db, err := bolt.Open(edited, 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(store.TimelineBucket))
		k, v := b.Cursor().First()
		changed := bytes.Replace(v, []byte(`"high"`), []byte(`"low"`), 1)
		require.NotEqual(t, v, changed, "the first event names the severity")
		return b.Put(bytes.Clone(k), changed)
	}))
	require.NoError(t, db.Close())
	tampered, err := os.ReadFile(edited)
	require.NoError(t, err)

	for name, tc := range map[string]struct {
		body    []byte
		problem string
	}{
		"a body that is no database":      {[]byte("<html>proxy error</html>"), "the copy does not open as a database: invalid database"},
		"a copy cut short":                {whole[:len(whole)/2], "the copy is truncated"},
		"a copy whose timeline is edited": {tampered, "the copy is inconsistent"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/api/v1/backup" {
					http.NotFound(w, r)
					return
				}
				// Streamed without a length, as the daemon does, so only
				// the check can tell.
				w.(http.Flusher).Flush()
				_, _ = w.Write(tc.body)
			}))
			defer srv.Close()
			file := filepath.Join(t.TempDir(), "backup.db")
			require.NoError(t, os.WriteFile(file, whole, 0o600))

			r := runCtl(t, "", "--server", srv.URL, "backup", "--force", file)
			require.Equal(t, exitError, r.code, r.String())
			require.Contains(t, r.stderr, "breachctl: backup: "+tc.problem)
			require.NoFileExists(t, file+".tmp")
			kept, err := os.ReadFile(file)
			require.NoError(t, err)
			require.True(t, bytes.Equal(whole, kept), "the older backup is kept")
		})
	}
}
