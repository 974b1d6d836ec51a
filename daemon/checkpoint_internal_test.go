package daemon

import (
	"crypto/ed25519"
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
	st, err := store.Open(filepath.Join(dir, "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	require.NoError(t, st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for i := range 5 {
			a := &incident.Alert{ID: fmt.Sprintf("a-%d", i), Source: "s", Kind: "k", Time: now, Severity: incident.SeverityHigh,
				Title: "t", Asset: incident.Asset{ID: fmt.Sprintf("host-%d", i), Type: "host"}}
			if _, err := tr.Add(a, now); err != nil {
				return err
			}
		}
		return tx.Apply(tr.Changes())
	}))
	c, err := newCheckpointer(st, dir, func() time.Time { return now }, zerolog.Nop())
	require.NoError(t, err)
	c.maxHeads = 2
	require.NoError(t, c.take())

	raw, err := os.ReadFile(filepath.Join(dir, checkpoint.LogFile))
	require.NoError(t, err)
	require.Equal(t, 3, countLines(raw), "5 heads, 2 a checkpoint")
	f, err := os.Open(filepath.Join(dir, checkpoint.LogFile))
	require.NoError(t, err)
	defer f.Close()
	seen, problems, err := checkpoint.Read(f, c.key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	require.Empty(t, problems)
	require.Empty(t, seen.Gaps, "one chain")
	require.Len(t, seen.Incidents(), 5)
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
