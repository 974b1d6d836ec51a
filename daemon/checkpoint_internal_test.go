package daemon

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Many heads are signed as several checkpoints of one chain, each small
// enough for one NATS message; read back, they saw every head.
func TestManyHeadsAreSignedAsSeveralCheckpointsOfOneChain(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	addAlerts(t, st, now, "a", 0, 1, 2, 3, 4)
	c, err := newCheckpointer(st, dir, func() time.Time { return now }, zerolog.Nop())
	require.NoError(t, err)
	c.maxHeads = 2
	require.NoError(t, c.take())

	raw, err := os.ReadFile(filepath.Join(dir, checkpoint.LogFile))
	require.NoError(t, err)
	require.Equal(t, 3, countLines(raw), "5 heads, 2 a checkpoint")
	seen := readSeen(t, dir, c)
	require.Len(t, seen.Incidents(), 5)
}

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "breachd.db"), store.Options{})
	require.NoError(t, err)
	return st
}

// addAlerts commits one alert on each of the hosts, named host-N: the
// first on a host opens its incident, the next moves its head.
func addAlerts(t *testing.T, st *store.Store, now time.Time, prefix string, hosts ...int) {
	t.Helper()
	require.NoError(t, st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for _, i := range hosts {
			a := &incident.Alert{ID: fmt.Sprintf("%s-%d", prefix, i), Source: "s", Kind: "k", Time: now, Severity: incident.SeverityHigh,
				Title: "t", Asset: incident.Asset{ID: fmt.Sprintf("host-%d", i), Type: "host"}}
			if _, err := tr.Add(a, now); err != nil {
				return err
			}
		}
		return tx.Apply(tr.Changes())
	}))
}

// readSeen reads the checkpoint file back: every line verifies, and they
// are one chain.
func readSeen(t *testing.T, dir string, c *checkpointer) *checkpoint.Seen {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, checkpoint.LogFile))
	require.NoError(t, err)
	defer f.Close()
	seen, problems, err := checkpoint.Read(f, c.key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	require.Empty(t, problems)
	require.Empty(t, seen.Gaps, "one chain")
	return seen
}

func fileLines(t *testing.T, dir string) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, checkpoint.LogFile))
	require.NoError(t, err)
	return countLines(raw)
}

// Every head is signed once, on a file no checkpoint signed in full;
// from then on a checkpoint signs only the heads that moved since the
// last one, and one taken after no change signs nothing, in this run or
// the next.
func TestACheckpointSignsOnlyTheHeadsThatMoved(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	addAlerts(t, st, now, "a", 0, 1, 2)
	c, err := newCheckpointer(st, dir, func() time.Time { return now }, zerolog.Nop())
	require.NoError(t, err)
	require.NoError(t, c.take())
	require.Equal(t, 1, fileLines(t, dir))

	require.NoError(t, c.take())
	require.Equal(t, 1, fileLines(t, dir), "nothing moved: nothing signed")

	addAlerts(t, st, now.Add(time.Minute), "b", 1)
	require.NoError(t, c.take())
	require.Equal(t, 2, fileLines(t, dir))
	last := lastCheckpoint(t, dir)
	require.Len(t, last.Heads, 1, "only the head that moved")
	require.NoError(t, st.View(func(tx *store.Tx) error {
		inc, err := tx.Incident(last.Heads[0].Incident)
		require.NoError(t, err)
		require.Equal(t, inc.TimelineSeq, last.Heads[0].Seq)
		require.Equal(t, inc.TimelineHead, last.Heads[0].Hash)
		return nil
	}))

	// A new run signs nothing that did not move.
	c2, err := newCheckpointer(st, dir, func() time.Time { return now }, zerolog.Nop())
	require.NoError(t, err)
	require.NoError(t, c2.take())
	require.Equal(t, 2, fileLines(t, dir))
	requireTimelinesMatch(t, st, readSeen(t, dir, c2), 3)
}

// A head that moved is kept in the store from the commit that moved it:
// a crash (or a stop) before the next checkpoint loses none, and the
// first checkpoint after the restart signs it.
func TestAMovedHeadSurvivesARestartUntilSigned(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	addAlerts(t, st, now, "a", 0, 1, 2)
	c, err := newCheckpointer(st, dir, func() time.Time { return now }, zerolog.Nop())
	require.NoError(t, err)
	require.NoError(t, c.take())
	addAlerts(t, st, now.Add(time.Minute), "b", 2, 3)
	require.NoError(t, st.Close()) // no checkpoint: as a crash would leave it

	st = openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	c, err = newCheckpointer(st, dir, func() time.Time { return now.Add(time.Hour) }, zerolog.Nop())
	require.NoError(t, err)
	require.NoError(t, c.take())
	require.Equal(t, 2, fileLines(t, dir))
	last := lastCheckpoint(t, dir)
	require.Len(t, last.Heads, 2, "the moved head and the new incident's")
	requireTimelinesMatch(t, st, readSeen(t, dir, c), 4)
}

// A head that moves again after a checkpoint read it stays moved: the
// checkpoint clears only the heads it signed.
func TestAHeadThatMovedAgainStaysMoved(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	addAlerts(t, st, now, "a", 0)
	var read []store.Head
	require.NoError(t, st.View(func(tx *store.Tx) error {
		return tx.MovedHeads("", 10, func(h store.Head) { read = append(read, h) })
	}))
	require.Len(t, read, 1)
	addAlerts(t, st, now, "b", 0)
	require.NoError(t, st.Update(func(tx *store.Tx) error { return tx.SignedHeads(read, false) }))
	var still []store.Head
	require.NoError(t, st.View(func(tx *store.Tx) error {
		return tx.MovedHeads("", 10, func(h store.Head) { still = append(still, h) })
	}))
	require.Len(t, still, 1)
	require.Greater(t, still[0].Seq, read[0].Seq)
}

func lastCheckpoint(t *testing.T, dir string) checkpoint.Checkpoint {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, checkpoint.LogFile))
	require.NoError(t, err)
	lines := bytes.Split(bytes.TrimSpace(raw), []byte("\n"))
	var cp checkpoint.Checkpoint
	require.NoError(t, json.Unmarshal(lines[len(lines)-1], &cp))
	return cp
}

// requireTimelinesMatch checks every timeline against every head the
// checkpoints saw, as breachctl verify does, and that they saw n
// incidents.
func requireTimelinesMatch(t *testing.T, st *store.Store, seen *checkpoint.Seen, n int) {
	t.Helper()
	require.Len(t, seen.Incidents(), n)
	require.NoError(t, st.View(func(tx *store.Tx) error {
		for _, id := range seen.Incidents() {
			events, err := tx.Timeline(id)
			require.NoError(t, err)
			require.NoError(t, seen.Check(id, events), id)
		}
		return nil
	}))
}

func countLines(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}
