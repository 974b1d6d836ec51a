package obligations_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/clocktest"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
	"github.com/breachd/breachd/timers"
)

// aware is when the test breaches become known; the GDPR deadline is 72
// hours later.
var (
	aware   = time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)
	gdprDue = aware.Add(72 * time.Hour)
)

// inbox is a Notifier that keeps what it is given, or fails while err is set.
type inbox struct {
	mu   sync.Mutex
	got  []obligations.Reminder
	fail error
}

func (b *inbox) Notify(_ context.Context, r obligations.Reminder) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail != nil {
		return b.fail
	}
	b.got = append(b.got, r)
	return nil
}

func (b *inbox) texts() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, r := range b.got {
		out = append(out, string(r.Kind)+" "+r.Regime+" "+incident.OffsetLabel(r.Before))
	}
	return out
}

// newOutbox delivers reminders from the outbox to box.
func newOutbox(s *store.Store, box *inbox, now func() time.Time) *outbox.Worker {
	return outbox.New(s, map[string]outbox.Sender{obligations.OutboxKind: obligations.Deliver(box)}, now,
		outbox.DefaultOptions(), zerolog.Nop(), nil)
}

// newReminders fires the obligations' timers at now() through a commit
// path of their own, as the daemon wires them.
func newReminders(t testing.TB, s *store.Store, tr *obligations.Tracker, now func() time.Time) *timers.Service {
	t.Helper()
	rs, err := respond.New(s, respond.Options{Obligations: tr, Now: now}, zerolog.Nop())
	require.NoError(t, err)
	svc := timers.New(s, timers.Options{Now: now}, zerolog.Nop())
	svc.Handle(obligations.NewDeadlines(tr, rs, nil), obligations.TimerKinds()...)
	return svc
}

func newTracker(t testing.TB) *obligations.Tracker {
	t.Helper()
	tr, err := obligations.NewTracker(regulations.Default(), obligations.DefaultOffsets())
	require.NoError(t, err)
	return tr
}

// openBreach triages one alert about personal data of 1,200 Irish
// residents, aware at the alert's time, and tracks its obligations.
func openBreach(t testing.TB, s *store.Store, tr *obligations.Tracker) *incident.Incident {
	t.Helper()
	a := &incident.Alert{
		ID: fmt.Sprintf("a-%d", time.Now().UnixNano()), Source: "test", Kind: "exfiltration", Time: aware, Severity: incident.SeverityHigh,
		Title: "Customer table exported", Asset: incident.Asset{ID: fmt.Sprintf("db-%d", time.Now().UnixNano()), Type: "host"},
		PersonalData: &incident.PersonalData{Categories: []string{"email"}, Subjects: 1200, Jurisdictions: []string{"EU-IE"}},
	}
	require.NoError(t, a.Validate())
	var id string
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		triage := incident.NewTriage(incident.DefaultPolicy(), tx)
		out, err := triage.Add(a, aware)
		require.NoError(t, err)
		id = out.Incident
		c := triage.Changes()
		require.Len(t, c.FactsChanged, 1)
		require.NoError(t, tr.Track(tx, &c, aware))
		return tx.Apply(c)
	}))
	return load(t, s, id)
}

func load(t testing.TB, s *store.Store, id string) *incident.Incident {
	t.Helper()
	var inc *incident.Incident
	require.NoError(t, s.View(func(tx *store.Tx) error {
		var err error
		inc, err = tx.Incident(id)
		return err
	}))
	return inc
}

func stored(t *testing.T, s *store.Store, id string) (*incident.Obligations, []incident.Timer, []incident.Event) {
	t.Helper()
	var (
		set    *incident.Obligations
		timers []incident.Timer
		events []incident.Event
	)
	require.NoError(t, s.View(func(tx *store.Tx) error {
		var err error
		if set, err = tx.Obligations(id); err != nil {
			return err
		}
		all, err := tx.Timers(id)
		if err != nil {
			return err
		}
		for _, st := range all {
			var tm incident.Timer
			require.NoError(t, json.Unmarshal(st.Data, &tm))
			require.Equal(t, st.Kind, string(tm.Kind))
			require.Equal(t, st.Name, tm.Name())
			timers = append(timers, tm)
		}
		if events, err = tx.Timeline(id); err != nil {
			return err
		}
		return tx.VerifyTimeline(id)
	}))
	return set, timers, events
}

func lastEvent(events []incident.Event) incident.EventType { return events[len(events)-1].Type }

func TestFactsChangesAreEvaluatedStoredAndTimed(t *testing.T) {
	s := storetest.Open(t)
	tr := newTracker(t)
	inc := openBreach(t, s, tr)

	set, timers, events := stored(t, s, inc.ID)
	require.Equal(t, regulations.Default().Version, set.CatalogVersion)
	o := set.Find("gdpr_art33_sa")
	require.Equal(t, incident.ObligationDue, o.Status)
	require.Equal(t, gdprDue, *o.DueAt)
	require.Equal(t, incident.EventObligationsChanged, lastEvent(events))
	var names []string
	for _, tm := range timers {
		names = append(names, tm.Name())
	}
	require.Contains(t, names, "reminder/gdpr_art33_sa/24h")
	require.Contains(t, names, "reminder/gdpr_art33_sa/1h")
	require.Contains(t, names, "overdue/gdpr_art33_sa")

	// A submission fulfils it; its timers go.
	now := aware.Add(30 * time.Hour)
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		inc, err := tx.Incident(inc.ID)
		require.NoError(t, err)
		events, err := inc.RecordSubmission("gdpr_art33_sa", now, "DPC-1", "alice", nil, tr.Check, now)
		require.NoError(t, err)
		more, err := tr.Reevaluate(tx, inc, now)
		require.NoError(t, err)
		require.Len(t, more, 1)
		return tx.SaveIncident(inc, append(events, more...))
	}))
	set, timers, events = stored(t, s, inc.ID)
	require.Equal(t, incident.ObligationFulfilled, set.Find("gdpr_art33_sa").Status)
	for _, tm := range timers {
		require.NotEqual(t, "gdpr_art33_sa", tm.Regime)
	}
	require.Equal(t, incident.EventObligationsChanged, lastEvent(events))

	// The catalog check refuses a submission to a regime it does not know.
	require.NoError(t, s.View(func(tx *store.Tx) error {
		inc, err := tx.Incident(inc.ID)
		require.NoError(t, err)
		_, err = inc.RecordSubmission("gdpr_art99", now, "", "alice", nil, tr.Check, now)
		require.ErrorContains(t, err, `unknown regime id "gdpr_art99"`)
		return nil
	}))
}

func TestRemindersFireOnTimeOnceAndSurviveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.db")
	s, err := store.Open(path, store.Options{})
	require.NoError(t, err)
	tr := newTracker(t)
	inc := openBreach(t, s, tr)
	box := &inbox{}
	clk := clocktest.New(time.Time{})
	rem := newReminders(t, s, tr, clk.Now)
	out := newOutbox(s, box, clk.Now)
	fire := func(at time.Time) int {
		t.Helper()
		clk.Set(at)
		n, err := rem.FireDue(t.Context())
		require.NoError(t, err)
		_, err = out.DeliverDue(t.Context())
		require.NoError(t, err)
		return n
	}

	require.Zero(t, fire(gdprDue.Add(-25*time.Hour)), "nothing due yet")
	require.Equal(t, 1, fire(gdprDue.Add(-24*time.Hour)))
	require.Equal(t, []string{"reminder gdpr_art33_sa 24h"}, box.texts())
	require.Zero(t, fire(gdprDue.Add(-23*time.Hour)), "sent once")
	set, _, events := stored(t, s, inc.ID)
	require.Equal(t, []string{"24h"}, set.Find("gdpr_art33_sa").RemindersSent)
	require.Equal(t, incident.EventReminderSent, events[len(events)-2].Type)
	require.Equal(t, incident.EventDelivered, lastEvent(events))

	// The Notifier fails: the reminder is issued and its delivery waits in
	// the outbox, retried with back-off.
	box.fail = errors.New("slack is down")
	clk.Set(gdprDue.Add(-4 * time.Hour))
	n, err := rem.FireDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = out.DeliverDue(t.Context())
	require.NoError(t, err, "a failed attempt is retried, not an error of the round")
	require.NoError(t, s.View(func(tx *store.Tx) error {
		waiting, err := tx.DueOutbox(gdprDue, 10)
		require.Len(t, waiting, 1)
		require.Equal(t, "slack is down", waiting[0].LastError)
		require.Equal(t, 1, waiting[0].Attempts)
		return err
	}))
	box.fail = nil

	// A restart loses nothing: the timers and the outbox are in the file.
	require.NoError(t, s.Close())
	s, err = store.Open(path, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	rem = newReminders(t, s, tr, clk.Now)
	out = newOutbox(s, box, clk.Now)
	require.Zero(t, fire(gdprDue.Add(-4*time.Hour+time.Minute)), "nothing new is due; the retry goes out")
	require.Equal(t, []string{"reminder gdpr_art33_sa 24h", "reminder gdpr_art33_sa 4h"}, box.texts())
	require.Equal(t, 1, fire(gdprDue.Add(-time.Hour)))
	require.Equal(t, 1, fire(gdprDue))
	require.Zero(t, fire(gdprDue.Add(time.Hour)))
	require.Equal(t, []string{
		"reminder gdpr_art33_sa 24h", "reminder gdpr_art33_sa 4h", "reminder gdpr_art33_sa 1h", "overdue gdpr_art33_sa 0h",
	}, box.texts())
	set, timers, events := stored(t, s, inc.ID)
	require.True(t, set.Find("gdpr_art33_sa").Overdue)
	require.Equal(t, incident.EventDelivered, lastEvent(events), "the delivery of the overdue warning")
	require.Equal(t, incident.EventDeadlinePassed, events[len(events)-2].Type)
	for _, tm := range timers {
		require.NotEqual(t, "gdpr_art33_sa", tm.Regime, "an overdue obligation has no timers left")
	}
	require.Contains(t, box.got[3].Text(), "OVERDUE "+inc.ID)
}

func TestALateStartSendsOnlyTheMostUrgentReminder(t *testing.T) {
	s := storetest.Open(t)
	tr := newTracker(t)
	openBreach(t, s, tr)
	box := &inbox{}
	clk := clocktest.New(gdprDue.Add(-2 * time.Hour)) // the 24h and 4h reminders were missed
	rem := newReminders(t, s, tr, clk.Now)
	out := newOutbox(s, box, clk.Now)
	n, err := rem.FireDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = out.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, []string{"reminder gdpr_art33_sa 4h"}, box.texts())

	// Past the deadline, only the overdue mark goes out.
	clk.Set(gdprDue.Add(time.Minute))
	box.got = nil
	n, err = rem.FireDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = out.DeliverDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, []string{"overdue gdpr_art33_sa 0h"}, box.texts())
}

func TestALapsedHoldIsReevaluated(t *testing.T) {
	s := storetest.Open(t)
	tr := newTracker(t)
	inc := openBreach(t, s, tr)
	until := aware.Add(10 * 24 * time.Hour)
	now := aware.Add(time.Hour)
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		inc, err := tx.Incident(inc.ID)
		require.NoError(t, err)
		patch := `{"holds":[{"regime":"gdpr_art34_individuals","until":"` + until.Format(time.RFC3339) + `","reason":"Garda request"}]}`
		events, err := inc.PatchFacts([]byte(patch), "alice", tr.Check, now)
		require.NoError(t, err)
		more, err := tr.Reevaluate(tx, inc, now)
		require.NoError(t, err)
		return tx.SaveIncident(inc, append(events, more...))
	}))
	set, timers, _ := stored(t, s, inc.ID)
	require.Equal(t, incident.ObligationHeld, set.Find("gdpr_art34_individuals").Status)
	require.Contains(t, timers, incident.Timer{At: until, Incident: inc.ID, Regime: "gdpr_art34_individuals", Kind: incident.TimerReevaluate, DueAt: until})

	clock := until
	rem := newReminders(t, s, tr, func() time.Time { return clock })
	_, err := rem.FireDue(t.Context())
	require.NoError(t, err)
	set, timers, _ = stored(t, s, inc.ID)
	require.Equal(t, incident.ObligationDue, set.Find("gdpr_art34_individuals").Status, "the hold lapsed")
	for _, tm := range timers {
		require.NotEqual(t, incident.TimerReevaluate, tm.Kind)
	}
}

func TestAJurisdictionWithoutRulesIsCountedOnceWhenItsChangeCommits(t *testing.T) {
	s := storetest.Open(t)
	tr := newTracker(t)
	inc := openBreach(t, s, tr)
	reg := prometheus.NewRegistry()
	reg.MustRegister(tr.Collectors()...)
	patch := func(doc string, commit bool) {
		t.Helper()
		err := s.Update(func(tx *store.Tx) error {
			inc, err := tx.Incident(inc.ID)
			require.NoError(t, err)
			events, err := inc.PatchFacts([]byte(doc), "alice", tr.Check, aware.Add(time.Hour))
			require.NoError(t, err)
			more, err := tr.Reevaluate(tx, inc, aware.Add(time.Hour))
			require.NoError(t, err)
			if !commit {
				return errors.New("roll back")
			}
			return tx.SaveIncident(inc, append(events, more...))
		})
		require.Equal(t, commit, err == nil)
	}
	patch(`{"jurisdictions":["EU-IE","AQ"]}`, false)
	require.Zero(t, testutil.CollectAndCount(reg, "breachd_obligations_unknown_jurisdictions_total"), "a rolled-back change counts nothing")
	patch(`{"jurisdictions":["EU-IE","AQ"]}`, true)
	patch(`{"data_subjects":5}`, true)
	require.Equal(t, 1.0, testutil.ToFloat64(tr.Collectors()[0].(*prometheus.CounterVec).WithLabelValues("AQ")), "once per incident and jurisdiction")
}

func TestTheNeedsFactsReminderAsksForTheJurisdictions(t *testing.T) {
	due := time.Date(2026, 3, 11, 14, 20, 0, 0, time.UTC)
	r := obligations.Reminder{Kind: incident.TimerReminder, Incident: "INC-2026-0001", Regime: incident.NeedsFactsRegime,
		Basis: "APPI Art. 26(1)", DueAt: due, Before: 4 * time.Hour}
	require.Equal(t, "INC-2026-0001: record the jurisdictions: the earliest deadline that could apply (APPI Art. 26(1)) is in 4h, at 2026-03-11T14:20:00Z", r.Text())
	r.Kind = incident.TimerOverdue
	require.Contains(t, r.Text(), "OVERDUE INC-2026-0001: the jurisdictions are still not recorded")
}

// A reminder says the time left when it was issued, not the offset it was
// scheduled for: a late start sends the 24h reminder with 6 hours left.
func TestAReminderSaysTheTimeLeft(t *testing.T) {
	due := time.Date(2026, 3, 13, 14, 20, 0, 0, time.UTC)
	r := obligations.Reminder{Kind: incident.TimerReminder, Incident: "INC-2026-0001", Regime: "gdpr_art33_sa", Recipient: "lead supervisory authority",
		Basis: "GDPR Art. 33(1)", DueAt: due, Before: 24 * time.Hour, IssuedAt: due.Add(-6*time.Hour - 2*time.Minute)}
	require.Contains(t, r.Text(), "is due in 6h 2m, at 2026-03-13T14:20:00Z")
	r.IssuedAt = due.Add(-50 * time.Hour)
	require.Contains(t, r.Text(), "is due in 2d 2h")
	r.IssuedAt = time.Time{} // a reminder queued by an earlier release
	require.Contains(t, r.Text(), "is due in 24h")
}
