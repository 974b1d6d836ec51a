package daemon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/logtest"
)

// checkpoints reads the data directory's checkpoint file, verified: its
// whole lines, since the daemon may be writing the next one.
func checkpoints(t *testing.T, dir string) []checkpoint.Checkpoint {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, checkpoint.LogFile))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	raw = raw[:bytes.LastIndexByte(raw, '\n')+1]
	if len(raw) == 0 {
		return nil
	}
	pubText, err := os.ReadFile(filepath.Join(dir, checkpoint.PublicKeyFile))
	require.NoError(t, err)
	pub, err := checkpoint.ParsePublicKey(string(pubText))
	require.NoError(t, err)
	var cps []checkpoint.Checkpoint
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var c checkpoint.Checkpoint
		require.NoError(t, json.Unmarshal([]byte(line), &c))
		require.NoError(t, c.Verify(pub))
		cps = append(cps, c)
	}
	return cps
}

func TestTheDaemonSignsCheckpointsOfEveryHeadAndLogsThem(t *testing.T) {
	cfg := testConfig(t)
	cfg.CheckpointInterval = 20 * time.Millisecond
	cfg.NATS.Listen = "127.0.0.1:0"
	logs := &logtest.Buffer{}
	d := daemon.New(cfg, zerolog.New(logs))
	require.NoError(t, d.Start(t.Context()))
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = d.Stop(context.Background())
		}
	})

	// The key: made on first start, the owner's alone, its public half
	// logged and written beside it.
	info, err := os.Stat(filepath.Join(cfg.DataDir, checkpoint.KeyFile))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	pubText, err := os.ReadFile(filepath.Join(cfg.DataDir, checkpoint.PublicKeyFile))
	require.NoError(t, err)
	keyLines := logs.Lines(`"message":"checkpoint key"`)
	require.Len(t, keyLines, 1)
	require.Contains(t, keyLines[0], `"public_key":"`+strings.TrimSpace(string(pubText))+`"`)
	require.Contains(t, keyLines[0], `"created":true`)

	require.Eventually(t, func() bool { return len(checkpoints(t, cfg.DataDir)) == 1 }, 10*time.Second, 10*time.Millisecond)
	time.Sleep(100 * time.Millisecond) // several ticks with nothing new
	require.Len(t, checkpoints(t, cfg.DataDir), 1, "unchanged heads are not signed again")

	c := client{t, "http://" + d.HTTPAddr()}
	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool {
		cps := checkpoints(t, cfg.DataDir)
		return len(cps) >= 2 && len(cps[len(cps)-1].Heads) == 1
	}, 10*time.Second, 10*time.Millisecond)
	incs := c.incidents("")
	require.Len(t, incs, 1)

	// The stream has them too, and refuses to give any back.
	_, js := connectNATS(t, d, daemon.IdentityBreachd)
	stream, err := js.Stream(t.Context(), daemon.CheckpointStream)
	require.NoError(t, err)
	msg, err := stream.GetLastMsgForSubject(t.Context(), daemon.CheckpointSubject)
	require.NoError(t, err)
	var published checkpoint.Checkpoint
	require.NoError(t, json.Unmarshal(msg.Data, &published))
	require.Len(t, published.Heads, 1)
	require.Error(t, stream.DeleteMsg(t.Context(), msg.Sequence), "delete is denied")
	require.Error(t, stream.Purge(t.Context()), "purge is denied")

	require.NoError(t, d.Stop(context.Background()))
	stopped = true
	cps := checkpoints(t, cfg.DataDir)
	last := cps[len(cps)-1]
	require.Equal(t, incs[0].ID, last.Heads[0].Incident)
	require.GreaterOrEqual(t, last.Heads[0].Seq, incs[0].TimelineSeq, "the stop signs the heads it leaves")

	// The log names each checkpoint by its digest, in the file's order,
	// and carries none of its heads: a line stays short however many
	// heads a checkpoint signs.
	lines := logs.Lines(`"message":"checkpoint"`)
	require.Len(t, lines, len(cps))
	for i, line := range lines {
		var entry struct {
			Incidents int    `json:"incidents"`
			Digest    string `json:"digest"`
			Prev      string `json:"prev"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &entry))
		require.Equal(t, cps[i].Digest(), entry.Digest)
		require.Equal(t, cps[i].Prev, entry.Prev)
		require.Equal(t, len(cps[i].Heads), entry.Incidents)
		require.NotContains(t, line, `"heads"`)
	}
	pub, err := checkpoint.ParsePublicKey(string(pubText))
	require.NoError(t, err)
	raw, err := os.ReadFile(filepath.Join(cfg.DataDir, checkpoint.LogFile))
	require.NoError(t, err)
	seen, problems, err := checkpoint.Read(bytes.NewReader(raw), pub)
	require.NoError(t, err)
	require.Empty(t, problems)
	require.Empty(t, seen.Gaps)
	require.Equal(t, len(cps), seen.Checkpoints)

	// A second start keeps the key, and signs no head that did not move:
	// not every incident again.
	logs2 := startLogged(t, cfg)
	require.Len(t, logs2.Lines(`"created":false`), 1)
	require.Empty(t, logs2.Lines(`"full":true`))
}
