package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/store"
)

var now = time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

// recordingPublisher is a hand-written AlertPublisher that validates like the
// real one and records what it would publish.
type recordingPublisher struct {
	published [][]json.RawMessage
	rejected  []string
	fail      error
}

func (p *recordingPublisher) Publish(_ context.Context, alerts []json.RawMessage) ([]string, []ingest.Rejected, error) {
	if p.fail != nil {
		return nil, nil, p.fail
	}
	var ids []string
	var rejected []ingest.Rejected
	for i, raw := range alerts {
		a, err := ingest.DecodeNative(raw)
		if err != nil {
			rejected = append(rejected, ingest.Rejected{Index: i, Reason: err.(*ingest.RejectError).Reason, Error: err.Error()})
			continue
		}
		ids = append(ids, a.ID)
	}
	if len(rejected) > 0 {
		return nil, rejected, nil
	}
	p.published = append(p.published, alerts)
	return ids, nil, nil
}

func (p *recordingPublisher) CountRejected(reason string) { p.rejected = append(p.rejected, reason) }

type fixture struct {
	t     *testing.T
	api   *Server
	srv   *httptest.Server
	store *store.Store
	pub   *recordingPublisher
	token string
}

func newFixture(t *testing.T, token string) *fixture {
	return newFixtureAt(t, token, func() time.Time { return now })
}

// newFixtureAt is newFixture with the server's clock.
func newFixtureAt(t *testing.T, token string, clock func() time.Time) *fixture {
	return newFixtureWith(t, Options{Token: token, Now: clock})
}

// newFixtureWith serves the API with opts on a fresh store.
func newFixtureWith(t *testing.T, opts Options) *fixture {
	st, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, st.Check()); st.Close() })
	pub := &recordingPublisher{}
	s := New(opts, st, pub, prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	srv := apitest.Serve(t, s.Handler())
	return &fixture{t: t, api: s, srv: srv, store: st, pub: pub, token: opts.Token}
}

// open creates n incidents through triage, one fingerprint each, and returns their ids.
func (f *fixture) open(n int, severity incident.Severity) []string {
	f.t.Helper()
	var ids []string
	require.NoError(f.t, f.store.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for i := range n {
			a := &incident.Alert{ID: fmt.Sprintf("a-%d-%d", time.Now().UnixNano(), i), Source: "test", Kind: "k", Time: now,
				Severity: severity, Title: "t", Asset: incident.Asset{ID: fmt.Sprintf("h-%d-%d", time.Now().UnixNano(), i), Type: "host"}}
			out, err := tr.Add(a, now)
			if err != nil {
				return err
			}
			ids = append(ids, out.Incident)
		}
		return tx.Apply(tr.Changes())
	}))
	return ids
}

func (f *fixture) do(method, path, body string, header ...string) (int, string) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	require.NoError(f.t, err)
	if f.token != "" {
		req.Header.Set("Authorization", "Bearer "+f.token)
	}
	if body != "" {
		// As package client sends it, and the contract asks.
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

const goodAlert = `{"id":"a-1","source":"s","kind":"k","time":"2026-03-10T14:00:00Z","severity":"high","title":"t","asset":{"id":"h","type":"host"}}`

func TestPostAlerts(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		status int
		says   string
	}{
		{"one alert is accepted", goodAlert, http.StatusAccepted, `"a-1"`},
		{"an array is accepted", "[" + goodAlert + "," + strings.Replace(goodAlert, "a-1", "a-2", 1) + "]", http.StatusAccepted, `"accepted": 2`},
		{"an empty body is refused", "  ", http.StatusBadRequest, "empty"},
		{"an empty array is refused", "[]", http.StatusBadRequest, "empty array"},
		{"a broken array is refused", "[" + goodAlert, http.StatusBadRequest, "not a JSON array"},
		{"a bad alert in an array names its index and reason", "[" + goodAlert + `,{"id":"x"}]`, http.StatusBadRequest, `"index": 1`},
		{"an id with trailing whitespace is refused naming the field", strings.Replace(goodAlert, `"a-1"`, `"a-1 "`, 1), http.StatusBadRequest, "id has leading or trailing whitespace"},
		{"an id with a newline is refused naming the field", strings.Replace(goodAlert, `"a-1"`, `"a-1\n"`, 1), http.StatusBadRequest, "id has a control character"},
		{"too many alerts are refused", "[" + strings.Repeat(goodAlert+",", ingest.MaxAlertsPerRequest) + goodAlert + "]", http.StatusBadRequest, "over the limit"},
		{"a body over 16 MiB is refused", strings.Repeat(" ", maxAlertsBody+1), http.StatusRequestEntityTooLarge, "over the limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "")
			code, body := f.do("POST", "/api/v1/alerts", tc.body)
			require.Equal(t, tc.status, code, body)
			require.Contains(t, body, tc.says)
			if code != http.StatusAccepted {
				require.Empty(t, f.pub.published, "nothing is published when a request is refused")
			}
		})
	}
}

func TestPostAlertsAnswers503WhenTheStreamIsUnreachable(t *testing.T) {
	f := newFixture(t, "")
	f.pub.fail = errors.New("nats: no responders")
	code, body := f.do("POST", "/api/v1/alerts", goodAlert)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Contains(t, body, "retry later")
	require.NotContains(t, body, "no responders", "internal details stay in the log")
}

func TestListIncidentsPagesWithACursor(t *testing.T) {
	f := newFixture(t, "")
	f.open(25, incident.SeverityLow)
	f.open(5, incident.SeverityCritical)

	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		code, body := f.do("GET", "/api/v1/incidents?limit=7&cursor="+cursor, "")
		require.Equal(t, http.StatusOK, code, body)
		var page client.IncidentList
		require.NoError(t, json.Unmarshal([]byte(body), &page))
		for _, inc := range page.Incidents {
			require.False(t, seen[inc.ID], "%s listed twice", inc.ID)
			seen[inc.ID] = true
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	require.Len(t, seen, 30)

	code, body := f.do("GET", "/api/v1/incidents?severity=critical,high&status=open", "")
	require.Equal(t, http.StatusOK, code)
	var page client.IncidentList
	require.NoError(t, json.Unmarshal([]byte(body), &page))
	require.Len(t, page.Incidents, 5)
	require.Empty(t, page.NextCursor)
}

func TestListIncidentsRefusesBadParameters(t *testing.T) {
	f := newFixture(t, "")
	for query, says := range map[string]string{
		"status=pending":  `pending`,
		"severity=urgent": `urgent`,
		"limit=0":         "limit",
		"limit=1001":      "limit",
		"limit=ten":       "limit",
		"cursor=abc":      "cursor",
	} {
		code, body := f.do("GET", "/api/v1/incidents?"+query, "")
		require.Equal(t, http.StatusBadRequest, code, query)
		require.Contains(t, body, says, query)
	}
	code, body := f.do("GET", "/api/v1/incidents", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, `"incidents": []`, "an empty list is an array, not null")
}

func TestIncidentActions(t *testing.T) {
	f := newFixture(t, "")
	id := f.open(1, incident.SeverityHigh)[0]
	base := "/api/v1/incidents/" + id

	code, body := f.do("GET", base, "")
	require.Equal(t, http.StatusOK, code)
	for _, field := range []string{`"id"`, `"title"`, `"severity"`, `"status"`, `"opened_at"`, `"updated_at"`, `"alert_count"`, `"fingerprints"`, `"asset"`} {
		require.Contains(t, body, field)
	}

	code, body = f.do("POST", base+"/ack", `{"actor":"alice"}`)
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"acknowledged_by": "alice"`)
	code, body = f.do("POST", base+"/ack", "")
	require.Equal(t, http.StatusConflict, code, "acknowledging twice")
	require.Contains(t, body, "already acknowledged")

	code, body = f.do("POST", base+"/status", `{"status":"closed"}`)
	require.Equal(t, http.StatusConflict, code)
	require.Contains(t, body, "allowed from acknowledged: contained, resolved")
	code, body = f.do("POST", base+"/status", `{"status":"done"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, `want one of open`)
	code, body = f.do("POST", base+"/status", `{}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, `body needs`)
	code, body = f.do("POST", base+"/status", `{"status":"resolved","reason":"false positive","actor":"bob"}`)
	require.Equal(t, http.StatusOK, code, body)

	code, body = f.do("POST", base+"/notes", `{"text":"   "}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "empty")
	code, body = f.do("POST", base+"/notes", `{"text":"ok","colour":"red"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "colour")
	code, _ = f.do("POST", base+"/notes", `{"text":"`+strings.Repeat("x", maxActionBody)+`"}`)
	require.Equal(t, http.StatusRequestEntityTooLarge, code)
	code, body = f.do("POST", base+"/notes", `{"text":"customer <informed> & \"ok\""}`)
	require.Equal(t, http.StatusOK, code, body)

	code, body = f.do("GET", base+"/timeline", "")
	require.Equal(t, http.StatusOK, code)
	var tl client.Timeline
	require.NoError(t, json.Unmarshal([]byte(body), &tl))
	require.Equal(t, uint64(len(tl.Events)), tl.HeadSeq)
	_, err := incident.VerifyChain(tl.Events)
	require.NoError(t, err, "the chain survives the round trip through indented JSON")
	require.Equal(t, incident.EventNoteAdded, tl.Events[len(tl.Events)-1].Type)
	require.Equal(t, "api", tl.Events[len(tl.Events)-1].Actor, "the default actor")
}

func TestUnknownAndMalformedIncidentIDs(t *testing.T) {
	f := newFixture(t, "")
	code, body := f.do("GET", "/api/v1/incidents/INC-2026-9999", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, body, "not found")
	code, body = f.do("GET", "/api/v1/incidents/../../etc/passwd/timeline", "")
	require.NotEqual(t, http.StatusOK, code, body)
	code, body = f.do("POST", "/api/v1/incidents/INC-xyz/ack", "")
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "INC-YYYY-NNNN")
	code, body = f.do("GET", "/api/v1/nothing", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, body, "no such endpoint")
}

func TestTokenIsRequiredOnTheAPIButNotOnProbes(t *testing.T) {
	f := newFixture(t, "s3cret-token")
	f.token = ""
	code, body := f.do("GET", "/api/v1/incidents", "")
	require.Equal(t, http.StatusUnauthorized, code)
	require.Contains(t, body, "bearer token")
	code, _ = f.do("GET", "/api/v1/incidents", "", "Authorization", "Bearer wrong")
	require.Equal(t, http.StatusUnauthorized, code)
	code, _ = f.do("POST", "/api/v1/alerts", goodAlert, "Authorization", "Basic czNjcmV0LXRva2Vu")
	require.Equal(t, http.StatusUnauthorized, code)
	code, _ = f.do("GET", "/debug/pprof/", "")
	require.Equal(t, http.StatusUnauthorized, code, "profiles are behind the token too")
	for _, probe := range []string{"/healthz", "/readyz", "/metrics"} {
		code, _ = f.do("GET", probe, "")
		require.Equal(t, http.StatusOK, code, probe)
	}
	code, _ = f.do("GET", "/api/v1/incidents", "", "Authorization", "Bearer s3cret-token")
	require.Equal(t, http.StatusOK, code)
}

func TestCrossSiteBrowserRequestsAreRefused(t *testing.T) {
	f := newFixture(t, "")
	code, _ := f.do("POST", "/api/v1/alerts", goodAlert, "Sec-Fetch-Site", "cross-site")
	require.Equal(t, http.StatusForbidden, code)
	require.Empty(t, f.pub.published)
}

func TestBackupIsAConsistentDatabase(t *testing.T) {
	f := newFixture(t, "")
	ids := f.open(3, incident.SeverityMedium)
	resp, err := http.Get(f.srv.URL + "/api/v1/backup")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	path := filepath.Join(t.TempDir(), "copy.db")
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, int64(len(data)), resp.ContentLength, "the size is announced")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		for _, id := range ids {
			require.NotNil(t, tx.Bucket([]byte("incidents")).Get([]byte(id)), id)
		}
		return nil
	}))
}

// FuzzSplitAlerts: no body makes the alert splitter panic, and what it
// accepts is one or more JSON values.
func FuzzSplitAlerts(f *testing.F) {
	f.Add([]byte(goodAlert))
	f.Add([]byte("[" + goodAlert + "," + goodAlert + "]"))
	f.Add([]byte("[[[[]]]]"))
	f.Add([]byte(" [ ] "))
	f.Add([]byte("\xff"))
	f.Fuzz(func(t *testing.T, body []byte) {
		alerts, reason, err := splitAlerts(body)
		if err != nil {
			if reason == "" {
				t.Fatalf("error without a reason: %v", err)
			}
			return
		}
		if len(alerts) == 0 || len(alerts) > ingest.MaxAlertsPerRequest {
			t.Fatalf("accepted %d alerts", len(alerts))
		}
		for _, a := range alerts {
			if len(bytes.TrimSpace(a)) == 0 {
				t.Fatal("accepted an empty alert")
			}
		}
	})
}

// An assessment records its verdict as a fact, which starts the clocks
// that run from it, and notes why.
func TestAnAssessmentIsRecordedThroughTheAPI(t *testing.T) {
	f := newFixture(t, "")
	id := f.open(1, incident.SeverityHigh)[0]
	base := "/api/v1/incidents/" + id

	code, body := f.do("POST", base+"/assessment", `{"text":"names only"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, `body needs`)
	code, body = f.do("POST", base+"/assessment", `{"notifiable":"yes"}`)
	require.Equal(t, http.StatusBadRequest, code, body)

	code, body = f.do("POST", base+"/assessment", `{"notifiable":true,"text":"names and card numbers","actor":"dpo"}`)
	require.Equal(t, http.StatusOK, code, body)
	code, body = f.do("GET", base+"/facts", "")
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"assessed_notifiable_at"`)
	code, body = f.do("GET", base+"/timeline", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, "Assessed notifiable: names and card numbers")
}
