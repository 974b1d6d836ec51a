package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
)

// newClusterFixture serves the API with the cluster options of opts, the
// token and the tests' clock.
func newClusterFixture(t *testing.T, token string, opts Options) *fixture {
	opts.Token, opts.Now = token, func() time.Time { return now }
	return newFixtureWith(t, opts)
}

func TestASingleNodeIsItsOwnLeader(t *testing.T) {
	f := newClusterFixture(t, "s3cret", Options{NodeName: "breachd-1", APIURL: "https://breachd-1.internal:8443/"})
	code, body := f.do("GET", "/api/v1/cluster", "")
	require.Equal(t, http.StatusOK, code, body)
	require.JSONEq(t, `{"leader": "breachd-1", "nodes": [{"name": "breachd-1", "api": "https://breachd-1.internal:8443",
		"applied_seq": 0, "lag_records": 0, "lag_seconds": 0, "leader": true, "seen": "2026-03-10T15:00:00Z"}],
		"snapshot": null, "last_seq": 0}`, body)
}

func TestASingleNodeWithoutAnAddressNamesTheOneItWasReachedAt(t *testing.T) {
	f := newClusterFixture(t, "", Options{})
	code, body := f.do("GET", "/api/v1/cluster", "")
	require.Equal(t, http.StatusOK, code, body)
	var st ClusterStatus
	require.NoError(t, json.Unmarshal([]byte(body), &st))
	require.NotEmpty(t, st.Leader, "the host's name")
	require.Len(t, st.Nodes, 1)
	require.Equal(t, st.Leader, st.Nodes[0].Name)
	require.Equal(t, f.srv.URL, st.Nodes[0].API)
}

func TestTheClusterStatusIsTheClustersOwn(t *testing.T) {
	snap := now.Add(-time.Hour)
	want := ClusterStatus{
		Leader: "n1",
		Nodes: []ClusterNode{
			{Name: "n1", API: "http://10.0.0.1:8080", AppliedSeq: 42, Leader: true, Seen: now},
			{Name: "n2", API: "http://10.0.0.2:8080", AppliedSeq: 40, LagRecords: 2, LagSeconds: 1.5, Seen: now.Add(-time.Second)},
		},
		Snapshot: &ClusterSnapshot{Seq: 30, At: snap},
		LastSeq:  42,
	}
	f := newClusterFixture(t, "s3cret", Options{NodeName: "n2", Cluster: func(ctx context.Context) (ClusterStatus, error) {
		_, ok := ctx.Deadline()
		require.True(t, ok, "the read is bounded")
		return want, nil
	}})
	code, body := f.do("GET", "/api/v1/cluster", "")
	require.Equal(t, http.StatusOK, code, body)
	var got ClusterStatus
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Equal(t, want, got)

	f.token = ""
	code, _ = f.do("GET", "/api/v1/cluster", "")
	require.Equal(t, http.StatusUnauthorized, code, "a read route needs the token")
}

func TestAClusterWithoutLeaderOrNodesStillAnswersTheShape(t *testing.T) {
	f := newClusterFixture(t, "", Options{Cluster: func(context.Context) (ClusterStatus, error) {
		return ClusterStatus{LastSeq: 7}, nil
	}})
	code, body := f.do("GET", "/api/v1/cluster", "")
	require.Equal(t, http.StatusOK, code, body)
	require.JSONEq(t, `{"leader": "", "nodes": [], "snapshot": null, "last_seq": 7}`, body)
}

func TestAClusterStatusThatCannotBeReadIs503(t *testing.T) {
	f := newClusterFixture(t, "", Options{Cluster: func(context.Context) (ClusterStatus, error) {
		return ClusterStatus{}, errors.New("nats: kv bucket CLUSTER_LEASE: timeout")
	}})
	code, body := f.do("GET", "/api/v1/cluster", "")
	require.Equal(t, http.StatusServiceUnavailable, code, body)
	var e client.ErrorResponse
	require.NoError(t, json.Unmarshal([]byte(body), &e))
	require.Equal(t, client.CodeClusterUnavailable, e.Error.Code)
	require.Contains(t, e.Error.Message, "retry later")
	require.NotContains(t, body, "CLUSTER_LEASE", "internal details stay in the log")
}
