package store

import (
	"encoding/json"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestEncodeEventMatchesTheStoredFormAndRoundTrips(t *testing.T) {
	events := []incident.Event{
		{Incident: "INC-2026-0001", Seq: 7, Time: time.Date(2026, 3, 10, 14, 20, 0, 123456789, time.UTC),
			Actor: `alice "the <admin>" ∑`, Type: incident.EventNoteAdded, Data: json.RawMessage(`{"text":"a\nb"}`),
			PrevHash: incident.GenesisHash, Hash: "ab12"},
		{Incident: "INC-2026-0001", Seq: 8, Time: time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC),
			Actor: "triage", Type: incident.EventAcknowledged, Hash: "cd34"},
	}
	for _, e := range events {
		got, err := encodeEvent(&e)
		require.NoError(t, err)
		want, err := jsonv2.Marshal(storedEvent{Time: e.Time, Actor: e.Actor, Type: e.Type, Data: jsontext.Value(e.Data), Hash: e.Hash})
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got))
		back, err := decodeEvent(e.Incident, e.Seq, e.PrevHash, got)
		require.NoError(t, err)
		require.True(t, e.Time.Equal(back.Time))
		back.Time = e.Time
		if len(e.Data) == 0 {
			back.Data = nil
		}
		require.Equal(t, e, back)
	}
}
