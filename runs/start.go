package runs

import (
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/store"
)

// Changed is the engine's hook (respond.Hook): in the transaction that
// triaged a batch, it matches each alert that opened or joined an incident
// against the playbooks and starts the runs that are due, taking their
// first steps in the same transaction, and adds the events it recorded to
// c for the hooks after it. A playbook that runs once starts once per
// incident; one that runs per alert starts once per alert. A duplicate
// (the same fingerprint again) starts nothing: it is the same alert.
// Changes without alerts (every change but the ingest's) start nothing.
func (e *Engine) Changed(tx *store.Tx, c *incident.Changes, now time.Time) error {
	set := e.set.Load()
	issued := false
	for _, ta := range c.Alerts {
		if ta.Outcome.Duplicate || ta.Outcome.Incident == "" {
			continue
		}
		events, err := e.start(tx, set, ta.Alert, ta.Outcome.Incident, now)
		if err != nil {
			return err
		}
		c.Events = append(c.Events, events...)
		issued = issued || len(events) > 0
	}
	if issued {
		e.wakeAfterCommit(tx)
	}
	return nil
}

// start matches one alert and starts its runs; it returns the events they
// recorded, which it has saved.
func (e *Engine) start(tx *store.Tx, set *playbooks.Set, a *incident.Alert, id string, now time.Time) ([]incident.Event, error) {
	inc, err := tx.Incident(id)
	if err != nil || inc == nil {
		return nil, err
	}
	// Match only when some playbook could still start: a run-once
	// playbook that ran is not evaluated again.
	var candidates []*playbooks.Playbook
	for _, pb := range set.Playbooks {
		if pb.Runs == playbooks.RunsOnce && tx.HasRun(pb.RunID(a, inc)) {
			continue
		}
		candidates = append(candidates, pb)
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	results, err := (&playbooks.Set{Playbooks: candidates}).Match(a, inc)
	if err != nil {
		// The incident's facts could not be read for the expressions: the
		// alert is still recorded, and no playbook starts for it.
		e.log.Error().Err(err).Str("incident_id", id).Str("alert_id", a.ID).Msg("playbooks not matched")
		return nil, nil
	}
	var all []incident.Event
	for _, res := range results {
		if res.Err != nil {
			e.log.Warn().Err(res.Err).Str("incident_id", id).Str("playbook", res.Playbook.Name).Msg("match expression failed")
		}
		if !res.Matched {
			continue
		}
		// Each step is planned when the run reaches it (advance), so only
		// the run's id is needed here, not a whole plan.
		runID := res.Playbook.RunID(a, inc)
		if tx.HasRun(runID) {
			continue
		}
		if tx.CountRuns(id) >= MaxRunsPerIncident {
			e.log.Warn().Str("incident_id", id).Str("playbook", res.Playbook.Name).Int("max", MaxRunsPerIncident).Msg("run not started: the incident has too many runs")
			continue
		}
		r := playbooks.NewRun(res.Playbook, runID, id, a, now)
		facts := inc.Facts
		m := playbooks.Machine{Playbook: res.Playbook}
		if e.opts.Obligations != nil {
			m.Check = e.opts.Obligations.Check
		}
		t, err := m.Start(r, inc, now)
		if err != nil {
			return all, err
		}
		if err := e.apply(tx, r, t, now); err != nil {
			return all, err
		}
		events := t.Events
		// A facts step changed the facts: re-evaluate, as respond.Change
		// does for every other change.
		if inc.Facts != facts && e.opts.Obligations != nil {
			more, err := e.opts.Obligations.Reevaluate(tx, inc, now)
			if err != nil {
				return all, err
			}
			events = append(events, more...)
		}
		if err := tx.SaveIncident(inc, events); err != nil {
			return all, err
		}
		all = append(all, events...)
		e.log.Info().Str("incident_id", id).Str("playbook", r.Playbook).Str("run", r.ID).Msg("playbook run started")
	}
	return all, nil
}
