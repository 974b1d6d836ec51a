package respond_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

var t0 = time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC)

// fixture is the use cases over a real store, with hooks that record what
// they were told.
type fixture struct {
	t     *testing.T
	st    *store.Store
	rs    *respond.Service
	now   time.Time
	woken int
}

func setup(t *testing.T, hooks ...respond.Hook) *fixture {
	t.Helper()
	f := &fixture{t: t, st: storetest.Open(t), now: t0}
	var err error
	f.rs, err = respond.New(f.st, respond.Options{Now: func() time.Time { return f.now }}, zerolog.New(zerolog.NewTestWriter(t)))
	require.NoError(t, err)
	f.rs.Wire(respond.Wiring{Hooks: hooks, Wake: func() { f.woken++ }})
	return f
}

// open triages an alert into a new incident and returns its id.
func (f *fixture) open(pd *incident.PersonalData) string {
	f.t.Helper()
	a := &incident.Alert{ID: "a-1", Source: "edr", Kind: "exfiltration", Time: f.now.Add(-time.Minute), Severity: incident.SeverityHigh,
		Title: "Mass read of HR share", Asset: incident.Asset{ID: "fs-hr-01", Type: "host"}, PersonalData: pd}
	require.NoError(f.t, a.Validate())
	var id string
	require.NoError(f.t, f.st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		out, err := tr.Add(a, f.now)
		if err != nil {
			return err
		}
		id = out.Incident
		return tx.Apply(tr.Changes())
	}))
	return id
}

func (f *fixture) load(id string) *incident.Incident {
	f.t.Helper()
	var inc *incident.Incident
	require.NoError(f.t, f.st.View(func(tx *store.Tx) error {
		var err error
		inc, err = tx.LoadIncident(id)
		return err
	}))
	return inc
}

// recorder is a hook that keeps the event types it was told of, under its
// name, in the order the hooks ran.
type recorder struct {
	name  string
	heard *[]string
	add   bool // adds an event of its own, for the hooks after it
}

func (r recorder) Changed(tx *store.Tx, c *incident.Changes, now time.Time) error {
	if tx == nil {
		return errors.New("no transaction")
	}
	for _, e := range c.Events {
		*r.heard = append(*r.heard, r.name+":"+string(e.Type))
	}
	if r.add {
		inc := c.Incidents[0]
		events, err := inc.AddNote("from "+r.name, "hook", now)
		if err != nil {
			return err
		}
		if err := tx.SaveIncident(inc, events); err != nil {
			return err
		}
		c.Events = append(c.Events, events...)
	}
	return nil
}

func TestAChangeRunsTheHooksInOrderInItsTransaction(t *testing.T) {
	var heard []string
	f := setup(t, recorder{name: "first", heard: &heard, add: true}, recorder{name: "second", heard: &heard})
	id := f.open(nil)

	inc, err := f.rs.Acknowledge(context.Background(), id, "alice")
	require.NoError(t, err)
	require.Equal(t, incident.StatusAcknowledged, inc.Status)
	require.Equal(t, []string{
		"first:acknowledged", "first:status_changed",
		"second:acknowledged", "second:status_changed", "second:note_added", // the second hook sees what the first added
	}, heard)
	require.Equal(t, 1, f.woken, "the outbox is woken once the change has committed")
	require.Equal(t, incident.StatusAcknowledged, f.load(id).Status)
}

func TestAFailingHookRollsTheWholeChangeBack(t *testing.T) {
	boom := respond.HookFunc(func(*store.Tx, *incident.Changes, time.Time) error { return errors.New("boom") })
	f := setup(t, boom)
	id := f.open(nil)
	before := f.load(id).TimelineSeq
	_, err := f.rs.Note(context.Background(), id, "alice", "looking")
	require.EqualError(t, err, "boom")
	require.Equal(t, before, f.load(id).TimelineSeq, "the note was rolled back")
	require.Zero(t, f.woken, "a rolled-back change wakes nothing")
}

func TestAChangeThatRecordsNothingSavesNothingAndTellsNoHook(t *testing.T) {
	var heard []string
	f := setup(t, recorder{name: "h", heard: &heard})
	id := f.open(nil)
	before := f.load(id)
	inc, err := f.rs.Change(context.Background(), id, "alice", func(*store.Tx, *incident.Incident, time.Time) ([]incident.Event, error) {
		return nil, nil
	})
	require.NoError(t, err)
	require.Equal(t, before.TimelineHead, inc.TimelineHead)
	require.Empty(t, heard)
	require.Zero(t, f.woken)
}

func TestAnUnknownIncidentIsNotFound(t *testing.T) {
	f := setup(t)
	_, err := f.rs.Acknowledge(context.Background(), "INC-2026-9999", "alice")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func TestFactsChangesReevaluateTheObligationsAndOtherChangesDoNot(t *testing.T) {
	var heard []string
	f := setup(t, recorder{name: "h", heard: &heard})
	id := f.open(nil)

	_, err := f.rs.Acknowledge(context.Background(), id, "alice")
	require.NoError(t, err)
	require.NotContains(t, heard, "h:obligations_changed")

	heard = nil
	res, err := f.rs.PatchFacts(context.Background(), id, "dpo", []byte(`{"aware_at":"2026-03-12T09:00:00Z","personal_data_affected":true,"jurisdictions":["EU-IE"],"role":"controller","data_subjects":1200}`))
	require.NoError(t, err)
	require.Equal(t, []string{"h:facts_changed", "h:obligations_changed"}, heard)
	require.NotEmpty(t, res.Changes)
	require.NotNil(t, res.Obligations)
	gdpr := res.Obligations.Find("gdpr_art33_sa")
	require.NotNil(t, gdpr)
	require.Equal(t, incident.ObligationDue, gdpr.Status)

	// The same facts again change nothing and tell nobody.
	heard = nil
	res, err = f.rs.PatchFacts(context.Background(), id, "dpo", []byte(`{"data_subjects":1200}`))
	require.NoError(t, err)
	require.Empty(t, res.Changes)
	require.Empty(t, heard)
}

func TestInvalidFactsAreRefusedWhole(t *testing.T) {
	f := setup(t)
	id := f.open(nil)
	_, err := f.rs.PatchFacts(context.Background(), id, "dpo", []byte(`{"data_subjects":10,"jurisdictions":["XX-NOPE"]}`))
	require.ErrorIs(t, err, incident.ErrInvalid)
	require.Nil(t, f.load(id).Facts, "nothing of the patch was applied")
}

func TestAnAssessmentSetsItsFactAndNotesWhy(t *testing.T) {
	var heard []string
	f := setup(t, recorder{name: "h", heard: &heard})
	id := f.open(nil)
	inc, err := f.rs.Assess(context.Background(), id, "dpo", respond.Assessment{Notifiable: true, Text: "names and card numbers"})
	require.NoError(t, err)
	require.NotNil(t, inc.Facts.AssessedNotifiableAt)
	require.Equal(t, t0, *inc.Facts.AssessedNotifiableAt)
	require.Contains(t, heard, "h:note_added")

	inc, err = f.rs.Assess(context.Background(), id, "dpo", respond.Assessment{Notifiable: false, Text: "encrypted"})
	require.NoError(t, err)
	require.NotNil(t, inc.Facts.AssessedNotNotifiableAt)
}

func TestASubmissionFulfilsItsObligationAndAnUnknownRegimeIsRefused(t *testing.T) {
	f := setup(t)
	id := f.open(nil)
	_, err := f.rs.PatchFacts(context.Background(), id, "dpo", []byte(`{"aware_at":"2026-03-12T09:00:00Z","personal_data_affected":true,"jurisdictions":["EU-IE"],"role":"controller","data_subjects":1200}`))
	require.NoError(t, err)

	_, err = f.rs.Submit(context.Background(), id, "dpo", respond.Submission{Regime: "gdpr_art99"})
	require.ErrorIs(t, err, incident.ErrInvalid)

	res, err := f.rs.Submit(context.Background(), id, "dpo", respond.Submission{Regime: "gdpr_art33_sa", Ref: "DPC-1"})
	require.NoError(t, err)
	require.Equal(t, "DPC-1", res.Submission.Ref)
	require.Equal(t, incident.ObligationFulfilled, res.Obligations.Find("gdpr_art33_sa").Status)
}

func TestTheNarrativeTakesOnlyKeysTheDraftsKnow(t *testing.T) {
	f := setup(t)
	id := f.open(nil)
	inc, err := f.rs.SetNarrative(context.Background(), id, "dpo", map[string]string{"measures_taken": "keys rotated"})
	require.NoError(t, err)
	require.Equal(t, "keys rotated", inc.Narrative["measures_taken"])
	_, err = f.rs.SetNarrative(context.Background(), id, "dpo", map[string]string{"favourite_colour": "blue"})
	require.ErrorContains(t, err, "unknown narrative key")

	// Element N of a regime's content list has a key of its own.
	inc, err = f.rs.SetNarrative(context.Background(), id, "dpo", map[string]string{"us_wa_19_255_ag_2020.3": "2 to 9 March"})
	require.NoError(t, err)
	require.Equal(t, "2 to 9 March", inc.Narrative["us_wa_19_255_ag_2020.3"])
	_, err = f.rs.SetNarrative(context.Background(), id, "dpo", map[string]string{"us_wa_19_255_ag_2020.99": "x"})
	require.ErrorContains(t, err, "us_wa_19_255_ag_2020 lists 5 elements")
	_, err = f.rs.SetNarrative(context.Background(), id, "dpo", map[string]string{"no_such_regime.1": "x"})
	require.ErrorContains(t, err, `regime "no_such_regime" is not in the catalog`)
	_, err = f.rs.SetNarrative(context.Background(), id, "dpo", map[string]string{"gdpr_art33_sa.1": "x"})
	require.ErrorContains(t, err, "gdpr_art33_sa has a draft of its own, which reads the named keys")
}

func TestADraftRendersFromTheIncidentAsItIsNow(t *testing.T) {
	f := setup(t)
	id := f.open(nil)
	_, err := f.rs.PatchFacts(context.Background(), id, "dpo", []byte(`{"aware_at":"2026-03-12T09:00:00Z","personal_data_affected":true,"jurisdictions":["EU-IE"],"role":"controller","data_subjects":1200}`))
	require.NoError(t, err)
	d, err := f.rs.Draft(context.Background(), id, "gdpr_art33_sa", drafts.Markdown, "")
	require.NoError(t, err)
	require.Equal(t, id+"-gdpr_art33_sa.md", d.Filename)
	require.Contains(t, string(d.Body), id)

	_, err = f.rs.Draft(context.Background(), id, "gdpr_art99", drafts.Markdown, "")
	require.ErrorIs(t, err, store.ErrNotFound)
	require.EqualError(t, err, `regime "gdpr_art99" is not in the catalog`)
}

func TestADecisionWithoutPlaybooksSaysSo(t *testing.T) {
	f := setup(t)
	id := f.open(nil)
	_, err := f.rs.Decide(context.Background(), respond.Decision{Incident: id, Run: id + "/x", Step: "approve", Decision: respond.Approve, Approver: "alice"})
	require.ErrorIs(t, err, respond.ErrNoPlaybooks)
}

// Of an incident's obligations, those owed, held, fulfilled or exempt have
// a draft to show where their regime has one; a filing is recorded for all
// of them but the exempt ones; what does not concern the breach has
// neither.
func TestFilingsAreTheObligationsOwedWithADraft(t *testing.T) {
	f := setup(t)
	drafted, submittable := f.rs.Filings([]incident.Obligation{
		{Regime: "gdpr_art33_sa", Status: incident.ObligationDue},
		{Regime: "gdpr_art34_individuals", Status: incident.ObligationExempt},
		{Regime: "pdpa_26d1_pdpc", Status: incident.ObligationNotApplicable},
		{Regime: "gdpr_art33_5_register", Status: incident.ObligationDue},
		{Regime: "no_such_regime", Status: incident.ObligationDue},
	})
	require.Equal(t, []string{"gdpr_art33_sa", "gdpr_art34_individuals"}, drafted, "a register is kept, not drafted")
	require.Equal(t, []string{"gdpr_art33_sa", "gdpr_art33_5_register"}, submittable)
}
