package playbooks

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
)

// Plan is what one playbook would do for one alert and incident: its steps
// in order with parameters rendered and conditions evaluated. Planning is
// pure. breachctl playbook test prints a whole plan; the daemon plans each
// step with PlanStep when its run reaches it, and turns it into outbox
// entries and timers.
type Plan struct {
	Playbook string `json:"playbook"`
	File     string `json:"file"`
	Runs     Runs   `json:"runs"`
	// RunID names this run: the incident and playbook, and for a playbook
	// that runs per alert the alert too. Step keys derive from it.
	RunID string        `json:"run_id"`
	Steps []PlannedStep `json:"steps"`
}

// PlannedStep is one step of a plan.
type PlannedStep struct {
	Name string   `json:"name"`
	Kind StepKind `json:"kind"`
	// Run is false when the step's if condition is false (or failed):
	// the step is skipped.
	Run bool   `json:"run"`
	If  string `json:"if,omitempty"`
	// After names the approval step this step waits for, if any.
	After string `json:"after_approval,omitempty"`
	// IdempotencyKey is sent with the step's side effect, the same on
	// every attempt.
	IdempotencyKey string `json:"idempotency_key"`
	// Timeout and Retries, for action and notify steps.
	Timeout  Duration         `json:"timeout,omitzero"`
	Retries  int              `json:"retries,omitzero"`
	Action   *PlannedAction   `json:"action,omitempty"`
	Approval *PlannedApproval `json:"approval,omitempty"`
	Notify   *PlannedNotify   `json:"notify,omitempty"`
	// Facts is the facts patch (a JSON object of the keys set).
	Facts jsontext.Value `json:"facts,omitempty"`
	Wait  Duration       `json:"wait,omitzero"`
	// Error says why the step cannot be carried out as written: a
	// template that failed to render, a fact value the incident package
	// refuses, a condition that failed to evaluate. The daemon records it
	// on the timeline instead of executing the step.
	Error string `json:"error,omitempty"`
}

// PlannedAction is an action request, ready for the actuator.
type PlannedAction struct {
	Name string `json:"name"`
	// Subject is the NATS subject, or empty when Webhook is set.
	Subject string         `json:"subject,omitempty"`
	Webhook string         `json:"webhook,omitempty"`
	Params  map[string]any `json:"params"`
}

// PlannedApproval is an approval gate.
type PlannedApproval struct {
	Required  int      `json:"required"`
	Approvers []string `json:"approvers"`
	Expires   Duration `json:"expires"`
	Message   string   `json:"message,omitempty"`
}

// PlannedNotify is a message to a channel.
type PlannedNotify struct {
	Channel string `json:"channel"`
	Message string `json:"message"`
}

// Duration is a time.Duration that JSON shows as text ("15m0s").
type Duration time.Duration

// MarshalJSON writes the duration as its string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := parseDuration(s)
	*d = Duration(v)
	return err
}

// MatchResult is one playbook's answer for an alert and incident.
type MatchResult struct {
	Playbook *Playbook
	Matched  bool
	// Err is a match expression that failed at run time; the playbook
	// then does not match.
	Err error
}

// Match evaluates every playbook's match expression for the alert and the
// incident it belongs to (as triage left it), in name order.
func (s *Set) Match(a *incident.Alert, inc *incident.Incident) ([]MatchResult, error) {
	vars, err := exprVars(a, inc)
	if err != nil {
		return nil, err
	}
	out := make([]MatchResult, 0, len(s.Playbooks))
	for _, pb := range s.Playbooks {
		ok, err := evalBool(pb.match, vars)
		if err != nil {
			err = fmt.Errorf("playbook %s: match: %w", pb.Name, err)
		}
		out = append(out, MatchResult{Playbook: pb, Matched: ok && err == nil, Err: err})
	}
	return out, nil
}

// Matching returns the playbooks that match, and the match expressions
// that failed, joined.
func (s *Set) Matching(a *incident.Alert, inc *incident.Incident) ([]*Playbook, error) {
	results, err := s.Match(a, inc)
	if err != nil {
		return nil, err
	}
	var (
		pbs  []*Playbook
		errs []error
	)
	for _, r := range results {
		if r.Matched {
			pbs = append(pbs, r.Playbook)
		}
		errs = append(errs, r.Err)
	}
	return pbs, errors.Join(errs...)
}

// Plan renders the playbook's steps for the alert and incident. Conditions
// are evaluated in order, each seeing the facts the facts steps before it
// set, so a step can depend on a fact an earlier step recorded. The
// incident is not changed.
func (pb *Playbook) Plan(a *incident.Alert, inc *incident.Incident) Plan {
	run := pb.RunID(a, inc)
	plan := Plan{Playbook: pb.Name, File: pb.File, Runs: pb.Runs, RunID: run}
	work := inc.Clone()
	after := ""
	for i := range pb.Steps {
		st := &pb.Steps[i]
		ps := pb.planStep(st, run, a, work)
		ps.After = after
		if st.Kind == KindApproval && ps.Run {
			after = st.Name
		}
		plan.Steps = append(plan.Steps, ps)
	}
	return plan
}

// planStep evaluates one step's condition and renders it against work,
// which a facts step patches.
func (pb *Playbook) planStep(st *Step, run string, a *incident.Alert, work *incident.Incident) PlannedStep {
	ps := PlannedStep{Name: st.Name, Kind: st.Kind, If: st.If, Run: true, IdempotencyKey: StepKey(run, st.Name)}
	if st.Kind == KindAction || st.Kind == KindNotify {
		ps.Timeout, ps.Retries = Duration(st.Timeout), st.Retries
	}
	if st.cond != nil {
		vars, err := exprVars(a, work)
		if err == nil {
			ps.Run, err = evalBool(st.cond, vars)
		}
		if err != nil {
			ps.Run, ps.Error = false, "if: "+err.Error()
		}
	}
	if ps.Run {
		data := &TemplateData{Alert: *a, Incident: *work, Playbook: pb.Name, Step: st.Name}
		if err := st.render(&ps, data, work); err != nil {
			ps.Error = err.Error()
		}
	}
	return ps
}

// render fills the step's part of ps. A facts step also applies its patch
// to work, the planning copy of the incident.
func (st *Step) render(ps *PlannedStep, data *TemplateData, work *incident.Incident) error {
	switch st.Kind {
	case KindAction:
		pa := &PlannedAction{Name: st.Action.Name, Webhook: st.Action.Webhook, Params: map[string]any{}}
		if pa.Webhook == "" {
			pa.Subject = Subject(pa.Name)
		}
		ps.Action = pa
		for _, p := range st.Action.params {
			v, err := p.v.render(data)
			if err != nil {
				return fmt.Errorf("parameter %s: %w", p.name, err)
			}
			pa.Params[p.name] = v
		}
	case KindApproval:
		msg, err := st.Approval.message.render(data)
		ps.Approval = &PlannedApproval{Required: st.Approval.Required, Approvers: st.Approval.Approvers,
			Expires: Duration(st.Approval.Expires), Message: msg}
		if err != nil {
			return fmt.Errorf("message: %w", err)
		}
	case KindNotify:
		msg, err := st.Notify.message.render(data)
		ps.Notify = &PlannedNotify{Channel: st.Notify.Channel, Message: msg}
		if err != nil {
			return fmt.Errorf("message: %w", err)
		}
	case KindWait:
		ps.Wait = Duration(st.Wait)
	case KindFacts:
		set := map[string]any{}
		for _, f := range st.Facts.facts {
			v, err := f.v.render(data)
			if err != nil {
				return fmt.Errorf("fact %s: %w", f.name, err)
			}
			set[f.name] = v
		}
		patch, err := json.Marshal(set, json.Deterministic(true))
		if err != nil {
			return fmt.Errorf("encode facts: %w", err)
		}
		ps.Facts = patch
		return applyFacts(work, patch)
	}
	return nil
}

// applyFacts patches the planning copy's facts as the daemon will patch the
// incident's, and validates the result. On an incident without facts,
// awareness defaults to its first alert, as incident.PatchFacts does.
func applyFacts(work *incident.Incident, patch []byte) error {
	f, err := work.Facts.PatchFacts(patch)
	if err != nil {
		return err
	}
	if f.AwareAt.IsZero() {
		f.AwareAt = work.FirstSeen.UTC()
	}
	if err := f.Validate(); err != nil {
		return err
	}
	work.Facts = f
	return nil
}

// RunID names the run of pb for the alert and incident, as Plan does,
// without planning. A playbook that runs once has one run per incident;
// one that runs per alert has one per alert (hashed: an alert id is the
// producer's and may hold anything).
func (pb *Playbook) RunID(a *incident.Alert, inc *incident.Incident) string {
	id := inc.ID + "/" + pb.Name
	if pb.Runs == RunsPerAlert {
		sum := sha256.Sum256([]byte(a.ID))
		id += "/" + hex.EncodeToString(sum[:8])
	}
	return id
}

// StepKey is the idempotency key of step's side effect in run.
func StepKey(run, step string) string { return run + "/" + step }
