package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
)

// Obligations returns an incident's evaluated obligations, or nil when
// they were never evaluated (the incident has no breach facts).
func (t *Tx) Obligations(id string) (*incident.Obligations, error) {
	return decodeSet([]byte(id), t.tx.Bucket(bucketObligations).Get([]byte(id)))
}

// decodeSet decodes the obligations stored under key k; nil for none.
func decodeSet(k, raw []byte) (*incident.Obligations, error) {
	if raw == nil {
		return nil, nil
	}
	var s incident.Obligations
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: obligations of %s: %v", ErrCorrupt, k, err)
	}
	return &s, nil
}

// eachSet calls fn with each set of b, decoded.
func eachSet(b *bolt.Bucket, fn func(*incident.Obligations) error) error {
	return b.ForEach(func(k, raw []byte) error {
		s, err := decodeSet(k, raw)
		if err != nil {
			return err
		}
		return fn(s)
	})
}

// PutObligations stores an incident's evaluated obligations, replacing the
// previous evaluation, and beside them the ones that concern it
// (ConcerningObligations).
func (t *Tx) PutObligations(s *incident.Obligations) error {
	if s.Incident == "" {
		return fmt.Errorf("obligations without an incident id")
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode obligations of %s: %w", s.Incident, err)
	}
	if err := t.tx.Bucket(bucketObligations).Put([]byte(s.Incident), raw); err != nil {
		return err
	}
	return putConcerning(t.tx.Bucket(bucketConcerning), s)
}

// putConcerning stores the obligations of s that concern its incident.
func putConcerning(b *bolt.Bucket, s *incident.Obligations) error {
	raw, err := json.Marshal(s.Concerning())
	if err != nil {
		return fmt.Errorf("encode the obligations of %s: %w", s.Incident, err)
	}
	return b.Put([]byte(s.Incident), raw)
}

// ConcerningObligations returns the obligations that concern an incident
// (incident.ObligationStatus.Concerns: not those that do not apply, are not
// in force or are only possible), or nil when none were evaluated. It
// reads a record a few hundred bytes long where Obligations reads one
// entry per regime of the catalog: for what reads every incident (the
// deadlines, the metrics, lists) and needs only these.
func (t *Tx) ConcerningObligations(id string) (*incident.Obligations, error) {
	b := t.tx.Bucket(bucketConcerning)
	if b == nil {
		// A file opened read-only need not have the bucket yet.
		set, err := t.Obligations(id)
		return set.Concerning(), err
	}
	return decodeSet([]byte(id), b.Get([]byte(id)))
}

// EachConcerningObligations calls fn with the obligations that concern
// each incident that has them (see ConcerningObligations), in incident id
// order, until fn returns an error.
func (t *Tx) EachConcerningObligations(fn func(*incident.Obligations) error) error {
	b := t.tx.Bucket(bucketConcerning)
	if b == nil {
		return t.EachObligations(func(set *incident.Obligations) error { return fn(set.Concerning()) })
	}
	return eachSet(b, fn)
}

// EachObligations calls fn with the obligations of every incident that has
// them, in incident id order, until fn returns an error.
func (t *Tx) EachObligations(fn func(*incident.Obligations) error) error {
	return eachSet(t.tx.Bucket(bucketObligations), fn)
}
