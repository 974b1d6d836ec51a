package natstest_test

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/natstest"
)

// Three clustered servers take a stream with three replicas as soon as
// StartCluster returns, each holding one replica.
func TestAClusterTakesAStreamOfThreeReplicasOnceStarted(t *testing.T) {
	servers := natstest.StartCluster(t, 3)
	_, js := natstest.ConnectCluster(t, servers)
	s, err := js.CreateStream(t.Context(), jetstream.StreamConfig{Name: "R3", Subjects: []string{"r3"}, Replicas: 3})
	require.NoError(t, err)
	_, err = js.Publish(t.Context(), "r3", []byte("x"))
	require.NoError(t, err)
	info, err := s.Info(t.Context())
	require.NoError(t, err)
	require.NotNil(t, info.Cluster)
	require.Equal(t, natstest.ClusterName, info.Cluster.Name)
	require.Len(t, info.Cluster.Replicas, 2, "a leader and two replicas")
	require.EqualValues(t, 1, info.State.Msgs)
}
