package cluster_test

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/cluster"
)

// ttl is the tests' lease TTL: short, so that an expiry takes a second,
// and long enough for a renewal's round trip under -race.
const ttl = time.Second

func newLease(t *testing.T, n node, name string) *cluster.Lease {
	t.Helper()
	l, err := cluster.NewLease(t.Context(), n.js, cluster.LeaseOptions{
		Node: name, API: "http://" + name + ":8080", TTL: ttl, Replicas: 3})
	require.NoError(t, err)
	return l
}

// resignAtEnd gives up a term when the test ends, so no renewal outlives it.
func resignAtEnd(t *testing.T, term *cluster.Term) {
	t.Cleanup(func() { _ = term.Resign(t.Context()) })
}

// Three nodes try to take the lease at once: one gets it, the others are
// told another holds it, and every node reads the winner as the leader.
func TestOnlyOneOfThreeContendersTakesTheLease(t *testing.T) {
	_, nodes := threeServers(t)
	leases := make([]*cluster.Lease, len(nodes))
	for i, n := range nodes {
		leases[i] = newLease(t, n, []string{"a", "b", "c"}[i])
	}
	terms := make([]*cluster.Term, len(leases))
	errs := make([]error, len(leases))
	var wg sync.WaitGroup
	for i, l := range leases {
		wg.Go(func() { terms[i], errs[i] = l.TryAcquire(t.Context()) })
	}
	wg.Wait()
	var winner *cluster.Term
	for i := range leases {
		if errs[i] == nil {
			require.Nil(t, winner, "two contenders took the lease")
			winner = terms[i]
			resignAtEnd(t, winner)
			continue
		}
		require.ErrorIs(t, errs[i], cluster.ErrLeaseHeld)
	}
	require.NotNil(t, winner, "nobody took the lease: %v", errs)
	require.True(t, winner.Held())
	for _, l := range leases {
		h, err := l.Leader(t.Context())
		require.NoError(t, err)
		require.Equal(t, winner.Holder().Node, h.Node)
		require.Equal(t, "http://"+h.Node+":8080", h.API)
	}
}

// A holder that keeps renewing keeps the lease well past its TTL, and
// nobody else can take it meanwhile.
func TestRenewalsKeepTheLease(t *testing.T) {
	_, nodes := threeServers(t)
	a, b := newLease(t, nodes[0], "a"), newLease(t, nodes[1], "b")
	term, err := a.TryAcquire(t.Context())
	require.NoError(t, err)
	resignAtEnd(t, term)
	kv, err := nodes[2].js.KeyValue(t.Context(), cluster.LeaseBucket)
	require.NoError(t, err)
	first := revision(t, kv)
	start := time.Now()
	// Renewals come at a third of the TTL: eight of them span more than
	// two TTLs.
	require.Eventually(t, func() bool { return revision(t, kv) >= first+8 }, 10*ttl, 10*time.Millisecond)
	require.Greater(t, time.Since(start), 2*ttl)
	require.True(t, term.Held())
	require.NoError(t, term.Err())
	_, err = b.TryAcquire(t.Context())
	require.ErrorIs(t, err, cluster.ErrLeaseHeld)
	require.ErrorContains(t, err, "a, since")
}

func revision(t *testing.T, kv jetstream.KeyValue) uint64 {
	t.Helper()
	e, err := kv.Get(t.Context(), "leader")
	require.NoError(t, err)
	return e.Revision()
}

// A holder that stops renewing (its process hung or died) keeps the lease
// no longer than the TTL: then a contender takes it.
func TestAHolderThatStopsRenewingLosesTheLeaseWithinItsTTL(t *testing.T) {
	_, nodes := threeServers(t)
	b := newLease(t, nodes[1], "b")
	// The holder: it took the lease as breachd does, then never renewed.
	kv, err := nodes[0].js.KeyValue(t.Context(), cluster.LeaseBucket)
	require.NoError(t, err)
	value, err := json.Marshal(cluster.Holder{Node: "a", API: "http://a:8080", Since: time.Now()})
	require.NoError(t, err)
	_, err = kv.Create(t.Context(), "leader", value)
	require.NoError(t, err)
	taken := time.Now()
	h, err := b.Leader(t.Context())
	require.NoError(t, err)
	require.Equal(t, "a", h.Node)

	term, err := b.Campaign(t.Context())
	require.NoError(t, err)
	resignAtEnd(t, term)
	waited := time.Since(taken)
	require.GreaterOrEqual(t, waited, ttl-100*time.Millisecond, "the lease was taken from a holder whose TTL had not passed")
	// The key expires at the TTL; the contender tries every third of it.
	require.Less(t, waited, ttl+ttl/3+time.Second)
	h, err = b.Leader(t.Context())
	require.NoError(t, err)
	require.Equal(t, "b", h.Node)
}

// A holder whose connection is gone cannot renew: it sees Lost within the
// TTL (so it stops writing before anyone else can take over), and another
// node then takes the lease.
func TestAHolderWhoseConnectionClosesSeesLostWithinTheTTL(t *testing.T) {
	_, nodes := threeServers(t)
	a, b := newLease(t, nodes[0], "a"), newLease(t, nodes[1], "b")
	term, err := a.TryAcquire(t.Context())
	require.NoError(t, err)
	nodes[0].nc.Close()
	closed := time.Now()
	select {
	case <-term.Lost():
	case <-time.After(ttl):
		t.Fatalf("the holder still believes it leads %s after its connection closed", ttl)
	}
	require.False(t, term.Held())
	require.ErrorIs(t, term.Err(), cluster.ErrLeaseLost)

	next, err := b.Campaign(t.Context())
	require.NoError(t, err)
	resignAtEnd(t, next)
	require.Less(t, time.Since(closed), ttl+ttl/3+time.Second)
	require.NoError(t, term.Resign(t.Context()), "resigning a lost term is harmless")
}

// A holder that resigns frees the lease at once, without waiting out the
// TTL, and its term ends.
func TestResigningFreesTheLeaseAtOnce(t *testing.T) {
	_, nodes := threeServers(t)
	a, b := newLease(t, nodes[0], "a"), newLease(t, nodes[1], "b")
	term, err := a.TryAcquire(t.Context())
	require.NoError(t, err)
	require.NoError(t, term.Resign(t.Context()))
	require.NoError(t, term.Resign(t.Context()), "twice")
	require.ErrorIs(t, term.Err(), cluster.ErrResigned)
	select {
	case <-term.Lost():
	default:
		t.Fatal("Lost is open after Resign")
	}
	_, err = a.Leader(t.Context())
	require.ErrorIs(t, err, cluster.ErrNoLeader)
	next, err := b.TryAcquire(t.Context())
	require.NoError(t, err)
	resignAtEnd(t, next)
}

// Nodes that disagree on the TTL would disagree on when the lease ends:
// the second is refused with both TTLs named.
func TestALeaseWithAnotherTTLThanTheBucketsIsRefused(t *testing.T) {
	_, nodes := threeServers(t)
	newLease(t, nodes[0], "a")
	_, err := cluster.NewLease(t.Context(), nodes[1].js, cluster.LeaseOptions{Node: "b", TTL: 2 * ttl, Replicas: 3})
	require.ErrorContains(t, err, "has a TTL of 1s and this node's is 2s")
	_, err = cluster.NewLease(t.Context(), nodes[1].js, cluster.LeaseOptions{TTL: ttl, Replicas: 3})
	require.ErrorContains(t, err, "no name")
	require.False(t, errors.Is(err, cluster.ErrLeaseHeld))
}

// The lease outlives the loss of a server other than its holder's, even
// the one leading the lease's bucket: renewals that fail while the other
// two elect a new leader are tried again before the lease would expire.
func TestTheLeaseOutlivesTheLossOfAnotherServer(t *testing.T) {
	servers, nodes := threeServers(t)
	const longer = 3 * time.Second
	l, err := cluster.NewLease(t.Context(), nodes[0].js, cluster.LeaseOptions{Node: "a", TTL: longer, Replicas: 3})
	require.NoError(t, err)
	term, err := l.TryAcquire(t.Context())
	require.NoError(t, err)
	resignAtEnd(t, term)

	// The bucket's leader, unless it is the holder's own server.
	lost := 1
	s, err := nodes[1].js.Stream(t.Context(), "KV_"+cluster.LeaseBucket)
	require.NoError(t, err)
	for i, ns := range servers {
		if i != 0 && ns.Name() == s.CachedInfo().Cluster.Leader {
			lost = i
		}
	}
	kv, err := nodes[0].js.KeyValue(t.Context(), cluster.LeaseBucket)
	require.NoError(t, err)
	before := revision(t, kv)
	servers[lost].Shutdown()
	servers[lost].WaitForShutdown()

	require.Eventually(t, func() bool {
		e, err := kv.Get(t.Context(), "leader")
		return err == nil && e.Revision() >= before+6
	}, 10*longer, 20*time.Millisecond, "renewals stopped")
	require.True(t, term.Held())
	require.NoError(t, term.Err())
}
