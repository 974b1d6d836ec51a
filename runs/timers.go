package runs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// maxTimersPerRound bounds the run timers one round handles.
const maxTimersPerRound = 256

// Run fires due run timers every interval until ctx ends.
func (e *Engine) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := e.FireDue(ctx); err != nil && ctx.Err() == nil {
			e.log.Error().Err(err).Msg("run timers")
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// FireDue handles every run timer due now, each in its own transaction: a
// wait that has ended carries its run on; an approval not given in time
// expires, which ends its run. It reports how many timers fired.
func (e *Engine) FireDue(ctx context.Context) (int, error) {
	now := e.opts.Now()
	var due []store.RunTimer
	err := e.store.View(func(tx *store.Tx) error {
		var err error
		due, err = tx.DueRunTimers(now, maxTimersPerRound)
		return err
	})
	if err != nil {
		return 0, err
	}
	var errs []error
	fired := 0
	for _, tm := range due {
		if ctx.Err() != nil {
			break
		}
		if err := e.fire(ctx, tm); err != nil {
			errs = append(errs, fmt.Errorf("timer of %s/%s: %w", tm.Run, tm.Step, err))
			continue
		}
		fired++
	}
	return fired, errors.Join(errs...)
}

// fire handles one due timer through the commit path: the run's incident
// is changed like any other, with the hooks after it. A timer whose step
// has moved on is only removed.
func (e *Engine) fire(ctx context.Context, tm store.RunTimer) error {
	var id string
	err := e.store.View(func(tx *store.Tx) error {
		r, err := tx.Run(tm.Run)
		if r != nil {
			id = r.Incident
		}
		return err
	})
	if err != nil {
		return err
	}
	if id == "" {
		// The run is gone: only the timer is left to remove.
		return e.store.Update(func(tx *store.Tx) error { return tx.DeleteRunTimer(tm) })
	}
	_, err = e.opts.Respond.Change(ctx, id, incident.PlaybooksActor, func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return e.fired(tx, inc, tm, now)
	})
	return err
}

// fired carries a run on from its timer tm, which it removes, and returns
// the events recorded on inc.
func (e *Engine) fired(tx *store.Tx, inc *incident.Incident, tm store.RunTimer, now time.Time) ([]incident.Event, error) {
	if err := tx.DeleteRunTimer(tm); err != nil {
		return nil, err
	}
	r, err := tx.Run(tm.Run)
	if err != nil || r == nil || r.Incident != inc.ID {
		return nil, err
	}
	t, err := e.machine(r.Playbook).Fire(r, inc, tm.Step, tm.At, now)
	if err != nil || len(t.Events) == 0 {
		return nil, err
	}
	return t.Events, e.apply(tx, r, t, now)
}
