package playbooks

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/breachd/breachd/incident"
)

// The run state machine. A run is stored as an incident.Run; what happens
// to it is one of four inputs — it starts (Start), an approver decides
// (Decide), its timer fires (Fire), or the outcome of a step's side effect
// comes back (Settle). Each function takes the run, the incident and now,
// changes both in place (the run's steps; the incident's timeline, and its
// facts when a facts step is reached), and returns a Transition: the
// timeline events recorded on the incident and the effects for the caller
// to carry out in the same transaction. The machine performs nothing: it
// reads no store, sends nothing, and logs nothing (package runs does).
//
// From its current step a run goes on as far as it can without waiting:
// a step whose if is false is skipped, a facts step patches the incident's
// facts, and the run stops at the first step that must wait — an action or
// a message (SendAction, SendNotice: the outbox carries it out and Settle
// brings the outcome back), an approval or a delay (ArmTimer: Decide or
// Fire carries the run on).

// Decisions on an approval step.
const (
	Approve = "approve"
	Reject  = "reject"
)

// Errors of the machine. Each is wrapped with what it concerns.
var (
	// ErrNotApprover is a decision by someone outside the step's
	// approvers. Decide records the refusal and returns its events with
	// the error: the caller commits them.
	ErrNotApprover = errors.New("not an allowed approver")
	// ErrNoApproval is a decision on a step that is not an approval of
	// the run.
	ErrNoApproval = errors.New("no such approval step")
)

// Effect is something the caller carries out for a transition, in the
// transaction that records it: SendAction, SendNotice, ArmTimer or
// CancelTimer.
type Effect interface{ effect() }

// SendAction puts an action step's request in the outbox, under the
// step's idempotency key.
type SendAction struct {
	Run, Step, Key, Playbook string
	Action                   *PlannedAction
	Timeout                  Duration
	Retries                  int
}

// SendNotice puts a notify step's message in the outbox, under the step's
// idempotency key.
type SendNotice struct {
	Run, Step, Key   string
	Channel, Message string
	Timeout          Duration
	Retries          int
}

// ArmTimer arms the durable timer of a waiting step: when a delay ends or
// an approval expires. Approval says which, for the caller's log.
type ArmTimer struct {
	At        time.Time
	Run, Step string
	Approval  bool
}

// CancelTimer removes a step's timer that is no longer needed: an approval
// decided before it expired.
type CancelTimer struct {
	At        time.Time
	Run, Step string
}

func (SendAction) effect()  {}
func (SendNotice) effect()  {}
func (ArmTimer) effect()    {}
func (CancelTimer) effect() {}

// Transition is what one input did to a run: the events recorded on the
// incident, in order, and the effects to carry out.
type Transition struct {
	Events  []incident.Event
	Effects []Effect
	// Ended is set when the run ended in this transition.
	Ended bool
}

// Machine moves runs on. It is a value: the playbook the run follows (nil
// when a reload removed it, which fails the run when it next moves), and
// the check of the facts a facts step sets.
type Machine struct {
	Playbook *Playbook
	// Check checks facts against the catalog before a facts step sets
	// them; nil checks only the facts model.
	Check func(*incident.Facts) error
}

// NewRun is the stored shape of pb's run runID about to start on incident
// id for alert a: every step pending, under the key StepKey gives it.
func NewRun(pb *Playbook, runID, id string, a *incident.Alert, now time.Time) *incident.Run {
	r := &incident.Run{ID: runID, Incident: id, Playbook: pb.Name, File: pb.File,
		Status: incident.RunRunning, StartedAt: now.UTC(), UpdatedAt: now.UTC(), Alert: a}
	for _, s := range pb.Steps {
		r.Steps = append(r.Steps, incident.RunStep{Name: s.Name, Kind: string(s.Kind), Status: incident.StepPending, Key: StepKey(runID, s.Name)})
	}
	return r
}

// Start records the start of run r (NewRun) on inc and takes its first
// steps.
func (m Machine) Start(r *incident.Run, inc *incident.Incident, now time.Time) (Transition, error) {
	var t Transition
	if err := t.record(inc, incident.EventRunStarted, incident.PlaybooksActor,
		incident.RunEvent{Run: r.ID, Playbook: r.Playbook, AlertID: r.Alert.ID}, now); err != nil {
		return t, err
	}
	return t, m.advance(&t, r, inc, now)
}

// Decision is one approver's answer to an approval step.
type Decision struct {
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

// Validate checks a decision's fields.
func (d Decision) Validate() error {
	switch {
	case d.Decision != Approve && d.Decision != Reject:
		return incident.Invalidf("decision must be %q or %q, not %.32q", Approve, Reject, d.Decision)
	case d.Approver == "" || len(d.Approver) > incident.MaxActorLen:
		return incident.Invalidf("approver must be 1 to %d bytes", incident.MaxActorLen)
	case len(d.Comment) > incident.MaxNoteLen:
		return incident.Invalidf("comment is over %d bytes", incident.MaxNoteLen)
	case len(d.Via) > incident.MaxActorLen:
		return incident.Invalidf("via must be at most %d bytes", incident.MaxActorLen)
	}
	return nil
}

// Decide records an approver's decision on r's approval step. Enough
// approvals complete the step and the run goes on; one rejection ends the
// run. A decision by someone not allowed records the refusal and returns
// its transition with an error wrapping ErrNotApprover; a step that is not
// waiting any more is incident.ErrTransition.
func (m Machine) Decide(r *incident.Run, inc *incident.Incident, d Decision, now time.Time) (Transition, error) {
	var t Transition
	if err := d.Validate(); err != nil {
		return t, err
	}
	s := r.Step(d.Step)
	if s == nil || s.Kind != string(KindApproval) {
		return t, fmt.Errorf("%w: run %s has no approval step %.64q", ErrNoApproval, r.ID, d.Step)
	}
	if s.Status != incident.StepWaiting {
		return t, fmt.Errorf("%w: approval %s of %s is %s, not waiting for decisions", incident.ErrTransition, s.Name, r.ID, s.Status)
	}
	ev := incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Approver: d.Approver, Decision: d.Decision, Comment: d.Comment}
	if d.Via != "" {
		ev.Detail = "via " + d.Via
	}
	if !slices.Contains(s.Approvers, d.Approver) && (d.Via == "" || !slices.Contains(s.Approvers, d.Via)) {
		ev.Error = "not one of the step's approvers"
		if err := t.record(inc, incident.EventApprovalRefused, d.Approver, ev, now); err != nil {
			return t, err
		}
		return t, &NotApproverError{Approver: d.Approver, Run: r.ID, Step: s.Name, Approvers: slices.Clone(s.Approvers)}
	}
	if slices.ContainsFunc(s.Approvals, func(a incident.Decision) bool { return a.Approver == d.Approver }) {
		return t, fmt.Errorf("%w: %s has decided on %s already", incident.ErrTransition, d.Approver, s.Name)
	}
	s.Approvals = append(s.Approvals, incident.Decision{Approver: d.Approver, Decision: d.Decision, Comment: d.Comment, At: now.UTC()})
	if err := t.record(inc, incident.EventApprovalRecorded, d.Approver, ev, now); err != nil {
		return t, err
	}
	approvals := 0
	for _, a := range s.Approvals {
		if a.Decision == Approve {
			approvals++
		}
	}
	switch {
	case d.Decision == Reject:
		t.endApproval(r, s, incident.StepRejected, incident.RunRejected, "rejected by "+d.Approver, now)
	case approvals >= s.Required:
		t.cancelTimer(r, s)
		at := now.UTC()
		s.Status, s.EndedAt = incident.StepDone, &at
		if err := t.record(inc, incident.EventStepDone, incident.PlaybooksActor,
			incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Detail: fmt.Sprintf("approved by %d of %d required", approvals, s.Required)}, now); err != nil {
			return t, err
		}
		r.Current++
		r.Status = incident.RunRunning
	default:
		r.UpdatedAt = now.UTC()
		return t, nil // more approvals to come
	}
	return t, m.advance(&t, r, inc, now)
}

// Fire handles r's timer for step, armed for at: a delay that has ended
// goes on to the next step; an approval not given in time expires, which
// ends the run. A timer whose step has moved on (decided, or re-armed)
// changes nothing.
func (m Machine) Fire(r *incident.Run, inc *incident.Incident, step string, at time.Time, now time.Time) (Transition, error) {
	var t Transition
	s := r.Step(step)
	if s == nil || s.Status != incident.StepWaiting || s.Until == nil || !s.Until.Equal(at) {
		return t, nil // stale: the step moved on
	}
	ev := incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind}
	if s.Kind == string(KindApproval) {
		t.endApproval(r, s, incident.StepExpired, incident.RunExpired, "no decision in time", now)
		ev.Detail = fmt.Sprintf("%d of %d required approvals given", len(s.Approvals), s.Required)
		if err := t.record(inc, incident.EventApprovalExpired, incident.PlaybooksActor, ev, now); err != nil {
			return t, err
		}
	} else {
		ended := now.UTC()
		s.Status, s.EndedAt = incident.StepDone, &ended
		r.Current++
		r.Status = incident.RunRunning
		if err := t.record(inc, incident.EventStepDone, incident.PlaybooksActor, ev, now); err != nil {
			return t, err
		}
	}
	return t, m.advance(&t, r, inc, now)
}

// Outcome is how one attempt at a step's side effect went.
type Outcome struct {
	Step string
	// Key is the idempotency key the attempt was made under: an outcome
	// for another key (an older attempt) changes nothing.
	Key     string
	Attempt int
	Took    time.Duration
	// Detail is what the receiver said.
	Detail string
	// Err is why the attempt failed; empty when it succeeded.
	Err string
	// Final says the failure is the step's end (refused, or out of
	// retries); otherwise it is retried under the same key.
	Final bool
	// Unknown says whether the receiver carried it out is not known (a
	// timeout), which the timeline records.
	Unknown bool
}

// Settle records an attempt's outcome on r's step: success completes the
// step and the run goes on; a final failure fails the step and the run; a
// failure to retry is noted on the step (and on the timeline when its
// outcome is unknown). An outcome for a step that no longer waits for it
// changes nothing.
func (m Machine) Settle(r *incident.Run, inc *incident.Incident, o Outcome, now time.Time) (Transition, error) {
	var t Transition
	s := r.Step(o.Step)
	if s == nil || s.Key != o.Key || s.Status != incident.StepRunning {
		return t, nil
	}
	s.Attempts = o.Attempt
	r.UpdatedAt = now.UTC()
	ev := incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Key: o.Key, Attempt: o.Attempt, TookMS: o.Took.Milliseconds(), Detail: o.Detail}
	switch {
	case o.Err == "":
		ended := now.UTC()
		s.Status, s.EndedAt, s.Detail, s.Error = incident.StepDone, &ended, o.Detail, ""
		if err := t.record(inc, incident.EventStepDone, incident.PlaybooksActor, ev, now); err != nil {
			return t, err
		}
		r.Current++
	case o.Final:
		ev.Error = o.Err
		if err := t.failStep(inc, r, s, o.Err, ev, now); err != nil {
			return t, err
		}
	default:
		// An unknown outcome is recorded when it begins, not again for
		// each attempt that ends the same way.
		prev := s.Error
		s.Error = o.Err
		if o.Unknown && o.Err != prev {
			ev.Error = o.Err
			return t, t.record(inc, incident.EventStepOutcomeUnknown, incident.PlaybooksActor, ev, now)
		}
		return t, nil
	}
	return t, m.advance(&t, r, inc, now)
}

// advance carries r forward from its current step as far as it can go:
// conditions are evaluated and facts patched as each step is reached; an
// action or a message is sent, an approval or a delay arms a timer, and
// the run stops there until the outcome comes back. A run past its last
// step is done; a run that ends records so.
func (m Machine) advance(t *Transition, r *incident.Run, inc *incident.Incident, now time.Time) error {
	r.UpdatedAt = now.UTC()
	pb := m.Playbook
loop:
	for r.Current < len(r.Steps) && r.Active() {
		s := &r.Steps[r.Current]
		var (
			ps    PlannedStep
			found bool
		)
		if pb != nil {
			ps, found = pb.PlanStep(s.Name, r.ID, r.Alert, inc)
		}
		at := now.UTC()
		s.StartedAt = &at
		switch {
		case pb == nil:
			ps.Error = fmt.Sprintf("playbook %s is no longer loaded (the set was reloaded without it)", r.Playbook)
		case !found:
			ps.Error = fmt.Sprintf("playbook %s no longer has a step %s (it was reloaded without it)", r.Playbook, s.Name)
		case !ps.Run && ps.Error == "":
			s.Status, s.EndedAt = incident.StepSkipped, &at
			if err := t.record(inc, incident.EventStepSkipped, incident.PlaybooksActor,
				incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Detail: "if " + ps.If + " is false"}, now); err != nil {
				return err
			}
			r.Current++
			continue
		}
		if ps.Error != "" {
			if err := t.failStep(inc, r, s, ps.Error, incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Attempt: s.Attempts, Error: ps.Error}, now); err != nil {
				return err
			}
			break
		}
		switch ps.Kind {
		case KindFacts:
			events, refused := inc.PatchFacts(ps.Facts, incident.PlaybooksActor, m.Check, now)
			t.Events = append(t.Events, events...)
			if refused != nil {
				if err := t.failStep(inc, r, s, refused.Error(), incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Attempt: s.Attempts, Error: refused.Error()}, now); err != nil {
					return err
				}
				continue
			}
			s.Status, s.EndedAt, s.Detail = incident.StepDone, &at, string(ps.Facts)
			if err := t.record(inc, incident.EventStepDone, incident.PlaybooksActor, incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Detail: s.Detail}, now); err != nil {
				return err
			}
			r.Current++
		case KindAction:
			t.Effects = append(t.Effects, SendAction{Run: r.ID, Step: s.Name, Key: s.Key, Playbook: r.Playbook, Action: ps.Action, Timeout: ps.Timeout, Retries: ps.Retries})
			return t.started(inc, r, s, now)
		case KindNotify:
			t.Effects = append(t.Effects, SendNotice{Run: r.ID, Step: s.Name, Key: s.Key, Channel: ps.Notify.Channel, Message: ps.Notify.Message, Timeout: ps.Timeout, Retries: ps.Retries})
			return t.started(inc, r, s, now)
		case KindWait, KindApproval:
			d := time.Duration(ps.Wait)
			ev := incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind}
			if ps.Approval != nil {
				d = time.Duration(ps.Approval.Expires)
				s.Approvers, s.Required, s.Detail = ps.Approval.Approvers, ps.Approval.Required, ps.Approval.Message
				ev.Detail = fmt.Sprintf("%d of %v must approve: %s", s.Required, s.Approvers, s.Detail)
			}
			until := now.Add(d).UTC()
			s.Status, s.Until, r.Status = incident.StepWaiting, &until, incident.RunWaiting
			ev.Until = &until
			t.Effects = append(t.Effects, ArmTimer{At: until, Run: r.ID, Step: s.Name, Approval: ps.Approval != nil})
			if err := t.record(inc, incident.EventStepStarted, incident.PlaybooksActor, ev, now); err != nil {
				return err
			}
			break loop
		}
	}
	if r.Current >= len(r.Steps) && r.Active() {
		r.Status = incident.RunDone
	}
	if !r.Active() && r.EndedAt == nil {
		ended := now.UTC()
		r.EndedAt = &ended
		t.Ended = true
		return t.record(inc, incident.EventRunEnded, incident.PlaybooksActor, incident.RunEvent{Run: r.ID, Playbook: r.Playbook, Status: string(r.Status)}, now)
	}
	return nil
}

// record records one run event on inc and keeps it in t.
func (t *Transition) record(inc *incident.Incident, typ incident.EventType, actor string, d incident.RunEvent, now time.Time) error {
	events, err := inc.RecordRun(typ, actor, d, now)
	t.Events = append(t.Events, events...)
	return err
}

// started marks s running: its side effect is in the outbox.
func (t *Transition) started(inc *incident.Incident, r *incident.Run, s *incident.RunStep, now time.Time) error {
	s.Status, r.Status = incident.StepRunning, incident.RunRunning
	return t.record(inc, incident.EventStepStarted, incident.PlaybooksActor, incident.RunEvent{Run: r.ID, Step: s.Name, Kind: s.Kind, Key: s.Key}, now)
}

// failStep marks s failed, which fails the run.
func (t *Transition) failStep(inc *incident.Incident, r *incident.Run, s *incident.RunStep, msg string, ev incident.RunEvent, now time.Time) error {
	ended := now.UTC()
	s.Status, s.EndedAt, s.Error = incident.StepFailed, &ended, msg
	r.Status = incident.RunFailed
	r.Current = len(r.Steps)
	return t.record(inc, incident.EventStepFailed, incident.PlaybooksActor, ev, now)
}

// endApproval ends an approval step without approval, which ends the run.
func (t *Transition) endApproval(r *incident.Run, s *incident.RunStep, st incident.StepStatus, rs incident.RunStatus, why string, now time.Time) {
	t.cancelTimer(r, s)
	ended := now.UTC()
	s.Status, s.EndedAt, s.Error = st, &ended, why
	r.Status, r.Current = rs, len(r.Steps)
}

// cancelTimer cancels s's timer, when it has one.
func (t *Transition) cancelTimer(r *incident.Run, s *incident.RunStep) {
	if s.Until != nil {
		t.Effects = append(t.Effects, CancelTimer{At: *s.Until, Run: r.ID, Step: s.Name})
	}
}
