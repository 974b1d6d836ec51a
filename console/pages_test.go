package console_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/console"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/runs"
)

func TestDeadlinesPutUnknownAndNeedsFactsOnTopAndFilter(t *testing.T) {
	f := newFixture(t)
	ids := f.open(3, incident.SeverityHigh)
	f.facts(ids[0], gdprFacts)
	// A jurisdiction the catalog has no rules for: unknown.
	f.facts(ids[1], `{"aware_at":"2026-03-10T14:00:00Z","jurisdictions":["AQ"],"personal_data_affected":true,"data_subjects":10}`)
	// Personal data but no jurisdiction: needs_facts.
	f.facts(ids[2], `{"aware_at":"2026-03-10T14:00:00Z","personal_data_affected":true,"data_subjects":10}`)

	_, body, _ := f.get("/")
	gdpr := strings.Index(body, `<td data-label="Regime">gdpr_art33_sa</td>`)
	unknown := strings.Index(body, "st-unknown")
	needs := strings.Index(body, "st-needs_facts")
	require.Positive(t, gdpr)
	require.Positive(t, unknown)
	require.Positive(t, needs)
	require.Less(t, unknown, gdpr, "an unknown jurisdiction leads")
	require.Less(t, needs, gdpr, "missing facts lead")

	_, body, _ = f.get("/?jurisdiction=EU&recipient_kind=regulator")
	require.Contains(t, body, `<td data-label="Regime">gdpr_art33_sa</td>`)
	require.NotContains(t, body, `<span class="badge st-unknown">`)
	require.NotContains(t, body, `<td data-label="Incident"><a href="/incidents/`+ids[1])

	_, body, _ = f.get("/?severity=low")
	require.Contains(t, body, "matches the filter")
}

func TestOverdueSaysSoInWords(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	// Aware four days ago: the 72 h have run out.
	f.facts(id, strings.Replace(gdprFacts, "2026-03-10T14:20:00Z", "2026-03-06T14:20:00Z", 1))
	_, body, _ := f.get("/")
	require.Contains(t, body, "OVERDUE by 1 d")
	_, body, _ = f.get("/incidents/" + id)
	require.Contains(t, body, "OVERDUE")
}

func TestIncidentsSearchAndPaging(t *testing.T) {
	f := newFixture(t)
	ids := f.open(120, incident.SeverityMedium)
	f.facts(ids[5], gdprFacts)

	_, body, _ := f.get("/incidents")
	require.Equal(t, 50, strings.Count(body, `<td data-label="Incident"><a href="/incidents/INC-`))
	require.Contains(t, body, ids[119], "newest first")
	require.NotContains(t, body, `"/incidents/`+ids[0]+`"`)
	require.Contains(t, body, `rel="next"`)

	// Follow the cursor to the last page.
	seen := map[string]bool{}
	path := "/incidents"
	for range 5 {
		_, body, _ = f.get(path)
		for _, id := range ids {
			if strings.Contains(body, `href="/incidents/`+id+`"`) {
				seen[id] = true
			}
		}
		i := strings.Index(body, `rel="next"`)
		if i < 0 {
			break
		}
		start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
		path = strings.ReplaceAll(body[start:start+strings.Index(body[start:], `"`)], "&amp;", "&")
	}
	require.Len(t, seen, 120, "every incident on exactly one of the pages")

	_, body, _ = f.get("/incidents?q=" + strings.ToLower(ids[5]))
	require.Contains(t, body, `href="/incidents/`+ids[5]+`"`)
	require.Contains(t, body, "gdpr_art33_sa", "its next deadline and regime")
	require.Equal(t, 1, strings.Count(body, `<td data-label="Incident"><a href="/incidents/`))

	inc := f.load(ids[7])
	_, body, _ = f.get("/incidents?q=" + inc.Asset.ID)
	require.Equal(t, 1, strings.Count(body, `<td data-label="Incident"><a href="/incidents/`), "search by asset")
	_, body, _ = f.get("/incidents?q=ACME&status=open")
	require.Equal(t, 50, strings.Count(body, `<td data-label="Incident"><a href="/incidents/`), "search by tenant fills a page")
	_, body, _ = f.get("/incidents?q=nothing-like-it")
	require.Contains(t, body, "No incident matches")
	code, _, _ := f.get("/incidents?status=bogus")
	require.Equal(t, http.StatusBadRequest, code)
}

func TestRegisterExports(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.facts(id, gdprFacts)

	code, body, h := f.get("/register?format=csv")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "text/csv; charset=utf-8", h.Get("Content-Type"))
	require.Contains(t, h.Get("Content-Disposition"), "attachment")
	require.Contains(t, body, id)

	code, body, h = f.get("/register?format=json")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "application/json", h.Get("Content-Type"))
	var reg struct {
		Entries []struct {
			Incident string `json:"incident"`
		} `json:"entries"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &reg))
	require.Len(t, reg.Entries, 1)
	require.Equal(t, id, reg.Entries[0].Incident)

	_, body, _ = f.get("/register?regime=gdpr_art33_sa")
	require.Contains(t, body, "<td>gdpr_art33_sa</td>")
	_, body, _ = f.get("/register?regime=none_such")
	require.Contains(t, body, "matches the filter")
	code, _, _ = f.get("/register?format=xml")
	require.Equal(t, http.StatusBadRequest, code)
}

func TestDraftsAreServedInEachFormat(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.facts(id, gdprFacts)
	_, page, _ := f.get("/incidents/" + id)
	require.Contains(t, page, `/incidents/`+id+`/drafts/gdpr_art33_sa?format=html"`)

	for format, ctype := range map[string]string{"md": "text/markdown", "html": "text/html", "pdf": "application/pdf"} {
		t.Run(format, func(t *testing.T) {
			code, body, h := f.get("/incidents/" + id + "/drafts/gdpr_art33_sa?format=" + format + "&download=true")
			require.Equal(t, http.StatusOK, code, body)
			require.Contains(t, h.Get("Content-Type"), ctype)
			require.Contains(t, h.Get("Content-Disposition"), "attachment")
			require.Contains(t, h.Get("Content-Security-Policy"), "sandbox")
			require.NotEmpty(t, body)
		})
	}
	code, _, _ := f.get("/incidents/" + id + "/drafts/gdpr_art33_sa?format=docx")
	require.Equal(t, http.StatusBadRequest, code)
	code, _, _ = f.get("/incidents/" + id + "/drafts/no_such_regime")
	require.Equal(t, http.StatusNotFound, code)
}

func TestReadOnlyViewerSeesNoActiveForms(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	_, body, _ := f.get("/incidents/" + id)
	require.Contains(t, body, "(read only)")
	require.Contains(t, body, "<fieldset disabled>")
	require.NotContains(t, body, `action="/incidents/`+id+`/ack"`)
	require.Contains(t, body, "No facts recorded yet")
}

func TestPlaybooksPageListsTheSetInForce(t *testing.T) {
	f := newFixture(t)
	set := &playbooks.Set{Playbooks: []*playbooks.Playbook{{Name: "ransomware-host", File: "ransomware.yaml", Line: 1,
		Match: `alert.kind == "ransomware"`, Steps: []playbooks.Step{{Name: "isolate", Kind: "action", Line: 5}, {Name: "approve-wipe", Kind: "approval", Line: 9}}}}}
	c, err := console.New(console.Options{Store: f.store, Respond: f.rs, Now: func() time.Time { return now }, Playbooks: func() *playbooks.Set { return set }})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	c.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/playbooks", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	for _, s := range []string{"ransomware-host", "ransomware.yaml:1", "alert.kind == &#34;ransomware&#34;", "approve-wipe", "approval"} {
		require.Contains(t, rec.Body.String(), s)
	}
}

// The Playbooks page says where the set comes from, when it loaded, and,
// when the last reload was refused, every problem the lint found.
func TestPlaybooksPageShowsTheLastLoadAndItsProblems(t *testing.T) {
	f := newFixture(t)
	set := &playbooks.Set{}
	loaded := now.Add(-time.Hour)
	status := runs.LoadStatus{At: now, InForceSince: loaded, Err: &playbooks.LoadError{Problems: []playbooks.Problem{
		{File: "bad.yaml", Line: 3, Col: 5, Message: "unknown action \"wipe-disk\"", Err: playbooks.ErrUnknownAction}}}}
	c, err := console.New(console.Options{Store: f.store, Respond: f.rs, Now: func() time.Time { return now },
		Playbooks: func() *playbooks.Set { return set }, PlaybooksLoad: func() runs.LoadStatus { return status }, PlaybooksSource: "/etc/breachd/playbooks"})
	require.NoError(t, err)
	page := func() string {
		rec := httptest.NewRecorder()
		c.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/playbooks", nil))
		require.Equal(t, http.StatusOK, rec.Code)
		return rec.Body.String()
	}
	body := page()
	for _, s := range []string{"from /etc/breachd/playbooks", "loaded " + loaded.UTC().Format("2006-01-02 15:04Z"),
		"The last reload was refused", "bad.yaml:3:5", "unknown action"} {
		require.Contains(t, body, s)
	}
	status.Err = nil
	body = page()
	require.NotContains(t, body, "refused")
	require.Contains(t, body, "Lint: the set in force loaded without a problem")
}

// Each draft can be opened in every language a draft is rendered in.
func TestADraftOpensInTheRecipientsLanguage(t *testing.T) {
	f := newFixture(t)
	id := f.open(1, incident.SeverityHigh)[0]
	f.facts(id, gdprFacts)
	_, page, _ := f.get("/incidents/" + id)
	require.Contains(t, page, `<form method="get" action="/incidents/`+id+`/drafts/gdpr_art33_sa"`)
	require.Contains(t, page, "<option>fr</option>")
	code, body, _ := f.get("/incidents/" + id + "/drafts/gdpr_art33_sa?lang=fr&format=html")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, "Art. 33")
	require.Contains(t, body, `lang="fr"`)
	code, _, _ = f.get("/incidents/" + id + "/drafts/gdpr_art33_sa?lang=xx&format=html")
	require.Equal(t, http.StatusBadRequest, code)
}
