package runs

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/store"
)

// Decisions on an approval step.
const (
	Approve = "approve"
	Reject  = "reject"
)

// ErrNotApprover is the category of a decision by someone outside the
// step's allowed approvers. The refusal is recorded on the timeline.
var ErrNotApprover = errors.New("not an allowed approver")

// DecisionRequest is one approver's answer to a pending approval step.
type DecisionRequest struct {
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

// Decide records an approver's decision in tx, the caller's transaction.
// Enough approvals complete the step and carry the run on; one rejection
// ends the run. A decision by someone not allowed is refused: the
// refusal is recorded, and Decide returns the run with an error wrapping
// ErrNotApprover, which the caller must still commit.
func (e *Engine) Decide(tx *store.Tx, d DecisionRequest) (*incident.Run, error) {
	now := e.opts.Now()
	if d.Decision != Approve && d.Decision != Reject {
		return nil, incident.Invalidf("decision must be %q or %q, not %.32q", Approve, Reject, d.Decision)
	}
	if d.Approver == "" || len(d.Approver) > incident.MaxActorLen {
		return nil, incident.Invalidf("approver must be 1 to %d bytes", incident.MaxActorLen)
	}
	if len(d.Comment) > incident.MaxNoteLen {
		return nil, incident.Invalidf("comment is over %d bytes", incident.MaxNoteLen)
	}
	r, err := tx.Run(d.Run)
	if err != nil {
		return nil, err
	}
	if r == nil || r.Incident != d.Incident {
		return nil, fmt.Errorf("run %.128q of %s: %w", d.Run, d.Incident, store.ErrNotFound)
	}
	s := r.Step(d.Step)
	if s == nil || s.Kind != string(playbooks.KindApproval) {
		return nil, fmt.Errorf("run %s has no approval step %.64q: %w", r.ID, d.Step, store.ErrNotFound)
	}
	if s.Status != incident.StepWaiting {
		return nil, fmt.Errorf("%w: approval %s of %s is %s, not waiting for decisions", incident.ErrTransition, s.Name, r.ID, s.Status)
	}
	inc, err := tx.Incident(r.Incident)
	if err != nil || inc == nil {
		return nil, fmt.Errorf("incident %s: %w", r.Incident, store.ErrNotFound)
	}
	if len(d.Via) > incident.MaxActorLen {
		return nil, incident.Invalidf("via must be at most %d bytes", incident.MaxActorLen)
	}
	ev := incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Approver: d.Approver, Decision: d.Decision, Comment: d.Comment}
	if d.Via != "" {
		ev.Detail = "via " + d.Via
	}
	if !slices.Contains(s.Approvers, d.Approver) && (d.Via == "" || !slices.Contains(s.Approvers, d.Via)) {
		ev.Error = "not one of the step's approvers"
		events, err := inc.RecordRun(incident.EventApprovalRefused, d.Approver, ev, now)
		if err != nil {
			return nil, err
		}
		if err := tx.SaveIncident(inc, events); err != nil {
			return nil, err
		}
		if err := e.changed(tx, inc, events, now); err != nil {
			return nil, err
		}
		return r, fmt.Errorf("%w: %s may not decide on %s of %s", ErrNotApprover, d.Approver, s.Name, r.ID)
	}
	if slices.ContainsFunc(s.Approvals, func(a incident.Decision) bool { return a.Approver == d.Approver }) {
		return nil, fmt.Errorf("%w: %s has decided on %s already", incident.ErrTransition, d.Approver, s.Name)
	}
	s.Approvals = append(s.Approvals, incident.Decision{Approver: d.Approver, Decision: d.Decision, Comment: d.Comment, At: now.UTC()})
	events, err := inc.RecordRun(incident.EventApprovalRecorded, d.Approver, ev, now)
	if err != nil {
		return nil, err
	}
	approvals := 0
	for _, a := range s.Approvals {
		if a.Decision == Approve {
			approvals++
		}
	}
	switch {
	case d.Decision == Reject:
		if err := e.endApproval(tx, r, s, incident.StepRejected, incident.RunRejected, "rejected by "+d.Approver, now); err != nil {
			return nil, err
		}
	case approvals >= s.Required:
		if err := tx.DeleteRunTimer(store.RunTimer{At: *s.Until, Run: r.ID, Step: s.Name}); err != nil {
			return nil, err
		}
		t := now.UTC()
		s.Status, s.EndedAt = incident.StepDone, &t
		more, err := inc.RecordRun(incident.EventStepDone, incident.PlaybooksActor,
			incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Detail: fmt.Sprintf("approved by %d of %d required", approvals, s.Required)}, now)
		if err != nil {
			return nil, err
		}
		events = append(events, more...)
		r.Current++
		r.Status = incident.RunRunning
	default:
		if err := save(tx, r, inc, events); err != nil {
			return nil, err
		}
		return r, e.changed(tx, inc, events, now)
	}
	more, err := e.advance(tx, e.set.Load(), r, inc, now)
	if err != nil {
		return nil, err
	}
	events = append(events, more...)
	if err := save(tx, r, inc, events); err != nil {
		return nil, err
	}
	if err := e.changed(tx, inc, events, now); err != nil {
		return nil, err
	}
	e.wakeAfterCommit(tx)
	return r, nil
}

// endApproval ends an approval step without approval, which ends the run.
func (e *Engine) endApproval(tx *store.Tx, r *incident.Run, s *incident.RunStep, st incident.StepStatus, rs incident.RunStatus, why string, now time.Time) error {
	if s.Until != nil {
		if err := tx.DeleteRunTimer(store.RunTimer{At: *s.Until, Run: r.ID, Step: s.Name}); err != nil {
			return err
		}
	}
	t := now.UTC()
	s.Status, s.EndedAt, s.Error = st, &t, why
	r.Status, r.Current = rs, len(r.Steps)
	return nil
}
