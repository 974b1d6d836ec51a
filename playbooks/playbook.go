package playbooks

import (
	"time"

	"cel.dev/cel-go/cel"
)

// Runs says how often a playbook runs for one incident.
type Runs string

// The run policies. Once is the default: a later alert folded into the
// incident does not start the playbook again, but a later alert that
// matches another playbook starts that one.
const (
	RunsOnce     Runs = "once"
	RunsPerAlert Runs = "per_alert"
)

// StepKind is what a step does.
type StepKind string

// The step kinds.
const (
	KindAction   StepKind = "action"   // a containment action, sent to an actuator
	KindApproval StepKind = "approval" // the next steps wait for people to approve
	KindNotify   StepKind = "notify"   // a message to a channel
	KindFacts    StepKind = "facts"    // breach facts set on the incident
	KindWait     StepKind = "wait"     // a durable delay
)

// Defaults and bounds of steps.
const (
	DefaultTimeout = 30 * time.Second
	DefaultRetries = 3
	MaxTimeout     = time.Hour
	MaxRetries     = 20
	// MaxDelay bounds a wait and an approval's expiry: longer than that
	// is not containment.
	MaxDelay = 30 * 24 * time.Hour
)

// Playbook is one compiled playbook: its match expression and the
// templates of its steps compiled and checked, ready to plan.
type Playbook struct {
	Name        string
	Description string
	// File and Line say where it is written.
	File  string
	Line  int
	Match string
	Runs  Runs
	Steps []Step

	match cel.Program
}

// Step is one compiled step. Exactly one of Action, Approval, Notify, Facts
// is set, or Wait for a wait step.
type Step struct {
	Name string
	Kind StepKind
	Line int
	// If is the condition's source, empty for none.
	If string
	// Timeout and Retries apply to action and notify steps: how long one
	// attempt may take, and how many more attempts follow a transient
	// failure (with back-off).
	Timeout time.Duration
	Retries int

	Action   *ActionStep
	Approval *ApprovalStep
	Notify   *NotifyStep
	Facts    *FactsStep
	Wait     time.Duration

	cond cel.Program
}

// ActionStep names the action and its parameters.
type ActionStep struct {
	Name string
	// Webhook, when set, is the URL the request is POSTed to instead of
	// the NATS subject.
	Webhook string
	params  []namedValue
}

// ApprovalStep is an approval gate: Required people out of Approvers must
// approve before Expires has passed since the step was reached; one
// rejection stops the run.
type ApprovalStep struct {
	Required  int
	Approvers []string
	Expires   time.Duration
	message   text
}

// NotifyStep is a message to a channel.
type NotifyStep struct {
	Channel string
	message text
}

// FactsStep sets breach facts, by key.
type FactsStep struct {
	facts []namedValue
}

// Keys lists the facts the step sets, in the order written.
func (f *FactsStep) Keys() []string {
	keys := make([]string, len(f.facts))
	for i, v := range f.facts {
		keys[i] = v.name
	}
	return keys
}

// namedValue is one parameter or fact.
type namedValue struct {
	name string
	v    value
}
