package daemon

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/natstest"
)

// clusterNode is the NATS section of a node clustering its embedded server
// on loopback.
func clusterNode() NATSConfig {
	c := DefaultNATSConfig()
	c.Cluster.Listen = "127.0.0.1:6222"
	c.Cluster.Routes = []string{"nats-route://127.0.0.1:6222", "nats-route://127.0.0.1:6223"}
	return c
}

func TestTheClusterSettingsNameTheKeyOfEachProblem(t *testing.T) {
	for _, tc := range []struct {
		change func(*NATSConfig)
		says   string
	}{
		{func(c *NATSConfig) { c.Cluster.Listen = "6222" }, `nats_cluster_listen: "6222" is not host:port`},
		{func(c *NATSConfig) { c.Cluster.Listen = "0.0.0.0:6222" }, "nats_cluster_listen: 0.0.0.0:6222 is not a loopback address, and the cluster's routes have no TLS"},
		{func(c *NATSConfig) { c.Cluster.Listen = "10.0.0.1:6222" }, "Set nats_cluster_tls_cert, nats_cluster_tls_key and nats_cluster_tls_ca"},
		{func(c *NATSConfig) { c.Cluster.TLSCert, c.Cluster.TLSKey = "r.pem", "r.key" }, "nats_cluster_tls_cert: nats_cluster_tls_cert, nats_cluster_tls_key and nats_cluster_tls_ca go together"},
		{func(c *NATSConfig) { c.Listen = "none" }, "nats_listen: a clustered embedded server needs a client address"},
		{func(c *NATSConfig) { c.Cluster.Name = "" }, `nats_cluster_name: "": a cluster name is one word`},
		{func(c *NATSConfig) { c.Cluster.Routes = []string{"10.0.0.1:6222"} }, `nats_routes: "10.0.0.1:6222" is not nats-route://host:port`},
		{func(c *NATSConfig) { c.Cluster.Routes = []string{"nats://10.0.0.1:6222"} }, `nats_routes: "nats://10.0.0.1:6222" is not nats-route://host:port`},
		{func(c *NATSConfig) { c.Cluster.Routes = []string{"nats-route://r:secret@10.0.0.1:6222"} }, "names a user: routes authenticate with the password in <data_dir>/nats/route.password"},
		{func(c *NATSConfig) { c.Cluster.Routes = nil }, "nats_routes: a cluster needs its servers' route addresses"},
		{func(c *NATSConfig) { c.ServerName = "node 1" }, `nats_server_name: "node 1": a node name has no spaces`},
		{func(c *NATSConfig) { c.Cluster.Listen = "" }, "nats_cluster_listen: nats_routes and nats_cluster_tls_* make the embedded server one of a cluster: set nats_cluster_listen too"},
	} {
		c := clusterNode()
		require.NoError(t, c.Validate())
		tc.change(&c)
		err := c.Validate()
		require.ErrorContains(t, err, tc.says)
		require.NotContains(t, err.Error(), "secret", "a password given in a route is not repeated")
	}
}

// Routes beyond loopback need mutual TLS; with it, any address will do.
func TestAClusterBeyondLoopbackNeedsTLS(t *testing.T) {
	c := clusterNode()
	c.Cluster.Listen = "10.0.0.1:6222"
	require.Error(t, c.Validate())
	c.Cluster.TLSCert, c.Cluster.TLSKey, c.Cluster.TLSCA = "route.pem", "route.key", "ca.pem"
	require.NoError(t, c.Validate())
	c.URL, c.Cluster.TLSCert = "nats://nats-1:4222", ""
	require.NoError(t, c.Validate(), "the cluster settings mean nothing with an external server")
}

// More than one replica needs more than one server.
func TestReplicasNeedACluster(t *testing.T) {
	cfg := Default()
	cfg.Ingest.StreamReplicas = 3
	require.ErrorContains(t, cfg.Validate(), "stream_replicas: 3 replicas need a NATS cluster of 3 servers or more")
	cfg.NATS = clusterNode()
	require.NoError(t, cfg.Validate())
	cfg.NATS = DefaultNATSConfig()
	cfg.NATS.URL = "nats://nats-1:4222"
	require.NoError(t, cfg.Validate())
}

// The node is named by nats_server_name, else by the host.
func TestTheNodeIsNamedByTheHostUnlessTold(t *testing.T) {
	c := DefaultNATSConfig()
	require.NotEmpty(t, c.NodeName())
	c.ServerName = "node-1"
	require.Equal(t, "node-1", c.NodeName())
}

// A route is let in only with the nodes' shared password: a server (or
// anyone) dialling the cluster port without it is refused before it sees
// a message.
func TestARouteWithoutThePasswordIsRefused(t *testing.T) {
	cfg := Default()
	cfg.DataDir = t.TempDir()
	cfg.NATS = clusterNode()
	cfg.NATS.Listen = "127.0.0.1:0"
	cfg.NATS.Cluster.Listen = fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
	cfg.NATS.Cluster.Routes = []string{"nats-route://" + cfg.NATS.Cluster.Listen}
	ids, err := loadNATSIdentities(cfg.DataDir)
	require.NoError(t, err)
	ns, err := startEmbeddedNATS(&cfg, ids, make(chan string, 1), zerolog.New(zerolog.NewTestWriter(t)))
	require.NoError(t, err)
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })

	for _, tc := range []struct{ user, pass, says string }{
		{"", "", "-ERR 'Authorization Violation'"},
		{routeUser, "guess", "-ERR 'Authorization Violation'"},
		{routeUser, ids.routePassword, "PONG"},
	} {
		conn, err := net.Dial("tcp", cfg.NATS.Cluster.Listen)
		require.NoError(t, err)
		r := bufio.NewReader(conn)
		info, err := r.ReadString('\n')
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(info, "INFO "), info)
		connect, err := json.Marshal(map[string]any{"user": tc.user, "pass": tc.pass, "name": "intruder", "cluster": DefaultClusterName, "verbose": false, "pedantic": false})
		require.NoError(t, err)
		_, err = fmt.Fprintf(conn, "CONNECT %s\r\nPING\r\n", connect)
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		var lines []string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				break
			}
			lines = append(lines, strings.TrimSpace(line))
			if strings.HasPrefix(line, tc.says) || strings.HasPrefix(line, "-ERR") {
				break
			}
		}
		conn.Close()
		require.NotEmpty(t, lines, "user %q", tc.user)
		require.True(t, strings.HasPrefix(lines[len(lines)-1], tc.says), "user %q: %v", tc.user, lines)
	}
}
