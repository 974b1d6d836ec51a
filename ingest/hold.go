package ingest

import (
	"fmt"
	"sync"
	"time"
)

// Retry delays of held alerts: from firstHoldRetry, doubling, at most
// maxHoldRetry and never more than half the ack wait, so that each retry
// tells the server in time that the alerts are still being worked on.
const (
	firstHoldRetry = 250 * time.Millisecond
	maxHoldRetry   = 30 * time.Second
)

// holding keeps the alerts the pipeline could not commit while the store
// committed nothing at all (a full disk, I/O errors, a closed file). They
// stay in progress on the server, which uses none of their deliveries, and
// are retried with a growing delay, new alerts joining them, for as long
// as it takes: MaxDeliver is for poison messages only. The pipeline's loop
// alone changes it; Ready reads it from elsewhere.
type holding struct {
	items []item
	timer *time.Timer
	delay time.Duration

	mu    sync.Mutex
	since time.Time
	err   error
	n     int
}

func (h *holding) holding() bool { return len(h.items) > 0 }

// retry fires when the held alerts are due again; nil when none are held.
func (h *holding) retry() <-chan time.Time {
	if h.timer == nil || !h.holding() {
		return nil
	}
	return h.timer.C
}

// next takes what the last attempt left to hold, and why: none ends the
// holding, some are kept in progress and retried after the next delay.
func (h *holding) next(p *Pipeline, held []item, err error) {
	if len(held) == 0 {
		if h.holding() {
			h.mu.Lock()
			since := h.since
			h.since, h.err, h.n = time.Time{}, nil, 0
			h.mu.Unlock()
			p.log.Info().Dur("held_for", time.Since(since).Round(time.Millisecond)).Msg("the store commits again: held alerts committed")
		}
		h.items, h.delay = nil, 0
		p.m.held.Set(0)
		return
	}
	h.items = held
	limit := min(maxHoldRetry, p.opts.AckWait/2)
	if h.delay == 0 {
		h.delay = min(firstHoldRetry, limit)
	} else {
		h.delay = min(2*h.delay, limit)
	}
	for _, it := range held {
		inProgress(p, it)
	}
	h.mu.Lock()
	if h.since.IsZero() {
		h.since = time.Now()
	}
	h.err, h.n = err, len(held)
	since := h.since
	h.mu.Unlock()
	if h.timer == nil {
		h.timer = time.NewTimer(h.delay)
	} else {
		h.timer.Reset(h.delay)
	}
	p.m.held.Set(float64(len(held)))
	p.log.Error().Err(err).Int("alerts", len(held)).Time("since", since).Dur("retry_in", h.delay).
		Msg("the store commits nothing: alerts held, their deliveries unused, until it does")
}

// add holds one more alert until the next retry.
func (h *holding) add(p *Pipeline, it item) {
	inProgress(p, it)
	h.items = append(h.items, it)
	h.mu.Lock()
	h.n = len(h.items)
	h.mu.Unlock()
	p.m.held.Set(float64(len(h.items)))
}

// inProgress tells the server the alert is being worked on: its ack timer
// starts again, and no delivery is used.
func inProgress(p *Pipeline, it item) {
	if it.meta == nil {
		return
	}
	if err := it.msg.InProgress(); err != nil {
		p.log.Debug().Err(err).Uint64("stream_seq", it.meta.Sequence.Stream).Msg("in progress")
	}
}

// release hands the held alerts back to the server for immediate
// redelivery (at shutdown: the next daemon takes them).
func (h *holding) release() {
	for _, it := range h.items {
		_ = it.msg.Nak()
	}
	h.items = nil
}

// ready says why intake is not working, or nil.
func (h *holding) ready() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == 0 {
		return nil
	}
	return fmt.Errorf("the store has committed no alert since %s (%d held): %v", h.since.UTC().Format(time.RFC3339), h.n, h.err)
}
