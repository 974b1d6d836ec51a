package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewClientAcceptsTheUsualServerSpellings(t *testing.T) {
	for in, want := range map[string]string{
		"":                             defaultServer,
		"127.0.0.1:9090":               "http://127.0.0.1:9090",
		"https://breachd.internal/":    "https://breachd.internal",
		"http://proxy:80/breachd/?x=1": "http://proxy:80/breachd",
		"http://ops:secret@host:8080":  "http://ops:xxxxx@host:8080",
	} {
		c, err := NewClient(in, "")
		require.NoError(t, err, in)
		require.Equal(t, want, c.Server(), in)
	}
	for _, bad := range []string{"ftp://host", "http://", "http://[::1"} {
		_, err := NewClient(bad, "")
		require.Error(t, err, bad)
	}
}

func TestClientSendsTheTokenUnderTheServersPath(t *testing.T) {
	// The handler hands each request over; the race detector does not see
	// the socket between the two goroutines.
	reqs := make(chan *http.Request, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqs <- r.Clone(context.Background())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"incidents":[],"next_cursor":""}`))
	}))
	defer srv.Close()

	c, err := NewClient(srv.URL+"/breachd/", "s3cret-token")
	require.NoError(t, err)
	_, err = c.ListIncidents(t.Context(), ListOptions{Statuses: []string{"open", "acknowledged"}, Limit: 5})
	require.NoError(t, err)
	got := <-reqs
	require.Equal(t, "/breachd/api/v1/incidents", got.URL.Path)
	require.Equal(t, "open,acknowledged", got.URL.Query().Get("status"))
	require.Equal(t, "5", got.URL.Query().Get("limit"))
	require.Equal(t, "Bearer s3cret-token", got.Header.Get("Authorization"))

	_, err = c.Incident(t.Context(), "INC-2026-0001/../../backup")
	require.NoError(t, err)
	got = <-reqs
	require.Equal(t, "/breachd/api/v1/incidents/INC-2026-0001%2F..%2F..%2Fbackup", got.URL.EscapedPath(), "an id stays one path segment")
}

func TestAnAnswerThatIsNotTheAPIsIsShownAsItCame(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>\n<body>upstream down</body>\n</html>"))
	}))
	defer srv.Close()

	r := runCtl(t, "", "--server", srv.URL, "incident", "show", "INC-2026-0001")
	require.Equal(t, exitError, r.code, r.String())
	require.Equal(t, "breachctl: Bad Gateway: <html> <body>upstream down</body> </html> (HTTP 502)\n", r.stderr)
}
