package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// buildBreachd builds the breachd binary into a temporary directory.
func buildBreachd(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "breachd")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/breachd/breachd/cmd/breachd").CombinedOutput()
	require.NoError(t, err, "go build breachd: %s", out)
	return bin
}

// runChaos runs the tool in-process and returns its report.
func runChaos(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), args, &stdout, &stderr)
	t.Logf("progress:\n%s", stderr.String())
	return stdout.String(), err
}

// The short form of the chaos run: the real binary killed twice, then
// stopped once with SIGTERM, alerts flowing all along; each acknowledged
// alert is counted once.
func TestNoAcknowledgedAlertIsLostOrCountedTwiceAcrossKillsAndStops(t *testing.T) {
	if testing.Short() {
		t.Skip("runs breachd as a child process for several seconds")
	}
	bin := buildBreachd(t)
	for _, tc := range []struct{ mode, cycles string }{{"kill", "2"}, {"term", "1"}} {
		t.Run(tc.mode, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			out, err := runChaos(t, "--breachd", bin, "--data-dir", dir, "--mode", tc.mode,
				"--alerts", "600", "--fingerprints", "20", "--cycles", tc.cycles, "--every", "1s", "--timeout", "30s")
			if err != nil {
				log, _ := os.ReadFile(filepath.Join(dir, "breachd.log"))
				t.Logf("breachd's log:\n%s", log)
			}
			require.NoError(t, err, out)
			require.Contains(t, out, "acked:      600 of 600 alerts")
			require.Contains(t, out, "counted:    600 alerts")
			require.Contains(t, out, "incidents:  20\n")
			require.Contains(t, out, "PASS")
		})
	}
}

func TestBadFlagsAreRefusedBeforeAnythingStarts(t *testing.T) {
	bin, err := os.Executable() // any executable file will do: nothing runs
	require.NoError(t, err)
	full := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(full, "breachd.db"), nil, 0o600))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"an unknown mode", []string{"--breachd", bin, "--data-dir", t.TempDir(), "--mode", "flood"}, `--mode "flood": want kill, term or disk-full`},
		{"a data directory that holds something", []string{"--breachd", bin, "--data-dir", full}, "is not empty (it holds breachd.db)"},
		{"no binary", []string{"--data-dir", t.TempDir()}, "--breachd is required"},
		{"a binary that is not there", []string{"--breachd", filepath.Join(t.TempDir(), "nope"), "--data-dir", t.TempDir()}, "--breachd: "},
		{"no data directory", []string{"--breachd", bin}, "--data-dir is required"},
		{"no alerts", []string{"--breachd", bin, "--data-dir", t.TempDir(), "--alerts", "0"}, "--alerts must be at least 1"},
		{"a disk-full run on a large filesystem", []string{"--breachd", bin, "--data-dir", t.TempDir(), "--mode", "disk-full"}, "mount a small one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "mount a small one" && checkSmallFS(os.TempDir()) == nil {
				t.Skip("the temporary directory is on a small filesystem")
			}
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tc.args, &stdout, &stderr)
			require.ErrorContains(t, err, tc.want)
			require.Empty(t, stdout.String(), "no report without a run")
		})
	}
}

func TestANewDataDirectoryIsCreated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	require.NoError(t, freshDir(dir))
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	require.True(t, fi.IsDir())
}

// The short form of the disk-full run, where a small filesystem can be
// mounted (as root, as CI runs): the disk under breachd fills while alerts
// flow, is freed, and breachd recovers its embedded JetStream by itself;
// every acknowledged alert is counted once.
func TestBreachdRecoversFromAFullDiskWithoutLosingAnAlert(t *testing.T) {
	if testing.Short() {
		t.Skip("runs breachd as a child process for several seconds")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("a small filesystem cannot be mounted here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", mnt, err, out)
		}
	})
	bin := buildBreachd(t)
	dir := filepath.Join(mnt, "data")
	logFile := filepath.Join(t.TempDir(), "breachd.log")
	out, err := runChaos(t, "--breachd", bin, "--data-dir", dir, "--log", logFile, "--mode", "disk-full",
		"--alerts", "1500", "--fingerprints", "20", "--hold", "3s", "--timeout", "60s")
	log, _ := os.ReadFile(logFile)
	if err != nil {
		t.Logf("breachd's log:\n%s", log)
	}
	require.NoError(t, err, out)
	require.Contains(t, out, "acked:      1500 of 1500 alerts")
	require.Contains(t, out, "counted:    1500 alerts")
	require.Contains(t, out, "PASS")
	require.Contains(t, string(log), "the embedded JetStream runs again", "it was the restart that brought intake back")
}
