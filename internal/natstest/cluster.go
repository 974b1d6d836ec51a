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
	opts := ClusterOptions(t, n)
	servers := make([]*server.Server, n)
	for i, o := range opts {
		ns, err := server.NewServer(o)
		if err != nil {
			t.Fatalf("nats server %s: %v", o.ServerName, err)
		}
		servers[i] = ns
		t.Cleanup(func() {
			ns.Shutdown()
			ns.WaitForShutdown()
		})
		ns.Start()
	}
	for _, ns := range servers {
		if !ns.ReadyForConnections(10 * time.Second) {
			t.Fatalf("nats server %s not ready", ns.Name())
		}
	}
	WaitForCluster(t, servers)
	return servers
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
