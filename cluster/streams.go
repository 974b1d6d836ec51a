package cluster

import (
	"context"
	"errors"

	"github.com/nats-io/nats.go/jetstream"
)

// EnsureStream creates the stream cfg describes, or brings the existing
// one to cfg, and returns it.
//
// It creates first and updates only a stream that exists with another
// configuration, where jetstream's CreateOrUpdateStream updates first:
// the nodes of a cluster, started together, all set up the same streams
// at once, and on a clustered JetStream an update of a stream whose
// creation is still in flight can go unanswered until the caller's
// deadline (seen on nats-server 2.15), while concurrent creates of one
// configuration each succeed at once.
func EnsureStream(ctx context.Context, js jetstream.JetStream, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	s, err := js.CreateStream(ctx, cfg)
	if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
		return js.UpdateStream(ctx, cfg)
	}
	return s, err
}
