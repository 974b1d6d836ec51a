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

// Settler is a Sender whose kind's outcome means more to its incident than
// the delivery record: a playbook step done or failed. The worker calls
// Settle after every attempt — retried or final — in the transaction that
// records the attempt, and saves the events it returns with the incident.
type Settler interface {
	Settle(tx *store.Tx, inc *incident.Incident, e store.OutboxEntry, o Outcome, now time.Time) ([]incident.Event, error)
}

// Outcome is how one attempt at an entry went.
type Outcome struct {
	// Attempt counts the attempts so far, this one included.
	Attempt int
	Took    time.Duration
	// Detail is what the receiver answered.
	Detail string
	// Err is why the attempt failed; nil when it succeeded.
	Err error
	// GiveUp is set when no attempt follows a failure: the error was
	// permanent, or the attempts are used up.
	GiveUp bool
}

// Timeouter is a Sender whose entries each bound their own attempt (an
// action step's timeout), instead of Options.Timeout.
type Timeouter interface {
	AttemptTimeout(e store.OutboxEntry) time.Duration
}

// Committer commits a change to one incident through the one commit path
// every change takes (respond.Service.Change), so that the hooks after it
// (Slack) hear of what an attempt recorded.
type Committer interface {
	Change(ctx context.Context, id, actor string, fn func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error)) (*incident.Incident, error)
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
	// Commit, when set, records the outcome of a Settler's attempts on
	// its incident through the one commit path, so that the hooks hear of
	// it; nil records them in a transaction of the worker's own, without
	// hooks (tests of the worker alone), as it records every delivery.
	Commit Committer
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

// attempt sends e once and records the outcome: the entry finished or
// due again, the kind's Settler, and, once the entry is done or given up,
// its delivery on the incident's timeline, in one transaction. An attempt
// cut short by shutdown records nothing: the next start makes it again.
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
		timeout := w.opts.Timeout
		if t, ok := sender.(Timeouter); ok {
			timeout = t.AttemptTimeout(e)
		}
		sctx, cancel := context.WithTimeout(ctx, timeout)
		detail, err = sender.Send(sctx, e)
		cancel()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	e.Attempts++
	var perm *permanentError
	o := Outcome{Attempt: e.Attempts, Took: time.Since(start), Detail: detail, Err: err,
		GiveUp: err != nil && (errors.As(err, &perm) || e.Attempts >= w.opts.MaxAttempts)}
	if err != nil && !o.GiveUp {
		w.retried.WithLabelValues(e.Kind).Inc()
	} else if err != nil {
		w.failed.WithLabelValues(e.Kind).Inc()
		w.log.Error().Err(err).Uint64("outbox_id", e.ID).Str("kind", e.Kind).Str("incident_id", e.Incident).
			Int("attempts", e.Attempts).Msg("side effect given up")
	} else {
		w.delivered.WithLabelValues(e.Kind).Inc()
	}
	settler, _ := sender.(Settler)
	record := func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		if err != nil && !o.GiveUp {
			e.NextAt = now.Add(w.backoff(e.Attempts, err))
			e.LastError = err.Error()
			w.log.Warn().Err(err).Uint64("outbox_id", e.ID).Str("kind", e.Kind).Str("incident_id", e.Incident).
				Int("attempt", e.Attempts).Time("retry_at", e.NextAt).Msg("side effect failed, will retry")
			if err := tx.RetryOutbox(&e); err != nil {
				return nil, err
			}
		} else if err := tx.FinishOutbox(e.ID); err != nil {
			return nil, err
		}
		if inc == nil {
			return nil, nil
		}
		var events []incident.Event
		if settler != nil {
			more, err := settler.Settle(tx, inc, e, o, now)
			if err != nil {
				return nil, err
			}
			events = more
		}
		if err == nil || o.GiveUp {
			d := incident.Delivery{Kind: e.Kind, Key: e.Key, Attempts: e.Attempts, TookMS: o.Took.Milliseconds(), Detail: detail}
			if err != nil {
				d.Error = err.Error()
			}
			more, err := inc.RecordDelivery(d, now)
			if err != nil {
				return nil, err
			}
			events = append(events, more...)
		}
		return events, nil
	}
	// Only an outcome that means more than its delivery record (a step
	// done) is a change the hooks must hear of; a delivery record alone
	// is not, or every Slack update delivered would ask for another.
	return w.record(ctx, e.Incident, settler != nil, record)
}

// record runs fn in one transaction on incident id, loaded (nil when id is
// empty or the incident is gone), and saves what fn recorded on it:
// through Options.Commit when commit is asked for and Commit is set.
func (w *Worker) record(ctx context.Context, id string, commit bool, fn func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error)) error {
	if commit && id != "" && w.opts.Commit != nil {
		_, err := w.opts.Commit.Change(ctx, id, "outbox", fn)
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		// The incident is gone: finish the entry all the same.
	}
	return w.store.Update(func(tx *store.Tx) error {
		now := w.now()
		var inc *incident.Incident
		if id != "" {
			var err error
			if inc, err = tx.Incident(id); err != nil {
				return err
			}
		}
		events, err := fn(tx, inc, now)
		if err != nil || len(events) == 0 {
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
