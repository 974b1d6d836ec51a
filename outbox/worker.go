package outbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Sender carries out the entries of one kind. It returns what the receiver
// answered; an error is retried unless it is Permanent.
type Sender interface {
	Send(ctx context.Context, e store.OutboxEntry) (detail string, err error)
}

// SenderFunc adapts a function to a Sender.
type SenderFunc func(ctx context.Context, e store.OutboxEntry) (string, error)

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, e store.OutboxEntry) (string, error) { return f(ctx, e) }

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks an error that retrying cannot fix (a malformed request, a
// refusal): the entry is given up at once.
func Permanent(err error) error { return &permanentError{err} }

type retryAfterError struct {
	err   error
	after time.Duration
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// RetryAfter marks an error whose receiver said when to try again.
func RetryAfter(err error, d time.Duration) error { return &retryAfterError{err, d} }

// Options tune delivery.
type Options struct {
	// MaxAttempts is how many attempts an entry gets before it is given up.
	MaxAttempts int
	// FirstRetry and MaxRetry bound the back-off, which doubles per attempt.
	FirstRetry, MaxRetry time.Duration
	// Timeout bounds one attempt.
	Timeout time.Duration
	// Batch is how many due entries one round takes.
	Batch int
}

// DefaultOptions retry for about a day: 1 s doubling to 30 min, 60 attempts.
func DefaultOptions() Options {
	return Options{MaxAttempts: 60, FirstRetry: time.Second, MaxRetry: 30 * time.Minute, Timeout: 30 * time.Second, Batch: 64}
}

// Worker delivers due outbox entries.
type Worker struct {
	store   *store.Store
	senders map[string]Sender
	now     func() time.Time
	opts    Options
	log     zerolog.Logger
	// wake nudges Run to look for due entries before the next tick.
	wake chan struct{}
	// only, when set, are the kinds this worker carries out; except are
	// kinds it leaves to its lanes (see Lane).
	only, except []string

	delivered *prometheus.CounterVec
	failed    *prometheus.CounterVec
	retried   *prometheus.CounterVec
}

// New returns a worker that hands each entry to the sender of its kind; reg,
// when not nil, registers its counters.
func New(s *store.Store, senders map[string]Sender, now func() time.Time, opts Options, log zerolog.Logger, reg prometheus.Registerer) *Worker {
	counter := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"kind"})
	}
	if senders == nil {
		senders = map[string]Sender{}
	}
	w := &Worker{store: s, senders: senders, now: now, opts: opts, log: log, wake: make(chan struct{}, 1),
		delivered: counter("breachd_outbox_delivered_total", "Side effects carried out, by kind."),
		failed:    counter("breachd_outbox_given_up_total", "Side effects given up after a permanent error or the last attempt, by kind."),
		retried:   counter("breachd_outbox_retries_total", "Failed attempts that will be retried, by kind."),
	}
	if reg != nil {
		reg.MustRegister(w.delivered, w.failed, w.retried)
	}
	return w
}

// Handle makes sender carry out the entries of kind, for w and its lanes.
// Call it while wiring, before Run.
func (w *Worker) Handle(kind string, sender Sender) { w.senders[kind] = sender }

// Run delivers due entries every interval until ctx ends.
func (w *Worker) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		for {
			n, err := w.DeliverDue(ctx)
			if err != nil && ctx.Err() == nil {
				w.log.Error().Err(err).Msg("outbox")
			}
			if n < w.opts.Batch || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-w.wake:
		}
	}
}

// Wake makes Run look for due entries now rather than at the next tick:
// a person waiting for an answer (a Slack button) should not wait for it.
// It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Lane returns a worker of its own for the entries of kinds, sharing w's
// senders, options and counters, and w leaves those kinds to it from now
// on: a receiver that is slow by nature (an actuator given an hour for an
// action) then holds back only its own lane, never a deadline reminder.
// Call it before Run.
func (w *Worker) Lane(kinds ...string) *Worker {
	l := &Worker{store: w.store, senders: w.senders, now: w.now, opts: w.opts, log: w.log,
		wake: make(chan struct{}, 1), only: slices.Clone(kinds),
		delivered: w.delivered, failed: w.failed, retried: w.retried}
	w.except = append(w.except, kinds...)
	return l
}

// takes reports whether w carries out entries of kind.
func (w *Worker) takes(kind string) bool {
	if len(w.only) > 0 {
		return slices.Contains(w.only, kind)
	}
	return !slices.Contains(w.except, kind)
}

// DeliverDue makes one attempt at each entry due now (up to Batch) of the
// kinds it carries out and reports how many it took.
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	now := w.now()
	var due []store.OutboxEntry
	err := w.store.View(func(tx *store.Tx) error {
		var err error
		due, err = tx.DueOutboxOf(now, w.opts.Batch, w.takes)
		return err
	})
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, e := range due {
		if ctx.Err() != nil {
			break
		}
		if err := w.attempt(ctx, e); err != nil {
			errs = append(errs, fmt.Errorf("outbox entry %d (%s): %w", e.ID, e.Kind, err))
		}
	}
	return len(due), errors.Join(errs...)
}

// attempt sends e once and stores the outcome.
func (w *Worker) attempt(ctx context.Context, e store.OutboxEntry) error {
	sender, ok := w.senders[e.Kind]
	var (
		detail string
		err    error
		start  = time.Now()
	)
	if !ok {
		err = fmt.Errorf("no sender for kind %q is configured", e.Kind)
	} else {
		sctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
		detail, err = sender.Send(sctx, e)
		cancel()
	}
	took := time.Since(start)
	e.Attempts++
	now := w.now()
	var perm *permanentError
	giveUp := err != nil && (errors.As(err, &perm) || e.Attempts >= w.opts.MaxAttempts)
	if err != nil && !giveUp {
		e.NextAt = now.Add(w.backoff(e.Attempts, err))
		e.LastError = err.Error()
		w.retried.WithLabelValues(e.Kind).Inc()
		w.log.Warn().Err(err).Uint64("outbox_id", e.ID).Str("kind", e.Kind).Str("incident_id", e.Incident).
			Int("attempt", e.Attempts).Time("retry_at", e.NextAt).Msg("side effect failed, will retry")
		return w.store.Update(func(tx *store.Tx) error { return tx.RetryOutbox(&e) })
	}
	d := incident.Delivery{Kind: e.Kind, Key: e.Key, Attempts: e.Attempts, TookMS: took.Milliseconds(), Detail: detail}
	if err != nil {
		d.Error = err.Error()
		w.failed.WithLabelValues(e.Kind).Inc()
		w.log.Error().Err(err).Uint64("outbox_id", e.ID).Str("kind", e.Kind).Str("incident_id", e.Incident).
			Int("attempts", e.Attempts).Msg("side effect given up")
	} else {
		w.delivered.WithLabelValues(e.Kind).Inc()
	}
	return w.store.Update(func(tx *store.Tx) error {
		if err := tx.FinishOutbox(e.ID); err != nil {
			return err
		}
		if e.Incident == "" {
			return nil
		}
		inc, err := tx.Incident(e.Incident)
		if err != nil || inc == nil {
			return err
		}
		events, err := inc.RecordDelivery(d, now)
		if err != nil {
			return err
		}
		return tx.SaveIncident(inc, events)
	})
}

// backoff is how long to wait before attempt n+1: what the receiver asked
// for, else FirstRetry doubled per attempt up to MaxRetry.
func (w *Worker) backoff(attempts int, err error) time.Duration {
	var ra *retryAfterError
	if errors.As(err, &ra) && ra.after > 0 {
		return min(ra.after, w.opts.MaxRetry)
	}
	d := w.opts.FirstRetry
	for i := 1; i < attempts && d < w.opts.MaxRetry; i++ {
		d *= 2
	}
	return min(d, w.opts.MaxRetry)
}
