package store

import (
	"fmt"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
)

// Records are JSON, so that a backup can be read with the bbolt CLI and jq.
// They are encoded with go-json-experiment/json, which is markedly faster
// than encoding/json on the commit path.

func encodeIncident(inc *incident.Incident) ([]byte, error) {
	return json.Marshal(inc)
}

func decodeIncident(id string, raw []byte) (*incident.Incident, error) {
	var inc incident.Incident
	if err := json.Unmarshal(raw, &inc); err != nil {
		return nil, fmt.Errorf("%w: incident %s: %v", ErrCorrupt, id, err)
	}
	return &inc, nil
}

// storedEvent is the stored form of a timeline event. The incident id and the
// sequence number are in the key, and the previous event's hash is that
// event's own hash, so none of the three is stored again. The chain is as
// strong: an event's hash still covers all of them.
type storedEvent struct {
	Time  time.Time          `json:"time"`
	Actor string             `json:"actor"`
	Type  incident.EventType `json:"type"`
	Data  jsontext.Value     `json:"data,omitempty"`
	Hash  string             `json:"hash"`
}

func encodeEvent(e *incident.Event) ([]byte, error) {
	return json.Marshal(storedEvent{Time: e.Time, Actor: e.Actor, Type: e.Type, Data: jsontext.Value(e.Data), Hash: e.Hash})
}

// decodeEvent rebuilds an event from its key parts, its stored form and the
// hash of the event before it.
func decodeEvent(id string, seq uint64, prevHash string, raw []byte) (incident.Event, error) {
	var s storedEvent
	if err := json.Unmarshal(raw, &s); err != nil {
		return incident.Event{}, fmt.Errorf("%w: event %s#%d: %v", ErrCorrupt, id, seq, err)
	}
	return incident.Event{Incident: id, Seq: seq, Time: s.Time, Actor: s.Actor, Type: s.Type,
		Data: []byte(s.Data), PrevHash: prevHash, Hash: s.Hash}, nil
}
