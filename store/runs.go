package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/breachd/breachd/incident"
)

// Playbook runs:
//
//	runs: run id (incident/playbook[/alert hash]) → JSON run
//
// A run id starts with its incident's id and a slash, so an incident's runs
// are a prefix scan. A run's waits and approval expiries are timers like
// any other (timers.go, StepTimer).

// Run returns the stored run, or nil when there is none.
func (t *Tx) Run(id string) (*incident.Run, error) {
	raw := t.bucket(bucketRuns).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	var r incident.Run
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("%w: run %s: %v", ErrCorrupt, id, err)
	}
	return &r, nil
}

// HasRun reports whether the run is stored, without decoding it: the
// ingest path asks this of every run-once playbook for every alert that
// joins an incident.
func (t *Tx) HasRun(id string) bool {
	return t.bucket(bucketRuns).Get([]byte(id)) != nil
}

// PutRun stores a run, replacing its previous state.
func (t *Tx) PutRun(r *incident.Run) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("store run: %w", err)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode run %s: %w", r.ID, err)
	}
	return t.bucket(bucketRuns).Put([]byte(r.ID), raw)
}

// Runs returns an incident's runs in run id order.
func (t *Tx) Runs(incidentID string) ([]*incident.Run, error) {
	prefix := []byte(incidentID + "/")
	var out []*incident.Run
	c := t.bucket(bucketRuns).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var r incident.Run
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, fmt.Errorf("%w: run %s: %v", ErrCorrupt, k, err)
		}
		out = append(out, &r)
	}
	return out, nil
}

// CountRuns is how many runs an incident has had.
func (t *Tx) CountRuns(incidentID string) int {
	prefix := []byte(incidentID + "/")
	n := 0
	c := t.bucket(bucketRuns).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}
