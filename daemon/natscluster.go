package daemon

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// NATSClusterConfig makes the embedded NATS server one of a cluster: three
// breachd processes, each with its embedded server routed to the others,
// are a complete install that survives the loss of one machine. Its keys
// are part of the NATS section.
type NATSClusterConfig struct {
	// Listen is where the embedded server takes routes from the other
	// servers of its cluster (host:port); empty: no cluster.
	Listen string `yaml:"nats_cluster_listen"`
	// Routes are the other servers' route addresses
	// (nats-route://host:port); a route to this server itself is ignored,
	// so every node may be given the same list.
	Routes []string `yaml:"nats_routes"`
	// Name is the cluster's name, the same on every node.
	Name string `yaml:"nats_cluster_name"`
	// TLSCert, TLSKey and TLSCA make every route mutual TLS: each server
	// presents its certificate and accepts only peers whose certificate
	// TLSCA signed. Required unless Listen is a loopback address.
	TLSCert string `yaml:"nats_cluster_tls_cert"`
	TLSKey  string `yaml:"nats_cluster_tls_key"`
	TLSCA   string `yaml:"nats_cluster_tls_ca"`
}

// routeUser is the user each route authenticates as, with the password
// in <data_dir>/nats/route.password that every node shares.
const routeUser = "route"

// DefaultClusterName is the cluster's name unless nats_cluster_name says
// otherwise.
const DefaultClusterName = "breachd"

// clustered reports whether the embedded server joins a cluster.
func (c *NATSConfig) clustered() bool { return c.URL == "" && c.Cluster.Listen != "" }

// NodeName is the name of this node: nats_server_name, else the host's
// name. It names the embedded server in its cluster and the node in the
// lease.
func (c *NATSConfig) NodeName() string {
	if c.ServerName != "" {
		return c.ServerName
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		return "breachd"
	}
	return host
}

// validateCluster adds the problems of the cluster settings to bad. They
// are the embedded server's: with nats_url they are not used, as
// nats_listen is not.
func (c *NATSConfig) validateCluster(bad func(key, format string, args ...any)) {
	if strings.ContainsAny(c.ServerName, " \t\n") {
		bad("nats_server_name", "%q: a node name has no spaces", c.ServerName)
	}
	cl := &c.Cluster
	if c.URL != "" {
		return
	}
	if cl.Listen == "" {
		if len(cl.Routes) > 0 || cl.TLSCert != "" || cl.TLSCA != "" {
			bad("nats_cluster_listen", "nats_routes and nats_cluster_tls_* make the embedded server one of a cluster: set nats_cluster_listen too")
		}
		return
	}
	if host, err := splitHostPort(cl.Listen); err != nil {
		bad("nats_cluster_listen", "%v", err)
	} else if !isLoopback(host) && cl.TLSCert == "" {
		bad("nats_cluster_listen", "%s is not a loopback address, and the cluster's routes have no TLS: "+
			"a route sees every message of every client. Set nats_cluster_tls_cert, nats_cluster_tls_key and nats_cluster_tls_ca "+
			"(docs/operators.md: \"Cluster\"), or run the three servers on one machine's loopback for a trial", cl.Listen)
	}
	if c.Listen == "" || c.Listen == "none" {
		bad("nats_listen", "a clustered embedded server needs a client address (it is none): its routes start once clients can connect")
	}
	if (cl.TLSCert == "") != (cl.TLSKey == "") || (cl.TLSCert == "") != (cl.TLSCA == "") {
		bad("nats_cluster_tls_cert", "nats_cluster_tls_cert, nats_cluster_tls_key and nats_cluster_tls_ca go together: "+
			"each server shows its certificate and checks its peers' against the CA")
	}
	if cl.Name == "" || strings.ContainsAny(cl.Name, " \t\n.*>") {
		bad("nats_cluster_name", "%q: a cluster name is one word, the same on every node", cl.Name)
	}
	if len(cl.Routes) == 0 {
		bad("nats_routes", "a cluster needs its servers' route addresses (nats-route://host:port of each, this node's own may be among them)")
	}
	for _, r := range cl.Routes {
		if _, err := parseRoute(r); err != nil {
			bad("nats_routes", "%v", err)
		}
	}
}

// parseRoute reads one of nats_routes: nats-route://host:port, without a
// user (the route password is the nodes' shared one).
func parseRoute(r string) (*url.URL, error) {
	u, err := url.Parse(r)
	if err != nil || u.Scheme != "nats-route" || u.Port() == "" || u.Hostname() == "" || u.Path != "" {
		return nil, fmt.Errorf("%q is not nats-route://host:port", r)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q names a user: routes authenticate with the password in <data_dir>/nats/route.password, shared by every node", redactURLs(r))
	}
	return u, nil
}

// configureCluster makes opts one server of the cluster: routes listen on
// the cluster address, go to every route given, authenticate with the
// nodes' shared route password and, when set, speak mutual TLS.
func configureCluster(opts *server.Options, cfg *NATSConfig, routePassword string) error {
	cl := &cfg.Cluster
	host, port, err := listenAddr(cl.Listen)
	if err != nil {
		return fmt.Errorf("nats_cluster_listen: %w", err)
	}
	opts.Cluster = server.ClusterOpts{
		Name: cl.Name, Host: host, Port: port,
		Username: routeUser, Password: routePassword,
	}
	for _, r := range cl.Routes {
		u, err := parseRoute(r)
		if err != nil {
			return fmt.Errorf("nats_routes: %w", err)
		}
		u.User = url.UserPassword(routeUser, routePassword)
		opts.Routes = append(opts.Routes, u)
	}
	if cl.TLSCert != "" {
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: cl.TLSCert, KeyFile: cl.TLSKey, CaFile: cl.TLSCA, Verify: true})
		if err != nil {
			return fmt.Errorf("nats_cluster_tls_cert, nats_cluster_tls_key, nats_cluster_tls_ca: %w", err)
		}
		// As nats-server sets a cluster's TLS from its own config
		// file: each server is a TLS client of its peers too, so the CA
		// verifies both ends, and a peer without a certificate is refused.
		tc.ClientAuth, tc.RootCAs = tls.RequireAndVerifyClientCert, tc.ClientCAs
		opts.Cluster.TLSConfig, opts.Cluster.TLSTimeout = tc, 2
	}
	return nil
}

// clusterCheckEvery is how often the wait for the cluster looks again.
const clusterCheckEvery = 50 * time.Millisecond

// waitForJetStreamCluster waits until the embedded server is routed to
// enough servers for the streams' replicas and its JetStream is current
// with the cluster's meta leader (a quorum is up and has elected one),
// saying what it waits for through status, until ctx ends: the other
// nodes may be started after this one.
func waitForJetStreamCluster(ctx context.Context, ns *server.Server, cfg *NATSConfig, replicas int, status func(string)) error {
	tick := time.NewTicker(clusterCheckEvery)
	defer tick.Stop()
	for {
		servers := routedServers(ns) + 1
		current := ns.JetStreamIsClustered() && ns.JetStreamIsCurrent()
		if current && servers >= replicas {
			return nil
		}
		waitingFor := fmt.Sprintf("the NATS cluster %s: %d of its servers reached (%d replicas need %d), JetStream leader elected: %t; routes %s",
			cfg.Cluster.Name, servers, replicas, replicas, current, strings.Join(cfg.Cluster.Routes, ", "))
		status("waiting for " + waitingFor)
		select {
		case <-ctx.Done():
			return fmt.Errorf("gave up waiting for %s (are the other nodes up, and do they share <data_dir>/nats?): %w", waitingFor, ctx.Err())
		case <-tick.C:
		}
	}
}

// routedServers is how many other servers ns has a route to.
func routedServers(ns *server.Server) int {
	rz, err := ns.Routez(nil)
	if err != nil {
		return 0
	}
	names := map[string]bool{}
	for _, r := range rz.Routes {
		names[r.RemoteName] = true
	}
	return len(names)
}
