package checkpoint_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/incident"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func key(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	k, created, err := checkpoint.LoadOrCreateKey(t.TempDir())
	require.NoError(t, err)
	require.True(t, created)
	return k
}

// notes returns a timeline of n note events, as breachd records them.
func notes(t *testing.T, id string, n int) []incident.Event {
	t.Helper()
	inc := &incident.Incident{ID: id, Status: incident.StatusOpen, Severity: incident.SeverityHigh, AlertCount: 1}
	var events []incident.Event
	for i := range n {
		es, err := inc.AddNote("note", "alice", t0.Add(time.Duration(i)*time.Minute))
		require.NoError(t, err)
		events = append(events, es...)
	}
	return events
}

func TestTheKeyIsMadeOnceKeptPrivateAndItsPublicHalfWrittenBeside(t *testing.T) {
	dir := t.TempDir()
	k, created, err := checkpoint.LoadOrCreateKey(dir)
	require.NoError(t, err)
	require.True(t, created)
	fi, err := os.Stat(filepath.Join(dir, checkpoint.KeyFile))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	again, created, err := checkpoint.LoadOrCreateKey(dir)
	require.NoError(t, err)
	require.False(t, created)
	require.Equal(t, k, again)

	raw, err := os.ReadFile(filepath.Join(dir, checkpoint.PublicKeyFile))
	require.NoError(t, err)
	pub, err := checkpoint.ParsePublicKey(string(raw))
	require.NoError(t, err)
	require.Equal(t, k.Public(), pub)
}

func TestACheckpointVerifiesOnlyAsSigned(t *testing.T) {
	k := key(t)
	pub := k.Public().(ed25519.PublicKey)
	heads := []checkpoint.Head{{Incident: "INC-2026-0002", Seq: 3, Hash: "bb"}, {Incident: "INC-2026-0001", Seq: 5, Hash: "aa"}}
	c := checkpoint.Sign(k, t0, heads)
	require.NoError(t, c.Verify(pub))
	require.Equal(t, "INC-2026-0001", c.Heads[0].Incident, "sorted")
	h, ok := c.Head("INC-2026-0002")
	require.True(t, ok)
	require.Equal(t, uint64(3), h.Seq)

	for name, edit := range map[string]func(c *checkpoint.Checkpoint){
		"a head moved back":   func(c *checkpoint.Checkpoint) { c.Heads[0].Seq = 4 },
		"an incident dropped": func(c *checkpoint.Checkpoint) { c.Heads = c.Heads[1:] },
		"the time moved":      func(c *checkpoint.Checkpoint) { c.Time = c.Time.Add(time.Hour) },
		"another key's":       func(c *checkpoint.Checkpoint) { *c = checkpoint.Sign(key(t), c.Time, c.Heads) },
	} {
		t.Run(name+" is refused", func(t *testing.T) {
			c := checkpoint.Sign(k, t0, heads)
			edit(&c)
			require.ErrorIs(t, c.Verify(pub), checkpoint.ErrBadSignature)
		})
	}
}

func TestCheckFindsATimelineCutOrRewrittenAfterTheCheckpoint(t *testing.T) {
	events := notes(t, "INC-2026-0001", 5)
	c := checkpoint.Sign(key(t), t0, []checkpoint.Head{{Incident: "INC-2026-0001", Seq: 4, Hash: events[3].Hash}})
	h, _ := c.Head("INC-2026-0001")
	require.NoError(t, c.Check(h, events), "grown since")
	require.NoError(t, c.Check(h, events[:4]))
	require.ErrorContains(t, c.Check(h, events[:3]), "saw event 4 (head "+events[3].Hash[:12]+"…), but the timeline ends at event 3: events were removed")
	other := notes(t, "INC-2026-0001", 5)
	other[3].Hash = strings.Repeat("f", 64)
	require.ErrorContains(t, c.Check(h, other), "the timeline was rewritten")
}

func TestLatestReadsTheFileAndTheLogAndRefusesForgeries(t *testing.T) {
	k := key(t)
	pub := k.Public().(ed25519.PublicKey)
	path := filepath.Join(t.TempDir(), checkpoint.LogFile)
	older := checkpoint.Sign(k, t0, []checkpoint.Head{{Incident: "INC-2026-0001", Seq: 1, Hash: "aa"}})
	newer := checkpoint.Sign(k, t0.Add(5*time.Minute), []checkpoint.Head{{Incident: "INC-2026-0001", Seq: 2, Hash: "bb"}})
	require.NoError(t, checkpoint.Append(path, older))
	require.NoError(t, checkpoint.Append(path, newer))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	seen, problems, err := checkpoint.Read(f, pub)
	require.NoError(t, err)
	require.Empty(t, problems)
	require.Equal(t, 2, seen.Checkpoints)
	require.Equal(t, newer.Time, seen.Latest)
	require.Equal(t, []string{"INC-2026-0001"}, seen.Incidents())

	// A log with a forged later checkpoint (another key) and the real one
	// as breachd logs it.
	forged := checkpoint.Sign(key(t), t0.Add(time.Hour), nil)
	logLine, err := json.Marshal(map[string]any{"level": "info", "message": "checkpoint", "checkpoint": older})
	require.NoError(t, err)
	forgedLine, err := json.Marshal(forged)
	require.NoError(t, err)
	log := "not json\n" + string(logLine) + "\n" + `{"level":"info","message":"other"}` + "\n" + string(forgedLine) + "\n"
	seen, problems, err = checkpoint.Read(strings.NewReader(log), pub)
	require.NoError(t, err)
	require.Equal(t, 1, seen.Checkpoints)
	require.Equal(t, older.Time, seen.Latest)
	require.Len(t, problems, 1)
	require.ErrorContains(t, problems[0], "line 4: checkpoint of 2026-11-23T10:00:00Z: signature does not verify")
}

func TestEveryHeadEverSeenMustStillBeThere(t *testing.T) {
	k := key(t)
	events := notes(t, "INC-2026-0001", 5)
	var log strings.Builder
	for _, seq := range []int{2, 4, 4} {
		line, err := json.Marshal(checkpoint.Sign(k, t0.Add(time.Duration(seq)*time.Minute),
			[]checkpoint.Head{{Incident: "INC-2026-0001", Seq: uint64(seq), Hash: events[seq-1].Hash}}))
		require.NoError(t, err)
		log.WriteString(string(line) + "\n")
	}
	// After the timeline was cut to 3 events and re-hashed from event 3
	// on, while breachd was stopped, a later checkpoint signed it.
	cut := notes(t, "INC-2026-0001", 3)
	cut[2].Hash = strings.Repeat("e", 64)
	line, err := json.Marshal(checkpoint.Sign(k, t0.Add(time.Hour), []checkpoint.Head{{Incident: "INC-2026-0001", Seq: 3, Hash: cut[2].Hash}}))
	require.NoError(t, err)
	log.WriteString(string(line) + "\n")

	seen, problems, err := checkpoint.Read(strings.NewReader(log.String()), k.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	require.Empty(t, problems)
	require.ErrorContains(t, seen.Check("INC-2026-0001", events), "the checkpoint of 2026-11-23T10:00:00Z saw event 3", "the checkpoints disagree")
	require.ErrorContains(t, seen.Check("INC-2026-0001", cut), "the checkpoint of 2026-11-23T09:04:00Z saw event 4")
	require.True(t, seen.Saw("INC-2026-0001"))
	require.False(t, seen.Saw("INC-2026-0002"))
}

// The checkpoints are a chain: one removed from between two others, or
// from before the first read, is seen; the file read whole is intact.
func TestACheckpointRemovedFromTheChainIsSeen(t *testing.T) {
	k := key(t)
	var lines []string
	prev := ""
	for i := range 4 {
		c := checkpoint.SignAfter(k, t0.Add(time.Duration(i)*time.Minute), []checkpoint.Head{{Incident: "INC-2026-0001", Seq: uint64(i + 1), Hash: fmt.Sprintf("h%d", i)}}, prev)
		prev = c.Digest()
		line, err := json.Marshal(c)
		require.NoError(t, err)
		lines = append(lines, string(line))
	}
	pub := k.Public().(ed25519.PublicKey)
	read := func(ls ...string) *checkpoint.Seen {
		seen, problems, err := checkpoint.Read(strings.NewReader(strings.Join(ls, "\n")), pub)
		require.NoError(t, err)
		require.Empty(t, problems, "every line still verifies on its own")
		return seen
	}
	require.Empty(t, read(lines...).Gaps)
	gaps := read(lines[0], lines[1], lines[3]).Gaps
	require.Len(t, gaps, 1)
	require.ErrorContains(t, gaps[0], "line 3: the checkpoint of 2026")
	require.ErrorContains(t, gaps[0], "does not follow the one of line 2: checkpoints were removed between them")
	gaps = read(lines[1:]...).Gaps
	require.Len(t, gaps, 1)
	require.ErrorContains(t, gaps[0], "follows one that is not here")
	require.Empty(t, read(lines[0], lines[1], lines[1], lines[2]).Gaps, "a checkpoint read twice is no gap")

	// A chain goes on across restarts from the file's last checkpoint.
	path := filepath.Join(t.TempDir(), checkpoint.LogFile)
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	last, err := checkpoint.LastDigest(path)
	require.NoError(t, err)
	require.Equal(t, prev, last)
	// A long file is read from its tail.
	long := filepath.Join(t.TempDir(), checkpoint.LogFile)
	filler := strings.Repeat(lines[0]+"\n", 3<<20/len(lines[0]))
	require.NoError(t, os.WriteFile(long, []byte(filler+strings.Join(lines, "\n")+"\n"), 0o600))
	last, err = checkpoint.LastDigest(long)
	require.NoError(t, err)
	require.Equal(t, prev, last)
	none, err := checkpoint.LastDigest(filepath.Join(t.TempDir(), "absent"))
	require.NoError(t, err)
	require.Empty(t, none)
}
