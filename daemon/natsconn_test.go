package daemon_test

import (
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
)

// connectNATS connects to d's embedded server in-process as the identity
// name, closed when the test ends.
func connectNATS(t *testing.T, d *daemon.Daemon, name string, opts ...nats.Option) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := d.ConnectNATS(name, opts...)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	return nc, js
}
