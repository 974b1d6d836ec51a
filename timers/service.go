package timers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/store"
)

// Handler carries out the timers of one kind.
type Handler interface {
	// Fire acts on tm, which is due, and disarms it (store.Tx.DisarmTimer)
	// in the transaction that records the effect. It reports whether it
	// acted: a timer the state has moved past (the deadline moved, the
	// step ended) is only disarmed. An error leaves the timer armed, to
	// fire again at the next round, unless it is Permanent.
	Fire(ctx context.Context, tm store.Timer) (acted bool, err error)
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, tm store.Timer) (bool, error)

// Fire calls f.
func (f HandlerFunc) Fire(ctx context.Context, tm store.Timer) (bool, error) { return f(ctx, tm) }

// ErrGone is what a handler returns when what its timer wakes (the
// incident, the run) is gone: the service disarms the timer, as stale.
var ErrGone = errors.New("what the timer wakes is gone")

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks an error that firing again cannot fix (the timer's data
// cannot be read): the service disarms the timer and reports the error.
func Permanent(err error) error { return &permanentError{err} }

// Options configure the service.
type Options struct {
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Batch bounds the timers one round fires; the next round takes the
	// rest. 0 is 256.
	Batch int
	// Metrics, when set, registers the service's counters.
	Metrics prometheus.Registerer
}

// Service fires due timers, each through the handler of its kind.
type Service struct {
	store    *store.Store
	opts     Options
	log      zerolog.Logger
	handlers map[string]Handler
	kinds    []string
	fired    *prometheus.CounterVec
	failed   *prometheus.CounterVec
}

// New returns a service over st with no handlers yet (see Handle).
func New(st *store.Store, opts Options, log zerolog.Logger) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Batch <= 0 {
		opts.Batch = 256
	}
	s := &Service{store: st, opts: opts, log: log, handlers: map[string]Handler{},
		fired: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_timers_fired_total",
			Help: "Durable timers fired, by kind and outcome: acted, or stale (the state had moved past it; disarmed only).",
		}, []string{"kind", "outcome"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_timer_failures_total",
			Help: "Durable timers whose handler failed, by kind; a failed timer fires again at the next round unless the failure is permanent.",
		}, []string{"kind"}),
	}
	if opts.Metrics != nil {
		opts.Metrics.MustRegister(s.fired, s.failed)
	}
	return s
}

// Handle makes h fire the timers of each of kinds. Call it while wiring,
// before Run; a kind has one handler.
func (s *Service) Handle(h Handler, kinds ...string) {
	for _, k := range kinds {
		if _, dup := s.handlers[k]; dup {
			panic(fmt.Sprintf("timers: two handlers of kind %q", k))
		}
		s.handlers[k] = h
		s.kinds = append(s.kinds, k)
	}
	slices.Sort(s.kinds)
}

// Kinds are the kinds the service fires, sorted.
func (s *Service) Kinds() []string { return slices.Clone(s.kinds) }

// Fired is the counter of the timers of kind fired with outcome ("acted"
// or "stale"), for tests and the daemon's checks.
func (s *Service) Fired(kind, outcome string) prometheus.Counter {
	return s.fired.WithLabelValues(kind, outcome)
}

// Run fires due timers every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := s.FireDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error().Err(err).Msg("timers")
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// FireDue fires every timer due now (up to Batch), earliest first, each in
// its handler's own transaction, and reports how many acted. Timers of a
// kind no handler takes are left where they are, and do not hold back the
// others. The errors of the timers that failed are joined.
func (s *Service) FireDue(ctx context.Context) (int, error) {
	if len(s.kinds) == 0 {
		return 0, nil
	}
	now := s.opts.Now()
	var due []store.Timer
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		due, err = tx.DueTimers(now, s.opts.Batch, s.kinds...)
		return err
	})
	if err != nil {
		return 0, err
	}
	acted := 0
	var errs []error
	for _, tm := range due {
		if ctx.Err() != nil {
			break
		}
		ok, err := s.fire(ctx, tm)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if ok {
			acted++
		}
	}
	return acted, errors.Join(errs...)
}

// fire hands one timer to its handler and counts how it went.
func (s *Service) fire(ctx context.Context, tm store.Timer) (bool, error) {
	acted, err := s.handlers[tm.Kind].Fire(ctx, tm)
	if errors.Is(err, ErrGone) {
		acted, err = false, s.store.Update(func(tx *store.Tx) error { return tx.DisarmTimer(tm) })
	}
	if err == nil {
		outcome := "stale"
		if acted {
			outcome = "acted"
		}
		s.fired.WithLabelValues(tm.Kind, outcome).Inc()
		return acted, nil
	}
	if ctx.Err() != nil {
		// Cut by shutdown: the timer fires again at the next start.
		return false, nil
	}
	s.failed.WithLabelValues(tm.Kind).Inc()
	err = fmt.Errorf("%s timer %s of %s: %w", tm.Kind, tm.Name, tm.Incident, err)
	var perm *permanentError
	if errors.As(err, &perm) {
		if derr := s.store.Update(func(tx *store.Tx) error { return tx.DisarmTimer(tm) }); derr != nil {
			return false, errors.Join(err, derr)
		}
		s.log.Error().Err(err).Str("incident_id", tm.Incident).Str("kind", tm.Kind).Str("timer", tm.Name).Msg("timer disarmed: it cannot fire")
	}
	return false, err
}
