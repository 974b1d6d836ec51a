package incident_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// ledger is an in-memory incident.Ledger. It hands out its stored incidents
// themselves, not copies, so a test sees it when triage changes state it was
// only given to read.
type ledger struct {
	incidents    map[string]*incident.Incident
	timelines    map[string][]incident.Event
	fingerprints map[string]string
	correlations map[string]string
	taken        map[incident.TakenAlert]bool
	numbers      map[int]uint64
	silences     []*incident.Silence
	lookups      int   // calls to Incident
	err          error // when set, every method fails with it
}

var _ incident.Ledger = (*ledger)(nil)

func newLedger() *ledger {
	return &ledger{
		incidents:    make(map[string]*incident.Incident),
		timelines:    make(map[string][]incident.Event),
		fingerprints: make(map[string]string),
		correlations: make(map[string]string),
		taken:        make(map[incident.TakenAlert]bool),
		numbers:      make(map[int]uint64),
	}
}

func (l *ledger) Incident(id string) (*incident.Incident, error) {
	l.lookups++
	return l.incidents[id], l.err
}

func (l *ledger) IncidentByFingerprint(fp string) (string, error) {
	return l.fingerprints[fp], l.err
}

func (l *ledger) IncidentByCorrelation(key string) (string, error) {
	return l.correlations[key], l.err
}

func (l *ledger) AlertTaken(incidentID, alertID string) (bool, error) {
	return l.taken[incident.TakenAlert{Incident: incidentID, Alert: alertID}], l.err
}

func (l *ledger) Silences(now time.Time) ([]*incident.Silence, error) {
	var out []*incident.Silence
	for _, s := range l.silences {
		if s.State(now) != incident.SilenceExpired {
			out = append(out, s)
		}
	}
	return out, l.err
}

func (l *ledger) NextIncidentNumber(year int) (uint64, error) {
	if l.err != nil {
		return 0, l.err
	}
	l.numbers[year]++
	return l.numbers[year], nil
}

// commit persists changes the way the store does, refusing events that do not
// continue their timeline.
func (l *ledger) commit(t *testing.T, c incident.Changes) {
	t.Helper()
	for _, inc := range c.Incidents {
		require.NoError(t, inc.Validate())
		l.incidents[inc.ID] = inc.Clone()
	}
	for _, e := range c.Events {
		tl := l.timelines[e.Incident]
		require.Equal(t, uint64(len(tl)+1), e.Seq, "event of %s out of sequence", e.Incident)
		l.timelines[e.Incident] = append(tl, e)
	}
	for fp, id := range c.Fingerprints {
		l.fingerprints[fp] = id
	}
	for k, id := range c.Correlations {
		l.correlations[k] = id
	}
	for _, a := range c.Taken {
		l.taken[a] = true
	}
}

// run triages alerts in one batch at now and commits the result.
func (l *ledger) run(t *testing.T, p incident.Policy, now time.Time, alerts ...*incident.Alert) ([]incident.Outcome, incident.Changes) {
	t.Helper()
	require.NoError(t, p.Validate())
	tr := incident.NewTriage(p, l)
	var outs []incident.Outcome
	for _, a := range alerts {
		require.NoError(t, a.Validate())
		out, err := tr.Add(a, now)
		require.NoError(t, err)
		outs = append(outs, out)
	}
	c := tr.Changes()
	l.commit(t, c)
	return outs, c
}

// only returns the single stored incident, failing when there are others.
func (l *ledger) only(t *testing.T) *incident.Incident {
	t.Helper()
	require.Len(t, l.incidents, 1)
	for _, inc := range l.incidents {
		return inc
	}
	return nil
}

// verify checks every stored incident against its timeline: an unbroken
// chain ending at the recorded head, one alert_attached event per alert.
func (l *ledger) verify(t *testing.T) {
	t.Helper()
	for id, inc := range l.incidents {
		tl := l.timelines[id]
		seq, err := incident.VerifyChain(tl)
		require.NoError(t, err, "timeline of %s", id)
		require.Zero(t, seq)
		require.NotEmpty(t, tl)
		require.Equal(t, inc.TimelineSeq, uint64(len(tl)), "timeline length of %s", id)
		require.Equal(t, inc.TimelineHead, tl[len(tl)-1].Hash, "timeline head of %s", id)
		require.Equal(t, incident.EventOpened, tl[0].Type)
		require.Equal(t, inc.AlertCount, int64(countType(tl, incident.EventAlertAttached)), "alert_attached events of %s", id)
		for _, e := range tl {
			require.NoError(t, e.Validate())
			require.Equal(t, id, e.Incident)
		}
	}
}

func countType(events []incident.Event, typ incident.EventType) int {
	n := 0
	for _, e := range events {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func types(events []incident.Event) []incident.EventType {
	out := make([]incident.EventType, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

// alertAt returns a valid alert with its own id at time at.
func alertAt(id string, at time.Time) *incident.Alert {
	a := validAlert()
	a.ID, a.Time = id, at
	a.PersonalData = nil
	return a
}

// onAsset returns an alert about another asset, so that it neither
// duplicates nor correlates with validAlert.
func onAsset(id, asset string, at time.Time) *incident.Alert {
	a := alertAt(id, at)
	a.Asset.ID = asset
	return a
}

// testPolicy dedups for a day and correlates by asset for an hour.
func testPolicy() incident.Policy {
	return incident.Policy{
		DedupWindow:       24 * time.Hour,
		CorrelationWindow: time.Hour,
		CorrelateBy:       []string{"asset.id", "asset.tenant"},
	}
}

func TestTriageOpensAnIncident(t *testing.T) {
	l := newLedger()
	a := alertAt("a-1", t0.Add(-time.Minute))
	now := t0
	outs, c := l.run(t, testPolicy(), now, a)

	require.Equal(t, []incident.Outcome{{Incident: "INC-2026-0001", Opened: true}}, outs)
	inc := l.only(t)
	require.Equal(t, "INC-2026-0001", inc.ID)
	require.Equal(t, a.Title, inc.Title)
	require.Equal(t, a.Description, inc.Description)
	require.Equal(t, incident.SeverityHigh, inc.Severity)
	require.Equal(t, incident.StatusOpen, inc.Status)
	require.Equal(t, now, inc.OpenedAt)
	require.Equal(t, now, inc.UpdatedAt)
	require.Equal(t, a.Time, inc.FirstSeen)
	require.Equal(t, a.Time, inc.LastSeen)
	require.Equal(t, int64(1), inc.AlertCount)
	require.Equal(t, []string{a.EffectiveFingerprint()}, inc.Fingerprints)
	require.Equal(t, 1, inc.FingerprintCount)
	require.Equal(t, []string{"exfiltration"}, inc.Kinds)
	require.Equal(t, []string{"falco"}, inc.Sources)
	require.Equal(t, a.Asset, inc.Asset)
	require.Equal(t, `asset.id="db-1",asset.tenant="acme"`, inc.CorrelationKey)
	require.Nil(t, inc.PersonalData)
	require.NoError(t, inc.Validate())

	require.Equal(t, []incident.EventType{incident.EventOpened, incident.EventAlertAttached}, types(c.Events))
	require.Equal(t, map[string]string{a.EffectiveFingerprint(): inc.ID}, c.Fingerprints)
	require.Equal(t, map[string]string{inc.CorrelationKey: inc.ID}, c.Correlations)
	for _, e := range c.Events {
		require.Equal(t, incident.TriageActor, e.Actor)
		require.Equal(t, now, e.Time)
	}
	var opened struct {
		AlertID     string          `json:"alert_id"`
		Fingerprint string          `json:"fingerprint"`
		Severity    string          `json:"severity"`
		Asset       *incident.Asset `json:"asset"`
	}
	require.NoError(t, json.Unmarshal(c.Events[0].Data, &opened))
	require.Equal(t, "a-1", opened.AlertID)
	require.Equal(t, a.EffectiveFingerprint(), opened.Fingerprint)
	require.Equal(t, "high", opened.Severity)
	require.Equal(t, &a.Asset, opened.Asset)
	l.verify(t)
}

func TestTriageFoldsDuplicates(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name      string
		status    incident.Status // of the first incident when the duplicate arrives
		at        time.Duration   // of the duplicate, after the first alert
		folds     bool
		firstSeen time.Duration
		lastSeen  time.Duration
	}{
		{"a duplicate a minute later folds", incident.StatusOpen, time.Minute, true, 0, time.Minute},
		{"a duplicate at the edge of the dedup window folds", incident.StatusOpen, day, true, 0, day},
		{"a duplicate just past the dedup window opens a new incident", incident.StatusOpen, day + time.Second, false, 0, 0},
		{"a late duplicate stamped before the first alert moves first seen back", incident.StatusOpen, -time.Hour, true, -time.Hour, 0},
		{"a duplicate stamped earlier than the window allows opens a new incident", incident.StatusOpen, -day - time.Second, false, 0, 0},
		{"a duplicate of an acknowledged incident folds", incident.StatusAcknowledged, time.Minute, true, 0, time.Minute},
		{"a duplicate of a contained incident folds", incident.StatusContained, time.Minute, true, 0, time.Minute},
		{"a duplicate of a resolved incident opens a new incident", incident.StatusResolved, time.Minute, false, 0, 0},
		{"a duplicate of a closed incident opens a new incident", incident.StatusClosed, time.Minute, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger()
			// No correlation, so only the fingerprint can fold.
			p := incident.Policy{DedupWindow: day}
			first := alertAt("a-1", t0)
			l.run(t, p, t0, first)
			inc := l.incidents["INC-2026-0001"]
			inc.Status = tt.status

			dup := alertAt("a-2", t0.Add(tt.at))
			now := t0.Add(max(tt.at, 0) + time.Second)
			outs, _ := l.run(t, p, now, dup)
			l.verify(t)

			if !tt.folds {
				require.Equal(t, []incident.Outcome{{Incident: "INC-2026-0002", Opened: true}}, outs)
				require.Len(t, l.incidents, 2)
				require.Equal(t, int64(1), l.incidents["INC-2026-0001"].AlertCount)
				require.Equal(t, "INC-2026-0002", l.fingerprints[first.EffectiveFingerprint()],
					"the fingerprint now leads to the new incident")
				return
			}
			require.Equal(t, []incident.Outcome{{Incident: "INC-2026-0001", Duplicate: true}}, outs)
			inc = l.only(t)
			require.Equal(t, int64(2), inc.AlertCount)
			require.Equal(t, t0.Add(tt.firstSeen), inc.FirstSeen)
			require.Equal(t, t0.Add(tt.lastSeen), inc.LastSeen)
			require.Equal(t, now, inc.UpdatedAt)
			require.Equal(t, t0, inc.OpenedAt)
			require.Equal(t, tt.status, inc.Status, "folding does not change the status")
			require.Equal(t, 1, inc.FingerprintCount, "a duplicate brings no new fingerprint")
			require.Len(t, inc.Fingerprints, 1)
		})
	}
}

func TestTriageKeepsTheHighestSeverity(t *testing.T) {
	tests := []struct {
		name   string
		first  incident.Severity
		second incident.Severity
		want   incident.Severity
		raised bool
	}{
		{"a more severe duplicate raises the severity", incident.SeverityLow, incident.SeverityCritical, incident.SeverityCritical, true},
		{"a duplicate one step more severe raises the severity", incident.SeverityHigh, incident.SeverityCritical, incident.SeverityCritical, true},
		{"a less severe duplicate keeps the severity", incident.SeverityHigh, incident.SeverityInfo, incident.SeverityHigh, false},
		{"an equally severe duplicate keeps the severity", incident.SeverityMedium, incident.SeverityMedium, incident.SeverityMedium, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger()
			a, b := alertAt("a-1", t0), alertAt("a-2", t0.Add(time.Minute))
			a.Severity, b.Severity = tt.first, tt.second
			l.run(t, testPolicy(), t0, a)
			_, c := l.run(t, testPolicy(), t0.Add(time.Minute), b)
			l.verify(t)

			inc := l.only(t)
			require.Equal(t, tt.want, inc.Severity)
			if !tt.raised {
				require.Equal(t, []incident.EventType{incident.EventAlertAttached}, types(c.Events))
				return
			}
			require.Equal(t, []incident.EventType{incident.EventAlertAttached, incident.EventSeverityRaised}, types(c.Events))
			var d struct {
				From, To incident.Severity
				AlertID  string `json:"alert_id"`
			}
			require.NoError(t, json.Unmarshal(c.Events[1].Data, &d))
			require.Equal(t, tt.first, d.From)
			require.Equal(t, tt.second, d.To)
			require.Equal(t, "a-2", d.AlertID)
		})
	}
}

func TestTriageCorrelates(t *testing.T) {
	other := func(id string, at time.Time) *incident.Alert {
		// Another detector about the same asset: another fingerprint, the
		// same correlation key.
		a := alertAt(id, at)
		a.Source, a.Kind = "guardduty", "unusual_login"
		return a
	}
	tests := []struct {
		name       string
		policy     func(p *incident.Policy)
		second     func() *incident.Alert
		status     incident.Status
		correlates bool
	}{
		{"an alert with another fingerprint and the same key attaches within the window",
			nil, func() *incident.Alert { return other("b-1", t0.Add(30*time.Minute)) }, incident.StatusOpen, true},
		{"an alert at the edge of the correlation window attaches",
			nil, func() *incident.Alert { return other("b-1", t0.Add(time.Hour)) }, incident.StatusOpen, true},
		{"an alert past the correlation window opens a new incident",
			nil, func() *incident.Alert { return other("b-1", t0.Add(time.Hour+time.Second)) }, incident.StatusOpen, false},
		{"an alert about another tenant's asset of the same id opens a new incident",
			nil, func() *incident.Alert {
				a := other("b-1", t0.Add(time.Minute))
				a.Asset.Tenant = "globex"
				return a
			}, incident.StatusOpen, false},
		{"an alert does not correlate into a resolved incident",
			nil, func() *incident.Alert { return other("b-1", t0.Add(time.Minute)) }, incident.StatusResolved, false},
		{"an alert does not correlate into a closed incident",
			nil, func() *incident.Alert { return other("b-1", t0.Add(time.Minute)) }, incident.StatusClosed, false},
		{"correlation is off when no fields are named",
			func(p *incident.Policy) { p.CorrelateBy = nil }, func() *incident.Alert { return other("b-1", t0.Add(time.Minute)) }, incident.StatusOpen, false},
		{"an alert whose key fields are all empty does not correlate",
			func(p *incident.Policy) { p.CorrelateBy = []string{"labels.team"} },
			func() *incident.Alert { return other("b-1", t0.Add(time.Minute)) }, incident.StatusOpen, false},
		{"a label can be the correlation key",
			func(p *incident.Policy) { p.CorrelateBy = []string{"labels.env"} },
			func() *incident.Alert {
				a := onAsset("b-1", "web-7", t0.Add(time.Minute))
				a.Source, a.Kind = "guardduty", "port_scan"
				return a
			}, incident.StatusOpen, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger()
			p := testPolicy()
			if tt.policy != nil {
				tt.policy(&p)
			}
			first := alertAt("a-1", t0)
			l.run(t, p, t0, first)
			l.incidents["INC-2026-0001"].Status = tt.status

			second := tt.second()
			require.NotEqual(t, first.EffectiveFingerprint(), second.EffectiveFingerprint())
			outs, c := l.run(t, p, t0.Add(2*time.Hour), second)
			l.verify(t)

			if !tt.correlates {
				require.Equal(t, []incident.Outcome{{Incident: "INC-2026-0002", Opened: true}}, outs)
				require.Len(t, l.incidents, 2)
				return
			}
			require.Equal(t, []incident.Outcome{{Incident: "INC-2026-0001", Correlated: true}}, outs)
			inc := l.only(t)
			require.Equal(t, int64(2), inc.AlertCount)
			require.Equal(t, 2, inc.FingerprintCount)
			require.Equal(t, []string{first.EffectiveFingerprint(), second.EffectiveFingerprint()}, inc.Fingerprints)
			require.Equal(t, inc.ID, l.fingerprints[second.EffectiveFingerprint()],
				"a duplicate of the correlated alert folds into the same incident")
			require.ElementsMatch(t, []string{first.Source, second.Source}, inc.Sources)
			require.ElementsMatch(t, []string{first.Kind, second.Kind}, inc.Kinds)

			var d struct{ Correlated bool }
			require.Len(t, c.Events, 1)
			require.NoError(t, json.Unmarshal(c.Events[0].Data, &d))
			require.True(t, d.Correlated, "the event says the alert came by correlation")
		})
	}
}

func TestTriageLaterAlertsOfABatchSeeEarlierOnes(t *testing.T) {
	l := newLedger()
	other := onAsset("b-1", "db-1", t0.Add(2*time.Minute))
	other.Source = "guardduty"
	elsewhere := onAsset("c-1", "web-7", t0.Add(3*time.Minute))
	outs, c := l.run(t, testPolicy(), t0.Add(5*time.Minute),
		alertAt("a-1", t0),
		alertAt("a-2", t0.Add(time.Minute)),
		other,
		elsewhere,
		alertAt("a-3", t0.Add(4*time.Minute)),
	)
	require.Equal(t, []incident.Outcome{
		{Incident: "INC-2026-0001", Opened: true},
		{Incident: "INC-2026-0001", Duplicate: true},
		{Incident: "INC-2026-0001", Correlated: true},
		{Incident: "INC-2026-0002", Opened: true},
		{Incident: "INC-2026-0001", Duplicate: true},
	}, outs)
	require.Len(t, c.Incidents, 2, "each incident is listed once, in the order first touched")
	require.Equal(t, "INC-2026-0001", c.Incidents[0].ID)
	require.Equal(t, "INC-2026-0002", c.Incidents[1].ID)
	require.Equal(t, int64(4), l.incidents["INC-2026-0001"].AlertCount)
	require.Equal(t, int64(1), l.incidents["INC-2026-0002"].AlertCount)
	l.verify(t)
}

func TestTriageNumbersIncidentsFromTheLedger(t *testing.T) {
	t.Run("ids continue the ledger's numbers for the year", func(t *testing.T) {
		l := newLedger()
		l.numbers[2026] = 41
		outs, _ := l.run(t, testPolicy(), t0, onAsset("a-1", "h1", t0), onAsset("a-2", "h2", t0))
		require.Equal(t, "INC-2026-0042", outs[0].Incident)
		require.Equal(t, "INC-2026-0043", outs[1].Incident)
	})
	t.Run("numbers past 9999 keep every digit", func(t *testing.T) {
		l := newLedger()
		l.numbers[2026] = 12344
		outs, _ := l.run(t, testPolicy(), t0, alertAt("a-1", t0))
		require.Equal(t, "INC-2026-12345", outs[0].Incident)
	})
	t.Run("the year is the UTC year of the triage time, not of the alert", func(t *testing.T) {
		l := newLedger()
		// 23:30 on New Year's Eve in New York is already the next year in UTC.
		now := time.Date(2026, 12, 31, 23, 30, 0, 0, time.FixedZone("EST", -5*3600))
		outs, _ := l.run(t, testPolicy(), now, alertAt("a-1", time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC)))
		require.Equal(t, "INC-2027-0001", outs[0].Incident)
		require.Equal(t, uint64(1), l.numbers[2027])
		require.Zero(t, l.numbers[2026])
	})
}

func TestTriageTimelineIsAValidChain(t *testing.T) {
	l := newLedger()
	p := testPolicy()
	low := alertAt("a-1", t0)
	low.Severity = incident.SeverityLow
	l.run(t, p, t0, low, onAsset("x-1", "web-7", t0))
	crit := alertAt("a-2", t0.Add(time.Minute))
	crit.Severity = incident.SeverityCritical
	corr := alertAt("b-1", t0.Add(2*time.Minute))
	corr.Kind = "privilege_escalation"
	l.run(t, p, t0.Add(2*time.Minute), crit, corr, alertAt("a-3", t0.Add(3*time.Minute)))

	inc := l.incidents["INC-2026-0001"]
	events, err := inc.AddNote("looking into it", "alice", t0.Add(4*time.Minute))
	require.NoError(t, err)
	l.timelines[inc.ID] = append(l.timelines[inc.ID], events...)
	l.run(t, p, t0.Add(5*time.Minute), alertAt("a-4", t0.Add(5*time.Minute)))

	l.verify(t)
	require.Equal(t, []incident.EventType{
		incident.EventOpened, incident.EventAlertAttached,
		incident.EventAlertAttached, incident.EventSeverityRaised,
		incident.EventAlertAttached, incident.EventAlertAttached,
		incident.EventNoteAdded,
		incident.EventAlertAttached,
	}, types(l.timelines["INC-2026-0001"]))
}

func TestTriageDoesNotChangeWhatTheLedgerReturned(t *testing.T) {
	l := newLedger()
	pd := alertAt("a-1", t0)
	pd.PersonalData = &incident.PersonalData{Categories: []string{"email"}, Subjects: 10}
	l.run(t, testPolicy(), t0, pd)
	stored := l.incidents["INC-2026-0001"]
	before := stored.Clone()

	tr := incident.NewTriage(testPolicy(), l)
	dup := alertAt("a-2", t0.Add(time.Minute))
	dup.Severity = incident.SeverityCritical
	dup.PersonalData = &incident.PersonalData{Categories: []string{"health"}, Subjects: 99}
	_, err := tr.Add(dup, t0.Add(time.Minute))
	require.NoError(t, err)

	require.Equal(t, before, stored, "triage changed the ledger's incident before it was committed")
	require.Equal(t, int64(2), tr.Changes().Incidents[0].AlertCount)
}

func TestTriageMergesPersonalData(t *testing.T) {
	withPD := func(id string, minute int, pd *incident.PersonalData) *incident.Alert {
		a := alertAt(id, t0.Add(time.Duration(minute)*time.Minute))
		a.PersonalData = pd
		return a
	}
	tests := []struct {
		name   string
		alerts []*incident.Alert
		want   *incident.PersonalData
	}{
		{"an incident without personal data has none",
			[]*incident.Alert{withPD("a", 0, nil), withPD("b", 1, nil)}, nil},
		{"the first alert with personal data seeds it",
			[]*incident.Alert{withPD("a", 0, nil), withPD("b", 1, &incident.PersonalData{Categories: []string{"email"}, Subjects: 3, Encrypted: ptr(true)})},
			&incident.PersonalData{Categories: []string{"email"}, Subjects: 3, Encrypted: ptr(true)}},
		{"categories and jurisdictions are united",
			[]*incident.Alert{
				withPD("a", 0, &incident.PersonalData{Categories: []string{"email", "name"}, Jurisdictions: []string{"EU"}}),
				withPD("b", 1, &incident.PersonalData{Categories: []string{"name", "health"}, Jurisdictions: []string{"US-CA", "EU"}}),
			},
			&incident.PersonalData{Categories: []string{"email", "name", "health"}, Jurisdictions: []string{"EU", "US-CA"}}},
		{"the largest subject estimate wins",
			[]*incident.Alert{
				withPD("a", 0, &incident.PersonalData{Subjects: 500}),
				withPD("b", 1, &incident.PersonalData{Subjects: 20000}),
				withPD("c", 2, &incident.PersonalData{Subjects: 7}),
			},
			&incident.PersonalData{Subjects: 20000}},
		{"data is encrypted while every alert says so",
			[]*incident.Alert{
				withPD("a", 0, &incident.PersonalData{Encrypted: ptr(true)}),
				withPD("b", 1, &incident.PersonalData{Encrypted: ptr(true)}),
			},
			&incident.PersonalData{Encrypted: ptr(true)}},
		{"one alert of unencrypted data makes the incident unencrypted",
			[]*incident.Alert{
				withPD("a", 0, &incident.PersonalData{Encrypted: ptr(true)}),
				withPD("b", 1, &incident.PersonalData{Encrypted: ptr(false)}),
				withPD("c", 2, &incident.PersonalData{Encrypted: ptr(true)}),
			},
			&incident.PersonalData{Encrypted: ptr(false)}},
		{"an alert without personal data leaves it as it was",
			[]*incident.Alert{
				withPD("a", 0, &incident.PersonalData{Categories: []string{"email"}, Subjects: 4, Encrypted: ptr(true)}),
				withPD("b", 1, nil),
			},
			&incident.PersonalData{Categories: []string{"email"}, Subjects: 4, Encrypted: ptr(true)}},
		{"a category is kept even when the incident already lists many",
			[]*incident.Alert{
				withPD("a", 0, &incident.PersonalData{Categories: names("c", 40)}),
				withPD("b", 1, &incident.PersonalData{Categories: []string{"health"}}),
			},
			&incident.PersonalData{Categories: append(names("c", 40), "health")}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" (one batch)", func(t *testing.T) {
			l := newLedger()
			l.run(t, testPolicy(), t0.Add(time.Hour), tt.alerts...)
			require.Equal(t, tt.want, l.only(t).PersonalData)
		})
		t.Run(tt.name+" (one batch per alert)", func(t *testing.T) {
			l := newLedger()
			for _, a := range tt.alerts {
				l.run(t, testPolicy(), t0.Add(time.Hour), a)
			}
			require.Equal(t, tt.want, l.only(t).PersonalData)
		})
	}
	t.Run("the incident does not share lists with the alert", func(t *testing.T) {
		l := newLedger()
		a := withPD("a", 0, &incident.PersonalData{Categories: []string{"email"}, Jurisdictions: []string{"EU"}})
		_, c := l.run(t, testPolicy(), t0, a)
		a.PersonalData.Categories[0], a.PersonalData.Jurisdictions[0] = "changed", "changed"
		require.Equal(t, []string{"email"}, c.Incidents[0].PersonalData.Categories)
		require.Equal(t, []string{"EU"}, c.Incidents[0].PersonalData.Jurisdictions)
	})
}

func TestTriageBoundsTheListsItKeeps(t *testing.T) {
	l := newLedger()
	var alerts []*incident.Alert
	for i := range incident.MaxFingerprints + 20 {
		a := alertAt(fmt.Sprintf("a-%d", i), t0)
		a.Fingerprint = fmt.Sprintf("fp-%d", i)
		a.Kind = fmt.Sprintf("kind-%d", i)
		alerts = append(alerts, a)
	}
	l.run(t, testPolicy(), t0, alerts...)
	inc := l.only(t)
	require.Equal(t, int64(incident.MaxFingerprints+20), inc.AlertCount)
	require.Equal(t, incident.MaxFingerprints+20, inc.FingerprintCount, "the count keeps growing")
	require.Len(t, inc.Fingerprints, incident.MaxFingerprints, "the list stops")
	require.Less(t, len(inc.Kinds), len(alerts))
	require.True(t, slices.Contains(inc.Kinds, "kind-0"))
	l.verify(t)
}

func TestTriageStopsOnALedgerError(t *testing.T) {
	errDisk := errors.New("disk on fire")
	l := newLedger()
	l.err = errDisk
	tr := incident.NewTriage(testPolicy(), l)
	_, err := tr.Add(alertAt("a-1", t0), t0)
	require.ErrorIs(t, err, errDisk)
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *incident.Policy)
		want string // "" means valid
	}{
		{"the default policy is valid", func(p *incident.Policy) { *p = incident.DefaultPolicy() }, ""},
		{"a policy without correlation needs no correlation window", func(p *incident.Policy) {
			p.CorrelateBy, p.CorrelationWindow = nil, 0
		}, ""},
		{"every known field may be named", func(p *incident.Policy) {
			p.CorrelateBy = []string{"asset.id", "asset.type", "asset.tenant", "source", "kind", "labels.team"}
		}, ""},
		{"a zero dedup window is refused", func(p *incident.Policy) { p.DedupWindow = 0 }, "dedup window must be positive"},
		{"a negative dedup window is refused", func(p *incident.Policy) { p.DedupWindow = -time.Hour }, "dedup window must be positive"},
		{"a zero correlation window is refused when correlating", func(p *incident.Policy) { p.CorrelationWindow = 0 }, "correlation window must be positive"},
		{"a negative correlation window is refused", func(p *incident.Policy) { p.CorrelationWindow = -time.Minute }, "correlation window must be positive"},
		{"an unknown field is refused", func(p *incident.Policy) { p.CorrelateBy = []string{"asset.id", "hostname"} }, `correlation field "hostname"`},
		{"a label without a name is refused", func(p *incident.Policy) { p.CorrelateBy = []string{"labels."} }, `correlation field "labels."`},
		{"an empty field name is refused", func(p *incident.Policy) { p.CorrelateBy = []string{""} }, `correlation field ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPolicy()
			tt.edit(&p)
			err := p.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, incident.ErrInvalid)
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestPolicyCorrelationKey(t *testing.T) {
	p := incident.Policy{CorrelateBy: []string{"asset.id", "asset.tenant"}}
	t.Run("values that hold the separators cannot imitate other values", func(t *testing.T) {
		a, b := validAlert(), validAlert()
		a.Asset.ID, a.Asset.Tenant = `x",asset.tenant="y`, ""
		b.Asset.ID, b.Asset.Tenant = "x", "y"
		require.NotEqual(t, p.CorrelationKey(a), p.CorrelationKey(b))
	})
	t.Run("one empty field still makes a key", func(t *testing.T) {
		a := validAlert()
		a.Asset.Tenant = ""
		require.Equal(t, `asset.id="db-1",asset.tenant=""`, p.CorrelationKey(a))
	})
	t.Run("no key without fields", func(t *testing.T) {
		require.Empty(t, (&incident.Policy{}).CorrelationKey(validAlert()))
	})
}

func TestTriageSavesOnlyWhatChanged(t *testing.T) {
	l := newLedger()
	t0 := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	l.run(t, testPolicy(), t0, alertAt("a-1", t0))
	first := l.only(t)

	t.Run("a duplicate saves its incident but leaves the indexes alone", func(t *testing.T) {
		_, c := l.run(t, testPolicy(), t0, alertAt("a-2", t0.Add(time.Minute)))
		require.Len(t, c.Incidents, 1)
		require.Empty(t, c.Fingerprints, "the fingerprint already points at the incident")
		require.Empty(t, c.Correlations)
	})
	t.Run("an incident only looked at is not saved", func(t *testing.T) {
		_, err := first.SetStatus(incident.StatusResolved, "alice", "", t0)
		require.NoError(t, err)
		l.incidents[first.ID] = first
		outs, c := l.run(t, testPolicy(), t0, alertAt("a-3", t0.Add(2*time.Minute)))
		require.True(t, outs[0].Opened, "a resolved incident takes no more alerts")
		require.Len(t, c.Incidents, 1)
		require.NotEqual(t, first.ID, c.Incidents[0].ID, "the resolved incident was looked at, not changed")
	})
}

func TestCorrelationRulesPerSourceAndKind(t *testing.T) {
	p := testPolicy()
	p.CorrelationRules = []incident.CorrelationRule{
		{Source: "falco", CorrelateBy: []string{"labels.cluster"}, Window: "10m"},
		{Kind: "phishing-*"}, // no correlation for phishing reports
	}
	require.NoError(t, p.Validate())
	l := newLedger()
	a := onAsset("f-1", "pod-1", t0)
	a.Labels = map[string]string{"cluster": "prod-eu"}
	b := onAsset("f-2", "pod-2", t0.Add(5*time.Minute))
	b.Labels = map[string]string{"cluster": "prod-eu"}
	c := onAsset("f-3", "pod-3", t0.Add(20*time.Minute))
	c.Labels = map[string]string{"cluster": "prod-eu"}
	outs, _ := l.run(t, p, t0.Add(20*time.Minute), a, b, c)
	require.True(t, outs[0].Opened)
	require.True(t, outs[1].Correlated, "same cluster within the rule's 10 minutes")
	require.True(t, outs[2].Opened, "past the rule's window, though within the default hour")

	l = newLedger()
	x := onAsset("p-1", "mail", t0)
	x.Source, x.Kind = "m365", "phishing-report"
	y := onAsset("p-2", "mail", t0)
	y.Source, y.Kind, y.Fingerprint = "m365", "phishing-report", "other"
	outs, _ = l.run(t, p, t0, x, y)
	require.True(t, outs[1].Opened, "the rule turns correlation off")

	bad := testPolicy()
	bad.CorrelationRules = []incident.CorrelationRule{{CorrelateBy: []string{"asset.colour"}}, {Source: "x", CorrelateBy: []string{"asset.id"}, Window: "soon"}}
	p2 := problems(t, bad.Validate())
	require.Len(t, p2, 4)
}

func TestAnIncidentKeepsABoundedDescription(t *testing.T) {
	l := newLedger()
	a := alertAt("a-1", t0)
	a.Description = strings.Repeat("é", incident.MaxIncidentDescription)
	l.run(t, testPolicy(), t0, a)
	d := l.only(t).Description
	require.LessOrEqual(t, len(d), incident.MaxIncidentDescription)
	require.True(t, utf8.ValidString(d))
	require.True(t, strings.HasSuffix(d, "…"))
}
