package main

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
)

// buildDaemon compiles breachd once for the tests of this file.
func buildDaemon(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "breachd")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

func TestTheDaemonStartsServesAndStopsOnSIGTERM(t *testing.T) {
	bin := buildDaemon(t)
	data := t.TempDir()
	const secret = "s3cret-token-4a7f"
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(secret+"\n"), 0o600))
	cmd, lines := startLogged(t, bin, "--data-dir", data, "--http-addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--log-format", "json",
		"--api-token-file", tokenFile)
	var started, hint map[string]any
	deadline := time.After(60 * time.Second)
	for hint == nil {
		select {
		case m, ok := <-lines:
			require.True(t, ok, "the daemon exited before it started")
			msg, _ := m["message"].(string)
			require.NotContains(t, msg, secret, "the token is never logged")
			switch {
			case msg == "breachd started":
				started = m
			case strings.HasPrefix(msg, "send a first alert"):
				hint = m
			}
		case <-deadline:
			t.Fatal("no start line and hint")
		}
	}
	require.NotNil(t, started)
	require.Equal(t, filepath.Join(data, "breachd.db"), started["db"], "the start line says where the database is")
	require.Contains(t, started["nats"], "nats://127.0.0.1:", "and where NATS listens")
	require.Contains(t, started["jetstream"], filepath.Join(data, "jetstream"), "and where the embedded JetStream keeps its store")
	require.Contains(t, hint["message"], `curl -sS -H "Authorization: Bearer $BREACHD_API_TOKEN" `+started["api"].(string)+"/api/v1/incidents",
		"the curl example carries the token, by its variable")
	require.Contains(t, hint["message"], `export BREACHD_API_TOKEN="$(cat `+tokenFile+`)"`)
	api, _ := started["api"].(string)
	resp, err := http.Get(api + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	var stopped bool
	for m := range lines {
		if m["message"] == "breachd stopped" {
			stopped = true
		}
	}
	require.NoError(t, cmd.Wait(), "a clean stop exits 0")
	require.True(t, stopped, "the last word is that it stopped")
}

func TestABadFlagExitsWithStatus2AndSaysWhy(t *testing.T) {
	bin := buildDaemon(t)
	cmd := exec.Command(bin, "--log-format", "xml", "--data-dir", t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "%v", err)
	require.Equal(t, 2, exit.ExitCode())
	require.Contains(t, stderr.String(), `log_format: "xml" (want json or console)`)
}

func TestVersionPrintsTheBuildAndExits0(t *testing.T) {
	var stdout, stderr strings.Builder
	code := run([]string{"--data-dir", t.TempDir(), "--version"}, func(string) string { return "" }, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	require.Regexp(t, `^breachd \S+ commit \S+ (\(modified\) )?date \S+`, stdout.String())
	require.Empty(t, stderr.String())
}

// make build sets the commit and date with -ldflags where the toolchain
// stamps none (outside a git checkout, or with -buildvcs=false).
func TestVersionOfABuildWithLdflags(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "breachd")
	const pkg = "github.com/breachd/breachd/internal/version"
	out, err := exec.Command("go", "build", "-buildvcs=false",
		"-ldflags", "-X "+pkg+".commit=0123abc -X "+pkg+".date=2026-12-07T12:00:00Z -X "+pkg+".version=v1.2.3",
		"-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	out, err = exec.Command(bin, "--version").Output()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(out), "breachd v1.2.3 commit 0123abc date 2026-12-07T12:00:00Z go"), string(out))
}

// "breachd nats-identities" makes the set the nodes of a cluster share, in
// <data-dir>/nats, private, and a second run keeps it as it is.
func TestNATSIdentitiesMakesTheSharedSetAndExits0(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "shared")
	var stdout, stderr strings.Builder
	code := run([]string{"nats-identities", "--data-dir", dataDir}, func(string) string { return "" }, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	require.Contains(t, stdout.String(), filepath.Join(dataDir, "nats"))
	info, err := os.Stat(filepath.Join(dataDir, "nats"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm())
	files := []string{daemon.NATSRoutePasswordFile(dataDir), daemon.NATSProducerPasswordFile(dataDir)}
	for _, name := range []string{daemon.IdentityBreachd, daemon.IdentityProducer, daemon.IdentityActuator} {
		files = append(files, daemon.NATSIdentityFile(dataDir, name))
	}
	before := map[string][]byte{}
	for _, f := range files {
		info, err := os.Stat(f)
		require.NoError(t, err, f)
		require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), f)
		before[f], err = os.ReadFile(f)
		require.NoError(t, err)
	}
	// No database and no JetStream store: nothing but the identities.
	_, err = os.Stat(filepath.Join(dataDir, "breachd.db"))
	require.True(t, os.IsNotExist(err))

	code = run([]string{"nats-identities", "--data-dir", dataDir}, func(string) string { return "" }, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, f := range files {
		after, err := os.ReadFile(f)
		require.NoError(t, err)
		require.Equal(t, before[f], after, f)
	}
}
