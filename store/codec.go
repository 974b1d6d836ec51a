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

// encodeEvent writes the stored form by hand: it runs once per alert on the
// commit path, and appending beats reflection there by a wide margin. The
// output is what json.Marshal(storedEvent{...}) gives; a test holds the two
// to it. Data is already JSON, produced by the domain.
func encodeEvent(e *incident.Event) ([]byte, error) {
	b := make([]byte, 0, 112+len(e.Actor)+len(e.Type)+len(e.Data)+len(e.Hash))
	b = append(b, `{"time":"`...)
	b = e.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","actor":`...)
	b, err := jsontext.AppendQuote(b, e.Actor)
	if err != nil {
		return nil, fmt.Errorf("event actor: %w", err)
	}
	b = append(b, `,"type":`...)
	if b, err = jsontext.AppendQuote(b, string(e.Type)); err != nil {
		return nil, fmt.Errorf("event type: %w", err)
	}
	if len(e.Data) > 0 {
		b = append(b, `,"data":`...)
		b = append(b, e.Data...)
	}
	b = append(b, `,"hash":`...)
	if b, err = jsontext.AppendQuote(b, e.Hash); err != nil {
		return nil, fmt.Errorf("event hash: %w", err)
	}
	return append(b, '}'), nil
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
