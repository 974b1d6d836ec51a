package daemon_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/logtest"
	"github.com/breachd/breachd/internal/natstest"
)

// startListening starts a daemon whose embedded server listens on a free
// loopback port, as under make run.
func startListening(t *testing.T) (*daemon.Daemon, daemon.Config) {
	t.Helper()
	cfg := testConfig(t)
	cfg.NATS.Listen = "127.0.0.1:0"
	return start(t, cfg), cfg
}

// violations collects the permission violations the server reports to a
// connection.
type violations chan error

func (v violations) option() nats.Option {
	return nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
		if errors.Is(err, nats.ErrPermissionViolation) {
			select {
			case v <- err:
			default:
			}
		}
	})
}

// next waits for a violation that names subject (others are skipped: a
// JetStream call also subscribes an inbox the identity may not have).
func (v violations) next(t *testing.T, subject string) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case err := <-v:
			if strings.Contains(err.Error(), `"`+subject+`"`) {
				return
			}
		case <-timeout:
			t.Fatalf("no permission violation for %s", subject)
		}
	}
}

// dialAs connects over TCP as a client outside breachd does, with the
// identity's seed file.
func dialAs(t *testing.T, d *daemon.Daemon, cfg daemon.Config, name string, opts ...nats.Option) *nats.Conn {
	t.Helper()
	nkey, err := nats.NkeyOptionFromSeed(daemon.NATSIdentityFile(cfg.DataDir, name))
	require.NoError(t, err)
	nc, err := nats.Connect(d.NATSURL(), append([]nats.Option{nkey}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	return nc
}

func TestTheEmbeddedNATSServerRefusesAClientWithoutAnIdentity(t *testing.T) {
	d, cfg := startListening(t)
	_, err := nats.Connect(d.NATSURL())
	require.ErrorIs(t, err, nats.ErrAuthorization)
	_, err = nats.Connect(strings.Replace(d.NATSURL(), "nats://", "nats://producer:wrong@", 1))
	require.ErrorIs(t, err, nats.ErrAuthorization)

	// The identities are files for their owner only, kept across starts.
	dir := filepath.Join(cfg.DataDir, "nats")
	info, err := os.Stat(dir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm())
	seeds := map[string][]byte{}
	for _, f := range []string{"breachd.nk", "producer.nk", "actuator.nk", "producer.password"} {
		info, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), f)
		seeds[f], err = os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
	}
	require.NoError(t, d.Stop(t.Context()))
	require.NoError(t, os.Chmod(filepath.Join(dir, "producer.nk"), 0o644))
	start(t, cfg)
	info, err = os.Stat(filepath.Join(dir, "producer.nk"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a seed others may read is tightened")
	for f, was := range seeds {
		now, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		require.Equal(t, was, now, "%s is generated once", f)
	}
}

// A producer publishes alerts that become incidents, and can do nothing
// else: neither read the alerts nor touch the streams.
func TestTheProducerIdentityPublishesAlertsAndNothingElse(t *testing.T) {
	d, cfg := startListening(t)
	c := client{t, "http://" + d.HTTPAddr()}
	denied := violations(make(chan error, 16))
	nc := dialAs(t, d, cfg, daemon.IdentityProducer, denied.option(), nats.PermissionErrOnSubscribe(true))
	js, err := jetstream.New(nc)
	require.NoError(t, err)

	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	_, err = js.Publish(t.Context(), "alerts.native.test", alert, jetstream.WithMsgID("gd-7f3a9c1e"))
	require.NoError(t, err, "a JetStream publish, acknowledged")
	var incs []incident.Incident
	require.Eventually(t, func() bool { incs = c.incidents(""); return len(incs) == 1 }, 10*time.Second, 10*time.Millisecond)

	sub, err := nc.SubscribeSync("alerts.>")
	require.NoError(t, err)
	_, err = sub.NextMsg(5 * time.Second)
	require.ErrorIs(t, err, nats.ErrPermissionViolation, "the raw alerts are not the producers' to read")
	denied.next(t, "alerts.>")

	// It may see that the stream is there, as JetStream clients check
	// before they publish, and nothing more.
	info, err := js.Stream(t.Context(), "ALERTS")
	require.NoError(t, err)
	require.Equal(t, "ALERTS", info.CachedInfo().Config.Name)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	require.Error(t, js.DeleteStream(ctx, "ALERTS"))
	denied.next(t, "$JS.API.STREAM.DELETE.ALERTS")
	_, admin := connectNATS(t, d, daemon.IdentityBreachd)
	_, err = admin.Stream(t.Context(), "ALERTS")
	require.NoError(t, err, "the stream is still there")

	// Falcosidekick's way: a URL with the producers' user and password,
	// core NATS on a Falco subject.
	pw, err := os.ReadFile(daemon.NATSProducerPasswordFile(cfg.DataDir))
	require.NoError(t, err)
	u, err := url.Parse(d.NATSURL())
	require.NoError(t, err)
	u.User = url.UserPassword(daemon.ProducerUser, strings.TrimSpace(string(pw)))
	falco, err := nats.Connect(u.String(), denied.option())
	require.NoError(t, err)
	t.Cleanup(falco.Close)
	require.NoError(t, falco.Publish("falco.warning.shell_in_container", []byte(`{}`)))
	require.NoError(t, falco.Publish("breachd.actions.isolate-host", []byte(`{}`)))
	require.NoError(t, falco.Flush())
	denied.next(t, "breachd.actions.isolate-host")
	require.Empty(t, denied, "only the action request was refused")
}

// An actuator serves breachd.actions.> and answers; it can neither
// publish alerts nor read the stream.
func TestTheActuatorIdentityServesActionsAndNothingElse(t *testing.T) {
	d, cfg := startListening(t)
	denied := violations(make(chan error, 16))
	nc := dialAs(t, d, cfg, daemon.IdentityActuator, denied.option())
	_, err := nc.QueueSubscribe("breachd.actions.>", "q", func(m *nats.Msg) { _ = m.Respond([]byte(`{"ok":true}`)) })
	require.NoError(t, err)
	require.NoError(t, nc.Flush())

	breachd, _ := connectNATS(t, d, daemon.IdentityBreachd)
	reply, err := breachd.Request("breachd.actions.isolate-host", []byte(`{}`), 5*time.Second)
	require.NoError(t, err, "the actuator answers breachd")
	require.JSONEq(t, `{"ok":true}`, string(reply.Data))

	require.NoError(t, nc.Publish("alerts.native.test", []byte(`{}`)))
	require.NoError(t, nc.Flush())
	denied.next(t, "alerts.native.test")

	js, err := jetstream.New(nc)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_, err = js.Stream(ctx, "ALERTS")
	require.Error(t, err)
	denied.next(t, "$JS.API.STREAM.INFO.ALERTS")

	_, err = nc.Subscribe("alerts.>", func(*nats.Msg) {})
	require.NoError(t, err)
	denied.next(t, "alerts.>")
}

func TestANonLoopbackNATSListenAddressIsRefused(t *testing.T) {
	_, err := daemon.LoadConfig([]string{"--data-dir", t.TempDir(), "--nats-listen", "0.0.0.0:4222"},
		func(string) string { return "" }, nil)
	require.ErrorContains(t, err, "nats_listen: 0.0.0.0:4222 is not a loopback address")
	require.ErrorContains(t, err, "run a NATS server or cluster with TLS and accounts and point nats_url at it")
}

// The external equivalent, as docs/operators.md configures it: one account with
// JetStream, breachd with every right, producers and actuators with the
// embedded server's permissions, each an nkey user.
func TestTheOperatorsGuidesExternalAccountKeepsTheRolesApart(t *testing.T) {
	for _, path := range natstest.Programs(t) {
		t.Run(natstest.Version(t, path), func(t *testing.T) {
			dir := t.TempDir()
			pub := map[string]string{}
			for _, name := range []string{"breachd", "producer", "actuator"} {
				kp, err := nkeys.CreateUser()
				require.NoError(t, err)
				seed, err := kp.Seed()
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(filepath.Join(dir, name+".nk"), seed, 0o600))
				pub[name], err = kp.PublicKey()
				require.NoError(t, err)
			}
			srv := natstest.StartBinaryWith(t, path, fmt.Sprintf(externalAccount, pub["breachd"], pub["producer"], pub["actuator"]))
			cfg := testConfig(t)
			cfg.NATS.URL, cfg.NATS.NKey = srv.URL, filepath.Join(dir, "breachd.nk")
			d := start(t, cfg)
			c := client{t, "http://" + d.HTTPAddr()}
			seed := func(name string) nats.Option {
				opt, err := nats.NkeyOptionFromSeed(filepath.Join(dir, name+".nk"))
				require.NoError(t, err)
				return opt
			}

			_, err := nats.Connect(srv.URL)
			require.ErrorIs(t, err, nats.ErrAuthorization)

			denied := violations(make(chan error, 16))
			producer, err := nats.Connect(srv.URL, seed("producer"), denied.option())
			require.NoError(t, err)
			defer producer.Close()
			js, err := jetstream.New(producer)
			require.NoError(t, err)
			alert, err := os.ReadFile("../examples/alert.json")
			require.NoError(t, err)
			_, err = js.Publish(t.Context(), "alerts.native.test", alert)
			require.NoError(t, err)
			require.Eventually(t, func() bool { return len(c.incidents("")) == 1 }, 10*time.Second, 10*time.Millisecond)
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			require.Error(t, js.DeleteStream(ctx, "ALERTS"))
			denied.next(t, "$JS.API.STREAM.DELETE.ALERTS")

			actuator, err := nats.Connect(srv.URL, seed("actuator"), denied.option())
			require.NoError(t, err)
			defer actuator.Close()
			_, err = actuator.QueueSubscribe("breachd.actions.>", "q", func(m *nats.Msg) { _ = m.Respond([]byte(`{"ok":true}`)) })
			require.NoError(t, err)
			require.NoError(t, actuator.Flush())
			breachd, err := d.ConnectNATS(daemon.IdentityBreachd)
			require.NoError(t, err)
			defer breachd.Close()
			reply, err := breachd.Request("breachd.actions.isolate-host", []byte(`{}`), 5*time.Second)
			require.NoError(t, err)
			require.JSONEq(t, `{"ok":true}`, string(reply.Data))
			require.NoError(t, actuator.Publish("alerts.native.test", []byte(`{}`)))
			require.NoError(t, actuator.Flush())
			denied.next(t, "alerts.native.test")
		})
	}
}

// externalAccount is the example of docs/operators.md, with the three public keys.
const externalAccount = `
accounts {
  BREACHD {
    jetstream: enabled
    users: [
      # breachd: every right (the streams, its consumer, the actions)
      { nkey: %s }
      # producers: publish alerts; _INBOX.> for their JetStream publish acks; the stream's info
      { nkey: %s, permissions: { publish: ["alerts.>", "falco.>", "$JS.API.STREAM.INFO.ALERTS"], subscribe: ["_INBOX.>"] } }
      # actuators: serve the actions and answer them, publish nothing else
      { nkey: %s, permissions: { subscribe: ["breachd.actions.>", "$SRV.>"], allow_responses: true } }
    ]
  }
}
`

// With a certificate, the embedded server may listen where other hosts
// reach it, and then speaks only TLS: a client without TLS is refused, one
// that trusts the certificate and has an identity publishes alerts.
func TestWithTLSTheEmbeddedServerServesOtherHostsOverTLSOnly(t *testing.T) {
	cert, key := natstest.SelfSignedCert(t)
	cfg := testConfig(t)
	port := natstest.FreePort(t)
	cfg.NATS.Listen = fmt.Sprintf("0.0.0.0:%d", port)
	cfg.NATS.ListenTLSCert, cfg.NATS.ListenTLSKey = cert, key
	logs := &logtest.Buffer{}
	d := daemon.New(cfg, zerolog.New(logs))
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	require.True(t, strings.HasPrefix(d.NATSURL(), "tls://"), d.NATSURL())
	hint := logs.Lines("NATS clients need TLS")
	require.Len(t, hint, 1)
	require.Contains(t, hint[0], "--tlsca "+cert)
	require.Contains(t, hint[0], "--tls-ca "+cert)

	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	producer, err := nats.NkeyOptionFromSeed(daemon.NATSIdentityFile(cfg.DataDir, daemon.IdentityProducer))
	require.NoError(t, err)
	_, err = nats.Connect(url, producer)
	require.Error(t, err, "no TLS, no connection")
	_, err = nats.Connect(url, producer, nats.Secure(&tls.Config{MinVersion: tls.VersionTLS12}))
	require.Error(t, err, "TLS without trusting the certificate")

	nc, err := nats.Connect(url, producer, nats.RootCAs(cert))
	require.NoError(t, err)
	defer nc.Close()
	require.True(t, nc.TLSRequired())
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	_, err = js.Publish(t.Context(), "alerts.native.test", alert, jetstream.WithMsgID("gd-7f3a9c1e"))
	require.NoError(t, err)
	c := client{t, "http://" + d.HTTPAddr()}
	require.Eventually(t, func() bool { return len(c.incidents("")) == 1 }, 10*time.Second, 10*time.Millisecond)
}

func TestAnUnreadableCertificateFailsTheStartNamingTheSetting(t *testing.T) {
	cert, _ := natstest.SelfSignedCert(t)
	cfg := testConfig(t)
	cfg.NATS.Listen = "127.0.0.1:0"
	cfg.NATS.ListenTLSCert, cfg.NATS.ListenTLSKey = cert, filepath.Join(t.TempDir(), "missing.pem")
	d := daemon.New(cfg, zerolog.Nop())
	err := d.Start(t.Context())
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	require.ErrorContains(t, err, "nats_listen_tls_cert, nats_listen_tls_key: ")
	require.ErrorContains(t, err, "missing.pem")
}
