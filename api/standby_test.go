package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
)

// served records that the handler behind the middleware ran.
type served struct{ methods []string }

func (s *served) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.methods = append(s.methods, r.Method)
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"served": true}`)
}

// serveStandby starts StandbyWrites over a recording handler with leader.
func serveStandby(t *testing.T, leader func() (string, string, bool)) (*httptest.Server, *served) {
	t.Helper()
	next := &served{}
	srv := httptest.NewServer(StandbyWrites(next, leader))
	t.Cleanup(srv.Close)
	return srv, next
}

// send makes one request without following redirects.
func send(t *testing.T, method, url, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestAStandbyRedirectsAChangeToTheLeaderKeepingPathAndQuery(t *testing.T) {
	srv, next := serveStandby(t, func() (string, string, bool) { return "n1", "https://n1.internal:8443/", true })
	for _, method := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		t.Run(method, func(t *testing.T) {
			resp := send(t, method, srv.URL+"/api/v1/incidents/INC-2026-0001/facts?actor=alice%20b", `{"data_subjects":3}`)
			require.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
			require.Equal(t, "https://n1.internal:8443/api/v1/incidents/INC-2026-0001/facts?actor=alice%20b", resp.Header.Get("Location"))
			require.Equal(t, "n1", resp.Header.Get(HeaderLeader))
		})
	}
	require.Empty(t, next.methods, "no change is made on a standby")
}

func TestAStandbyServesReads(t *testing.T) {
	srv, next := serveStandby(t, func() (string, string, bool) {
		t.Error("a read does not ask for the leader")
		return "", "", false
	})
	for _, method := range []string{"GET", "HEAD", "OPTIONS"} {
		resp := send(t, method, srv.URL+"/api/v1/incidents", "")
		require.Equal(t, http.StatusOK, resp.StatusCode, method)
		require.Empty(t, resp.Header.Get(HeaderLeader), method)
	}
	require.Equal(t, []string{"GET", "HEAD", "OPTIONS"}, next.methods)
}

func TestAStandbyWithoutALeaderRefusesAChangeInTheErrorShape(t *testing.T) {
	for name, leader := range map[string]func() (string, string, bool){
		"no leader":                   func() (string, string, bool) { return "", "", false },
		"a leader without an address": func() (string, string, bool) { return "n1", "", true },
	} {
		t.Run(name, func(t *testing.T) {
			srv, next := serveStandby(t, leader)
			resp := send(t, "DELETE", srv.URL+"/api/v1/silences/SIL-0001", "")
			require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
			require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			require.Equal(t, "1", resp.Header.Get("Retry-After"))
			require.Empty(t, resp.Header.Get("Location"))
			var body map[string]map[string]string
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			require.Equal(t, map[string]map[string]string{"error": {
				"code":    client.CodeNoLeader,
				"message": "the cluster has no leader right now to make this change; retry in a few seconds",
			}}, body)
			require.Empty(t, next.methods)
		})
	}
}

func TestEveryAnswerCarriesTheNodeAndItsLag(t *testing.T) {
	h := LagHeaders(StandbyWrites(&served{}, func() (string, string, bool) { return "", "", false }),
		func() (uint64, float64, string) { return 12, 1.23456, "n2" })
	for _, method := range []string{"GET", "POST"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, "/api/v1/incidents", nil))
		require.NotZero(t, rec.Code)
		require.Equal(t, "n2", rec.Header().Get(HeaderNode), method)
		require.Equal(t, "12", rec.Header().Get(HeaderLagRecords), method)
		require.Equal(t, "1.235", rec.Header().Get(HeaderLagSeconds), method)
	}
}

func TestARedirectGoesToTheLeaderWhateverHostTheRequestNamed(t *testing.T) {
	h := StandbyWrites(&served{}, func() (string, string, bool) { return "n1", "http://10.0.0.1:8080", true })
	for _, target := range []string{"/api/v1/alerts?x=1", "http://elsewhere.example/api/v1/alerts?x=1"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", target, nil))
		require.Equal(t, http.StatusTemporaryRedirect, rec.Code, target)
		require.Equal(t, "http://10.0.0.1:8080/api/v1/alerts?x=1", rec.Header().Get("Location"), target)
		require.Empty(t, rec.Body.String(), "a redirect of a change has no body")
	}
}
