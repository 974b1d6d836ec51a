package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/breachd/breachd/client"
)

// DeadLetter is one entry of the dead-letter stream, as the API lists it.
type DeadLetter = client.DeadLetter

// ReasonMaxDeliveries names a dead-letter entry that is the server's
// max-deliveries advisory: an alert whose own commit kept failing; the
// alert itself is still in the alert stream at OriginalSeq.
const ReasonMaxDeliveries = "max_deliveries"

// DeadLetterFilter selects dead-letter entries: by reason ("" is any) and
// by sequence numbers in the dead-letter stream (none is any), at most
// Limit of them, oldest first.
type DeadLetterFilter struct {
	Reason string
	Seqs   []uint64
	Limit  int
}

// MaxDeadLetters bounds one listing or replay.
const MaxDeadLetters = 1000

func (f DeadLetterFilter) match(d *DeadLetter) bool {
	if f.Reason != "" && d.Reason != f.Reason {
		return false
	}
	return len(f.Seqs) == 0 || slices.Contains(f.Seqs, d.Seq)
}

// deadLetterEntry is a dead-letter stream message and what it says.
type deadLetterEntry struct {
	DeadLetter
	msg *jetstream.RawStreamMsg
}

// scanDeadLetters reads the dead-letter stream from its first message and
// returns the entries f selects.
func (p *Publisher) scanDeadLetters(ctx context.Context, f DeadLetterFilter) ([]deadLetterEntry, error) {
	limit := f.Limit
	if limit <= 0 || limit > MaxDeadLetters {
		limit = MaxDeadLetters
	}
	s, err := p.js.Stream(ctx, p.opts.DeadLetterStream)
	if err != nil {
		return nil, fmt.Errorf("dead-letter stream %s: %w", p.opts.DeadLetterStream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("dead-letter stream %s: %w", p.opts.DeadLetterStream, err)
	}
	var out []deadLetterEntry
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && len(out) < limit && info.State.Msgs > 0; seq++ {
		msg, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue // deleted: replayed before
		}
		if err != nil {
			return nil, fmt.Errorf("dead-letter %d: %w", seq, err)
		}
		d := p.describe(msg)
		if f.match(&d) {
			out = append(out, deadLetterEntry{DeadLetter: d, msg: msg})
		}
	}
	return out, nil
}

// describe reads what a dead-letter message says: the reason and detail
// breachd put in its headers, or the server's max-deliveries advisory.
func (p *Publisher) describe(m *jetstream.RawStreamMsg) DeadLetter {
	d := DeadLetter{Seq: m.Sequence, Time: m.Time.UTC(), Size: len(m.Data)}
	if strings.HasPrefix(m.Subject, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.") {
		var adv struct {
			Stream     string `json:"stream"`
			StreamSeq  uint64 `json:"stream_seq"`
			Deliveries uint64 `json:"deliveries"`
		}
		_ = json.Unmarshal(m.Data, &adv)
		d.Reason = ReasonMaxDeliveries
		d.Error = fmt.Sprintf("its commit failed %d times while other alerts committed", adv.Deliveries)
		d.OriginalStream, d.OriginalSeq = adv.Stream, adv.StreamSeq
		return d
	}
	d.Reason = m.Header.Get(HeaderRejectReason)
	d.Error = m.Header.Get(HeaderRejectError)
	d.OriginalSubject = m.Header.Get(HeaderOriginalSubject)
	d.OriginalStream = m.Header.Get(HeaderOriginalStream)
	d.OriginalSeq, _ = strconv.ParseUint(m.Header.Get(HeaderOriginalSeq), 10, 64)
	d.AlertID = idOf(m.Data)
	return d
}

// ListDeadLetters lists the dead-letter entries f selects, oldest first.
func (p *Publisher) ListDeadLetters(ctx context.Context, f DeadLetterFilter) ([]DeadLetter, error) {
	entries, err := p.scanDeadLetters(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]DeadLetter, len(entries))
	for i, e := range entries {
		out[i] = e.DeadLetter
	}
	return out, nil
}

// ReplayDeadLetters puts the alerts of the entries f selects back through
// intake: each is published again on its original subject with its
// original headers (an advisory's alert is read from the alert stream) and
// goes through decoding and triage like a new one. An alert an active
// incident took already is recognised as a repeat and counted once; one
// still bad is dead-lettered again with its reason. An entry replayed is
// deleted from the dead-letter stream; one that cannot be replayed (its
// alert aged out of the stream) stays, and is listed with why.
func (p *Publisher) ReplayDeadLetters(ctx context.Context, f DeadLetterFilter) (client.Replayed, error) {
	var out client.Replayed
	entries, err := p.scanDeadLetters(ctx, f)
	if err != nil {
		return out, err
	}
	dlq, err := p.js.Stream(ctx, p.opts.DeadLetterStream)
	if err != nil {
		return out, err
	}
	for _, e := range entries {
		msg, err := p.replayMessage(ctx, e)
		if err == nil {
			// The dead-letter sequence is the duplicate key: a replay
			// repeated before it was deleted is dropped.
			_, err = p.js.PublishMsg(ctx, msg, jetstream.WithMsgID(fmt.Sprintf("replay-%s-%d", p.opts.DeadLetterStream, e.Seq)))
		}
		if err != nil {
			out.Failed = append(out.Failed, client.ReplayFailure{Seq: e.Seq, Error: err.Error()})
			continue
		}
		if err := dlq.DeleteMsg(ctx, e.Seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
			p.log.Warn().Err(err).Uint64("seq", e.Seq).Msg("replayed dead letter not deleted")
		}
		out.Replayed = append(out.Replayed, e.Seq)
		p.log.Info().Uint64("dead_letter_seq", e.Seq).Str("reason", e.Reason).Str("subject", msg.Subject).Msg("dead letter replayed")
	}
	return out, nil
}

// replayMessage is the message to publish again for a dead-letter entry.
func (p *Publisher) replayMessage(ctx context.Context, e deadLetterEntry) (*nats.Msg, error) {
	if e.Reason != ReasonMaxDeliveries {
		if e.OriginalSubject == "" {
			return nil, errors.New("the entry names no original subject")
		}
		msg := nats.NewMsg(e.OriginalSubject)
		msg.Data = e.msg.Data
		for k, v := range e.msg.Header {
			if !strings.HasPrefix(k, "Breachd-Reject-") && !strings.HasPrefix(k, "Breachd-Original-") && k != jetstream.MsgIDHeader {
				msg.Header[k] = v
			}
		}
		return msg, nil
	}
	if e.OriginalStream != p.opts.Stream {
		return nil, fmt.Errorf("the alert was in stream %q, not %s", e.OriginalStream, p.opts.Stream)
	}
	s, err := p.js.Stream(ctx, p.opts.Stream)
	if err != nil {
		return nil, err
	}
	orig, err := s.GetMsg(ctx, e.OriginalSeq)
	if err != nil {
		return nil, fmt.Errorf("alert %d of %s: %w (aged out of the stream?)", e.OriginalSeq, p.opts.Stream, err)
	}
	msg := nats.NewMsg(orig.Subject)
	msg.Data = orig.Data
	for k, v := range orig.Header {
		if k != jetstream.MsgIDHeader {
			msg.Header[k] = v
		}
	}
	return msg, nil
}
