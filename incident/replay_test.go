package incident_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// lived returns an incident and its timeline after a busy life, made the way
// breachd makes them: an alert with personal data (facts), a flood of
// duplicates over two minutes (collapsed alerts, some still pending), a
// higher-severity alert on the same asset, an acknowledgement, an assignee,
// a status change, facts, a narrative and a submission.
func lived(t *testing.T) (*incident.Incident, []incident.Event) {
	t.Helper()
	p := testPolicy()
	p.FloodThreshold = 3
	l := newLedger()
	first := validAlert()
	l.run(t, p, t0, first)
	for i := range 12 {
		at := t0.Add(time.Duration(i*10) * time.Second)
		l.run(t, p, at, alertAt(fmt.Sprintf("dup-%d", i), at))
	}
	worse := onAsset("b-1", "db-1", t0.Add(3*time.Minute))
	worse.Severity, worse.Fingerprint = incident.SeverityCritical, "worse"
	l.run(t, p, t0.Add(3*time.Minute), worse)
	inc := l.only(t)
	events := slices.Clone(l.timelines[inc.ID])
	at := t0.Add(4 * time.Minute)
	step := func(es []incident.Event, err error) {
		t.Helper()
		require.NoError(t, err)
		events = append(events, es...)
		at = at.Add(time.Minute)
	}
	step(inc.Acknowledge("alice", at))
	step(inc.Assign("bob", "alice", at))
	step(inc.SetStatus(incident.StatusContained, "bob", "isolated", at))
	step(inc.PatchFacts([]byte(`{"data_subjects":1500,"cause":"loss","jurisdictions":null}`), "bob", nil, at))
	step(inc.SetNarrative(map[string]string{"nature": "an exposed bucket", "measures_taken": "closed it"}, "bob", func(string) error { return nil }, at))
	step(inc.SetNarrative(map[string]string{"measures_taken": " "}, "bob", func(string) error { return nil }, at))
	step(inc.RecordSubmission("gdpr", at.Add(-time.Minute), "REF-1", "carol", nil, nil, at))
	step(inc.AddNote("done for today", "bob", at))
	seq, err := incident.VerifyChain(events)
	require.NoError(t, err, "at %d", seq)
	require.Positive(t, inc.CollapsedAlerts)
	require.Positive(t, inc.Flood.Collapsed, "some collapsed alerts are not recorded yet")
	return inc, events
}

func TestCheckAgainstFindsNothingOnARecordAsBreachdKeepsIt(t *testing.T) {
	inc, events := lived(t)
	ms, err := inc.CheckAgainst(events)
	require.NoError(t, err)
	require.Empty(t, ms)

	d, err := incident.Replay(events)
	require.NoError(t, err)
	require.Equal(t, incident.StatusContained, d.Status)
	require.Equal(t, incident.SeverityCritical, d.Severity)
	require.Equal(t, "alice", d.AcknowledgedBy)
	require.Equal(t, "bob", d.Assignee)
	require.Equal(t, map[string]string{"nature": "an exposed bucket"}, d.Narrative)
	require.Len(t, d.Submissions, 1)
	require.Equal(t, `1500`, string(d.Facts["data_subjects"]))
	require.Contains(t, d.Facts, "submitted")
	require.NotContains(t, d.Facts, "jurisdictions")
	require.Equal(t, inc.AlertCount-inc.Flood.Collapsed, d.AlertCount, "the pending flood minute is not in the chain yet")
}

func TestCheckAgainstNamesEveryFieldEditedInTheRecord(t *testing.T) {
	later := t0.Add(time.Hour)
	for _, tc := range []struct {
		name  string
		edit  func(*incident.Incident)
		field string
		want  string
	}{
		{"an alert count raised", func(i *incident.Incident) { i.AlertCount += 2 }, "alert_count", "in the record, "},
		{"a severity lowered", func(i *incident.Incident) { i.Severity = incident.SeverityLow }, "severity", "field severity is low in the record, critical from its events"},
		{"a status moved back", func(i *incident.Incident) { i.Status = incident.StatusOpen }, "status", "field status is open in the record, contained from its events"},
		{"the acknowledger changed", func(i *incident.Incident) { i.AcknowledgedBy = "mallory" }, "acknowledged_by", `field acknowledged_by is "mallory" in the record, "alice" from its events`},
		{"the acknowledgement moved", func(i *incident.Incident) { i.AcknowledgedAt = &later }, "acknowledged_at", "2026-03-14T10:00:00Z in the record"},
		{"the assignee changed", func(i *incident.Incident) { i.Assignee = "" }, "assignee", `field assignee is "" in the record, "bob" from its events`},
		{"a fact changed", func(i *incident.Incident) { n := 10; i.Facts.DataSubjects = &n }, "facts.data_subjects", "field facts.data_subjects is 10 in the record, 1500 from its events"},
		{"a fact removed", func(i *incident.Incident) { i.Facts.Cause = "" }, "facts.cause", `field facts.cause is unset in the record, "loss" from its events`},
		{"a submission removed", func(i *incident.Incident) { i.Submissions = nil }, "submissions", "field submissions is none in the record"},
		{"a narrative rewritten", func(i *incident.Incident) { i.Narrative = map[string]string{"nature": "nothing happened"} }, "narrative.nature", `"nothing happened" in the record, "an exposed bucket" from its events`},
		{"the title changed", func(i *incident.Incident) { i.Title = "Routine" }, "title", `"Routine" in the record`},
		{"the head moved back", func(i *incident.Incident) { i.TimelineSeq-- }, "timeline_seq", "from its events"},
	} {
		t.Run(tc.name+" is reported", func(t *testing.T) {
			inc, events := lived(t)
			tampered := inc.Clone()
			tc.edit(tampered)
			ms, err := tampered.CheckAgainst(events)
			require.NoError(t, err)
			require.Len(t, ms, 1, ms)
			require.Equal(t, tc.field, ms[0].Field)
			require.Contains(t, ms[0].String(), tc.want)
		})
	}
}

// rechain rewrites the hashes of events from the first changed one on, as
// someone re-chaining an edited timeline would.
func rechain(events []incident.Event) []incident.Event {
	prev := incident.GenesisHash
	for i := range events {
		events[i].Seq = uint64(i + 1)
		events[i].PrevHash = prev
		events[i].Hash = events[i].ComputeHash()
		prev = events[i].Hash
	}
	return events
}

func TestReplayRefusesATimelineThatContradictsItself(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func([]incident.Event) []incident.Event
		want string
	}{
		{"a status change removed", func(es []incident.Event) []incident.Event {
			return slices.DeleteFunc(es, func(e incident.Event) bool {
				return e.Type == incident.EventStatusChanged && string(e.Data) == `{"from":"open","to":"acknowledged"}`
			})
		}, "moves from acknowledged to contained, but the incident was open"},
		{"an assignment removed", func(es []incident.Event) []incident.Event {
			return slices.DeleteFunc(es, func(e incident.Event) bool { return e.Type == incident.EventAssigned })
		}, ""},
		{"the opening removed", func(es []incident.Event) []incident.Event { return es[1:] }, "does not start with an opened event"},
		{"a fact change with the wrong old value", func(es []incident.Event) []incident.Event {
			for i := range es {
				if es[i].Type == incident.EventFactsChanged && es[i].Actor == "bob" {
					var d map[string]any
					_ = json.Unmarshal(es[i].Data, &d)
					d["changes"].([]any)[0].(map[string]any)["old"] = 7
					es[i].Data, _ = json.Marshal(d)
				}
			}
			return es
		}, "but it was"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inc, events := lived(t)
			events = rechain(tc.edit(events))
			_, err := inc.CheckAgainst(events)
			if tc.want == "" {
				// Not a contradiction: the record says bob, the events nobody.
				require.NoError(t, err)
				ms, _ := inc.CheckAgainst(events)
				require.Contains(t, fieldsOf(ms), "assignee")
				return
			}
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func fieldsOf(ms []incident.Mismatch) []string {
	var fs []string
	for _, m := range ms {
		fs = append(fs, m.Field)
	}
	return fs
}
