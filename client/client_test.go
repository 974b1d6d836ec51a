package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// request is what a recording server was sent.
type request struct {
	method, path string
	query        url.Values
	header       http.Header
	body         string
}

// recorder answers every request with status and answer, and hands each
// request it got to the test.
func recorder(t *testing.T, status int, answer string) (*httptest.Server, <-chan request) {
	t.Helper()
	// The handler hands each request over; the race detector does not see
	// the socket between the two goroutines.
	reqs := make(chan request, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		reqs <- request{method: r.Method, path: r.URL.EscapedPath(), query: r.URL.Query(), header: r.Header.Clone(), body: string(body)}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, reqs
}

func newClient(t *testing.T, url, token string) *client.Client {
	t.Helper()
	c, err := client.New(client.Options{URL: url, Token: token, UserAgent: "client-test"})
	require.NoError(t, err)
	return c
}

func TestNewAcceptsTheUsualServerSpellings(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:9090":               "http://127.0.0.1:9090",
		" https://breachd.internal/ ":  "https://breachd.internal",
		"http://proxy:80/breachd/?x=1": "http://proxy:80/breachd",
		"http://ops:secret@host:8080":  "http://ops:xxxxx@host:8080",
	} {
		c, err := client.New(client.Options{URL: in})
		require.NoError(t, err, in)
		require.Equal(t, want, c.Server(), in)
	}
	for _, bad := range []string{"", "ftp://host", "http://", "http://[::1"} {
		_, err := client.New(client.Options{URL: bad})
		require.Error(t, err, bad)
	}
}

// Each method calls its route with its method, path, query and body, and
// sends the token and the user agent.
func TestEachMethodCallsItsRoute(t *testing.T) {
	const id = "INC-2026-0001"
	inc := "/api/v1/incidents/" + id
	for _, tc := range []struct {
		name   string
		call   func(context.Context, *client.Client) error
		method string
		path   string
		query  url.Values
		body   string // JSON; empty for none
	}{
		{
			name: "PostAlerts sends the alerts as they are",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.PostAlerts(ctx, []byte(`[{"id":"a-1"}]`))
				return err
			},
			method: "POST", path: "/api/v1/alerts", body: `[{"id":"a-1"}]`,
		},
		{
			name: "ListIncidents puts the options in the query",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.ListIncidents(ctx, client.ListOptions{Statuses: []string{"open", "acknowledged"}, Severities: []string{"high"}, Limit: 5, Cursor: "42"})
				return err
			},
			method: "GET", path: "/api/v1/incidents",
			query: url.Values{"status": {"open,acknowledged"}, "severity": {"high"}, "limit": {"5"}, "cursor": {"42"}},
		},
		{
			name: "ListIncidents without options leaves the page to the server",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.ListIncidents(ctx, client.ListOptions{})
				return err
			},
			method: "GET", path: "/api/v1/incidents",
		},
		{
			name: "Incident keeps an id one path segment",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.Incident(ctx, id+"/../../backup")
				return err
			},
			method: "GET", path: inc + "%2F..%2F..%2Fbackup",
		},
		{
			name:   "Timeline",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Timeline(ctx, id); return err },
			method: "GET", path: inc + "/timeline",
		},
		{
			name:   "Ack",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Ack(ctx, id, "alice"); return err },
			method: "POST", path: inc + "/ack", body: `{"actor":"alice"}`,
		},
		{
			name: "SetStatus",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.SetStatus(ctx, id, "resolved", "false positive", "bob")
				return err
			},
			method: "POST", path: inc + "/status", body: `{"actor":"bob","status":"resolved","reason":"false positive"}`,
		},
		{
			name: "AddNote",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.AddNote(ctx, id, "keys rotated", "carol")
				return err
			},
			method: "POST", path: inc + "/notes", body: `{"actor":"carol","text":"keys rotated"}`,
		},
		{
			name:   "Facts",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Facts(ctx, id); return err },
			method: "GET", path: inc + "/facts",
		},
		{
			name: "PatchFacts names the actor in the query and sends the patch as it is",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.PatchFacts(ctx, id, "alice", []byte(`{"data_subjects":1200,"high_risk":null}`))
				return err
			},
			method: "PATCH", path: inc + "/facts", query: url.Values{"actor": {"alice"}}, body: `{"data_subjects":1200,"high_risk":null}`,
		},
		{
			name: "PatchNarrative",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.PatchNarrative(ctx, id, "alice", map[string]string{"nature": "table exported"})
				return err
			},
			method: "PATCH", path: inc + "/narrative", query: url.Values{"actor": {"alice"}}, body: `{"nature":"table exported"}`,
		},
		{
			name:   "Obligations",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Obligations(ctx, id); return err },
			method: "GET", path: inc + "/obligations",
		},
		{
			name: "Submit leaves out what it does not know",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.Submit(ctx, id, client.SubmissionRequest{Regime: "gdpr_art33_sa", Ref: "DPC-118", Actor: "alice"})
				return err
			},
			method: "POST", path: inc + "/submissions", body: `{"regime":"gdpr_art33_sa","ref":"DPC-118","actor":"alice"}`,
		},
		{
			name: "Draft",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.Draft(ctx, id, "gdpr_art33_sa", "html", "")
				return err
			},
			method: "GET", path: inc + "/drafts/gdpr_art33_sa", query: url.Values{"format": {"html"}},
		},
		{
			name:   "Register",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Register(ctx, "csv", true); return err },
			method: "GET", path: "/api/v1/register", query: url.Values{"format": {"csv"}, "all": {"true"}},
		},
		{
			name:   "Deadlines",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Deadlines(ctx, false); return err },
			method: "GET", path: "/api/v1/deadlines",
		},
		{
			name:   "Deadlines with the fulfilled ones",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Deadlines(ctx, true); return err },
			method: "GET", path: "/api/v1/deadlines", query: url.Values{"all": {"true"}},
		},
		{
			name: "DeadLetters",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.DeadLetters(ctx, "future_time", 5)
				return err
			},
			method: "GET", path: "/api/v1/deadletters", query: url.Values{"reason": {"future_time"}, "limit": {"5"}},
		},
		{
			name: "ReplayDeadLetters",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.ReplayDeadLetters(ctx, client.ReplayRequest{Seqs: []uint64{3, 4}})
				return err
			},
			method: "POST", path: "/api/v1/deadletters/replay", body: `{"seqs":[3,4]}`,
		},
		{
			name:   "Runs",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Runs(ctx, id); return err },
			method: "GET", path: inc + "/runs",
		},
		{
			name: "Decide",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.Decide(ctx, id, client.ApprovalRequest{Run: id + "/ransomware-host", Step: "approve-isolation", Decision: "approve", Approver: "alice"})
				return err
			},
			method: "POST", path: inc + "/approvals",
			body: `{"run":"INC-2026-0001/ransomware-host","step":"approve-isolation","decision":"approve","approver":"alice"}`,
		},
		{
			name: "AddSilence",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.AddSilence(ctx, client.SilenceRequest{Matchers: []string{"asset.id=db-1"}, Duration: "2h", CreatedBy: "alice", Comment: "maintenance"})
				return err
			},
			method: "POST", path: "/api/v1/silences",
			body: `{"matchers":["asset.id=db-1"],"duration":"2h","created_by":"alice","comment":"maintenance"}`,
		},
		{
			name: "Silences",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.Silences(ctx, incident.SilenceActive)
				return err
			},
			method: "GET", path: "/api/v1/silences", query: url.Values{"state": {"active"}},
		},
		{
			name: "ExpireSilence",
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.ExpireSilence(ctx, "SIL-0001")
				return err
			},
			method: "POST", path: "/api/v1/silences/SIL-0001/expire",
		},
		{
			name:   "Cluster",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Cluster(ctx); return err },
			method: "GET", path: "/api/v1/cluster",
		},
		{
			name:   "Backup",
			call:   func(ctx context.Context, c *client.Client) error { _, err := c.Backup(ctx, io.Discard); return err },
			method: "GET", path: "/api/v1/backup",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, reqs := recorder(t, http.StatusOK, `{}`)
			c := newClient(t, srv.URL+"/breachd/", "s3cret-token")
			require.NoError(t, tc.call(t.Context(), c))
			got := <-reqs
			require.Equal(t, tc.method, got.method)
			require.Equal(t, "/breachd"+tc.path, got.path, "the path goes under the server's")
			if tc.query == nil {
				tc.query = url.Values{}
			}
			require.Equal(t, tc.query, got.query)
			require.Equal(t, "Bearer s3cret-token", got.header.Get("Authorization"))
			require.Equal(t, "client-test", got.header.Get("User-Agent"))
			if tc.body == "" {
				require.Empty(t, got.body)
				require.Empty(t, got.header.Get("Content-Type"))
				return
			}
			require.JSONEq(t, tc.body, got.body)
			require.Equal(t, "application/json", got.header.Get("Content-Type"))
		})
	}
}

func TestWithoutATokenNoneIsSent(t *testing.T) {
	srv, reqs := recorder(t, http.StatusOK, `{"incidents":[],"next_cursor":""}`)
	c, err := client.New(client.Options{URL: srv.URL})
	require.NoError(t, err)
	_, err = c.ListIncidents(t.Context(), client.ListOptions{})
	require.NoError(t, err)
	got := <-reqs
	require.NotContains(t, got.header, "Authorization")
	require.Equal(t, "breachd-client", got.header.Get("User-Agent"))
}

func TestAnErrorCarriesTheAPIsStatusAndMessage(t *testing.T) {
	srv, _ := recorder(t, http.StatusConflict, `{"error": {"code": "conflict", "message": "INC-2026-0001 is already acknowledged"}}`)
	_, err := newClient(t, srv.URL, "").Ack(t.Context(), "INC-2026-0001", "alice")
	var apiErr *client.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusConflict, apiErr.Status)
	require.Equal(t, "INC-2026-0001 is already acknowledged", apiErr.Message)
	require.Equal(t, client.CodeConflict, apiErr.Code)
	require.Empty(t, apiErr.Field)
	require.EqualError(t, err, "INC-2026-0001 is already acknowledged (HTTP 409)")
}

func TestRejectedAlertsAreListedInTheError(t *testing.T) {
	srv, _ := recorder(t, http.StatusBadRequest,
		`{"error": {"code": "alerts_rejected", "message": "1 of 2 alerts rejected; nothing was published"}, "rejected": [{"index": 1, "id": "bad-1", "reason": "invalid_field", "error": "source is required"}]}`)
	_, err := newClient(t, srv.URL, "").PostAlerts(t.Context(), []byte(`[{},{}]`))
	var apiErr *client.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, []client.Rejection{{Index: 1, ID: "bad-1", Reason: "invalid_field", Error: "source is required"}}, apiErr.Rejected)
	require.EqualError(t, err, "1 of 2 alerts rejected; nothing was published (HTTP 400)")
}

func TestAnAnswerThatIsNotTheAPIsIsQuotedOnOneLine(t *testing.T) {
	srv, _ := recorder(t, http.StatusBadGateway, "<html>\n<body>upstream down</body>\n</html>")
	_, err := newClient(t, srv.URL, "").Incident(t.Context(), "INC-2026-0001")
	require.EqualError(t, err, "Bad Gateway: <html> <body>upstream down</body> </html> (HTTP 502)")

	srv, _ = recorder(t, http.StatusServiceUnavailable, string(bytes.Repeat([]byte("x"), 500)))
	_, err = newClient(t, srv.URL, "").Incident(t.Context(), "INC-2026-0001")
	require.EqualError(t, err, "Service Unavailable: "+string(bytes.Repeat([]byte("x"), 120))+"… (HTTP 503)")
}

func TestAnUnreachableServerIsNamed(t *testing.T) {
	// A port that was just free: nothing listens on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	server := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())

	_, err = newClient(t, server, "").ListIncidents(t.Context(), client.ListOptions{})
	var unreachable *client.UnreachableError
	require.ErrorAs(t, err, &unreachable)
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
	require.Equal(t, server, unreachable.Server)
	require.EqualError(t, err, "cannot reach breachd at "+server+": connection refused")

	unreachable.Hint = "is it running?"
	require.EqualError(t, err, "cannot reach breachd at "+server+": connection refused; is it running?")
}

func TestACancelledCallSaysSoAndNotThatTheServerIsDown(t *testing.T) {
	srv, _ := recorder(t, http.StatusOK, `{}`)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := newClient(t, srv.URL, "").Timeline(ctx, "INC-2026-0001")
	require.ErrorIs(t, err, context.Canceled)
	var unreachable *client.UnreachableError
	require.False(t, errors.As(err, &unreachable))
}

func TestAnAnswerThatIsNotJSONIsAnError(t *testing.T) {
	srv, _ := recorder(t, http.StatusOK, `<html>`)
	_, err := newClient(t, srv.URL, "").Runs(t.Context(), "INC-2026-0001")
	require.ErrorContains(t, err, "GET /api/v1/incidents/INC-2026-0001/runs: decode answer")
}

func TestABackupShorterThanAnnouncedIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "10")
		_, _ = w.Write([]byte("12345"))
	}))
	t.Cleanup(srv.Close)
	var buf bytes.Buffer
	n, err := newClient(t, srv.URL, "").Backup(t.Context(), &buf)
	require.ErrorContains(t, err, "backup stream broke after 5 bytes")
	require.Equal(t, int64(5), n)
}
