package store

import (
	"encoding/json"
	"fmt"

	"github.com/breachd/breachd/incident"
)

// Obligations returns an incident's evaluated obligations, or nil when
// they were never evaluated (the incident has no breach facts).
func (t *Tx) Obligations(id string) (*incident.Obligations, error) {
	raw := t.tx.Bucket(bucketObligations).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	var s incident.Obligations
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: obligations of %s: %v", ErrCorrupt, id, err)
	}
	return &s, nil
}

// PutObligations stores an incident's evaluated obligations, replacing the
// previous evaluation.
func (t *Tx) PutObligations(s *incident.Obligations) error {
	if s.Incident == "" {
		return fmt.Errorf("obligations without an incident id")
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode obligations of %s: %w", s.Incident, err)
	}
	return t.tx.Bucket(bucketObligations).Put([]byte(s.Incident), raw)
}

// EachObligations calls fn with the obligations of every incident that has
// them, in incident id order, until fn returns an error.
func (t *Tx) EachObligations(fn func(*incident.Obligations) error) error {
	return t.tx.Bucket(bucketObligations).ForEach(func(k, raw []byte) error {
		var s incident.Obligations
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("%w: obligations of %s: %v", ErrCorrupt, k, err)
		}
		return fn(&s)
	})
}
