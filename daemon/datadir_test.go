package daemon_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/logtest"
)

// startLogged starts the daemon on cfg with its log in a buffer, and stops it.
func startLogged(t *testing.T, cfg daemon.Config) *logtest.Buffer {
	t.Helper()
	logs := &logtest.Buffer{}
	d := daemon.New(cfg, zerolog.New(logs))
	require.NoError(t, d.Start(t.Context()))
	require.NoError(t, d.Stop(context.Background()))
	return logs
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Mode().Perm()
}

// A data directory others may read is tightened to 0700 at start, once,
// and the log says so; a new one is made 0700 without a word.
func TestAnOpenDataDirectoryIsTightenedAtStart(t *testing.T) {
	cfg := testConfig(t)
	require.NoError(t, os.Chmod(cfg.DataDir, 0o755))

	logs := startLogged(t, cfg)
	require.Equal(t, fs.FileMode(0o700), mode(t, cfg.DataDir))
	lines := logs.Lines("data directory tightened")
	require.Len(t, lines, 1, logs.String())
	require.Contains(t, lines[0], `"was":"0755"`)
	require.Contains(t, lines[0], `"now":"0700"`)
	require.Equal(t, fs.FileMode(0o600), mode(t, cfg.DBPath()), "the database inside stays private")

	logs = startLogged(t, cfg)
	require.Empty(t, logs.Lines("data directory"), "a private directory is left alone")

	fresh := testConfig(t)
	fresh.DataDir = filepath.Join(t.TempDir(), "new", "data")
	logs = startLogged(t, fresh)
	require.Equal(t, fs.FileMode(0o700), mode(t, fresh.DataDir))
	require.Empty(t, logs.Lines("data directory"))
}
