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
	b := t.bucket(bucketSilences)
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
	return t.bucket(bucketSilences).Put([]byte(s.ID), raw)
}

// Silence returns the silence with id, or nil.
func (t *Tx) Silence(id string) (*incident.Silence, error) {
	raw := t.bucket(bucketSilences).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	s, err := decodeSilence(id, raw)
	if err != nil {
		return nil, err
	}
	return s, compileSilence(s)
}

func decodeSilence(id string, raw []byte) (*incident.Silence, error) {
	var s incident.Silence
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: silence %s: %v", ErrCorrupt, id, err)
	}
	return &s, nil
}

func compileSilence(s *incident.Silence) error {
	if err := s.Compile(); err != nil {
		return fmt.Errorf("%w: silence %s: %v", ErrCorrupt, s.ID, err)
	}
	return nil
}

// AllSilences returns every silence, oldest first, compiled.
func (t *Tx) AllSilences() ([]*incident.Silence, error) {
	return t.silences(func(*incident.Silence) bool { return true })
}

// Silences returns the silences not expired at now, compiled; it
// implements incident.Ledger. Expired silences, which pile up, are
// decoded but not compiled: triage reads this once per batch.
func (t *Tx) Silences(now time.Time) ([]*incident.Silence, error) {
	return t.silences(func(s *incident.Silence) bool { return s.State(now) != incident.SilenceExpired })
}

// silences returns the silences keep accepts, compiled, oldest first.
func (t *Tx) silences(keep func(*incident.Silence) bool) ([]*incident.Silence, error) {
	var out []*incident.Silence
	err := t.bucket(bucketSilences).ForEach(func(k, v []byte) error {
		s, err := decodeSilence(string(k), v)
		if err != nil || !keep(s) {
			return err
		}
		if err := compileSilence(s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// countSilenced adds the alerts each silence kept out.
func (t *Tx) countSilenced(counts map[string]int64, at time.Time) error {
	for id, n := range counts {
		raw := t.bucket(bucketSilences).Get([]byte(id))
		if raw == nil {
			continue
		}
		s, err := decodeSilence(id, raw) // counting needs no compiled matchers
		if err != nil {
			return err
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
