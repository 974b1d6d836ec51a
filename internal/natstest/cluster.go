package natstest

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ClusterName is the name of the clusters StartCluster forms.
const ClusterName = "breachd-test"

// clusterReadyWithin bounds how long a cluster may take to elect its
// JetStream meta leader. Elections take a second or two on loopback; a
// loaded CI machine under -race takes longer.
const clusterReadyWithin = 60 * time.Second

// StartCluster runs n JetStream servers named s1…sn, clustered over loopback
// routes, each with its store in its own t.TempDir() and a client port of
// its own, and returns once JetStream is ready on all of them. They are
// shut down when the test ends.
func StartCluster(t testing.TB, n int) []*server.Server {
	t.Helper()
	// The route ports are free when picked, but another test process
	// may take one before its server listens: then that server never
	// becomes ready, and the cluster is started again on other ports.
	var problems []string
	for range clusterAttempts {
		servers, err := startClusterOnce(ClusterOptions(t, n))
		if err == nil {
			t.Cleanup(func() { shutdown(servers) })
			WaitForCluster(t, servers)
			return servers
		}
		problems = append(problems, err.Error())
	}
	t.Fatalf("nats cluster of %d: %s", n, strings.Join(problems, "; "))
	return nil
}

// clusterAttempts is how many times StartCluster tries.
const clusterAttempts = 3

// startClusterOnce starts a server for each of opts and waits until each
// takes connections; on failure it shuts down those it started.
func startClusterOnce(opts []*server.Options) ([]*server.Server, error) {
	var servers []*server.Server
	for _, o := range opts {
		ns, err := server.NewServer(o)
		if err != nil {
			shutdown(servers)
			return nil, fmt.Errorf("nats server %s: %w", o.ServerName, err)
		}
		servers = append(servers, ns)
		ns.Start()
	}
	for _, ns := range servers {
		if !ns.ReadyForConnections(10 * time.Second) {
			shutdown(servers)
			return nil, fmt.Errorf("nats server %s not ready (its route port taken?)", ns.Name())
		}
	}
	return servers, nil
}

// shutdown stops the servers and waits until they have stopped.
func shutdown(servers []*server.Server) {
	for _, ns := range servers {
		ns.Shutdown()
		ns.WaitForShutdown()
	}
}

// ClusterOptions are the options of n clustered JetStream servers on
// loopback, each route listening on a port free just now and every server
// routing to all the others, as nats-server's own cluster tests set them.
func ClusterOptions(t testing.TB, n int) []*server.Options {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		ports[i] = FreePort(t)
	}
	routes := Routes(t, ports)
	opts := make([]*server.Options, n)
	for i := range opts {
		opts[i] = &server.Options{
			ServerName: fmt.Sprintf("s%d", i+1),
			Host:       "127.0.0.1",
			Port:       server.RANDOM_PORT,
			JetStream:  true,
			StoreDir:   t.TempDir(),
			NoSigs:     true,
			NoLog:      true,
			Cluster:    server.ClusterOpts{Name: ClusterName, Host: "127.0.0.1", Port: ports[i]},
			Routes:     routes,
		}
	}
	return opts
}

// Routes are nats-route URLs to the loopback ports.
func Routes(t testing.TB, ports []int) []*url.URL {
	t.Helper()
	var routes []*url.URL
	for _, p := range ports {
		u, err := url.Parse(fmt.Sprintf("nats-route://127.0.0.1:%d", p))
		if err != nil {
			t.Fatalf("route: %v", err)
		}
		routes = append(routes, u)
	}
	return routes
}

// WaitForCluster waits until the running servers among servers have
// elected a JetStream meta leader that counts every one of them as a
// peer, and each of them is current with it: from then on a stream or a
// bucket with as many replicas as servers can be created.
func WaitForCluster(t testing.TB, servers []*server.Server) {
	t.Helper()
	deadline := time.Now().Add(clusterReadyWithin)
	for {
		problem := clusterProblem(servers)
		if problem == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nats cluster not ready in %s: %s", clusterReadyWithin, problem)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// clusterProblem says what keeps the cluster from being ready, or "".
func clusterProblem(servers []*server.Server) string {
	var leader *server.Server
	for _, ns := range servers {
		if ns.Running() && ns.JetStreamIsLeader() {
			leader = ns
		}
	}
	if leader == nil {
		return "no JetStream meta leader"
	}
	if peers := leader.JetStreamClusterPeers(); len(peers) != len(servers) {
		return fmt.Sprintf("the meta leader %s knows %d peers (%s), want %d",
			leader.Name(), len(peers), strings.Join(peers, ", "), len(servers))
	}
	for _, ns := range servers {
		if ns.Running() && !ns.JetStreamIsCurrent() {
			return ns.Name() + " is not current with the meta leader"
		}
	}
	return ""
}

// ConnectCluster opens a client connection that knows every server of
// the cluster (and so fails over between them), closed when the test ends.
func ConnectCluster(t testing.TB, servers []*server.Server, opts ...nats.Option) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	urls := make([]string, len(servers))
	for i, ns := range servers {
		urls[i] = ns.ClientURL()
	}
	return connect(t, strings.Join(urls, ","), append([]nats.Option{nats.MaxReconnects(-1)}, opts...)...)
}
