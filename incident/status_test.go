package incident_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// openIncident triages one alert and returns the new incident with its
// timeline so far.
func openIncident(t *testing.T) (*incident.Incident, []incident.Event) {
	t.Helper()
	l := newLedger()
	l.run(t, testPolicy(), t0, alertAt("a-1", t0))
	inc := l.only(t)
	return inc, l.timelines[inc.ID]
}

func TestSetStatusFollowsTheLifecycle(t *testing.T) {
	// lifecycle is the allowed moves, written out here so that a change to the
	// lifecycle has to change this test too.
	lifecycle := map[[2]incident.Status]bool{
		{incident.StatusOpen, incident.StatusAcknowledged}:      true,
		{incident.StatusOpen, incident.StatusContained}:         true,
		{incident.StatusOpen, incident.StatusResolved}:          true,
		{incident.StatusAcknowledged, incident.StatusContained}: true,
		{incident.StatusAcknowledged, incident.StatusResolved}:  true,
		{incident.StatusContained, incident.StatusResolved}:     true,
		{incident.StatusResolved, incident.StatusClosed}:        true,
		{incident.StatusResolved, incident.StatusOpen}:          true,
	}

	// allowedFrom is how the error message lists the moves out of a status.
	allowedFrom := map[incident.Status]string{
		incident.StatusOpen:         "acknowledged, contained, resolved",
		incident.StatusAcknowledged: "contained, resolved",
		incident.StatusContained:    "resolved",
		incident.StatusResolved:     "closed, open",
		incident.StatusClosed:       "none: it is final",
	}
	now := t0.Add(time.Hour)
	for _, from := range incident.Statuses() {
		for _, to := range incident.Statuses() {
			allowed := lifecycle[[2]incident.Status{from, to}]
			verb := "cannot"
			if allowed {
				verb = "can"
			}
			t.Run(fmt.Sprintf("%s %s move to %s", from, verb, to), func(t *testing.T) {
				inc, timeline := openIncident(t)
				inc.Status = from
				before := inc.Clone()
				require.Equal(t, allowed, from.CanMoveTo(to))

				events, err := inc.SetStatus(to, "alice", "because", now)
				if !allowed {
					require.ErrorIs(t, err, incident.ErrTransition)
					require.NotErrorIs(t, err, incident.ErrInvalid)
					require.Nil(t, events)
					require.Equal(t, before, inc, "a refused move changes nothing")
					if from == to {
						require.Contains(t, err.Error(), "is already "+string(to))
					} else {
						require.Contains(t, err.Error(), fmt.Sprintf("allowed from %s: %s)", from, allowedFrom[from]))
					}
					return
				}
				require.NoError(t, err)
				require.Equal(t, to, inc.Status)
				require.Equal(t, now, inc.UpdatedAt)

				want := []incident.EventType{incident.EventStatusChanged}
				if to == incident.StatusAcknowledged {
					want = []incident.EventType{incident.EventAcknowledged, incident.EventStatusChanged}
				}
				require.Equal(t, want, types(events))
				last := events[len(events)-1]
				require.Equal(t, "alice", last.Actor)
				require.JSONEq(t, fmt.Sprintf(`{"from":%q,"to":%q,"reason":"because"}`, from, to), string(last.Data))

				all := slices.Concat(timeline, events)
				seq, err := incident.VerifyChain(all)
				require.NoError(t, err)
				require.Zero(t, seq)
				require.Equal(t, last.Hash, inc.TimelineHead)
				require.Equal(t, last.Seq, inc.TimelineSeq)
			})
		}
	}
	t.Run("the allowed moves match Next", func(t *testing.T) {
		for _, from := range incident.Statuses() {
			var want []incident.Status
			for _, to := range incident.Statuses() {
				if lifecycle[[2]incident.Status{from, to}] {
					want = append(want, to)
				}
			}
			require.ElementsMatch(t, want, from.Next(), "from %s", from)
		}
	})
	t.Run("Next returns a copy", func(t *testing.T) {
		n := incident.StatusOpen.Next()
		n[0] = incident.StatusClosed
		require.False(t, incident.StatusOpen.CanMoveTo(incident.StatusClosed))
	})
}

func TestSetStatusRefusesBadInput(t *testing.T) {
	tests := []struct {
		name   string
		to     incident.Status
		actor  string
		reason string
	}{
		{"an unknown status is refused", "deleted", "alice", ""},
		{"an empty status is refused", "", "alice", ""},
		{"an empty actor is refused", incident.StatusContained, "", ""},
		{"an actor over the limit is refused", incident.StatusContained, strings.Repeat("a", incident.MaxActorLen+1), ""},
		{"an actor that is not UTF-8 is refused", incident.StatusContained, badUTF8, ""},
		{"a reason over the limit is refused", incident.StatusContained, "alice", strings.Repeat("r", incident.MaxNoteLen+1)},
		{"a reason that is not UTF-8 is refused", incident.StatusContained, "alice", badUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, _ := openIncident(t)
			before := inc.Clone()
			events, err := inc.SetStatus(tt.to, tt.actor, tt.reason, t0.Add(time.Hour))
			require.ErrorIs(t, err, incident.ErrInvalid)
			require.Nil(t, events)
			require.Equal(t, before, inc)
		})
	}
	t.Run("an actor and a reason at their limits are accepted", func(t *testing.T) {
		inc, _ := openIncident(t)
		_, err := inc.SetStatus(incident.StatusContained, strings.Repeat("a", incident.MaxActorLen), strings.Repeat("r", incident.MaxNoteLen), t0)
		require.NoError(t, err)
	})
}

func TestAcknowledge(t *testing.T) {
	inc, _ := openIncident(t)
	now := time.Date(2026, 3, 14, 11, 0, 0, 0, time.FixedZone("CET", 3600))
	events, err := inc.Acknowledge("bob", now)
	require.NoError(t, err)
	require.Equal(t, incident.StatusAcknowledged, inc.Status)
	require.Equal(t, "bob", inc.AcknowledgedBy)
	require.NotNil(t, inc.AcknowledgedAt)
	require.Equal(t, now.UTC(), *inc.AcknowledgedAt)
	require.Equal(t, time.UTC, inc.AcknowledgedAt.Location())
	require.Equal(t, []incident.EventType{incident.EventAcknowledged, incident.EventStatusChanged}, types(events))
	require.Empty(t, events[0].Data)

	t.Run("acknowledging twice is a refused transition", func(t *testing.T) {
		_, err := inc.Acknowledge("carol", now.Add(time.Minute))
		require.ErrorIs(t, err, incident.ErrTransition)
		require.Equal(t, "bob", inc.AcknowledgedBy)
	})
}

func TestAddNote(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		actor string
		want  string // "" means accepted
	}{
		{"a note is recorded", "called the DB team", "alice", ""},
		{"a note at the limit is recorded", strings.Repeat("n", incident.MaxNoteLen), "alice", ""},
		{"a note with markup and quotes is recorded", `<script>alert("x")</script> & co`, "alice", ""},
		{"an empty note is refused", "", "alice", "note text is empty"},
		{"a note of only spaces is refused", " \t\n ", "alice", "note text is empty"},
		{"a note over the limit is refused", strings.Repeat("n", incident.MaxNoteLen+1), "alice", "over the limit"},
		{"a note that is not UTF-8 is refused", badUTF8, "alice", "not valid UTF-8"},
		{"a note without an actor is refused", "text", "", "actor must be"},
		{"a note by an over-long actor is refused", "text", strings.Repeat("a", incident.MaxActorLen+1), "actor must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, timeline := openIncident(t)
			before := inc.Clone()
			now := t0.Add(time.Hour)
			events, err := inc.AddNote(tt.text, tt.actor, now)
			if tt.want != "" {
				require.ErrorIs(t, err, incident.ErrInvalid)
				require.Contains(t, err.Error(), tt.want)
				require.Equal(t, before, inc)
				return
			}
			require.NoError(t, err)
			require.Len(t, events, 1)
			e := events[0]
			require.Equal(t, incident.EventNoteAdded, e.Type)
			require.Equal(t, tt.actor, e.Actor)
			var d struct{ Text string }
			require.NoError(t, json.Unmarshal(e.Data, &d))
			require.Equal(t, tt.text, d.Text)
			require.Equal(t, before.Status, inc.Status, "a note does not change the status")
			require.Equal(t, now, inc.UpdatedAt)
			seq, err := incident.VerifyChain(slices.Concat(timeline, events))
			require.NoError(t, err)
			require.Zero(t, seq)
		})
	}
	t.Run("a closed incident still takes notes", func(t *testing.T) {
		inc, _ := openIncident(t)
		inc.Status = incident.StatusClosed
		_, err := inc.AddNote("post-mortem filed", "alice", t0)
		require.NoError(t, err)
	})
}

func TestParseStatus(t *testing.T) {
	for _, s := range incident.Statuses() {
		t.Run(string(s)+" parses and round-trips through JSON", func(t *testing.T) {
			got, err := incident.ParseStatus(string(s))
			require.NoError(t, err)
			require.Equal(t, s, got)
			require.True(t, got.Valid())
			b, err := json.Marshal(got)
			require.NoError(t, err)
			var back incident.Status
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, s, back)
		})
	}
	for _, bad := range []string{"", "Open", "deleted", " open"} {
		t.Run(fmt.Sprintf("%q does not parse", bad), func(t *testing.T) {
			_, err := incident.ParseStatus(bad)
			require.ErrorIs(t, err, incident.ErrInvalid)
			require.Contains(t, err.Error(), "want one of open, acknowledged, contained, resolved, closed")
			var s incident.Status
			require.ErrorIs(t, json.Unmarshal([]byte(fmt.Sprintf("%q", bad)), &s), incident.ErrInvalid)
			require.False(t, incident.Status(bad).Valid())
		})
	}
	t.Run("only open, acknowledged and contained incidents take alerts", func(t *testing.T) {
		active := map[incident.Status]bool{incident.StatusOpen: true, incident.StatusAcknowledged: true, incident.StatusContained: true}
		for _, s := range incident.Statuses() {
			require.Equal(t, active[s], s.Active(), "%s", s)
		}
	})
}

func TestIncidentIDs(t *testing.T) {
	t.Run("an id round-trips", func(t *testing.T) {
		for _, n := range []uint64{1, 42, 9999, 10000, 123456} {
			id := incident.FormatID(2026, n)
			year, got, err := incident.ParseID(id)
			require.NoError(t, err, id)
			require.Equal(t, 2026, year)
			require.Equal(t, n, got)
		}
		require.Equal(t, "INC-2026-0042", incident.FormatID(2026, 42))
	})
	for _, bad := range []string{"", "INC-2026", "INC-26-0001", "INC-2026-001", "INC-2026-0000", "inc-2026-0001",
		"INC-2026-00x1", "INC-2026-0001-2", "INC-abcd-0001", "2026-0001"} {
		t.Run(fmt.Sprintf("%q is not an id", bad), func(t *testing.T) {
			_, _, err := incident.ParseID(bad)
			require.ErrorIs(t, err, incident.ErrInvalid)
		})
	}
}

func TestIncidentValidateAndClone(t *testing.T) {
	inc, _ := openIncident(t)
	require.NoError(t, inc.Validate())
	for _, tt := range []struct {
		name string
		edit func(*incident.Incident)
	}{
		{"an incident needs an id", func(i *incident.Incident) { i.ID = "" }},
		{"an incident needs a known status", func(i *incident.Incident) { i.Status = "lost" }},
		{"an incident needs a severity", func(i *incident.Incident) { i.Severity = 0 }},
		{"an incident needs an alert", func(i *incident.Incident) { i.AlertCount = 0 }},
		{"an incident needs a timeline", func(i *incident.Incident) { i.TimelineSeq = 0 }},
		{"an incident needs a timeline head", func(i *incident.Incident) { i.TimelineHead = "" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := inc.Clone()
			tt.edit(c)
			require.ErrorIs(t, c.Validate(), incident.ErrInvalid)
		})
	}
	t.Run("a clone shares nothing with the original", func(t *testing.T) {
		inc.PersonalData = &incident.PersonalData{Categories: []string{"email"}, Jurisdictions: []string{"EU"}}
		at := t0
		inc.AcknowledgedAt = &at
		c := inc.Clone()
		require.Equal(t, inc, c)
		c.Fingerprints[0], c.Kinds[0], c.Sources[0] = "x", "x", "x"
		c.PersonalData.Categories[0], c.PersonalData.Jurisdictions[0] = "x", "x"
		c.PersonalData.Subjects = 7
		*c.AcknowledgedAt = t0.Add(time.Hour)
		require.NotEqual(t, "x", inc.Fingerprints[0])
		require.NotEqual(t, "x", inc.Kinds[0])
		require.NotEqual(t, "x", inc.Sources[0])
		require.Equal(t, []string{"email"}, inc.PersonalData.Categories)
		require.Equal(t, []string{"EU"}, inc.PersonalData.Jurisdictions)
		require.Zero(t, inc.PersonalData.Subjects)
		require.Equal(t, t0, *inc.AcknowledgedAt)
	})
}
