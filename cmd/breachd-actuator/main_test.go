package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/logtest"
	"github.com/breachd/breachd/internal/natstest"
)

func startDaemon(t *testing.T, edits ...func(*daemon.Config)) (*daemon.Daemon, daemon.Config) {
	t.Helper()
	cfg := daemon.Default()
	cfg.DataDir = t.TempDir()
	cfg.API.HTTPAddr = "127.0.0.1:0"
	cfg.NATS.Listen = "127.0.0.1:0"
	for _, edit := range edits {
		edit(&cfg)
	}
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel))
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	return d, cfg
}

func TestTheActuatorServesBreachdWithItsIdentity(t *testing.T) {
	d, cfg := startDaemon(t)
	serves(t, d, "--nats-url", d.NATSURL(), "--nkey", daemon.NATSIdentityFile(cfg.DataDir, daemon.IdentityActuator))
}

// Over TLS, with the server's certificate as its CA.
func TestTheActuatorServesBreachdOverTLS(t *testing.T) {
	cert, key := natstest.SelfSignedCert(t)
	d, cfg := startDaemon(t, func(c *daemon.Config) { c.NATS.ListenTLSCert, c.NATS.ListenTLSKey = cert, key })
	serves(t, d, "--nats-url", d.NATSURL(), "--tls-ca", cert, "--nkey", daemon.NATSIdentityFile(cfg.DataDir, daemon.IdentityActuator))
}

// serves runs the actuator with args and checks that it answers breachd's
// action requests, then stops cleanly.
func serves(t *testing.T, d *daemon.Daemon, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var out logtest.Buffer
	done := make(chan int)
	go func() { done <- run(ctx, args, &out) }()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "serving breachd.actions.>") }, 10*time.Second, 10*time.Millisecond, out.String())

	nc, err := d.ConnectNATS(daemon.IdentityBreachd)
	require.NoError(t, err)
	defer nc.Close()
	reply, err := nc.Request("breachd.actions.isolate-host",
		[]byte(`{"action":"isolate-host","idempotency_key":"k-1","incident":"INC-1"}`), 5*time.Second)
	require.NoError(t, err)
	require.Contains(t, string(reply.Data), `"ok":true`)

	cancel()
	require.Equal(t, 0, <-done)
}

func TestWithoutAnIdentityTheActuatorSaysWhichOneItNeeds(t *testing.T) {
	d, _ := startDaemon(t)
	t.Chdir(t.TempDir()) // no ./data/nats/actuator.nk here
	t.Setenv("BREACHD_NATS_NKEY", "")
	var out logtest.Buffer
	require.Equal(t, 1, run(t.Context(), []string{"--nats-url", d.NATSURL()}, &out))
	require.Contains(t, out.String(), "Authorization Violation")
	require.Contains(t, out.String(), "--nkey <data_dir>/nats/actuator.nk")
}
