package cluster

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrFenced is Append's answer when the log's last sequence is not the one
// the writer expected: another leader has written since, so this writer
// has been deposed and must stop writing.
var ErrFenced = errors.New("the state log has moved past the sequence this writer expected: another leader writes to it")

// ErrTrimmed is Read's answer when records it must deliver have been
// trimmed away (they are in a snapshot): the reader restores the latest
// snapshot and reads on from the sequence after it.
var ErrTrimmed = errors.New("the state log no longer holds the records asked for: restore a snapshot first")

// StateLogOptions says how the state log's stream is made.
type StateLogOptions struct {
	// Replicas of the stream: 1 on one server, 3 on a three-node cluster.
	Replicas int
	// MaxBytes, when positive, bounds the stream: once it is full an
	// Append is refused (the leader cannot write until a snapshot lets
	// the log be trimmed) rather than an old record dropped, which a
	// standby would never get.
	MaxBytes int64
}

// StateLog is the replicated log of the leader's write transactions: one
// record each, in commit order, on the stream StateStream. The leader
// appends a record before it commits the transaction locally; the
// standbys read the records and apply them to their own store.
type StateLog struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

// OpenStateLog creates the log's stream, or brings an existing one to
// opts (its replicas).
func OpenStateLog(ctx context.Context, js jetstream.JetStream, opts StateLogOptions) (*StateLog, error) {
	if err := checkReplicas(opts.Replicas); err != nil {
		return nil, err
	}
	maxBytes := int64(-1)
	if opts.MaxBytes > 0 {
		maxBytes = opts.MaxBytes
	}
	stream, err := EnsureStream(ctx, js, jetstream.StreamConfig{
		Name:        StateStream,
		Description: "breachd: the leader's write transactions, applied by the standbys",
		Subjects:    []string{StateSubject},
		Storage:     jetstream.FileStorage,
		// Records leave only when TrimBefore purges them, once a
		// snapshot holds them: no age or count limit, and a full stream
		// refuses new records instead of dropping old ones.
		Retention: jetstream.LimitsPolicy,
		Discard:   jetstream.DiscardNew,
		MaxBytes:  maxBytes,
		Replicas:  opts.Replicas,
		// A record is a whole transaction's changes.
		MaxMsgSize: 8 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("create stream %s: %w", StateStream, err)
	}
	return &StateLog{js: js, stream: stream}, nil
}

// Append adds record to the log if its last sequence is still
// expectedLastSeq (0 for an empty log), and returns the record's
// sequence. When another record came first it returns ErrFenced: the
// stream itself refuses the publish, so a deposed leader that has not yet
// noticed it lost the lease cannot write.
//
// An error other than ErrFenced (a timeout) leaves it unknown whether the
// record was stored: the caller compares LastSeq with expectedLastSeq
// before it appends again.
func (l *StateLog) Append(ctx context.Context, expectedLastSeq uint64, record []byte) (uint64, error) {
	ack, err := l.js.Publish(ctx, StateSubject, record,
		jetstream.WithExpectStream(StateStream), jetstream.WithExpectLastSequence(expectedLastSeq))
	if wrongLastSequence(err) {
		return 0, fmt.Errorf("%w (expected last sequence %d): %v", ErrFenced, expectedLastSeq, err)
	}
	if err != nil {
		return 0, fmt.Errorf("append to %s after sequence %d: %w", StateStream, expectedLastSeq, err)
	}
	return ack.Sequence, nil
}

// LastSeq is the sequence of the last record appended (0 for none yet),
// trimmed or not.
func (l *StateLog) LastSeq(ctx context.Context) (uint64, error) {
	info, err := l.stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", StateStream, err)
	}
	return info.State.LastSeq, nil
}

// FirstSeq is the sequence of the oldest record the log still holds; on a
// log trimmed to nothing it is LastSeq+1.
func (l *StateLog) FirstSeq(ctx context.Context) (uint64, error) {
	info, err := l.stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", StateStream, err)
	}
	return info.State.FirstSeq, nil
}

// RecordTime is when the log stored the record at seq; ErrTrimmed when it
// no longer holds it.
func (l *StateLog) RecordTime(ctx context.Context, seq uint64) (time.Time, error) {
	msg, err := l.stream.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return time.Time{}, fmt.Errorf("%w: record %d", ErrTrimmed, seq)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("read %s at %d: %w", StateStream, seq, err)
	}
	return msg.Time, nil
}

// Read calls fn with each record from fromSeq on, in order and without a
// gap, then with each new record as it is appended, until ctx ends (it
// then returns ctx's error) or fn returns an error (which it returns).
// at is when the stream stored the record. A record it should deliver
// that is no longer in the log is ErrTrimmed.
//
// It reads through an ordered consumer: an ephemeral consumer that the
// client recreates, from the sequence after the last it delivered,
// whenever it misses a message or its server goes away, and that pushes
// records in flow-controlled batches. Fetching each record by sequence
// (GetMsg) would cost a request per record and a polling loop at the
// head of the log; the ordered consumer waits for new records by itself.
func (l *StateLog) Read(ctx context.Context, fromSeq uint64, fn func(seq uint64, data []byte, at time.Time) error) error {
	fromSeq = max(fromSeq, 1)
	first, err := l.FirstSeq(ctx)
	if err != nil {
		return err
	}
	if fromSeq < first {
		return fmt.Errorf("%w: asked from sequence %d, the log starts at %d", ErrTrimmed, fromSeq, first)
	}
	cons, err := l.js.OrderedConsumer(ctx, StateStream, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:   fromSeq,
	})
	if err != nil {
		return fmt.Errorf("read %s from %d: %w", StateStream, fromSeq, err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("read %s from %d: %w", StateStream, fromSeq, err)
	}
	defer it.Stop()
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	for next := fromSeq; ; next++ {
		msg, err := it.Next()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("read %s at %d: %w", StateStream, next, err)
		}
		md, err := msg.Metadata()
		if err != nil {
			return fmt.Errorf("read %s at %d: %w", StateStream, next, err)
		}
		// The stream holds nothing but records, so sequences follow
		// one another unless records were trimmed under the reader.
		if seq := md.Sequence.Stream; seq != next {
			return fmt.Errorf("%w: record %d came after %d", ErrTrimmed, seq, next-1)
		}
		if err := fn(next, msg.Data(), md.Timestamp); err != nil {
			return err
		}
	}
}

// TrimBefore removes the records before seq, which a snapshot holds; seq
// and those after it stay.
func (l *StateLog) TrimBefore(ctx context.Context, seq uint64) error {
	if err := l.stream.Purge(ctx, jetstream.WithPurgeSequence(seq)); err != nil {
		return fmt.Errorf("trim %s before %d: %w", StateStream, seq, err)
	}
	return nil
}
