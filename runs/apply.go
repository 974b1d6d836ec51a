package runs

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/store"
)

// actionPayload is the outbox payload of an action step.
type actionPayload struct {
	Run      string                   `json:"run"`
	Step     string                   `json:"step"`
	Playbook string                   `json:"playbook"`
	Action   *playbooks.PlannedAction `json:"action"`
	Timeout  playbooks.Duration       `json:"timeout"`
	Retries  int                      `json:"retries"`
}

// notifyPayload is the outbox payload of a notify step.
type notifyPayload struct {
	Run     string             `json:"run"`
	Step    string             `json:"step"`
	Channel string             `json:"channel"`
	Message string             `json:"message"`
	Timeout playbooks.Duration `json:"timeout"`
	Retries int                `json:"retries"`
}

// machine is the run state machine for a run of playbook name, as the set
// in force has it.
func (e *Engine) machine(name string) playbooks.Machine {
	pb, _ := e.set.Load().Lookup(name)
	m := playbooks.Machine{Playbook: pb}
	if e.opts.Obligations != nil {
		m.Check = e.opts.Obligations.Check
	}
	return m
}

// apply carries out a transition's effects in tx and stores the run: the
// outbox entries of actions and messages, the timers of waits and
// approvals. The caller saves the incident with t.Events.
func (e *Engine) apply(tx *store.Tx, r *incident.Run, t playbooks.Transition, now time.Time) error {
	for _, eff := range t.Effects {
		var err error
		switch eff := eff.(type) {
		case playbooks.SendAction:
			err = e.enqueue(tx, r, eff.Key, ActionKind, actionPayload{Run: eff.Run, Step: eff.Step, Playbook: eff.Playbook,
				Action: eff.Action, Timeout: eff.Timeout, Retries: eff.Retries}, now)
		case playbooks.SendNotice:
			err = e.enqueue(tx, r, eff.Key, NotifyKind, notifyPayload{Run: eff.Run, Step: eff.Step, Channel: eff.Channel,
				Message: eff.Message, Timeout: eff.Timeout, Retries: eff.Retries}, now)
		case playbooks.ArmTimer:
			err = e.armTimer(tx, r, eff.At, eff.Step, eff.Approval)
			if s := r.Step(eff.Step); eff.Approval && s != nil {
				e.log.Warn().Str("incident_id", r.Incident).Str("run", r.ID).Str("step", s.Name).Strs("approvers", s.Approvers).
					Int("required", s.Required).Time("expires", eff.At).
					Msgf("approval needed: breachctl approve %s %s %s --actor NAME", r.Incident, r.ID, s.Name)
			}
		case playbooks.CancelTimer:
			err = e.disarmTimer(tx, r, eff.At, eff.Step)
		default:
			err = fmt.Errorf("run %s: unknown effect %T", r.ID, eff)
		}
		if err != nil {
			return err
		}
	}
	if err := tx.PutRun(r); err != nil {
		return err
	}
	if t.Ended {
		ev := e.log.Info()
		if r.Status != incident.RunDone {
			ev = e.log.Warn()
		}
		ev.Str("incident_id", r.Incident).Str("run", r.ID).Str("status", string(r.Status)).Msg("playbook run ended")
	}
	return nil
}

// enqueue puts a step's side effect in the outbox under the step's key.
func (e *Engine) enqueue(tx *store.Tx, r *incident.Run, key, kind string, payload any, now time.Time) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("encode step %s: %w", key, err)
	}
	_, err = tx.Enqueue(&store.OutboxEntry{Key: key, Kind: kind, Incident: r.Incident, Payload: raw, CreatedAt: now.UTC()})
	return err
}
