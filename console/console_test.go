package console_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/console"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// now is the fixture's clock: a quarter of an hour before the GDPR's 72 h
// would have run for facts aware at 2026-03-10T14:20Z.
var now = time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

// gdprFacts make a controller's breach of 1200 Irish data subjects: the
// GDPR's Art. 33 notice is due 72 h after awareness.
const gdprFacts = `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":1200,"risk_to_rights":true,"high_risk":true}`

type fixture struct {
	t      *testing.T
	store  *store.Store
	rs     *respond.Service
	srv    *httptest.Server
	viewer console.Viewer
}

// newFixture serves a console over a new store in t.TempDir(); the viewer
// of every request is f.viewer (read only until a test sets it).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, st.Check()); st.Close() })
	clock := func() time.Time { return now }
	log := zerolog.New(zerolog.NewTestWriter(t))
	rs, err := respond.New(st, respond.Options{Now: clock}, log)
	require.NoError(t, err)
	f := &fixture{t: t, store: st, rs: rs, viewer: console.Viewer{Name: "reader"}}
	c, err := console.New(console.Options{Store: st, Respond: rs, Now: clock, Version: "v9.9.9-test", Log: log,
		Viewer: func(*http.Request) console.Viewer { return f.viewer }})
	require.NoError(t, err)
	// As the daemon wires it: the console hears every change.
	rs.Wire(respond.Wiring{Hooks: respond.Hooks{c.Hook()}})
	f.srv = httptest.NewServer(c.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// open creates n incidents through triage, each on its own asset (of
// tenant "acme"), and returns their ids.
func (f *fixture) open(n int, severity incident.Severity) []string {
	f.t.Helper()
	var ids []string
	require.NoError(f.t, f.store.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for i := range n {
			a := &incident.Alert{ID: fmt.Sprintf("a-%d-%d", time.Now().UnixNano(), i), Source: "test", Kind: "k", Time: now.Add(-time.Hour),
				Severity: severity, Title: "exfiltration from db", Labels: map[string]string{"env": "prod"},
				Asset: incident.Asset{ID: fmt.Sprintf("db-%d-%d", time.Now().UnixNano(), i), Type: "host", Tenant: "acme"}}
			out, err := tr.Add(a, now.Add(-time.Hour))
			if err != nil {
				return err
			}
			ids = append(ids, out.Incident)
		}
		return tx.Apply(tr.Changes())
	}))
	return ids
}

// facts records facts on id through the use case.
func (f *fixture) facts(id, patch string) {
	f.t.Helper()
	_, err := f.rs.PatchFacts(context.Background(), id, "test", []byte(patch))
	require.NoError(f.t, err)
}

// client does not follow redirects, so a test sees the 303.
func (f *fixture) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (f *fixture) get(path string) (int, string, http.Header) {
	f.t.Helper()
	resp, err := f.client().Get(f.srv.URL + path)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (f *fixture) post(path string, form url.Values) (int, string, http.Header) {
	f.t.Helper()
	resp, err := f.client().PostForm(f.srv.URL+path, form)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestPagesAnswer(t *testing.T) {
	f := newFixture(t)
	ids := f.open(2, incident.SeverityHigh)
	f.facts(ids[0], gdprFacts)
	m, err := incident.ParseMatcher("asset.id=~db-.*")
	require.NoError(t, err)
	require.NoError(t, f.store.Update(func(tx *store.Tx) error {
		return tx.CreateSilence(&incident.Silence{Matchers: []incident.Matcher{m}, StartsAt: now.Add(-time.Minute), EndsAt: now.Add(time.Hour),
			CreatedBy: "ops", Comment: "maintenance", CreatedAt: now})
	}))
	cases := []struct {
		name, path string
		says       []string
	}{
		{"the deadlines page lists the GDPR notice with its countdown", "/", []string{"gdpr_art33_sa", ids[0], "data-due=\"2026-03-13T14:20:00Z\"", "in 2 d 23 h"}},
		{"the incidents page lists both incidents", "/incidents", []string{ids[0], ids[1], "gdpr_art33_sa", "acme"}},
		{"the incident page shows its obligations and its chain", "/incidents/" + ids[0], []string{"gdpr_art33_sa", "verified", "<svg", "aware_at", "env=prod"}},
		{"the register lists the incident with facts", "/register", []string{ids[0], "gdpr_art33_sa"}},
		{"the about page says the version and the catalog", "/about", []string{"v9.9.9-test", "Regimes"}},
		{"the silences page lists the active silence", "/silences", []string{"SIL-0001", "asset.id", "maintenance"}},
		{"the expired silences on demand", "/silences?all=true", []string{"SIL-0001"}},
		{"the playbooks page says they are not running here", "/playbooks", []string{"not running"}},
		{"the stylesheet is served", "/static/console.css", []string{"--red"}},
		{"htmx is served", "/static/htmx.min.js", []string{"htmx"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := f.get(tc.path)
			require.Equal(t, http.StatusOK, code, body)
			for _, s := range tc.says {
				require.Contains(t, body, s)
			}
		})
	}
}

func TestUnknownIncidentIs404(t *testing.T) {
	f := newFixture(t)
	code, body, _ := f.get("/incidents/INC-2026-0999")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, body, "INC-2026-0999")
	code, _, _ = f.get("/nowhere")
	require.Equal(t, http.StatusNotFound, code)
}

// regexpQuote quotes s for a regular expression.
func regexpQuote(s string) string { return regexp.QuoteMeta(s) }
