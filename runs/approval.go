package runs

import (
	"fmt"
	"slices"
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
	if d.Decision != respond.Approve && d.Decision != respond.Reject {
		return nil, nil, incident.Invalidf("decision must be %q or %q, not %.32q", respond.Approve, respond.Reject, d.Decision)
	}
	if d.Approver == "" || len(d.Approver) > incident.MaxActorLen {
		return nil, nil, incident.Invalidf("approver must be 1 to %d bytes", incident.MaxActorLen)
	}
	if len(d.Comment) > incident.MaxNoteLen {
		return nil, nil, incident.Invalidf("comment is over %d bytes", incident.MaxNoteLen)
	}
	if len(d.Via) > incident.MaxActorLen {
		return nil, nil, incident.Invalidf("via must be at most %d bytes", incident.MaxActorLen)
	}
	r, err := tx.Run(d.Run)
	if err != nil {
		return nil, nil, err
	}
	if r == nil || r.Incident != inc.ID {
		return nil, nil, fmt.Errorf("run %.128q of %s: %w", d.Run, inc.ID, store.ErrNotFound)
	}
	s := r.Step(d.Step)
	if s == nil || s.Kind != string(playbooks.KindApproval) {
		return nil, nil, fmt.Errorf("run %s has no approval step %.64q: %w", r.ID, d.Step, store.ErrNotFound)
	}
	if s.Status != incident.StepWaiting {
		return nil, nil, fmt.Errorf("%w: approval %s of %s is %s, not waiting for decisions", incident.ErrTransition, s.Name, r.ID, s.Status)
	}
	ev := incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Approver: d.Approver, Decision: d.Decision, Comment: d.Comment}
	if d.Via != "" {
		ev.Detail = "via " + d.Via
	}
	if !slices.Contains(s.Approvers, d.Approver) && (d.Via == "" || !slices.Contains(s.Approvers, d.Via)) {
		ev.Error = "not one of the step's approvers"
		events, err := inc.RecordRun(incident.EventApprovalRefused, d.Approver, ev, now)
		if err != nil {
			return nil, nil, err
		}
		return r, events, fmt.Errorf("%w: %s may not decide on %s of %s", respond.ErrNotApprover, d.Approver, s.Name, r.ID)
	}
	if slices.ContainsFunc(s.Approvals, func(a incident.Decision) bool { return a.Approver == d.Approver }) {
		return nil, nil, fmt.Errorf("%w: %s has decided on %s already", incident.ErrTransition, d.Approver, s.Name)
	}
	s.Approvals = append(s.Approvals, incident.Decision{Approver: d.Approver, Decision: d.Decision, Comment: d.Comment, At: now.UTC()})
	events, err := inc.RecordRun(incident.EventApprovalRecorded, d.Approver, ev, now)
	if err != nil {
		return nil, nil, err
	}
	approvals := 0
	for _, a := range s.Approvals {
		if a.Decision == respond.Approve {
			approvals++
		}
	}
	switch {
	case d.Decision == respond.Reject:
		if err := e.endApproval(tx, r, s, incident.StepRejected, incident.RunRejected, "rejected by "+d.Approver, now); err != nil {
			return nil, nil, err
		}
	case approvals >= s.Required:
		if err := tx.DeleteRunTimer(store.RunTimer{At: *s.Until, Run: r.ID, Step: s.Name}); err != nil {
			return nil, nil, err
		}
		t := now.UTC()
		s.Status, s.EndedAt = incident.StepDone, &t
		more, err := inc.RecordRun(incident.EventStepDone, incident.PlaybooksActor,
			incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Detail: fmt.Sprintf("approved by %d of %d required", approvals, s.Required)}, now)
		if err != nil {
			return nil, nil, err
		}
		events = append(events, more...)
		r.Current++
		r.Status = incident.RunRunning
	default:
		return r, events, tx.PutRun(r)
	}
	more, err := e.advance(tx, e.set.Load(), r, inc, now)
	if err != nil {
		return nil, nil, err
	}
	return r, append(events, more...), tx.PutRun(r)
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
