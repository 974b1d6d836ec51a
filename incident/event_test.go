package incident_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// chain returns a valid timeline of six events made the way breachd makes
// them: triage, a duplicate, a note, an acknowledgement.
func chain(t *testing.T) []incident.Event {
	t.Helper()
	l := newLedger()
	l.run(t, testPolicy(), t0, alertAt("a-1", t0))
	l.run(t, testPolicy(), t0.Add(time.Minute), alertAt("a-2", t0.Add(time.Minute)))
	inc := l.only(t)
	note, err := inc.AddNote("called the DB team", "alice", t0.Add(2*time.Minute))
	require.NoError(t, err)
	ack, err := inc.Acknowledge("alice", t0.Add(3*time.Minute))
	require.NoError(t, err)
	events := slices.Concat(l.timelines[inc.ID], note, ack)
	require.Len(t, events, 6)
	seq, err := incident.VerifyChain(events)
	require.NoError(t, err)
	require.Zero(t, seq)
	return events
}

func TestVerifyChain(t *testing.T) {
	t.Run("a valid chain passes", func(t *testing.T) {
		seq, err := incident.VerifyChain(chain(t))
		require.NoError(t, err)
		require.Zero(t, seq)
	})
	t.Run("an empty chain passes", func(t *testing.T) {
		seq, err := incident.VerifyChain(nil)
		require.NoError(t, err)
		require.Zero(t, seq)
	})
	t.Run("the first event links to the genesis hash", func(t *testing.T) {
		require.Equal(t, incident.GenesisHash, chain(t)[0].PrevHash)
	})

	// Each edit touches event 3 and leaves its stored hash alone, the way a
	// hand edit of the database would.
	edits := []struct {
		name string
		edit func(e *incident.Event)
		msg  string
	}{
		{"an edited incident id is detected", func(e *incident.Event) { e.Incident = "INC-2026-0002" }, "was altered"},
		{"an edited time is detected", func(e *incident.Event) { e.Time = e.Time.Add(time.Nanosecond) }, "was altered"},
		{"an edited actor is detected", func(e *incident.Event) { e.Actor = "mallory" }, "was altered"},
		{"an edited type is detected", func(e *incident.Event) { e.Type = incident.EventNoteAdded }, "was altered"},
		{"an edited payload is detected", func(e *incident.Event) {
			e.Data = bytes.Replace(e.Data, []byte(`"a-2"`), []byte(`"a-9"`), 1)
		}, "was altered"},
		{"a removed payload is detected", func(e *incident.Event) { e.Data = nil }, "was altered"},
		{"an edited hash is detected", func(e *incident.Event) { e.Hash = e.ComputeHash()[:63] + "x" }, "was altered"},
		{"an edited sequence number is detected", func(e *incident.Event) { e.Seq = 7 }, "event 3 is missing"},
		{"an edited prev hash is detected", func(e *incident.Event) { e.PrevHash = incident.GenesisHash }, "does not link to event 2"},
	}
	for _, tt := range edits {
		t.Run(tt.name, func(t *testing.T) {
			events := chain(t)
			before := events[2]
			tt.edit(&events[2])
			require.NotEqual(t, before, events[2], "the edit changed nothing")
			seq, err := incident.VerifyChain(events)
			require.Error(t, err)
			require.Equal(t, uint64(3), seq)
			require.Contains(t, err.Error(), tt.msg)
		})
	}

	t.Run("an edit with a recomputed hash breaks the next link", func(t *testing.T) {
		events := chain(t)
		events[2].Actor = "mallory"
		events[2].Hash = events[2].ComputeHash()
		seq, err := incident.VerifyChain(events)
		require.Equal(t, uint64(4), seq)
		require.ErrorContains(t, err, "does not link to event 3")
	})
	t.Run("a wrong prev hash with a matching own hash is detected", func(t *testing.T) {
		events := chain(t)
		events[3].PrevHash = events[1].Hash
		events[3].Hash = events[3].ComputeHash()
		seq, err := incident.VerifyChain(events)
		require.Equal(t, uint64(4), seq)
		require.ErrorContains(t, err, "does not link to event 3")
	})
	t.Run("a removed event is detected", func(t *testing.T) {
		events := chain(t)
		events = slices.Delete(events, 2, 3)
		seq, err := incident.VerifyChain(events)
		require.Equal(t, uint64(3), seq)
		require.ErrorContains(t, err, "event 3 is missing")
	})
	t.Run("a removed first event is detected", func(t *testing.T) {
		seq, err := incident.VerifyChain(chain(t)[1:])
		require.Equal(t, uint64(1), seq)
		require.Error(t, err)
	})
	t.Run("reordered events are detected", func(t *testing.T) {
		events := chain(t)
		events[2], events[3] = events[3], events[2]
		seq, err := incident.VerifyChain(events)
		require.Equal(t, uint64(3), seq)
		require.Error(t, err)
	})
	t.Run("reordered events with renumbered sequences are detected", func(t *testing.T) {
		events := chain(t)
		events[2], events[3] = events[3], events[2]
		events[2].Seq, events[3].Seq = 3, 4
		seq, err := incident.VerifyChain(events)
		require.Equal(t, uint64(3), seq)
		require.Error(t, err)
	})
	t.Run("a chain spliced from another incident is detected", func(t *testing.T) {
		a, b := chain(t), chain(t)
		prev := incident.GenesisHash
		for i := range b {
			b[i].Incident, b[i].PrevHash = "INC-2026-0002", prev
			b[i].Hash = b[i].ComputeHash()
			prev = b[i].Hash
		}
		seq, err := incident.VerifyChain(b)
		require.NoError(t, err, "the other incident's chain is valid on its own")
		require.Zero(t, seq)
		spliced := slices.Concat(a[:3], b[3:])
		seq, err = incident.VerifyChain(spliced)
		require.Equal(t, uint64(4), seq)
		require.Error(t, err)
	})
}

func TestComputeHash(t *testing.T) {
	t.Run("re-indented data hashes the same", func(t *testing.T) {
		e := chain(t)[0]
		var indented bytes.Buffer
		require.NoError(t, json.Indent(&indented, e.Data, "", "    "))
		require.NotEqual(t, []byte(e.Data), indented.Bytes())
		want := e.ComputeHash()
		e.Data = indented.Bytes()
		require.Equal(t, want, e.ComputeHash())
	})
	t.Run("the same instant in another time zone hashes the same", func(t *testing.T) {
		e := chain(t)[0]
		want := e.ComputeHash()
		e.Time = e.Time.In(time.FixedZone("UTC-7", -7*3600))
		require.Equal(t, want, e.ComputeHash())
	})
	t.Run("a payload that is not JSON is hashed as it is", func(t *testing.T) {
		e := chain(t)[0]
		e.Data = json.RawMessage("not json")
		h1 := e.ComputeHash()
		e.Data = json.RawMessage("not  json")
		require.NotEqual(t, h1, e.ComputeHash())
	})
	t.Run("moving a byte between adjacent fields changes the hash", func(t *testing.T) {
		e := chain(t)[0]
		e.Actor, e.Type = "ab", "c"
		h1 := e.ComputeHash()
		e.Actor, e.Type = "a", "bc"
		require.NotEqual(t, h1, e.ComputeHash())
	})
	t.Run("a chain survives a JSON round trip", func(t *testing.T) {
		events := chain(t)
		b, err := json.Marshal(events)
		require.NoError(t, err)
		var back []incident.Event
		require.NoError(t, json.Unmarshal(b, &back))
		seq, err := incident.VerifyChain(back)
		require.NoError(t, err)
		require.Zero(t, seq)
		for i := range back {
			require.NoError(t, back[i].Validate())
		}
	})
}

// FuzzComputeHashIgnoresWhiteSpace checks that any valid JSON payload hashes
// the same as its compact and its indented forms.
func FuzzComputeHashIgnoresWhiteSpace(f *testing.F) {
	for _, seed := range []string{
		`{"alert_id":"a-1","title":"x y"}`,
		`{"text":"say \"hi\" there"}`,
		`{"text":"ends in a backslash \\", "n": 1}`,
		`{"text":"\\\" still inside"}`,
		` [1, 2, {"a" : null}] `,
		"{\n\t\"a\": true\r\n}",
		`"just a string with  spaces"`,
		`{"a":"\u0022 "}`,
		`{"q":"\"", "n": 1}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		e := incident.Event{Incident: "INC-2026-0001", Seq: 1, Time: t0, Actor: "a", Type: incident.EventNoteAdded,
			PrevHash: incident.GenesisHash, Data: data}
		got := e.ComputeHash()
		var compact, indented bytes.Buffer
		require.NoError(t, json.Compact(&compact, data))
		require.NoError(t, json.Indent(&indented, data, "", "  "))
		e.Data = compact.Bytes()
		require.Equal(t, e.ComputeHash(), got, "compact form")
		e.Data = indented.Bytes()
		require.Equal(t, e.ComputeHash(), got, "indented form")
	})
}

func TestEventValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		edit   func(e *incident.Event)
		rehash bool // give the edited event a matching hash, to test the field check alone
	}{
		{"an event needs an incident", func(e *incident.Event) { e.Incident = "" }, true},
		{"an event needs a sequence number", func(e *incident.Event) { e.Seq = 0 }, true},
		{"an event needs a time", func(e *incident.Event) { e.Time = time.Time{} }, true},
		{"an event needs a type", func(e *incident.Event) { e.Type = "" }, true},
		{"an event's hash must match its content", func(e *incident.Event) { e.Actor = "mallory" }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := chain(t)[1]
			require.NoError(t, e.Validate())
			tt.edit(&e)
			if tt.rehash {
				e.Hash = e.ComputeHash()
			}
			require.ErrorIs(t, e.Validate(), incident.ErrInvalid)
		})
	}
}
