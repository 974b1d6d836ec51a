package api

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
)

// breach opens an incident without facts; now is 40 minutes after its alert.
func (f *fixture) breach() string {
	f.t.Helper()
	return f.open(1, incident.SeverityHigh)[0]
}

func TestFactsObligationsSubmissionsAndTheRegister(t *testing.T) {
	f := newFixture(t, "")
	id := f.breach()

	code, body := f.do("GET", "/api/v1/incidents/"+id+"/facts", "")
	require.Equal(t, http.StatusNotFound, code, body)
	require.Contains(t, body, "no breach facts yet")
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/obligations", "")
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"obligations": []`)

	// People record facts; obligations follow.
	code, body = f.do("PATCH", "/api/v1/incidents/"+id+"/facts?actor=alice",
		`{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":1200,"risk_to_rights":true,"high_risk":true}`)
	require.Equal(t, http.StatusOK, code, body)
	var fr client.FactsResponse
	require.NoError(t, json.Unmarshal([]byte(body), &fr))
	require.Equal(t, 1200, *fr.Facts.DataSubjects)
	require.Len(t, fr.Changes, 6)
	o := fr.Obligations.Find("gdpr_art33_sa")
	require.Equal(t, incident.ObligationDue, o.Status)
	require.Equal(t, "2026-03-13T14:20:00Z", o.DueAt.Format(time.RFC3339))

	// The wrapped form names the actor in the body; null unsets a fact.
	code, body = f.do("PATCH", "/api/v1/incidents/"+id+"/facts", `{"actor":"bob","facts":{"high_risk":null}}`)
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"field": "high_risk"`)

	// Bad facts change nothing and name the key.
	for _, tc := range []struct{ body, want string }{
		{`{"data_subjectz":1}`, "unknown key data_subjectz"},
		{`{"assessed_notifiable_at":"2026-03-01T00:00:00Z"}`, "assessed_notifiable_at"},
		{`{"holds":[{"regime":"nope","reason":"x"}]}`, `unknown regime id \"nope\"`},
		{`{"jurisdictions":"SG"}`, "jurisdictions must be"},
		{``, "body needs a JSON object"},
	} {
		code, body = f.do("PATCH", "/api/v1/incidents/"+id+"/facts", tc.body)
		require.Equal(t, http.StatusBadRequest, code, tc.body)
		require.Contains(t, body, tc.want)
	}
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/facts", "")
	require.Equal(t, http.StatusOK, code)
	require.JSONEq(t, `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":1200,"risk_to_rights":true}`, body)

	// A submission fulfils the obligation.
	code, body = f.do("POST", "/api/v1/incidents/"+id+"/submissions", `{"regime":"gdpr_art33_sa","ref":"DPC-2026-118","at":"2026-03-10T14:50:00Z","actor":"alice"}`)
	require.Equal(t, http.StatusCreated, code, body)
	var sr client.SubmissionResponse
	require.NoError(t, json.Unmarshal([]byte(body), &sr))
	require.Equal(t, incident.ObligationFulfilled, sr.Obligation.Status)
	require.Equal(t, "DPC-2026-118", sr.Submission.Ref)
	for _, tc := range []struct{ body, want string }{
		{`{"regime":"gdpr_art99"}`, "not in the catalog"},
		{`{"regime":"gdpr_art33_sa","at":"yesterday"}`, "RFC 3339"},
		{`{"regime":"gdpr_art33_sa","at":"2026-03-11T00:00:00Z"}`, "in the future"},
		{`{"regime":"gdpr_art33_sa","extra":1}`, "unknown field"},
	} {
		code, body = f.do("POST", "/api/v1/incidents/"+id+"/submissions", tc.body)
		require.Equal(t, http.StatusBadRequest, code, tc.body)
		require.Contains(t, body, tc.want)
	}

	// The timeline says who changed what.
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/timeline", "")
	require.Equal(t, http.StatusOK, code)
	var tl client.Timeline
	require.NoError(t, json.Unmarshal([]byte(body), &tl))
	var types []incident.EventType
	for _, e := range tl.Events {
		types = append(types, e.Type)
	}
	require.Equal(t, []incident.EventType{incident.EventOpened, incident.EventAlertAttached,
		incident.EventFactsChanged, incident.EventObligationsChanged,
		incident.EventFactsChanged, // an unknown high risk is assumed: nothing changes
		incident.EventSubmissionRecorded, incident.EventObligationsChanged}, types)
	require.Equal(t, "alice", tl.Events[2].Actor)
	require.Equal(t, "bob", tl.Events[4].Actor)

	// The register lists the breach with its obligations and submission.
	code, body = f.do("GET", "/api/v1/register", "")
	require.Equal(t, http.StatusOK, code, body)
	var reg obligations.Register
	require.NoError(t, json.Unmarshal([]byte(body), &reg))
	require.Len(t, reg.Entries, 1)
	e := reg.Entries[0]
	require.Equal(t, id, e.Incident)
	require.Len(t, e.Submissions, 1)
	var regimes []string
	for _, o := range e.Obligations {
		regimes = append(regimes, o.Regime)
		require.NotEqual(t, incident.ObligationNotApplicable, o.Status)
	}
	require.Contains(t, regimes, "gdpr_art33_sa")
	require.Contains(t, regimes, "gdpr_art33_5_register")
	code, body = f.do("GET", "/api/v1/register?all=true", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, `"not_applicable"`)

	code, body = f.do("GET", "/api/v1/register?format=csv", "")
	require.Equal(t, http.StatusOK, code)
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "incident", rows[0][0])
	require.Len(t, rows, 1+len(e.Obligations))
	var found bool
	for _, row := range rows[1:] {
		if row[12] == "gdpr_art33_sa" {
			found = true
			require.Equal(t, "fulfilled", row[14])
			require.Equal(t, "DPC-2026-118", row[21])
		}
	}
	require.True(t, found)
	code, _ = f.do("GET", "/api/v1/register?format=xml", "")
	require.Equal(t, http.StatusBadRequest, code)
}

func TestDrafts(t *testing.T) {
	f := newFixture(t, "")
	id := f.breach()
	code, body := f.do("PATCH", "/api/v1/incidents/"+id+"/facts",
		`{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":1200,"data_categories":["email"]}`)
	require.Equal(t, http.StatusOK, code, body)

	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/gdpr_art33_sa", "")
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, "Art. 33")
	require.Contains(t, body, "MISSING", "the organisation file is not set, so its details are missing")
	require.Contains(t, body, "1200")

	// What people write fills the narrative sections.
	code, body = f.do("PATCH", "/api/v1/incidents/"+id+"/narrative?actor=dpo", `{"likely_consequences":"Phishing aimed at the customers","colour":"red"}`)
	require.Equal(t, http.StatusBadRequest, code, body)
	require.Contains(t, body, `unknown narrative key \"colour\"`)
	code, body = f.do("PATCH", "/api/v1/incidents/"+id+"/narrative?actor=dpo", `{"likely_consequences":"Phishing aimed at the customers"}`)
	require.Equal(t, http.StatusOK, code, body)
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/gdpr_art33_sa", "")
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, "Phishing aimed at the customers")

	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/gdpr_art33_sa?format=html", "")
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, "<")

	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/gdpr_art33_sa?format=pdf", "")
	require.Equal(t, http.StatusOK, code)
	require.True(t, strings.HasPrefix(body, "%PDF-"), "a document to file")
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/gdpr_art33_sa?lang=es", "")
	require.Equal(t, http.StatusBadRequest, code, body)
	require.Contains(t, body, `no translation into \"es\" yet`)
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/gdpr_art33_sa?format=docx", "")
	require.Equal(t, http.StatusBadRequest, code, body)
	require.Contains(t, body, "want md, html, pdf or json")
	// A Korean draft is refused as PDF with the way to print it, on the
	// user's side with a font of theirs: the server reads no font file.
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/kr_pipa_34_report_pipc?format=pdf&lang=ko", "")
	require.Equal(t, http.StatusBadRequest, code, body)
	require.Contains(t, body, "print it with breachctl draft "+id+" kr_pipa_34_report_pipc --lang ko --format pdf --out FILE.pdf --font FONT.ttf")
	require.Contains(t, body, "apt-get install fonts-nanum")
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/kr_pipa_34_report_pipc?format=json&lang=ko", "")
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"title":"개인정보 유출 신고 (개인정보 보호법 제34조제3항)"`)
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/nope", "")
	require.Equal(t, http.StatusNotFound, code, body)
	code, body = f.do("GET", "/api/v1/incidents/"+id+"/drafts/gdpr_art33_5_register", "")
	require.Equal(t, http.StatusNotFound, code, body)
	require.Contains(t, body, "no draft template")
}
