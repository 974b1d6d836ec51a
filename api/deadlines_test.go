package api

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/clocktest"
)

// deadlines fetches GET /api/v1/deadlines with query.
func (f *fixture) deadlines(query string) client.DeadlineList {
	f.t.Helper()
	code, body := f.do("GET", "/api/v1/deadlines"+query, "")
	require.Equal(f.t, http.StatusOK, code, body)
	var list client.DeadlineList
	require.NoError(f.t, json.Unmarshal([]byte(body), &list))
	return list
}

// facts records facts on id.
func (f *fixture) facts(id, facts string) {
	f.t.Helper()
	code, body := f.do("PATCH", "/api/v1/incidents/"+id+"/facts", facts)
	require.Equal(f.t, http.StatusOK, code, body)
}

// row finds the row of incident id and regime, or nil.
func row(list client.DeadlineList, id, regime string) *client.Deadline {
	for i, d := range list.Deadlines {
		if d.Incident == id && d.Regime == regime {
			return &list.Deadlines[i]
		}
	}
	return nil
}

// A privacy officer sees every open obligation of every incident in one
// list, most urgent first: the overdue ones, then by deadline, then those
// without a deadline, which are never dropped.
func TestDeadlinesListEveryOpenObligationMostUrgentFirst(t *testing.T) {
	clk := clocktest.New(now)
	f := newFixtureAt(t, "", clk.Now)
	require.Empty(t, f.deadlines("").Deadlines, "no incident, no deadline")

	ids := f.open(4, incident.SeverityHigh)
	fresh, old, unknown, undecided := ids[0], ids[1], ids[2], ids[3]
	f.facts(fresh, `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":1200,"risk_to_rights":true,"high_risk":true}`)
	f.facts(old, `{"aware_at":"2026-03-01T00:00:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":10,"risk_to_rights":true}`)
	f.facts(unknown, `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["AQ"]}`)
	f.facts(undecided, `{"aware_at":"2026-03-10T14:20:00Z","role":"controller"}`)

	code, body := f.do("GET", "/api/v1/deadlines", "")
	require.Equal(t, http.StatusOK, code)
	for _, key := range []string{"generated_at", "incident", "title", "severity", "regime", "recipient_kind", "status", "due_at", "left_seconds", "overdue", "late"} {
		require.Contains(t, body, `"`+key+`":`, "the field names are a contract")
	}
	list := f.deadlines("")
	require.Equal(t, now, list.GeneratedAt)
	// Every row is open; the dated ones lead, in deadline order.
	seenUndated := false
	var last time.Time
	for _, d := range list.Deadlines {
		require.NotEqual(t, incident.ObligationFulfilled, d.Status)
		require.NotEqual(t, incident.ObligationNotApplicable, d.Status)
		require.NotEqual(t, incident.ObligationPossible, d.Status)
		if d.DueAt == nil {
			seenUndated = true
			require.Nil(t, d.LeftSeconds)
			continue
		}
		require.False(t, seenUndated, "%s %s has a deadline and comes after one without", d.Incident, d.Regime)
		require.False(t, d.DueAt.Before(last), "deadlines in order")
		last = *d.DueAt
	}

	first := list.Deadlines[0]
	require.Equal(t, old, first.Incident, "the overdue one leads")
	require.Equal(t, "gdpr_art33_sa", first.Regime)
	require.Equal(t, "regulator", first.RecipientKind)
	require.Equal(t, incident.ObligationDue, first.Status)
	require.Equal(t, "2026-03-04T00:00:00Z", first.DueAt.Format(time.RFC3339))
	require.True(t, first.Overdue)
	require.True(t, first.Late)
	require.Equal(t, int64(-(6*24*3600 + 15*3600)), *first.LeftSeconds, "overdue by 6 days 15 hours")
	require.Equal(t, "t", first.Title)
	require.Equal(t, "high", first.Severity)
	require.Equal(t, incident.StatusOpen, first.IncidentStatus)

	sa := row(list, fresh, "gdpr_art33_sa")
	require.NotNil(t, sa)
	require.Equal(t, "2026-03-13T14:20:00Z", sa.DueAt.Format(time.RFC3339))
	require.Equal(t, int64(71*3600+20*60), *sa.LeftSeconds)
	require.False(t, sa.Overdue)
	require.False(t, sa.Late)

	individuals := row(list, fresh, "gdpr_art34_individuals")
	require.NotNil(t, individuals, "a duty without a numeric limit is listed")
	require.Nil(t, individuals.DueAt)
	aq := row(list, unknown, "unknown/AQ")
	require.NotNil(t, aq, "a jurisdiction nobody knows the duties of is listed, never dropped")
	require.Equal(t, incident.ObligationUnknown, aq.Status)
	require.Nil(t, aq.DueAt)
	nf := row(list, undecided, incident.NeedsFactsRegime)
	require.NotNil(t, nf, "the facts still needed are listed with their earliest deadline")
	require.NotNil(t, nf.DueAt)

	// Time passes: the fresh deadline goes overdue too.
	clk.Set(time.Date(2026, 3, 14, 14, 20, 0, 0, time.UTC))
	sa = row(f.deadlines(""), fresh, "gdpr_art33_sa")
	require.Equal(t, int64(-24*3600), *sa.LeftSeconds)
	require.True(t, sa.Overdue)
	require.True(t, sa.Late)

	// A filing takes the obligation off the list; ?all=true shows it
	// fulfilled, with when it was filed, after every open one.
	code, body = f.do("POST", "/api/v1/incidents/"+old+"/submissions", `{"regime":"gdpr_art33_sa","ref":"DPC-1","at":"2026-03-05T09:00:00Z"}`)
	require.Equal(t, http.StatusCreated, code, body)
	require.Nil(t, row(f.deadlines(""), old, "gdpr_art33_sa"))
	require.Nil(t, row(f.deadlines("?all=false"), old, "gdpr_art33_sa"))
	all := f.deadlines("?all=true")
	filed := row(all, old, "gdpr_art33_sa")
	require.NotNil(t, filed)
	require.Equal(t, incident.ObligationFulfilled, filed.Status)
	require.Equal(t, "2026-03-05T09:00:00Z", filed.SubmittedAt.Format(time.RFC3339))
	require.True(t, filed.Late, "filed after its deadline")
	require.False(t, filed.Overdue)
	require.Nil(t, filed.LeftSeconds)
	require.Equal(t, incident.ObligationFulfilled, all.Deadlines[len(all.Deadlines)-1].Status, "the fulfilled ones come last")

	code, body = f.do("GET", "/api/v1/deadlines?all=maybe", "")
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "want true or false")
}

// Each incident of the list carries its next deadline: the earliest among
// its open obligations that have one, overdue once the clock passes it.
func TestTheIncidentListCarriesEachIncidentsNextDeadline(t *testing.T) {
	clk := clocktest.New(now)
	f := newFixtureAt(t, "", clk.Now)
	ids := f.open(2, incident.SeverityHigh)
	withFacts, without := ids[0], ids[1]
	f.facts(withFacts, `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":1200,"risk_to_rights":true}`)

	list := func() map[string]client.ListedIncident {
		code, body := f.do("GET", "/api/v1/incidents", "")
		require.Equal(t, http.StatusOK, code, body)
		require.Contains(t, body, `"next_deadline": null`, "an incident without one says so")
		var page client.IncidentList
		require.NoError(t, json.Unmarshal([]byte(body), &page))
		out := map[string]client.ListedIncident{}
		for _, inc := range page.Incidents {
			out[inc.ID] = inc
		}
		return out
	}
	incs := list()
	require.Nil(t, incs[without].NextDeadline)
	require.Equal(t, &client.NextDeadline{Regime: "gdpr_art33_sa", DueAt: time.Date(2026, 3, 13, 14, 20, 0, 0, time.UTC)}, incs[withFacts].NextDeadline)
	require.Equal(t, "t", incs[withFacts].Title, "the incident's own fields are as they were")

	clk.Set(time.Date(2026, 3, 13, 14, 20, 0, 0, time.UTC))
	require.True(t, list()[withFacts].NextDeadline.Overdue, "due now is overdue")

	code, body := f.do("POST", "/api/v1/incidents/"+withFacts+"/submissions", `{"regime":"gdpr_art33_sa"}`)
	require.Equal(t, http.StatusCreated, code, body)
	require.Nil(t, list()[withFacts].NextDeadline, "filed: nothing else of it has a deadline")
}
