package incident

import (
	"time"
)

// RunStatus is where a playbook run stands.
type RunStatus string

// Run statuses. A run is active while running or waiting; the others are
// final.
const (
	RunRunning  RunStatus = "running"  // a step is being carried out
	RunWaiting  RunStatus = "waiting"  // for an approval or a delay
	RunDone     RunStatus = "done"     // every step done or skipped
	RunFailed   RunStatus = "failed"   // a step failed
	RunRejected RunStatus = "rejected" // an approver said no
	RunExpired  RunStatus = "expired"  // an approval was not given in time
)

// Final reports whether the run has ended.
func (s RunStatus) Final() bool { return s != RunRunning && s != RunWaiting }

// StepStatus is where one step of a run stands.
type StepStatus string

// Step statuses.
const (
	StepPending StepStatus = "pending" // not reached yet
	StepRunning StepStatus = "running" // its side effect is in the outbox
	StepWaiting StepStatus = "waiting" // for approvers or a delay
	StepDone    StepStatus = "done"
	StepSkipped StepStatus = "skipped" // its if condition was false
	StepFailed  StepStatus = "failed"
	// StepRejected and StepExpired end an approval without it.
	StepRejected StepStatus = "rejected"
	StepExpired  StepStatus = "expired"
)

// Run is one playbook run on one incident: the alert that started it and
// the state of each step, so that a restart carries on where it stopped.
type Run struct {
	// ID is the plan's run id: incident/playbook, plus an alert hash for a
	// playbook that runs per alert.
	ID       string    `json:"id"`
	Incident string    `json:"incident"`
	Playbook string    `json:"playbook"`
	File     string    `json:"file,omitempty"`
	Status   RunStatus `json:"status"`
	// Current is the index of the step the run is at (len(Steps) once it
	// has ended).
	Current   int        `json:"current"`
	StartedAt time.Time  `json:"started_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	// Alert is the alert that started the run, as triage stored it:
	// conditions and templates read it when each step is reached.
	Alert *Alert    `json:"alert"`
	Steps []RunStep `json:"steps"`
}

// RunStep is the state of one step of a run.
type RunStep struct {
	Name   string     `json:"name"`
	Kind   string     `json:"kind"`
	Status StepStatus `json:"status"`
	// Key is the idempotency key of the step's side effect.
	Key       string     `json:"key"`
	Attempts  int        `json:"attempts,omitempty"`
	StartedAt *time.Time `json:"started_at,omitempty"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	// Until is when a wait ends or an approval expires.
	Until  *time.Time `json:"until,omitempty"`
	Detail string     `json:"detail,omitempty"`
	Error  string     `json:"error,omitempty"`
	// Approvers, Required and Approvals belong to approval steps: who may
	// decide, how many must approve, and who did.
	Approvers []string   `json:"approvers,omitempty"`
	Required  int        `json:"required,omitempty"`
	Approvals []Decision `json:"approvals,omitempty"`
}

// Decision is one approver's answer to an approval step.
type Decision struct {
	Approver string    `json:"approver"`
	Decision string    `json:"decision"` // approve or reject
	Comment  string    `json:"comment,omitempty"`
	At       time.Time `json:"at"`
}

// Active reports whether the run has not ended.
func (r *Run) Active() bool { return !r.Status.Final() }

// Step returns the step called name, or nil.
func (r *Run) Step(name string) *RunStep {
	for i := range r.Steps {
		if r.Steps[i].Name == name {
			return &r.Steps[i]
		}
	}
	return nil
}

// Validate checks the run's invariants.
func (r *Run) Validate() error {
	switch {
	case r.ID == "" || r.Incident == "" || r.Playbook == "":
		return Invalidf("run has no id, incident or playbook")
	case r.Alert == nil:
		return Invalidf("run %s has no alert", r.ID)
	case r.Current < 0 || r.Current > len(r.Steps):
		return Invalidf("run %s is at step %d of %d", r.ID, r.Current, len(r.Steps))
	}
	return nil
}
