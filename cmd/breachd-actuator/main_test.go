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
)

func startDaemon(t *testing.T) (*daemon.Daemon, daemon.Config) {
	t.Helper()
	cfg := daemon.Default()
	cfg.DataDir = t.TempDir()
	cfg.API.HTTPAddr = "127.0.0.1:0"
	cfg.NATS.Listen = "127.0.0.1:0"
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel))
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	return d, cfg
}

func TestTheActuatorServesBreachdWithItsIdentity(t *testing.T) {
	d, cfg := startDaemon(t)
	ctx, cancel := context.WithCancel(t.Context())
	var out logtest.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"--nats-url", d.NATSURL(), "--nkey", daemon.NATSIdentityFile(cfg.DataDir, daemon.IdentityActuator)}, &out)
	}()
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
