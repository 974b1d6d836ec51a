package daemon_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/internal/logtest"
	"github.com/breachd/breachd/internal/natstest"
)

// breachd runs on the nats-server releases users run, each started as its
// own program (Debian 12's 2.9.10, the oldest supported, and 2.10 in CI):
// the stream, the consumer with its back-off, intake over HTTP and NATS,
// and dead-lettering all work there.
func TestRunsOnTheNATSServersUsersRun(t *testing.T) {
	for _, path := range natstest.Programs(t) {
		t.Run(natstest.Version(t, path), func(t *testing.T) {
			runsOn(t, natstest.StartBinary(t, path))
		})
	}
}

func runsOn(t *testing.T, srv *natstest.Binary) {
	cfg := testConfig(t)
	cfg.NATS.URL = srv.URL
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}

	code, body := c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	code, body = c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return len(c.incidents("")) == 1 }, 10*time.Second, 10*time.Millisecond)

	// A bad alert published on NATS ends on the dead-letter stream.
	nc, err := nats.Connect(srv.URL)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	_, err = js.Publish(t.Context(), "alerts.native.test", []byte(`{"id":"x"`))
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		s, err := js.Stream(t.Context(), ingest.DefaultOptions().DeadLetterStream)
		if err != nil {
			return false
		}
		info, err := s.Info(t.Context())
		return err == nil && info.State.Msgs == 1
	}, 10*time.Second, 20*time.Millisecond)
}

// An external broker that is down at start is waited for: breachd retries
// with a growing delay, logs each attempt, answers /readyz with 503 saying
// what it waits for, and starts when the broker comes.
func TestAnUnreachableBrokerAtStartIsWaitedFor(t *testing.T) {
	port := natstest.FreePort(t)
	cfg := testConfig(t)
	cfg.NATS.URL = fmt.Sprintf("nats://127.0.0.1:%d", port)
	cfg.API.HTTPAddr = fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
	logs := &logtest.Buffer{}
	d := daemon.New(cfg, zerolog.New(logs))
	started := make(chan error, 1)
	go func() { started <- d.Start(t.Context()) }()
	t.Cleanup(func() { _ = d.Stop(context.Background()) })

	c := client{t, "http://" + cfg.API.HTTPAddr}
	require.Eventually(t, func() bool { return len(logs.Lines("nats not reachable")) >= 2 }, 10*time.Second, 10*time.Millisecond)
	code, body := c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Contains(t, string(body), "waiting for NATS at "+cfg.NATS.URL)
	code, _ = c.do("GET", "/healthz", nil)
	require.Equal(t, http.StatusOK, code, "alive while it waits")
	code, body = c.do("GET", "/api/v1/incidents", nil)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Contains(t, string(body), "breachd is starting")
	require.Contains(t, logs.Lines("nats not reachable")[1], `"attempt":2`)

	natstest.StartOn(t, port)
	select {
	case err := <-started:
		require.NoError(t, err)
	case <-time.After(60 * time.Second):
		t.Fatal("breachd did not start once the broker came")
	}
	code, body = c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, c.incidents(""))
	require.NotEmpty(t, logs.Lines("nats reachable"))
}

// Stopping while breachd waits for the broker ends the start with an error
// that says so.
func TestAStopWhileWaitingForTheBrokerEndsTheStart(t *testing.T) {
	cfg := testConfig(t)
	cfg.NATS.URL = fmt.Sprintf("nats://127.0.0.1:%d", natstest.FreePort(t))
	ctx, cancel := context.WithTimeout(t.Context(), 800*time.Millisecond)
	defer cancel()
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)))
	err := d.Start(ctx)
	require.Error(t, err)
	require.Contains(t, err.Error(), "gave up after")
	require.Contains(t, err.Error(), cfg.NATS.URL)
}

// A server older than the oldest supported is refused at start, naming both
// versions. The server here speaks the start of the NATS protocol as
// nats-server 2.8 does: its INFO, then PONG to the client's PING.
func TestATooOldNATSServerIsRefusedByName(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				fmt.Fprintf(conn, "INFO {\"server_id\":\"old\",\"server_name\":\"old\",\"version\":\"2.8.4\",\"proto\":1,\"go\":\"go1.17\",\"host\":\"127.0.0.1\",\"port\":%d,\"headers\":true,\"max_payload\":1048576}\r\n",
					ln.Addr().(*net.TCPAddr).Port)
				r := bufio.NewReader(conn)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if strings.HasPrefix(line, "PING") {
						fmt.Fprint(conn, "PONG\r\n")
					}
				}
			}()
		}
	}()
	cfg := testConfig(t)
	cfg.NATS.URL = "nats://" + ln.Addr().String()
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)))
	err = d.Start(t.Context())
	require.Error(t, err)
	require.Contains(t, err.Error(), "nats-server 2.8.4 is older than "+daemon.MinNATSServer)
}
