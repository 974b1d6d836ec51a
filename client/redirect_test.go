package client_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/client"
)

// A standby redirects a change to the leader; the leader's address names
// another host than the standby's (localhost, not 127.0.0.1), as a
// cluster's nodes do, so net/http alone would not send the token on.
func standbyAndLeader(t *testing.T, answer string) (standby *httptest.Server, leader <-chan request) {
	t.Helper()
	srv, reqs := recorder(t, http.StatusAccepted, answer)
	leaderURL := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	standby = httptest.NewServer(api.StandbyWrites(http.NotFoundHandler(), func() (string, string, bool) {
		return "n1", leaderURL, true
	}))
	t.Cleanup(standby.Close)
	return standby, reqs
}

func TestAChangeAskedOfAStandbyIsMadeOnTheLeaderWithItsBodyAndToken(t *testing.T) {
	standby, leader := standbyAndLeader(t, `{"accepted": 1, "ids": ["a-1"]}`)
	const alerts = `[{"id":"a-1","title":"Ünïcode \"quoted\" and long ` + "………………" + `"}]`
	out, err := newClient(t, standby.URL, "s3cret-token").PostAlerts(t.Context(), []byte(alerts))
	require.NoError(t, err)
	require.Equal(t, []string{"a-1"}, out.IDs)
	got := <-leader
	require.Equal(t, "POST", got.method)
	require.Equal(t, "/api/v1/alerts", got.path)
	require.Equal(t, alerts, got.body, "the body arrives as it was sent")
	require.Equal(t, "application/json", got.header.Get("Content-Type"))
	require.Equal(t, "Bearer s3cret-token", got.header.Get("Authorization"))
}

func TestEveryKindOfChangeFollowsTheRedirectWhole(t *testing.T) {
	t.Run("a PATCH keeps its query and body", func(t *testing.T) {
		standby, leader := standbyAndLeader(t, `{}`)
		_, err := newClient(t, standby.URL, "s3cret-token").PatchFacts(t.Context(), "INC-2026-0001", "alice b", []byte(`{"data_subjects":3}`))
		require.NoError(t, err)
		got := <-leader
		require.Equal(t, "PATCH", got.method)
		require.Equal(t, "/api/v1/incidents/INC-2026-0001/facts", got.path)
		require.Equal(t, "alice b", got.query.Get("actor"))
		require.JSONEq(t, `{"data_subjects":3}`, got.body)
		require.Equal(t, "Bearer s3cret-token", got.header.Get("Authorization"))
	})
	t.Run("a POST without a body", func(t *testing.T) {
		standby, leader := standbyAndLeader(t, `{"id": "SIL-0001"}`)
		_, err := newClient(t, standby.URL, "s3cret-token").ExpireSilence(t.Context(), "SIL-0001")
		require.NoError(t, err)
		got := <-leader
		require.Equal(t, "POST", got.method)
		require.Equal(t, "/api/v1/silences/SIL-0001/expire", got.path)
		require.Empty(t, got.body)
		require.Equal(t, "Bearer s3cret-token", got.header.Get("Authorization"))
	})
}

// Only a cluster's node gets the token sent on: a redirect that names no
// leader, to another host, goes without it, as net/http has it.
func TestARedirectElsewhereDoesNotCarryTheToken(t *testing.T) {
	srv, reqs := recorder(t, http.StatusAccepted, `{"accepted": 1, "ids": ["a-1"]}`)
	elsewhere := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere+r.RequestURI, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirect.Close)
	_, err := newClient(t, redirect.URL, "s3cret-token").PostAlerts(t.Context(), []byte(`[{"id":"a-1"}]`))
	require.NoError(t, err)
	got := <-reqs
	require.Equal(t, `[{"id":"a-1"}]`, got.body)
	require.NotContains(t, got.header, "Authorization")
}

func TestAStandbyWithoutALeaderIsAnErrorWithItsCode(t *testing.T) {
	standby := httptest.NewServer(api.StandbyWrites(http.NotFoundHandler(), func() (string, string, bool) { return "", "", false }))
	t.Cleanup(standby.Close)
	_, err := newClient(t, standby.URL, "").PostAlerts(t.Context(), []byte(`[{"id":"a-1"}]`))
	var apiErr *client.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusServiceUnavailable, apiErr.Status)
	require.Equal(t, client.CodeNoLeader, apiErr.Code)
}
