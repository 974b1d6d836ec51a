package incident

import "time"

// Timeline events of playbook runs.
const (
	// EventRunStarted: a playbook matched an alert and its run began.
	EventRunStarted EventType = "run_started"
	// EventRunEnded: the run is done, failed, rejected or expired.
	EventRunEnded EventType = "run_ended"
	// EventStepStarted: a step was reached and its side effect issued
	// (an action or a message in the outbox, an approval asked for, a
	// delay begun).
	EventStepStarted EventType = "step_started"
	// EventStepDone, EventStepSkipped, EventStepFailed: how a step ended.
	EventStepDone    EventType = "step_done"
	EventStepSkipped EventType = "step_skipped"
	EventStepFailed  EventType = "step_failed"
	// EventStepOutcomeUnknown: an action's attempt timed out, so whether
	// the actuator carried it out is not known; it is sent again with the
	// same idempotency key.
	EventStepOutcomeUnknown EventType = "step_outcome_unknown"
	// EventApprovalRecorded: an allowed approver approved or rejected.
	EventApprovalRecorded EventType = "approval_recorded"
	// EventApprovalRefused: someone outside the allowed set tried to
	// decide; nothing changed.
	EventApprovalRefused EventType = "approval_refused"
	// EventApprovalExpired: an approval was not given in time.
	EventApprovalExpired EventType = "approval_expired"
)

// PlaybooksActor is the actor of the events the playbook engine records.
const PlaybooksActor = "playbooks"

// RunEvent is the payload of the run and step events: which run and step,
// and what the event says about it. Fields not relevant stay empty.
type RunEvent struct {
	Run      string `json:"run"`
	Playbook string `json:"playbook,omitempty"`
	Step     string `json:"step,omitempty"`
	Kind     string `json:"kind,omitempty"`
	// AlertID is the alert that started the run (run_started).
	AlertID string `json:"alert_id,omitempty"`
	// Key is the idempotency key of the step's side effect.
	Key      string `json:"key,omitempty"`
	Attempt  int    `json:"attempt,omitempty"`
	TookMS   int64  `json:"took_ms,omitempty"`
	Status   string `json:"status,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Error    string `json:"error,omitempty"`
	Approver string `json:"approver,omitempty"`
	Decision string `json:"decision,omitempty"`
	Comment  string `json:"comment,omitempty"`
	// Until is when a wait ends or an approval expires (step_started).
	Until *time.Time `json:"until,omitempty"`
}

// RecordRun records one run or step event, as actor (PlaybooksActor, or
// the approver of an approval event).
func (inc *Incident) RecordRun(typ EventType, actor string, d RunEvent, now time.Time) ([]Event, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	inc.UpdatedAt = now.UTC()
	e, err := inc.record(now, actor, typ, d)
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}
