package main

import (
	"encoding/binary"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// editRecord rewrites an incident's record in the bbolt file as someone
// with the file and the bbolt CLI would: decode its JSON, change fields,
// put it back.
func editRecord(t *testing.T, tx *bolt.Tx, id string, edit func(rec map[string]any)) {
	t.Helper()
	b := tx.Bucket([]byte(store.IncidentsBucket))
	var rec map[string]any
	require.NoError(t, json.Unmarshal(b.Get([]byte(id)), &rec))
	edit(rec)
	raw, err := json.Marshal(rec)
	require.NoError(t, err)
	require.NoError(t, b.Put([]byte(id), raw))
}

// readEvents reads an incident's timeline from the bbolt file.
func readEvents(t *testing.T, tx *bolt.Tx, id string) []incident.Event {
	t.Helper()
	prefix := append([]byte(id), 0)
	var events []incident.Event
	prev := incident.GenesisHash
	c := tx.Bucket([]byte(store.TimelineBucket)).Cursor()
	for k, v := c.Seek(prefix); k != nil && len(k) == len(prefix)+8 && string(k[:len(prefix)]) == string(prefix); k, v = c.Next() {
		var s struct {
			Time  time.Time          `json:"time"`
			Actor string             `json:"actor"`
			Type  incident.EventType `json:"type"`
			Data  json.RawMessage    `json:"data"`
			Hash  string             `json:"hash"`
		}
		require.NoError(t, json.Unmarshal(v, &s))
		e := incident.Event{Incident: id, Seq: binary.BigEndian.Uint64(k[len(prefix):]), Time: s.Time,
			Actor: s.Actor, Type: s.Type, Data: s.Data, PrevHash: prev, Hash: s.Hash}
		events = append(events, e)
		prev = e.Hash
	}
	require.NotEmpty(t, events)
	return events
}

// rewriteTimeline replaces an incident's timeline with events, re-chained
// from the first (every hash recomputed), and moves the record's head to
// the new last event: a forger's whole job, done right.
func rewriteTimeline(t *testing.T, tx *bolt.Tx, id string, events []incident.Event) {
	t.Helper()
	b := tx.Bucket([]byte(store.TimelineBucket))
	for _, e := range readEvents(t, tx, id) {
		require.NoError(t, b.Delete(store.TimelineKey(id, e.Seq)))
	}
	prev := incident.GenesisHash
	for i := range events {
		e := &events[i]
		e.Seq, e.PrevHash = uint64(i+1), prev
		e.Hash = e.ComputeHash()
		prev = e.Hash
		raw, err := json.Marshal(map[string]any{"time": e.Time, "actor": e.Actor, "type": e.Type, "data": e.Data, "hash": e.Hash})
		require.NoError(t, err)
		require.NoError(t, b.Put(store.TimelineKey(id, e.Seq), raw))
	}
	last := events[len(events)-1]
	editRecord(t, tx, id, func(rec map[string]any) {
		rec["timeline_seq"], rec["timeline_head"] = last.Seq, last.Hash
	})
}

func TestVerifyReportsRecordFieldsEditedWithoutAnEvent(t *testing.T) {
	td := startDaemon(t)
	incs := td.send(alert("rec-1", "high"), alert("rec-2", "high"))
	victim := incs[0]

	td.editStore(func(tx *bolt.Tx) error {
		editRecord(t, tx, victim.ID, func(rec map[string]any) {
			rec["alert_count"] = 7
			rec["severity"] = "low"
		})
		return nil
	})

	r := td.ctl("verify")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, victim.ID+"  BROKEN: field severity is low in the record, high from its events\n")
	require.Contains(t, r.stdout, victim.ID+"  BROKEN: field alert_count is 7 in the record, 1 from its events\n")
	require.Contains(t, r.stdout, incs[1].ID+"  OK  2 events\n", "the other incident is intact")
	require.Contains(t, r.stdout, "verified 2 incidents, 4 events: 1 broken\n")
	require.Contains(t, r.stderr, "incident "+victim.ID+": field severity is low in the record, high from its events; field alert_count is 7")

	r = td.ctl("-o", "json", "verify", victim.ID)
	require.Equal(t, exitError, r.code, r.String())
	var rep VerifyReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Equal(t, []incident.Mismatch{
		{Field: "severity", Record: "low", Events: "high"},
		{Field: "alert_count", Record: "7", Events: "1"},
	}, rep.Results[0].Mismatches)
}

func TestVerifyDetectsRemovedLastEventsWithTheHeadMovedToMatch(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("trunc-1", "high")
	td.mustCtl("ack", inc.ID) // events 3 (acknowledged) and 4 (status_changed)

	// The chain that remains is intact and ends at the head the record
	// names; only the record's own fields still tell.
	td.editStore(func(tx *bolt.Tx) error {
		events := readEvents(t, tx, inc.ID)
		require.Len(t, events, 4)
		rewriteTimeline(t, tx, inc.ID, events[:2])
		return nil
	})

	r := td.ctl("verify", inc.ID)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, inc.ID+"  BROKEN: field status is acknowledged in the record, open from its events\n")
	require.Regexp(t, inc.ID+`  BROKEN: field acknowledged_by is "\S+" in the record, "" from its events\n`, r.stdout)
	require.Contains(t, r.stdout, "verified 1 incident, 2 events: 1 broken\n")
}

func TestVerifyDetectsATimelineRechainedFromAnEditedEvent(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("rechain-1", "high")
	td.mustCtl("facts", inc.ID, "data_subjects=1200")
	td.mustCtl("note", inc.ID, "counted the rows")

	// The facts_changed event is made to say 12 people, and every event
	// from it on is re-hashed, so the chain is whole again.
	td.editStore(func(tx *bolt.Tx) error {
		events := readEvents(t, tx, inc.ID)
		edited := false
		for i := range events {
			if events[i].Type != incident.EventFactsChanged {
				continue
			}
			var d map[string]any
			require.NoError(t, json.Unmarshal(events[i].Data, &d))
			for _, c := range d["changes"].([]any) {
				if c := c.(map[string]any); c["field"] == "data_subjects" {
					c["new"], edited = 12, true
				}
			}
			events[i].Data, _ = json.Marshal(d)
		}
		require.True(t, edited)
		rewriteTimeline(t, tx, inc.ID, events)
		return nil
	})

	r := td.ctl("verify", inc.ID)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, inc.ID+"  BROKEN: field facts.data_subjects is 1200 in the record, 12 from its events\n")
}
