package runs

import (
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/store"
)

// Changed is the ingest hook: in the transaction that triaged a batch, it
// matches each alert that opened or joined an incident against the
// playbooks and starts the runs that are due, taking their first steps in
// the same transaction. A playbook that runs once starts once per
// incident; one that runs per alert starts once per alert. A duplicate
// (the same fingerprint again) starts nothing: it is the same alert.
func (e *Engine) Changed(tx *store.Tx, c incident.Changes, now time.Time) error {
	set := e.set.Load()
	issued := false
	for _, ta := range c.Alerts {
		if ta.Outcome.Duplicate || ta.Outcome.Incident == "" {
			continue
		}
		n, err := e.start(tx, set, ta.Alert, ta.Outcome.Incident, now)
		if err != nil {
			return err
		}
		issued = issued || n > 0
	}
	if issued {
		e.wakeAfterCommit(tx)
	}
	return nil
}

// start matches one alert and starts its runs; it returns how many.
func (e *Engine) start(tx *store.Tx, set *playbooks.Set, a *incident.Alert, id string, now time.Time) (int, error) {
	inc, err := tx.Incident(id)
	if err != nil || inc == nil {
		return 0, err
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
		return 0, nil
	}
	results, err := (&playbooks.Set{Playbooks: candidates}).Match(a, inc)
	if err != nil {
		// The incident's facts could not be read for the expressions: the
		// alert is still recorded, and no playbook starts for it.
		e.log.Error().Err(err).Str("incident_id", id).Str("alert_id", a.ID).Msg("playbooks not matched")
		return 0, nil
	}
	started := 0
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
		r := newRun(res.Playbook, runID, id, a, now)
		events, err := inc.RecordRun(incident.EventRunStarted, incident.PlaybooksActor,
			incident.RunEvent{Run: r.ID, Playbook: r.Playbook, AlertID: a.ID}, now)
		if err != nil {
			return started, err
		}
		more, err := e.advance(tx, set, r, inc, now)
		if err != nil {
			return started, err
		}
		if err := save(tx, r, inc, append(events, more...)); err != nil {
			return started, err
		}
		e.log.Info().Str("incident_id", id).Str("playbook", r.Playbook).Str("run", r.ID).Msg("playbook run started")
		started++
	}
	return started, nil
}

// newRun is the stored shape of pb's run runID about to start: every step
// pending, under the key Plan gives it.
func newRun(pb *playbooks.Playbook, runID, id string, a *incident.Alert, now time.Time) *incident.Run {
	r := &incident.Run{ID: runID, Incident: id, Playbook: pb.Name, File: pb.File,
		Status: incident.RunRunning, StartedAt: now.UTC(), UpdatedAt: now.UTC(), Alert: a}
	for _, s := range pb.Steps {
		r.Steps = append(r.Steps, incident.RunStep{Name: s.Name, Kind: string(s.Kind), Status: incident.StepPending, Key: playbooks.StepKey(runID, s.Name)})
	}
	return r
}
