package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

func TestVerifyPassesOnAnIntactStore(t *testing.T) {
	td := startDaemon(t)
	incs := td.send(alert("v-1", "high"), alert("v-2", "low"), alert("v-3", "medium"))
	td.mustCtl("ack", incs[0].ID)
	td.mustCtl("note", incs[1].ID, "checked")

	r := td.mustCtl("verify")
	for _, inc := range incs {
		require.Regexp(t, `(?m)^`+inc.ID+`  OK  \d+ events$`, r.stdout)
	}
	// 2 events each, plus ack (2) and note (1).
	require.Regexp(t, `(?m)^verified 3 incidents, 9 events$`, r.stdout)
	require.Empty(t, r.stderr, "no progress for a few incidents")

	r = td.mustCtl("verify", incs[2].ID)
	require.Equal(t, incs[2].ID+"  OK  2 events\nverified 1 incident, 2 events\n", r.stdout)

	r = td.mustCtl("-o", "json", "verify")
	var rep VerifyReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Equal(t, 3, rep.Incidents)
	require.Equal(t, 9, rep.Events)
	require.Zero(t, rep.Broken)
	for _, res := range rep.Results {
		require.True(t, res.OK, res)
	}
}

// editStore stops the daemon, runs edit on its database file and starts a
// new daemon on the same data directory.
func (td *testDaemon) editStore(edit func(tx *bolt.Tx) error) {
	td.t.Helper()
	td.stop()
	db, err := bolt.Open(filepath.Join(td.cfg.DataDir, "breachd.db"), 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(td.t, err)
	require.NoError(td.t, db.Update(edit))
	require.NoError(td.t, db.Close())
	td.start()
}

func TestVerifyDetectsAnEditedEvent(t *testing.T) {
	td := startDaemon(t)
	incs := td.send(alert("t-1", "high"), alert("t-2", "high"))
	victim := incs[1]

	// One byte of the title recorded in event 2, as someone with the file
	// and a hex editor would change it. The JSON stays valid.
	td.editStore(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(store.TimelineBucket))
		v := bytes.Clone(b.Get(store.TimelineKey(victim.ID, 2)))
		i := bytes.Index(v, []byte("publicly"))
		require.Positive(t, i, string(v))
		v[i] = 'P'
		return b.Put(store.TimelineKey(victim.ID, 2), v)
	})

	r := td.ctl("verify")
	require.Equal(t, exitError, r.code, r.String())
	require.Regexp(t, `(?m)^`+victim.ID+`  BROKEN at event 2: event 2 was altered`, r.stdout)
	require.Regexp(t, `(?m)^`+incs[0].ID+`  OK  2 events$`, r.stdout, "the other incident is intact")
	require.Regexp(t, `(?m)^verified 2 incidents, 4 events: 1 broken$`, r.stdout)
	require.Regexp(t, `^breachctl: timeline of `+victim.ID+` broken at event 2: event 2 was altered`, r.stderr)

	r = td.ctl("-o", "json", "verify", victim.ID)
	require.Equal(t, exitError, r.code, r.String())
	var rep VerifyReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Equal(t, 1, rep.Broken)
	require.Equal(t, VerifyResult{Incident: victim.ID, Events: 2, Seq: 2, Problem: rep.Results[0].Problem}, rep.Results[0])
}

func TestVerifyDetectsARemovedLastEvent(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("cut-1", "high")
	td.mustCtl("note", inc.ID, "this note will be removed")

	// The chain that remains is intact; only the incident's head tells.
	td.editStore(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(store.TimelineBucket)).Delete(store.TimelineKey(inc.ID, 3))
	})

	r := td.ctl("verify", inc.ID)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, inc.ID+"  BROKEN at event 3: event 3 is missing")
	require.Contains(t, r.stderr, "timeline of "+inc.ID+" broken at event 3")
}

func TestVerifyReportsAnIncidentThatDoesNotExist(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("named-1", "high")

	r := td.ctl("verify", inc.ID, "INC-2026-0999")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, inc.ID+"  OK  2 events\n")
	require.Contains(t, r.stdout, "INC-2026-0999  BROKEN: incident INC-2026-0999: not found (HTTP 404)\n")
	require.Contains(t, r.stdout, "verified 2 incidents, 2 events: 1 broken\n")
}

func TestVerifyShowsProgressPastAHundredIncidents(t *testing.T) {
	td := startDaemon(t)
	var alerts []map[string]any
	for i := range 130 {
		alerts = append(alerts, alert(fmt.Sprintf("many-%03d", i), "low"))
	}
	td.send(alerts...)

	r := td.mustCtl("verify")
	require.Contains(t, r.stderr, "verify: checking 130 incidents\n")
	require.Contains(t, r.stderr, "verify: checked 130 of 130 incidents\n")
	require.Len(t, regexp.MustCompile(`(?m)  OK  2 events$`).FindAllString(r.stdout, -1), 130)
	require.Contains(t, r.stdout, "verified 130 incidents, 260 events\n")
}

// chain builds an incident with n note events, hashed and linked as the
// daemon records them.
func chain(t *testing.T, id string, n int) (*incident.Incident, []incident.Event) {
	t.Helper()
	inc := &incident.Incident{ID: id, Status: incident.StatusOpen, Severity: incident.SeverityHigh, AlertCount: 1}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var events []incident.Event
	for i := range n {
		evs, err := inc.AddNote(fmt.Sprintf("note %d", i+1), "tester", now.Add(time.Duration(i)*time.Minute))
		require.NoError(t, err)
		events = append(events, evs...)
	}
	return inc, events
}

func TestVerifyTimelineFindsTheFirstBrokenLink(t *testing.T) {
	const id = "INC-2026-0001"
	for _, tc := range []struct {
		name    string
		tamper  func(inc *incident.Incident, tl *Timeline)
		seq     uint64
		problem string
	}{
		{name: "an intact timeline passes", tamper: func(*incident.Incident, *Timeline) {}},
		{
			name: "a timeline that grew after the incident was read passes",
			tamper: func(inc *incident.Incident, tl *Timeline) {
				inc.TimelineSeq, inc.TimelineHead = 3, tl.Events[2].Hash
			},
		},
		{
			name:    "an altered event is named",
			tamper:  func(_ *incident.Incident, tl *Timeline) { tl.Events[2].Data = json.RawMessage(`{"text":"note X"}`) },
			seq:     3,
			problem: "event 3 was altered",
		},
		{
			name:    "a removed event is named",
			tamper:  func(_ *incident.Incident, tl *Timeline) { tl.Events = append(tl.Events[:1], tl.Events[2:]...) },
			seq:     2,
			problem: "event 2 is missing",
		},
		{
			name:    "a removed last event is named",
			tamper:  func(_ *incident.Incident, tl *Timeline) { tl.Events = tl.Events[:4] },
			seq:     5,
			problem: "event 5 is missing",
		},
		{
			name: "a head that is not the last event's hash is named",
			tamper: func(inc *incident.Incident, tl *Timeline) {
				inc.TimelineSeq, inc.TimelineHead = 3, tl.Events[2].Hash
				tl.Events = tl.Events[:4]
			},
			seq:     4,
			problem: "later events are missing",
		},
		{
			name:    "an incident head missing from the chain is named",
			tamper:  func(inc *incident.Incident, _ *Timeline) { inc.TimelineSeq, inc.TimelineHead = 2, "ffff" },
			seq:     2,
			problem: "does not match the incident's timeline_head",
		},
		{
			name:    "an empty timeline is broken",
			tamper:  func(_ *incident.Incident, tl *Timeline) { tl.Events = nil },
			seq:     1,
			problem: "the timeline is empty",
		},
		{
			name:    "another incident's timeline is refused",
			tamper:  func(_ *incident.Incident, tl *Timeline) { tl.Incident = "INC-2026-0002" },
			problem: "got that of",
		},
		{
			name: "another incident's chain, whole and valid, is refused",
			tamper: func(inc *incident.Incident, tl *Timeline) {
				other, events := chain(t, "INC-2026-0002", 5)
				tl.Events, tl.Head = events, other.TimelineHead
				inc.TimelineHead = other.TimelineHead
			},
			seq:     1,
			problem: "event 1 belongs to incident",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inc, events := chain(t, id, 5)
			tl := Timeline{Incident: id, Head: inc.TimelineHead, Events: events}
			tc.tamper(inc, &tl)
			seq, err := verifyTimeline(inc, tl)
			if tc.problem == "" {
				require.NoError(t, err)
				require.Zero(t, seq)
				return
			}
			require.ErrorContains(t, err, tc.problem)
			require.Equal(t, tc.seq, seq)
		})
	}
}
