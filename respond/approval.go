package respond

import (
	"context"
	"errors"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/store"
)

// Decisions on an approval step.
const (
	Approve = playbooks.Approve
	Reject  = playbooks.Reject
)

// ErrNotApprover is the category of a decision by someone outside the
// step's allowed approvers (the run state machine's own). The refusal is
// recorded on the timeline.
var ErrNotApprover = playbooks.ErrNotApprover

// ErrNoPlaybooks answers a decision when no playbook engine is running.
var ErrNoPlaybooks = errors.New("playbooks are not running in this daemon")

// Decision is one approver's answer to a pending approval step.
type Decision struct {
	Incident string
	Run      string
	Step     string
	Decision string // Approve or Reject
	Approver string
	Comment  string
	// Via is how the caller knows Approver, recorded with the decision:
	// the identity the decision came from (a Slack user acting as the
	// e-mail address the step lists), or the entry of the step's
	// approvers that admits an Approver not listed by name (a Slack user
	// group the caller found them in). Approver may decide when either is
	// listed; the caller vouches for Via.
	Via string
}

// Approvals decides on approval steps: the playbook engine.
type Approvals interface {
	// Decide records d on its run, loaded from tx, and carries the run on
	// as far as it goes; it returns the run and the events recorded on
	// inc, which the caller saves. A decision by someone not allowed
	// returns the refusal's events with an error wrapping ErrNotApprover:
	// the caller commits them and reports the refusal.
	Decide(tx *store.Tx, inc *incident.Incident, d Decision, now time.Time) (*incident.Run, []incident.Event, error)
}

// Decide records an approver's decision on a pending approval step. Enough
// approvals complete the step and carry the run on; one rejection ends the
// run. A decision by someone not allowed is refused with an error wrapping
// ErrNotApprover, and the refusal is on the timeline.
func (s *Service) Decide(ctx context.Context, d Decision) (*incident.Run, error) {
	if s.w.Approvals == nil {
		return nil, ErrNoPlaybooks
	}
	var (
		run     *incident.Run
		refused error
	)
	_, err := s.Change(ctx, d.Incident, d.Approver, func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		r, events, err := s.w.Approvals.Decide(tx, inc, d, now)
		if errors.Is(err, ErrNotApprover) {
			refused = err
			return events, nil // the refusal is recorded: commit it
		}
		run = r
		return events, err
	})
	if err != nil {
		return nil, err
	}
	return run, refused
}
