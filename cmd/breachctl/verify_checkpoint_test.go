package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/store"
)

func TestVerifyWithTheCheckpointKeyDetectsACutThatLeftTheRecordConsistent(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("cp-1", "high")
	td.mustCtl("note", inc.ID, "this note will be cut") // event 3, changes no field
	td.stop()                                           // a clean stop signs a checkpoint

	dir := td.cfg.DataDir
	db := filepath.Join(dir, "breachd.db")
	pubFile := filepath.Join(dir, checkpoint.PublicKeyFile)
	fi, err := os.Stat(filepath.Join(dir, checkpoint.KeyFile))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the private key is the owner's alone")
	pub, err := os.ReadFile(pubFile)
	require.NoError(t, err)

	r := td.ctl("verify", "--offline", db, "--key", strings.TrimSpace(string(pub)))
	require.Equal(t, 0, r.code, r.String())
	require.Contains(t, r.stdout, "checking against 1 checkpoint signed with the key")
	require.Contains(t, r.stdout, inc.ID+"  OK  3 events\n")

	// The note is cut and the head moved to match: the record agrees
	// with what is left, so only the checkpoint tells.
	editFile(t, db, func(tx *bolt.Tx) error {
		rewriteTimeline(t, tx, inc.ID, readEvents(t, tx, inc.ID)[:2])
		return nil
	})
	r = td.ctl("verify", "--offline", db)
	require.Equal(t, 0, r.code, "without the key this cut cannot be seen: %s", r)

	r = td.ctl("verify", "--offline", db, "--key", pubFile)
	require.Equal(t, exitError, r.code, r.String())
	require.Regexp(t, inc.ID+`  BROKEN: the checkpoint of \S+ saw event 3 \(head \w+…\), but the timeline ends at event 2: events were removed\n`, r.stdout)

	// A restart signs the cut timeline again; the earlier checkpoint
	// still tells.
	td.start()
	td.openIncident("cp-2", "low")
	td.stop()
	r = td.ctl("verify", "--offline", db, "--key", pubFile)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, "checking against 2 checkpoints signed with the key")
	require.Contains(t, r.stdout, inc.ID+"  BROKEN: the checkpoint of ")

	t.Run("a checkpoint file with the incident removed names it", func(t *testing.T) {
		editFile(t, db, func(tx *bolt.Tx) error {
			for _, e := range readEvents(t, tx, inc.ID) {
				if err := tx.Bucket([]byte("timeline")).Delete(store.TimelineKey(inc.ID, e.Seq)); err != nil {
					return err
				}
			}
			return tx.Bucket([]byte("incidents")).Delete([]byte(inc.ID))
		})
		r := td.ctl("-o", "json", "verify", "--offline", db, "--key", pubFile)
		require.Equal(t, exitError, r.code, r.String())
		var rep VerifyReport
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
		require.Equal(t, 2, rep.Checkpoints)
		var found bool
		for _, res := range rep.Results {
			if res.Incident == inc.ID {
				found = true
				require.Contains(t, res.Problem, "not found, but a checkpoint saw it: it was removed")
			}
		}
		require.True(t, found, rep)
	})

	t.Run("a forged checkpoint is refused", func(t *testing.T) {
		forged := filepath.Join(t.TempDir(), "forged.jsonl")
		other, _, err := checkpoint.LoadOrCreateKey(t.TempDir())
		require.NoError(t, err)
		require.NoError(t, checkpoint.Append(forged, checkpoint.Sign(other, time.Now(), nil)))
		r := td.ctl("verify", "--offline", db, "--key", pubFile, "--checkpoints", forged)
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stderr, "1 do not verify with the key (forged or altered)")
	})

	// With the daemon stopped, --key has no checkpoints to read and says
	// where else to take them from.
	r = td.ctl("verify", "--key", pubFile)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "(pass --checkpoints FILE)")
}

// Removing a checkpoint from the file breaks their chain, and verify says
// so, even though every line left verifies on its own.
func TestVerifyWithTheKeySeesACheckpointRemovedFromTheFile(t *testing.T) {
	td := startDaemon(t)
	td.openIncident("chain-1", "high")
	td.stop()
	td.start()
	td.openIncident("chain-2", "high")
	td.stop()
	td.start()
	td.openIncident("chain-3", "high")
	td.stop()
	dir := td.cfg.DataDir
	db := filepath.Join(dir, "breachd.db")
	pubFile := filepath.Join(dir, checkpoint.PublicKeyFile)
	r := td.ctl("verify", "--offline", db, "--key", pubFile)
	require.Equal(t, 0, r.code, r.String())

	path := filepath.Join(dir, checkpoint.LogFile)
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	require.GreaterOrEqual(t, len(lines), 3)
	kept := append(append([]string{}, lines[:1]...), lines[2:]...)
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(kept, "\n")+"\n"), 0o600))
	r = td.ctl("verify", "--offline", db, "--key", pubFile)
	require.NotEqual(t, 0, r.code, r.String())
	require.Contains(t, r.stderr, "the chain is broken")
	require.Contains(t, r.stderr, "checkpoints were removed between them")
}

// Against a running daemon, --key reads its checkpoints through the API:
// a cut that left the record consistent is found, as offline.
func TestVerifyWithTheKeyAgainstTheDaemonReadsItsCheckpoints(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("live-1", "high")
	td.mustCtl("note", inc.ID, "this note will be cut")
	td.stop() // a clean stop signs a checkpoint
	td.start()
	pubFile := filepath.Join(td.cfg.DataDir, checkpoint.PublicKeyFile)
	r := td.ctl("verify", "--key", pubFile)
	require.Equal(t, 0, r.code, r.String())
	require.Contains(t, r.stdout, "checking against ")
	require.Contains(t, r.stdout, inc.ID+"  OK  3 events\n")

	td.editStore(func(tx *bolt.Tx) error {
		rewriteTimeline(t, tx, inc.ID, readEvents(t, tx, inc.ID)[:2])
		return nil
	})
	r = td.ctl("verify")
	require.Equal(t, 0, r.code, "without the key this cut cannot be seen: %s", r)
	r = td.ctl("verify", "--key", pubFile)
	require.Equal(t, exitError, r.code, r.String())
	require.Regexp(t, inc.ID+`  BROKEN: the checkpoint of \S+ saw event 3 \(head \w+…\), but the timeline ends at event 2: events were removed`, r.stdout)
}
