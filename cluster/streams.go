package cluster

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// attemptTimeout bounds one request of EnsureStream or EnsureConsumer: on
// a clustered JetStream a request sent while an asset changes leaders
// can go unanswered, and a new one is answered.
const attemptTimeout = 5 * time.Second

// retry calls fn with a context of attemptTimeout (at most ctx's) until it
// succeeds, fails with an error waiting cannot cure (see Transient), or ctx
// ends.
func retry[T any](ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	for delay := 100 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		attempt, cancel := context.WithTimeout(ctx, attemptTimeout)
		v, err := fn(attempt)
		cancel()
		if err == nil || !Transient(err) || ctx.Err() != nil {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(delay):
		}
	}
}

// EnsureStream creates the stream cfg describes, or brings the existing
// one to cfg, and returns it.
//
// It creates first and updates only a stream that exists with another
// configuration, where jetstream's CreateOrUpdateStream updates first:
// the nodes of a cluster, started together, all set up the same streams
// at once, and on a clustered JetStream an update of a stream whose
// creation is still in flight can go unanswered until the caller's
// deadline (seen on nats-server 2.15), while concurrent creates of one
// configuration each succeed at once. A request that goes unanswered is
// sent again.
func EnsureStream(ctx context.Context, js jetstream.JetStream, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	return retry(ctx, func(ctx context.Context) (jetstream.Stream, error) {
		s, err := js.CreateStream(ctx, cfg)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			return js.UpdateStream(ctx, cfg)
		}
		return s, err
	})
}

// EnsureConsumer creates the durable consumer cfg describes on stream, or
// brings the existing one to cfg, the way EnsureStream does streams.
func EnsureConsumer(ctx context.Context, stream jetstream.Stream, cfg jetstream.ConsumerConfig) (jetstream.Consumer, error) {
	return retry(ctx, func(ctx context.Context) (jetstream.Consumer, error) {
		c, err := stream.CreateConsumer(ctx, cfg)
		if errors.Is(err, jetstream.ErrConsumerExists) {
			return stream.UpdateConsumer(ctx, cfg)
		}
		return c, err
	})
}
