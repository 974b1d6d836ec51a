package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The systemd unit of deploy/ is one systemd accepts (systemd-analyze
// verify, where systemd is installed), starts the binary installed where
// its comment says, reloads with SIGHUP, and keeps its hardening.
func TestTheSystemdUnitVerifies(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/breachd.service")
	require.NoError(t, err)
	unit := string(raw)
	for _, want := range []string{
		"ExecStart=/usr/local/bin/breachd\n", "ExecReload=/bin/kill -HUP $MAINPID", "DynamicUser=yes", "StateDirectory=breachd",
		"StateDirectoryMode=0700", "Environment=BREACHD_DATA_DIR=/var/lib/breachd", "NoNewPrivileges=yes", "ProtectSystem=strict",
		"CapabilityBoundingSet=\n", "SystemCallFilter=@system-service", "UMask=0077",
	} {
		require.Contains(t, unit, want)
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not found: the unit is not verified here")
	}
	bin := buildDaemon(t)
	path := filepath.Join(t.TempDir(), "breachd.service")
	require.NoError(t, os.WriteFile(path, []byte(strings.ReplaceAll(unit, "/usr/local/bin/breachd", bin)), 0o644))
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	require.NoError(t, err, "systemd-analyze verify: %s", out)
	require.Empty(t, strings.TrimSpace(string(out)), "no warning")
}

// The container image builds the binaries static, with the time zones the
// deadlines need inside, and runs them as a user without privileges on a
// volume. (Building it needs Docker and the network: make image.)
func TestTheDockerfileBuildsWhatItRuns(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/Dockerfile")
	require.NoError(t, err)
	df := string(raw)
	for _, want := range []string{"CGO_ENABLED=0", "-tags timetzdata", "FROM scratch", "USER 65532:65532", "VOLUME /data",
		"BREACHD_DATA_DIR=/data", "ca-certificates.crt", `ENTRYPOINT ["/usr/local/bin/breachd"]`} {
		require.Contains(t, df, want)
	}
}
