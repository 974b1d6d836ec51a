package playbooks

import (
	"slices"

	"github.com/breachd/breachd/incident"
)

// StepIndex returns the index of the step called name, or -1.
func (pb *Playbook) StepIndex(name string) int {
	return slices.IndexFunc(pb.Steps, func(s Step) bool { return s.Name == name })
}

// PlanStep plans the step called name for the alert and the incident as it
// is when the step is reached: its if condition is evaluated then, against
// the facts earlier steps recorded, and its parameters are rendered then.
// ok is false when the playbook has no such step (it was reloaded without
// it). The incident is not changed.
func (pb *Playbook) PlanStep(name string, runID string, a *incident.Alert, inc *incident.Incident) (ps PlannedStep, ok bool) {
	i := pb.StepIndex(name)
	if i < 0 {
		return PlannedStep{}, false
	}
	return pb.planStep(&pb.Steps[i], runID, a, inc.Clone()), true
}
