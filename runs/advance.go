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

// advance carries r forward from its current step as far as it can go in
// this transaction: conditions are evaluated and facts patched as each
// step is reached; an action or a message is put in the outbox, an
// approval or a delay arms a timer, and the run stops there until the
// outcome comes back. It returns the events recorded on inc; the caller
// saves r and inc, and re-evaluates inc's obligations when a facts step
// changed its facts.
func (e *Engine) advance(tx *store.Tx, set *playbooks.Set, r *incident.Run, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
	var events []incident.Event
	rec := func(typ incident.EventType, d incident.RunEvent) error {
		d.Run = r.ID
		ev, err := inc.RecordRun(typ, incident.PlaybooksActor, d, now)
		events = append(events, ev...)
		return err
	}
	r.UpdatedAt = now.UTC()
	pb, _ := set.Lookup(r.Playbook)
	for r.Current < len(r.Steps) && r.Active() {
		s := &r.Steps[r.Current]
		var (
			ps    playbooks.PlannedStep
			found bool
		)
		if pb != nil {
			ps, found = pb.PlanStep(s.Name, r.ID, r.Alert, inc)
		}
		t := now.UTC()
		s.StartedAt = &t
		switch {
		case pb == nil:
			ps.Error = fmt.Sprintf("playbook %s is no longer loaded (the set was reloaded without it)", r.Playbook)
		case !found:
			ps.Error = fmt.Sprintf("playbook %s no longer has a step %s (it was reloaded without it)", r.Playbook, s.Name)
		case !ps.Run && ps.Error == "":
			s.Status, s.EndedAt = incident.StepSkipped, &t
			if err := rec(incident.EventStepSkipped, incident.RunEvent{Step: s.Name, Kind: s.Kind, Detail: "if " + ps.If + " is false"}); err != nil {
				return events, err
			}
			r.Current++
			continue
		}
		if ps.Error != "" {
			if err := e.failStep(r, s, ps.Error, rec, now); err != nil {
				return events, err
			}
			break
		}
		switch ps.Kind {
		case playbooks.KindFacts:
			more, refused := e.patchFacts(inc, ps.Facts, now)
			events = append(events, more...)
			if refused != nil {
				if err := e.failStep(r, s, refused.Error(), rec, now); err != nil {
					return events, err
				}
				continue
			}
			s.Status, s.EndedAt, s.Detail = incident.StepDone, &t, string(ps.Facts)
			if err := rec(incident.EventStepDone, incident.RunEvent{Step: s.Name, Kind: s.Kind, Detail: s.Detail}); err != nil {
				return events, err
			}
			r.Current++
		case playbooks.KindAction:
			p := actionPayload{Run: r.ID, Step: s.Name, Playbook: r.Playbook, Action: ps.Action, Timeout: ps.Timeout, Retries: ps.Retries}
			if err := e.issue(tx, r, s, ActionKind, p, now, rec); err != nil {
				return events, err
			}
			return events, nil
		case playbooks.KindNotify:
			p := notifyPayload{Run: r.ID, Step: s.Name, Channel: ps.Notify.Channel, Message: ps.Notify.Message, Timeout: ps.Timeout, Retries: ps.Retries}
			if err := e.issue(tx, r, s, NotifyKind, p, now, rec); err != nil {
				return events, err
			}
			return events, nil
		case playbooks.KindWait, playbooks.KindApproval:
			d := time.Duration(ps.Wait)
			ev := incident.RunEvent{Step: s.Name, Kind: s.Kind}
			if ps.Approval != nil {
				d = time.Duration(ps.Approval.Expires)
				s.Approvers, s.Required, s.Detail = ps.Approval.Approvers, ps.Approval.Required, ps.Approval.Message
				ev.Detail = fmt.Sprintf("%d of %v must approve: %s", s.Required, s.Approvers, s.Detail)
			}
			until := now.Add(d).UTC()
			s.Status, s.Until, r.Status = incident.StepWaiting, &until, incident.RunWaiting
			ev.Until = &until
			if err := tx.PutRunTimer(store.RunTimer{At: until, Run: r.ID, Step: s.Name}); err != nil {
				return events, err
			}
			if ps.Approval != nil {
				e.log.Warn().Str("incident_id", r.Incident).Str("run", r.ID).Str("step", s.Name).Strs("approvers", s.Approvers).
					Int("required", s.Required).Time("expires", until).
					Msgf("approval needed: breachctl approve %s %s %s --actor NAME", r.Incident, r.ID, s.Name)
			}
			return events, rec(incident.EventStepStarted, ev)
		}
	}
	if r.Current >= len(r.Steps) && r.Active() {
		r.Status = incident.RunDone
	}
	if !r.Active() && r.EndedAt == nil {
		t := now.UTC()
		r.EndedAt = &t
		if err := rec(incident.EventRunEnded, incident.RunEvent{Playbook: r.Playbook, Status: string(r.Status)}); err != nil {
			return events, err
		}
		ev := e.log.Info()
		if r.Status != incident.RunDone {
			ev = e.log.Warn()
		}
		ev.Str("incident_id", r.Incident).Str("run", r.ID).Str("status", string(r.Status)).Msg("playbook run ended")
	}
	return events, nil
}

// failStep marks the current step failed, which fails the run.
func (e *Engine) failStep(r *incident.Run, s *incident.RunStep, msg string, rec func(incident.EventType, incident.RunEvent) error, now time.Time) error {
	t := now.UTC()
	s.Status, s.EndedAt, s.Error = incident.StepFailed, &t, msg
	r.Status = incident.RunFailed
	r.Current = len(r.Steps)
	return rec(incident.EventStepFailed, incident.RunEvent{Step: s.Name, Kind: s.Kind, Attempt: s.Attempts, Error: msg})
}

// issue puts a step's side effect in the outbox under the step's key.
func (e *Engine) issue(tx *store.Tx, r *incident.Run, s *incident.RunStep, kind string, payload any, now time.Time, rec func(incident.EventType, incident.RunEvent) error) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("encode step %s: %w", s.Key, err)
	}
	if _, err := tx.Enqueue(&store.OutboxEntry{Key: s.Key, Kind: kind, Incident: r.Incident, Payload: raw, CreatedAt: now.UTC()}); err != nil {
		return err
	}
	s.Status, r.Status = incident.StepRunning, incident.RunRunning
	return rec(incident.EventStepStarted, incident.RunEvent{Step: s.Name, Kind: s.Kind, Key: s.Key})
}

// patchFacts sets a facts step's facts on inc. Facts the incident refuses
// are the step's failure (refused). The obligations are re-evaluated by
// whoever saves inc: respond.Change, or start for a run that starts in the
// ingest transaction.
func (e *Engine) patchFacts(inc *incident.Incident, patch []byte, now time.Time) (events []incident.Event, refused error) {
	var check func(*incident.Facts) error
	if e.opts.Obligations != nil {
		check = e.opts.Obligations.Check
	}
	return inc.PatchFacts(patch, incident.PlaybooksActor, check, now)
}
