package console_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/console"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

var (
	privacy   = console.Viewer{Name: "dpo", CanPrivacy: true}
	responder = console.Viewer{Name: "oncall", CanRespond: true}
)

// load reads incident id as saved.
func (f *fixture) load(id string) *incident.Incident {
	f.t.Helper()
	var inc *incident.Incident
	require.NoError(f.t, f.store.View(func(tx *store.Tx) error {
		var err error
		inc, err = tx.LoadIncident(id)
		return err
	}))
	return inc
}

func TestFormsRefuseAViewerWithoutTheRole(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	seq := f.load(id).TimelineSeq
	cases := []struct {
		name   string
		viewer console.Viewer
		path   string
		form   url.Values
	}{
		{"a reader may not record facts", console.Viewer{Name: "reader"}, "/facts", url.Values{"f.data_subjects": {"5"}}},
		{"a responder may not record facts", responder, "/facts", url.Values{"f.data_subjects": {"5"}}},
		{"a responder may not write the narrative", responder, "/narrative", url.Values{"n.nature": {"x"}}},
		{"a responder may not record a submission", responder, "/submissions", url.Values{"regime": {"gdpr_art33_sa"}}},
		{"the privacy office may not acknowledge", privacy, "/ack", nil},
		{"the privacy office may not add a note", privacy, "/notes", url.Values{"text": {"hi"}}},
		{"the privacy office may not change the status", privacy, "/status", url.Values{"status": {"contained"}}},
		{"the privacy office may not approve", privacy, "/approvals", url.Values{"run": {"r"}, "step": {"s"}, "decision": {"approve"}}},
		{"the privacy office may not assign", privacy, "/assignee", url.Values{"assignee": {"bob"}}},
		{"a responder may not record an assessment", responder, "/assessment", url.Values{"notifiable": {"true"}, "text": {"x"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.viewer = tc.viewer
			code, body, _ := f.post("/incidents/"+id+tc.path, tc.form)
			require.Equal(t, http.StatusForbidden, code, body)
			require.Contains(t, body, "role")
		})
	}
	inc := f.load(id)
	require.Nil(t, inc.Facts)
	require.Equal(t, incident.StatusOpen, inc.Status)
	require.Equal(t, seq, inc.TimelineSeq, "a refused form records nothing")
}

func TestRecordingFactsShowsTheDeadline(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.viewer = privacy
	form := url.Values{
		"f.aware_at": {"2026-03-10T14:20:00Z"}, "f.role": {"controller"}, "f.jurisdictions": {"EU-IE"},
		"f.data_subjects": {"1200"}, "f.risk_to_rights": {"true"}, "f.high_risk": {"true"}, "f.encrypted": {""},
	}
	code, body, h := f.post("/incidents/"+id+"/facts", form)
	require.Equal(t, http.StatusSeeOther, code, body)
	require.Equal(t, "/incidents/"+id+"#facts", h.Get("Location"))
	inc := f.load(id)
	require.Equal(t, 1200, *inc.Facts.DataSubjects)
	require.Nil(t, inc.Facts.Encrypted, "a field left empty stays unknown")
	require.Equal(t, "dpo", lastEvent(t, f, id, incident.EventFactsChanged).Actor)

	_, page, _ := f.get("/")
	require.Contains(t, page, "gdpr_art33_sa")
	require.Contains(t, page, `data-due="2026-03-13T14:20:00Z"`)

	t.Run("posting the form again unchanged records nothing", func(t *testing.T) {
		seq := f.load(id).TimelineSeq
		code, _, _ := f.post("/incidents/"+id+"/facts", form)
		require.Equal(t, http.StatusSeeOther, code)
		require.Equal(t, seq, f.load(id).TimelineSeq)
	})
	t.Run("emptying a field makes the fact unknown again", func(t *testing.T) {
		code, body, _ := f.post("/incidents/"+id+"/facts", url.Values{"f.data_subjects": {""}})
		require.Equal(t, http.StatusSeeOther, code, body)
		require.Nil(t, f.load(id).Facts.DataSubjects)
	})
}

func TestInvalidFactsAreShownBesideTheirField(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.facts(id, gdprFacts)
	f.viewer = privacy
	cases := []struct {
		name, field, value, says string
	}{
		{"a count that is not a number", "data_subjects", "many", "data_subjects must be"},
		{"a negative count", "data_subjects", "-4", "must not be negative"},
		{"an unknown jurisdiction", "jurisdictions", "EU-IE, XX-YY", "is not a jurisdiction code"},
		{"a time that is not RFC 3339", "discovered_at", "yesterday", "discovered_at must be an RFC 3339"},
		{"a role outside the list", "role", "bystander", "is not one of"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			seq := f.load(id).TimelineSeq
			code, body, _ := f.post("/incidents/"+id+"/facts", url.Values{"f." + tc.field: {tc.value}})
			require.Equal(t, http.StatusUnprocessableEntity, code, body)
			// The message sits in the field's own error element, next to
			// the input that still holds what was typed.
			require.Regexp(t, `id="f-`+tc.field+`"[^>]*aria-invalid="true" aria-describedby="e-`+tc.field+`"`, body)
			require.Regexp(t, `<span class="field-error" id="e-`+tc.field+`">[^<]*`+regexpQuote(tc.says), body)
			require.Contains(t, body, tc.value)
			require.Equal(t, seq, f.load(id).TimelineSeq, "nothing is applied")
		})
	}
}

func TestNarrativeSubmissionAndResponderForms(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.facts(id, gdprFacts)

	f.viewer = privacy
	code, body, _ := f.post("/incidents/"+id+"/narrative", url.Values{"n.nature": {"A copy of the customer table was taken."}})
	require.Equal(t, http.StatusSeeOther, code, body)
	require.Equal(t, "A copy of the customer table was taken.", f.load(id).Narrative["nature"])
	code, body, _ = f.post("/incidents/"+id+"/narrative", url.Values{"new_key": {"no_such_key"}, "new_text": {"x"}})
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "unknown narrative key")

	code, body, _ = f.post("/incidents/"+id+"/submissions", url.Values{"regime": {"gdpr_art33_sa"}, "ref": {"DPC-2026-118"}, "at": {"2026-03-10T14:50:00Z"}})
	require.Equal(t, http.StatusSeeOther, code, body)
	subs := f.load(id).Submissions
	require.Len(t, subs, 1)
	require.Equal(t, "DPC-2026-118", subs[0].Ref)
	require.Equal(t, "dpo", subs[0].By)
	code, body, _ = f.post("/incidents/"+id+"/submissions", url.Values{"regime": {"gdpr_art33_sa"}, "at": {"soon"}})
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "RFC 3339")

	f.viewer = responder
	code, body, _ = f.post("/incidents/"+id+"/ack", nil)
	require.Equal(t, http.StatusSeeOther, code, body)
	require.Equal(t, "oncall", f.load(id).AcknowledgedBy)
	code, body, _ = f.post("/incidents/"+id+"/notes", url.Values{"text": {"looking at the logs"}})
	require.Equal(t, http.StatusSeeOther, code, body)
	code, body, _ = f.post("/incidents/"+id+"/status", url.Values{"status": {"contained"}, "reason": {"db isolated"}})
	require.Equal(t, http.StatusSeeOther, code, body)
	require.Equal(t, incident.StatusContained, f.load(id).Status)
	code, body, _ = f.post("/incidents/"+id+"/status", url.Values{"status": {"open"}})
	require.Equal(t, http.StatusConflict, code, "a forbidden move is refused: "+body)
	code, body, _ = f.post("/incidents/"+id+"/approvals", url.Values{"run": {"r"}, "step": {"s"}, "decision": {"approve"}})
	require.Equal(t, http.StatusBadRequest, code, body)
	require.Contains(t, body, "playbooks are not running")

	_, page, _ := f.get("/incidents/" + id)
	require.Contains(t, page, "<small>ref DPC-2026-118</small>", "the reference beside the filing, in the obligations table")
	require.Contains(t, page, "looking at the logs")
	require.Contains(t, page, "verified")
}

func TestAPostFromAnotherOriginIsRefused(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.viewer = responder
	req, err := http.NewRequest("POST", f.srv.URL+"/incidents/"+id+"/ack", nil)
	require.NoError(t, err)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := f.client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.Empty(t, f.load(id).AcknowledgedBy)
}

// lastEvent is the last event of type typ on id's timeline.
func lastEvent(t *testing.T, f *fixture, id string, typ incident.EventType) incident.Event {
	t.Helper()
	var events []incident.Event
	require.NoError(t, f.store.View(func(tx *store.Tx) error {
		var err error
		events, err = tx.Timeline(id)
		return err
	}))
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Type == typ {
			return events[i]
		}
	}
	t.Fatalf("no %s event on %s", typ, id)
	return incident.Event{}
}

// A responder assigns the incident; the privacy office records whether it
// is notifiable, which sets the assessment fact and notes why.
func TestAssignAndAssessmentForms(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.facts(id, gdprFacts)

	f.viewer = responder
	code, body, _ := f.post("/incidents/"+id+"/assignee", url.Values{"assignee": {" bob "}})
	require.Equal(t, http.StatusSeeOther, code, body)
	require.Equal(t, "bob", f.load(id).Assignee)

	f.viewer = privacy
	code, body, _ = f.post("/incidents/"+id+"/assessment", url.Values{"notifiable": {"maybe"}, "text": {"x"}})
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "notifiable must be true or false")
	code, body, _ = f.post("/incidents/"+id+"/assessment", url.Values{"notifiable": {"true"}, "text": {"names and card numbers taken"}})
	require.Equal(t, http.StatusSeeOther, code, body)
	inc := f.load(id)
	require.NotNil(t, inc.Facts.AssessedNotifiableAt)
	_, page, _ := f.get("/incidents/" + id)
	require.Contains(t, page, "names and card numbers taken")
	require.Contains(t, page, `action="/incidents/`+id+`/assessment"`)
}

// A form saves only what the person changed: a fact or a narrative text
// someone else changed after the form was drawn is not put back, and a
// textarea's CRLF line breaks are not a change.
func TestAStaleFormDoesNotUndoAnotherChange(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.facts(id, gdprFacts)
	_, err := f.rs.SetNarrative(context.Background(), id, "test", map[string]string{"nature": "line one\nline two", "discovery": "a customer told us"})
	require.NoError(t, err)
	_, page, _ := f.get("/incidents/" + id)
	require.Contains(t, page, `<input type="hidden" name="o.data_subjects" value="1200">`)

	// Meanwhile, through the API or Slack:
	f.facts(id, `{"data_subjects":5000}`)
	_, err = f.rs.SetNarrative(context.Background(), id, "test", map[string]string{"discovery": "the regulator told us"})
	require.NoError(t, err)

	f.viewer = privacy
	code, body, _ := f.post("/incidents/"+id+"/facts", url.Values{
		"f.data_subjects": {"1200"}, "o.data_subjects": {"1200"}, // untouched
		"f.cause": {"external_unlawful_access"}, "o.cause": {""}, // changed
	})
	require.Equal(t, http.StatusSeeOther, code, body)
	inc := f.load(id)
	require.Equal(t, 5000, *inc.Facts.DataSubjects, "the other change stands")
	require.Equal(t, "external_unlawful_access", inc.Facts.Cause)

	seq := inc.TimelineSeq
	code, body, _ = f.post("/incidents/"+id+"/narrative", url.Values{
		"n.nature": {"line one\r\nline two"}, "no.nature": {"line one\r\nline two"},
		"n.discovery": {"a customer told us"}, "no.discovery": {"a customer told us"},
	})
	require.Equal(t, http.StatusSeeOther, code, body)
	inc = f.load(id)
	require.Equal(t, seq, inc.TimelineSeq, "nothing the person changed: nothing recorded")
	require.Equal(t, "the regulator told us", inc.Narrative["discovery"])
}
