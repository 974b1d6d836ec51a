package store

import (
	"fmt"

	"github.com/breachd/breachd/incident"
)

// LoadIncident returns the incident id names, for code that acts on an
// incident someone named (the API, Slack, the CLI): an id that is not one
// is an incident.ErrInvalid, one that names no incident an ErrNotFound.
// Incident, by contrast, answers nil for a missing one.
func (t *Tx) LoadIncident(id string) (*incident.Incident, error) {
	if _, _, err := incident.ParseID(id); err != nil {
		return nil, err
	}
	inc, err := t.Incident(id)
	if err != nil {
		return nil, err
	}
	if inc == nil {
		return nil, fmt.Errorf("incident %s: %w", id, ErrNotFound)
	}
	return inc, nil
}
