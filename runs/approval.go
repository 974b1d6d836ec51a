package runs

import (
	"errors"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// Decide records an approver's decision, in tx, on the run it names, and
// carries the run on: enough approvals complete the step and the run goes
// on; one rejection ends the run. It returns the run and the events
// recorded on inc, which the caller saves with inc (respond.Decide). A
// decision by someone not allowed returns the refusal's events with an
// error wrapping respond.ErrNotApprover, for the caller to commit.
func (e *Engine) Decide(tx *store.Tx, inc *incident.Incident, d respond.Decision, now time.Time) (*incident.Run, []incident.Event, error) {
	in := playbooks.Decision{Step: d.Step, Decision: d.Decision, Approver: d.Approver, Comment: d.Comment, Via: d.Via}
	if err := in.Validate(); err != nil {
		return nil, nil, err
	}
	r, err := tx.Run(d.Run)
	if err != nil {
		return nil, nil, err
	}
	if r == nil || r.Incident != inc.ID {
		return nil, nil, fmt.Errorf("run %.128q of %s: %w", d.Run, inc.ID, store.ErrNotFound)
	}
	t, err := e.machine(r.Playbook).Decide(r, inc, in, now)
	switch {
	case errors.Is(err, playbooks.ErrNoApproval):
		return nil, nil, fmt.Errorf("run %s has no approval step %.64q: %w", r.ID, d.Step, store.ErrNotFound)
	case errors.Is(err, playbooks.ErrNotApprover):
		return r, t.Events, err // the refusal is recorded: the caller commits it
	case err != nil:
		return nil, nil, err
	}
	return r, t.Events, e.apply(tx, r, t, now)
}
