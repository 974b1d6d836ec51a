package cluster_test

import (
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/breachd/breachd/internal/natstest"
)

// node is one client of a test cluster, as one breachd node is: its own
// connection, to one server first.
type node struct {
	nc *nats.Conn
	js jetstream.JetStream
}

// threeServers starts a cluster of three and returns it with a client
// connected to each server in turn.
func threeServers(t *testing.T) ([]*server.Server, []node) {
	t.Helper()
	servers := natstest.StartCluster(t, 3)
	nodes := make([]node, len(servers))
	for i := range servers {
		// Each client knows every server, its own first, and does not
		// shuffle them: each node starts on its own server.
		order := append([]*server.Server{servers[i]}, append(servers[:i:i], servers[i+1:]...)...)
		nc, js := natstest.ConnectCluster(t, order, nats.DontRandomize())
		nodes[i] = node{nc, js}
	}
	return servers, nodes
}
