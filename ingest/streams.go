package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/breachd/breachd/cluster"
)

// ensureStreams creates or updates the alert stream, the dead-letter stream and
// the durable consumer, and returns the consumer and an identity of the
// stream's current incarnation (its name and creation time). Sequence numbers
// restart when a stream is deleted and created again; keying delivery records
// by incarnation keeps a new stream's messages from being taken for
// redeliveries.
func ensureStreams(ctx context.Context, js jetstream.JetStream, o *Options) (jetstream.Consumer, string, error) {
	// The dead-letter stream comes first so that it already captures
	// advisories when the consumer starts.
	dlqSubjects := []string{
		o.DeadLetterSubject,
		fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.%s", o.Stream, o.Durable),
	}
	_, err := cluster.EnsureStream(ctx, js, jetstream.StreamConfig{
		Name:        o.DeadLetterStream,
		Description: "breachd: alerts rejected as bad input, with the reason in headers, and max-deliveries advisories",
		Subjects:    dlqSubjects,
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		MaxAge:      o.MaxAge,
		Duplicates:  min(o.DuplicateWindow, o.MaxAge),
		Replicas:    o.Replicas,
		MaxMsgSize:  1 << 20,
	})
	if err != nil {
		return nil, "", fmt.Errorf("create stream %s: %w", o.DeadLetterStream, err)
	}
	stream, err := cluster.EnsureStream(ctx, js, jetstream.StreamConfig{
		Name:        o.Stream,
		Description: "breachd: security alerts to triage",
		Subjects:    o.streamSubjects(),
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		MaxAge:      o.MaxAge,
		Duplicates:  o.DuplicateWindow,
		Replicas:    o.Replicas,
		// Larger than MaxAlertSize so an oversized alert is stored, then
		// dead-lettered with its reason, instead of refused at publish.
		MaxMsgSize: 1 << 20,
	})
	if err != nil {
		return nil, "", fmt.Errorf("create stream %s: %w", o.Stream, err)
	}
	cons, err := cluster.EnsureConsumer(ctx, stream, jetstream.ConsumerConfig{
		Durable:       o.Durable,
		Description:   "breachd triage",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       o.AckWait,
		MaxDeliver:    o.MaxDeliver,
		MaxAckPending: o.MaxAckPending,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		// BackOff spaces out redeliveries after ack timeouts (a daemon that
		// died holding messages); failures we see are delayed by NakWithDelay.
		BackOff: ackBackOff(o.AckWait, o.MaxDeliver),
	})
	if err != nil {
		return nil, "", fmt.Errorf("create consumer %s on %s: %w", o.Durable, o.Stream, err)
	}
	info := stream.CachedInfo()
	return cons, fmt.Sprintf("%s@%d", info.Config.Name, info.Created.UnixNano()), nil
}

// ackBackOff grows from AckWait by doubling, one step per delivery, at most
// ten minutes. It has one step fewer than maxDeliver: nats-server 2.9 refuses
// a consumer whose back-off list is as long as its MaxDeliver (err_code
// 10116, "max deliver is required to be > length of backoff values"), and
// the server repeats the last step for the deliveries past the list.
func ackBackOff(first time.Duration, maxDeliver int) []time.Duration {
	n := max(maxDeliver-1, 1)
	steps := make([]time.Duration, 0, n)
	for d := first; len(steps) < n; d *= 2 {
		steps = append(steps, min(d, 10*time.Minute))
	}
	return steps
}
