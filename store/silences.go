package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
)

// Silences are kept by id: silences: id → JSON silence.

// CreateSilence gives s the next id (SIL-0001, …) and stores it. The caller
// has validated it.
func (t *Tx) CreateSilence(s *incident.Silence) error {
	b := t.tx.Bucket(bucketSilences)
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	s.ID = fmt.Sprintf("SIL-%04d", n)
	return t.PutSilence(s)
}

// PutSilence stores s under its id.
func (t *Tx) PutSilence(s *incident.Silence) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode silence %s: %w", s.ID, err)
	}
	return t.tx.Bucket(bucketSilences).Put([]byte(s.ID), raw)
}

// Silence returns the silence with id, or nil.
func (t *Tx) Silence(id string) (*incident.Silence, error) {
	raw := t.tx.Bucket(bucketSilences).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	return decodeSilence(id, raw)
}

func decodeSilence(id string, raw []byte) (*incident.Silence, error) {
	var s incident.Silence
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: silence %s: %v", ErrCorrupt, id, err)
	}
	if err := s.Compile(); err != nil {
		return nil, fmt.Errorf("%w: silence %s: %v", ErrCorrupt, id, err)
	}
	return &s, nil
}

// AllSilences returns every silence, oldest first.
func (t *Tx) AllSilences() ([]*incident.Silence, error) {
	var out []*incident.Silence
	err := t.tx.Bucket(bucketSilences).ForEach(func(k, v []byte) error {
		s, err := decodeSilence(string(k), v)
		if err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// Silences returns the silences not expired at now, compiled; it
// implements incident.Ledger.
func (t *Tx) Silences(now time.Time) ([]*incident.Silence, error) {
	all, err := t.AllSilences()
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, s := range all {
		if s.State(now) != incident.SilenceExpired {
			out = append(out, s)
		}
	}
	return out, nil
}

// countSilenced adds the alerts each silence kept out.
func (t *Tx) countSilenced(counts map[string]int64, at time.Time) error {
	for id, n := range counts {
		s, err := t.Silence(id)
		if err != nil {
			return err
		}
		if s == nil {
			continue
		}
		s.Silenced += n
		at := at
		s.LastSilencedAt = &at
		if err := t.PutSilence(s); err != nil {
			return err
		}
	}
	return nil
}
