package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// startLogged starts bin with args and hands on each JSON line it logs.
func startLogged(t *testing.T, bin string, args ...string) (*exec.Cmd, <-chan map[string]any) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan map[string]any, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
		close(lines)
	}()
	return cmd, lines
}

// SIGHUP reloads the playbooks and the console's users file: a broken set is refused with its problems
// logged and the daemon keeps running; a good one is put in force.
func TestSIGHUPReloadsThePlaybooks(t *testing.T) {
	bin := buildDaemon(t)
	dir := t.TempDir()
	quiet := "name: quiet\nmatch: false\nsteps:\n  - name: pause\n    wait: 1h\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "quiet.yaml"), []byte(quiet), 0o600))
	users := filepath.Join(t.TempDir(), "users.yaml")
	require.NoError(t, os.WriteFile(users, []byte("users:\n  - name: dpo\n    password_hash: \"$2a$04$bOdyzi6rRiwUP3fK2hlvjO0b6ZdrRW8QXv45a2E9WhqfvW/PHwq7e\"\n    roles: [privacy]\n"), 0o600))
	cmd, lines := startLogged(t, bin, "--data-dir", t.TempDir(), "--http-addr", "127.0.0.1:0", "--nats-listen", "none",
		"--log-format", "json", "--playbooks", dir, "--console-users-file", users)
	waitFor := func(message string) map[string]any {
		t.Helper()
		deadline := time.After(60 * time.Second)
		for {
			select {
			case m, ok := <-lines:
				require.True(t, ok, "the daemon exited while waiting for %q", message)
				if m["message"] == message {
					return m
				}
			case <-deadline:
				t.Fatalf("no %q line", message)
			}
		}
	}
	started := waitFor("breachd started")
	require.Equal(t, dir, started["playbooks"])

	broken := filepath.Join(dir, "broken.yaml")
	require.NoError(t, os.WriteFile(broken, []byte("name: broken\nmatch: alert.kind ==\nsteps:\n  - name: x\n    action: launch_missiles\n"), 0o600))
	require.NoError(t, cmd.Process.Signal(syscall.SIGHUP))
	// One line says how many problems there are, then one line each.
	refused := waitFor("playbooks not reloaded: the set in force keeps running")
	n, ok := refused["problems"].(float64)
	require.True(t, ok, "the first line counts the problems: %v", refused)
	var problems []string
	for range int(n) {
		problems = append(problems, waitFor("playbooks not reloaded: the set in force keeps running")["problem"].(string))
	}
	all := strings.Join(problems, "\n")
	require.Contains(t, all, broken+":2:")
	require.Contains(t, all, "launch_missiles")

	require.NoError(t, os.WriteFile(broken, []byte("name: fixed\nmatch: false\nsteps:\n  - name: pause\n    wait: 1h\n"), 0o600))
	require.NoError(t, cmd.Process.Signal(syscall.SIGHUP))
	loaded := waitFor("playbooks loaded")
	require.EqualValues(t, 2, loaded["playbooks"])
	// The console's users file is read again too.
	require.EqualValues(t, 1, waitFor("console users loaded")["users"])

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	waitFor("breachd stopped")
	require.NoError(t, cmd.Wait())
}
