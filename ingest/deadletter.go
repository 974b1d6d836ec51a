package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/breachd/breachd/internal/text"
)

// Headers on a dead-lettered message. The original headers are kept too.
const (
	HeaderRejectReason    = "Breachd-Reject-Reason"
	HeaderRejectError     = "Breachd-Reject-Error"
	HeaderOriginalSubject = "Breachd-Original-Subject"
	HeaderOriginalStream  = "Breachd-Original-Stream"
	HeaderOriginalSeq     = "Breachd-Original-Seq"
)

// maxErrorHeader bounds the error detail copied into a header.
const maxErrorHeader = 1024

// deadLetter keeps a copy of a rejected message, with the reason in headers,
// on the dead-letter stream, then terminates the original so it is not
// redelivered, counts it and logs one line. If the copy cannot be stored the
// original is redelivered later instead: bad input is never dropped silently
// (DESIGN invariant 7).
func (p *Pipeline) deadLetter(m jetstream.Msg, md *jetstream.MsgMetadata, err error) {
	var rej *RejectError
	if !errors.As(err, &rej) {
		rej = &RejectError{Reason: ReasonInvalidField, Err: err}
	}
	detail := text.Truncate(rej.Err.Error(), maxErrorHeader)
	dl := nats.NewMsg(p.opts.DeadLetterSubject)
	dl.Data = m.Data()
	for k, v := range m.Headers() {
		if k != jetstream.MsgIDHeader {
			dl.Header[k] = v
		}
	}
	dl.Header.Set(HeaderRejectReason, rej.Reason)
	dl.Header.Set(HeaderRejectError, detail)
	dl.Header.Set(HeaderOriginalSubject, m.Subject())
	dl.Header.Set(HeaderOriginalStream, md.Stream)
	dl.Header.Set(HeaderOriginalSeq, strconv.FormatUint(md.Sequence.Stream, 10))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The message id makes a repeated dead-lettering (after a crash before
	// the Term) a duplicate the stream drops.
	_, perr := p.js.PublishMsg(ctx, dl, jetstream.WithMsgID(fmt.Sprintf("%s-%d", p.stream, md.Sequence.Stream)))
	if perr != nil {
		delay := backoff(md.NumDelivered)
		p.failLog.Event(time.Now(), p.log.Error()).Err(perr).Str("reason", rej.Reason).Uint64("stream_seq", md.Sequence.Stream).
			Dur("retry_in", delay).Msg("dead-letter alert")
		_ = m.NakWithDelay(delay)
		return
	}
	if err := m.TermWithReason(rej.Reason); err != nil {
		p.log.Debug().Err(err).Msg("term")
	}
	p.m.rejected.WithLabelValues(rej.Reason, "nats").Inc()
	p.rejectLog.Event(time.Now(), p.log.Warn()).Str("reason", rej.Reason).Str("error", detail).Str("subject", m.Subject()).
		Uint64("stream_seq", md.Sequence.Stream).Str("dead_letter", p.opts.DeadLetterSubject).Msg("alert rejected")
}
