package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
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

// helpEnv is every BREACHD_ variable --help names.
func helpEnv(t *testing.T) map[string]bool {
	t.Helper()
	var stdout, stderr strings.Builder
	require.Equal(t, 0, run([]string{"--help"}, func(string) string { return "" }, &stdout, &stderr))
	known := map[string]bool{}
	for _, f := range strings.Fields(stdout.String() + stderr.String()) {
		if f = strings.Trim(f, "()[],.:;$"); strings.HasPrefix(f, "BREACHD_") {
			known[f] = true
		}
	}
	require.NotEmpty(t, known)
	return known
}

// The three-node examples of deploy/cluster set only real settings, each
// node its own name and API URL, all of them the same routes and three
// replicas.
func TestTheClusterExamplesSetRealSettings(t *testing.T) {
	known := helpEnv(t)
	check := func(where string, env map[string]string) {
		for k := range env {
			require.True(t, known[k], "%s sets %s, which is no setting", where, k)
		}
		require.Equal(t, "3", env["BREACHD_STREAM_REPLICAS"], where)
		require.Contains(t, env["BREACHD_NATS_ROUTES"], "nats-route://", where)
		require.NotEmpty(t, env["BREACHD_NATS_CLUSTER_LISTEN"], where)
		require.NotEmpty(t, env["BREACHD_NATS_CLUSTER_TLS_CA"], where)
	}
	names, urls := map[string]bool{}, map[string]bool{}
	for n := 1; n <= 3; n++ {
		raw, err := os.ReadFile(fmt.Sprintf("../../deploy/cluster/node-%d.env", n))
		require.NoError(t, err)
		env := map[string]string{}
		for _, line := range strings.Split(string(raw), "\n") {
			if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, ok := strings.Cut(line, "=")
			require.True(t, ok, "node-%d.env: %q", n, line)
			env[k] = v
		}
		check(fmt.Sprintf("node-%d.env", n), env)
		names[env["BREACHD_NATS_SERVER_NAME"]], urls[env["BREACHD_API_URL"]] = true, true
	}
	require.Len(t, names, 3)
	require.Len(t, urls, 3)

	raw, err := os.ReadFile("../../deploy/cluster/compose.yaml")
	require.NoError(t, err)
	var compose struct {
		Services map[string]struct {
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &compose))
	names, urls = map[string]bool{}, map[string]bool{}
	for _, name := range []string{"node-1", "node-2", "node-3"} {
		svc, ok := compose.Services[name]
		require.True(t, ok, name)
		check("compose.yaml "+name, svc.Environment)
		require.Equal(t, name, svc.Environment["BREACHD_NATS_SERVER_NAME"])
		names[name], urls[svc.Environment["BREACHD_API_URL"]] = true, true
	}
	require.Len(t, urls, 3)
	require.Equal(t, "nats-identities", compose.Services["identities"].Command[0])
}
