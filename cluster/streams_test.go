package cluster_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/cluster"
)

// Three nodes starting together set up the same stream at once, each on
// its own server: each gets it promptly; a node started later with a
// changed configuration updates it.
func TestNodesStartingTogetherEachEnsureTheStream(t *testing.T) {
	_, nodes := threeServers(t)
	// Several streams, as breachd has: the clash shows on some of them.
	for _, name := range []string{"A", "B", "C", "D", "E", "F"} {
		cfg := jetstream.StreamConfig{Name: name, Subjects: []string{name}, Replicas: 3, Storage: jetstream.FileStorage}
		errs := make([]error, len(nodes))
		var wg sync.WaitGroup
		for i, n := range nodes {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
				defer cancel()
				_, errs[i] = cluster.EnsureStream(ctx, n.js, cfg)
			})
		}
		wg.Wait()
		for i, err := range errs {
			require.NoError(t, err, "stream %s, node %d", name, i+1)
		}
	}

	cfg := jetstream.StreamConfig{Name: "A", Subjects: []string{"A"}, Replicas: 3, Storage: jetstream.FileStorage, MaxAge: time.Hour}
	s, err := cluster.EnsureStream(t.Context(), nodes[2].js, cfg)
	require.NoError(t, err)
	require.Equal(t, time.Hour, s.CachedInfo().Config.MaxAge)
}
