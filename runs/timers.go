package runs

import (
	"context"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/timers"
)

// TimerKinds are the kinds of the runs' timers, which the engine fires: a
// wait's end and an approval's expiry.
func TimerKinds() []string {
	return []string{string(incident.TimerWait), string(incident.TimerApprovalExpiry)}
}

// armTimer arms the timer of r's step: an approval's expiry or a wait's
// end.
func (e *Engine) armTimer(tx *store.Tx, r *incident.Run, at time.Time, step string, approval bool) error {
	kind := incident.TimerWait
	if approval {
		kind = incident.TimerApprovalExpiry
	}
	tm, err := store.StepTimer(at, r.Incident, kind, incident.StepTimer{Run: r.ID, Step: step})
	if err != nil {
		return err
	}
	return tx.ArmTimer(tm)
}

// disarmTimer disarms the timer of r's step armed for at, of either kind.
func (e *Engine) disarmTimer(tx *store.Tx, r *incident.Run, at time.Time, step string) error {
	for _, kind := range TimerKinds() {
		tm, err := store.StepTimer(at, r.Incident, incident.TimerKind(kind), incident.StepTimer{Run: r.ID, Step: step})
		if err != nil {
			return err
		}
		if err := tx.DisarmTimer(tm); err != nil {
			return err
		}
	}
	return nil
}

// Fire is the engine's timer handler (timers.Handler): through the commit
// path, a wait that has ended carries its run on, and an approval not given
// in time expires, which ends its run. A timer whose step has moved on is
// only disarmed.
func (e *Engine) Fire(ctx context.Context, tm store.Timer) (bool, error) {
	return timers.Fire(ctx, e.opts.Respond, tm, incident.PlaybooksActor, func(tx *store.Tx, inc *incident.Incident, st incident.StepTimer, now time.Time) ([]incident.Event, error) {
		r, err := tx.Run(st.Run)
		if err != nil || r == nil || r.Incident != inc.ID {
			return nil, err
		}
		t, err := e.machine(r.Playbook).Fire(r, inc, st.Step, tm.At, now)
		if err != nil || len(t.Events) == 0 {
			return nil, err
		}
		return t.Events, e.apply(tx, r, t, now)
	})
}

var _ timers.Handler = (*Engine)(nil)
