package daemon_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/internal/natstest"
)

// sharedNATSDir writes what every node of a cluster must share, as an
// operator copies it from the first node: a seed per identity and the
// producers' and the routes' passwords.
func sharedNATSDir(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	for _, name := range []string{daemon.IdentityBreachd, daemon.IdentityProducer, daemon.IdentityActuator} {
		kp, err := nkeys.CreateUser()
		require.NoError(t, err)
		seed, err := kp.Seed()
		require.NoError(t, err)
		path := daemon.NATSIdentityFile(src, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
		require.NoError(t, os.WriteFile(path, seed, 0o600))
	}
	require.NoError(t, os.WriteFile(daemon.NATSProducerPasswordFile(src), []byte("producer-pw\n"), 0o600))
	require.NoError(t, os.WriteFile(daemon.NATSRoutePasswordFile(src), []byte("route-pw\n"), 0o600))
	return filepath.Dir(daemon.NATSIdentityFile(src, daemon.IdentityBreachd))
}

// clusterConfigs are three nodes on loopback whose embedded servers form a
// cluster with mutual TLS on its routes, each node's data directory
// holding a copy of shared.
func clusterConfigs(t *testing.T, shared string) []daemon.Config {
	t.Helper()
	cert, key := natstest.SelfSignedCert(t)
	ports := []int{natstest.FreePort(t), natstest.FreePort(t), natstest.FreePort(t)}
	var routes []string
	for _, p := range ports {
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", p))
	}
	cfgs := make([]daemon.Config, len(ports))
	for i, p := range ports {
		cfg := testConfig(t)
		require.NoError(t, os.CopyFS(filepath.Join(cfg.DataDir, "nats"), os.DirFS(shared)))
		// A fixed port, the same after a restart, for the producers.
		cfg.NATS.Listen = fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
		cfg.NATS.ServerName = fmt.Sprintf("node-%d", i+1)
		cfg.NATS.Cluster.Listen = fmt.Sprintf("127.0.0.1:%d", p)
		cfg.NATS.Cluster.Routes = routes
		cfg.NATS.Cluster.TLSCert, cfg.NATS.Cluster.TLSKey, cfg.NATS.Cluster.TLSCA = cert, key, cert
		cfg.Ingest.StreamReplicas = 3
		// A dead leader's unacknowledged alerts come back to the next
		// one quickly.
		cfg.Ingest.AckWait = 3 * time.Second
		cfgs[i] = cfg
	}
	return cfgs
}

// startCluster starts three nodes sharing shared at once, as they wait
// for each other's servers to elect a JetStream leader. The route ports
// are free when picked, but another test process may take one before its
// server listens: then the nodes are started again on other ports.
func startCluster(t *testing.T, shared string) []*daemon.Daemon {
	t.Helper()
	ds, _ := startClusterWith(t, shared, nil)
	return ds
}

// startClusterWith is startCluster with each node's configuration changed
// by tweak (when not nil); it returns the configurations too, to restart
// a node with.
func startClusterWith(t *testing.T, shared string, tweak func(*daemon.Config)) ([]*daemon.Daemon, []daemon.Config) {
	t.Helper()
	return startClusterClocked(t, shared, tweak, nil)
}

// startClusterClocked is startClusterWith with every node's clock now
// (when not nil).
func startClusterClocked(t *testing.T, shared string, tweak func(*daemon.Config), now func() time.Time) ([]*daemon.Daemon, []daemon.Config) {
	t.Helper()
	var errs []error
	for range 3 {
		cfgs := clusterConfigs(t, shared)
		if tweak != nil {
			for i := range cfgs {
				tweak(&cfgs[i])
			}
		}
		ds, err := startAllClocked(t, cfgs, now)
		if err == nil {
			return ds, cfgs
		}
		errs = append(errs, err)
	}
	require.NoError(t, errors.Join(errs...))
	return nil, nil
}

// startAll starts the daemons of cfgs at once. When one fails the others
// stop waiting for it, and all of them are stopped.
func startAll(t *testing.T, cfgs []daemon.Config) ([]*daemon.Daemon, error) {
	t.Helper()
	return startAllClocked(t, cfgs, nil)
}

// startAllClocked is startAll with every daemon's clock now (when not nil).
func startAllClocked(t *testing.T, cfgs []daemon.Config, now func() time.Time) ([]*daemon.Daemon, error) {
	t.Helper()
	ds := make([]*daemon.Daemon, len(cfgs))
	errs := make([]error, len(cfgs))
	// They stop together: the last one alone would wait for a quorum to
	// take its final checkpoint.
	stopAll := func() {
		var wg sync.WaitGroup
		for _, d := range ds {
			wg.Go(func() { _ = d.Stop(context.Background()) })
		}
		wg.Wait()
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for i, cfg := range cfgs {
		ds[i] = daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel).With().Str("node", cfg.NATS.ServerName).Logger())
		if now != nil {
			daemon.SetClock(ds[i], now)
		}
		wg.Go(func() {
			if errs[i] = ds[i].Start(ctx); errs[i] != nil {
				errs[i] = fmt.Errorf("node %d: %w", i+1, errs[i])
				cancel()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		stopAll()
		return nil, err
	}
	t.Cleanup(stopAll)
	return ds, nil
}

// Three breachd processes, each embedding a NATS server routed to the
// others', are a cluster: breachd's streams are created with three
// replicas, one on each node's server, and a producer may publish to any
// node with the same identity.
func TestThreeNodesClusterTheirEmbeddedServers(t *testing.T) {
	shared := sharedNATSDir(t)
	ds := startCluster(t, shared)

	nc, err := ds[1].ConnectNATS(daemon.IdentityBreachd)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	opts := ingest.DefaultOptions()
	for _, name := range []string{opts.Stream, opts.DeadLetterStream, daemon.CheckpointStream} {
		s, err := js.Stream(t.Context(), name)
		require.NoError(t, err, name)
		require.Equal(t, 3, s.CachedInfo().Config.Replicas, name)
		// Read again while a leader moves (the cluster's leader moves
		// the alert stream's off its own server): the old leader is
		// listed as a replica until the new one is known.
		require.Eventually(t, func() bool {
			info, err := s.Info(t.Context())
			if err != nil || info.Cluster == nil || info.Cluster.Leader == "" {
				return false
			}
			servers := []string{info.Cluster.Leader}
			for _, r := range info.Cluster.Replicas {
				servers = append(servers, r.Name)
			}
			slices.Sort(servers)
			return slices.Equal([]string{"node-1", "node-2", "node-3"}, servers)
		}, 10*time.Second, 20*time.Millisecond, name)
	}

	// A producer with the shared seed is let in by every node's server.
	nkey, err := nats.NkeyOptionFromSeed(filepath.Join(shared, daemon.IdentityProducer+".nk"))
	require.NoError(t, err)
	for _, d := range ds {
		pc, err := nats.Connect(d.NATSURL(), nkey)
		require.NoError(t, err)
		pjs, err := jetstream.New(pc)
		require.NoError(t, err)
		_, err = pjs.Publish(t.Context(), "alerts.native.test", []byte(`{}`))
		require.NoError(t, err)
		pc.Close()
	}
}
