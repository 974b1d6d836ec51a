package main

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/store/storetest"
)

// serveCluster serves the API with cluster, behind a token, and returns
// the flags that point breachctl at it.
func serveCluster(t *testing.T, cluster func(context.Context) (api.ClusterStatus, error)) []string {
	t.Helper()
	s := api.New(api.Options{Token: "s3cret", NodeName: "n2", Cluster: cluster}, storetest.Open(t), nil,
		prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	srv := apitest.Serve(t, s.Handler())
	return []string{"--server", srv.URL, "--token", "s3cret"}
}

// threeNodes is a cluster whose leader is n1, with n3 behind.
var threeNodes = api.ClusterStatus{
	Leader: "n1",
	Nodes: []api.ClusterNode{
		{Name: "n1", API: "http://10.0.0.1:8080", AppliedSeq: 42, Leader: true, Seen: time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)},
		{Name: "n2", API: "http://10.0.0.2:8080", AppliedSeq: 42, Seen: time.Date(2026, 3, 10, 15, 0, 1, 0, time.UTC)},
		{Name: "n3", API: "http://10.0.0.3:8080", AppliedSeq: 37, LagRecords: 5, LagSeconds: 2.25, Seen: time.Date(2026, 3, 10, 14, 59, 58, 0, time.UTC)},
	},
	Snapshot: &api.ClusterSnapshot{Seq: 30, At: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)},
	LastSeq:  42,
}

func TestClusterStatusPrintsEachNodeTheLeaderStarred(t *testing.T) {
	flags := serveCluster(t, func(context.Context) (api.ClusterStatus, error) { return threeNodes, nil })
	r := runCtl(t, "", append(flags, "cluster", "status")...)
	require.Equal(t, exitOK, r.code, r.String())
	require.Equal(t, `NODE  API                   LEADER  APPLIED  LAG RECORDS  LAG SECONDS  SEEN
n1    http://10.0.0.1:8080  *       42       0            0.000        2026-03-10T15:00:00Z
n2    http://10.0.0.2:8080          42       0            0.000        2026-03-10T15:00:01Z
n3    http://10.0.0.3:8080          37       5            2.250        2026-03-10T14:59:58Z
last_seq: 42
snapshot: seq 30 at 2026-03-10T14:00:00Z
`, r.stdout)
}

func TestClusterStatusAsJSONIsTheAPIsAnswer(t *testing.T) {
	flags := serveCluster(t, func(context.Context) (api.ClusterStatus, error) { return threeNodes, nil })
	r := runCtl(t, "", append(flags, "-o", "json", "cluster", "status")...)
	require.Equal(t, exitOK, r.code, r.String())
	want, err := json.Marshal(threeNodes)
	require.NoError(t, err)
	require.JSONEq(t, string(want), r.stdout)
}

func TestClusterStatusSaysWhenThereIsNoLeaderNorSnapshot(t *testing.T) {
	flags := serveCluster(t, func(context.Context) (api.ClusterStatus, error) {
		return api.ClusterStatus{Nodes: threeNodes.Nodes[1:2], LastSeq: 42}, nil
	})
	r := runCtl(t, "", append(flags, "cluster", "status")...)
	require.Equal(t, exitOK, r.code, r.String())
	require.Contains(t, r.stdout, "leader: none right now")
	require.Contains(t, r.stdout, "snapshot: none yet")
}

func TestClusterStatusOfASingleDaemonShowsItAlone(t *testing.T) {
	r := runCtl(t, "", append(serveCluster(t, nil), "cluster", "status")...)
	require.Equal(t, exitOK, r.code, r.String())
	require.Regexp(t, `(?m)^n2\s+http://127\.0\.0\.1:\d+\s+\*\s+0\s+0\s+0\.000\s+\S+Z$`, r.stdout)
	require.Contains(t, r.stdout, "last_seq: 0\nsnapshot: none yet\n")
}

func TestClusterStatusThatCannotBeReadIsAnError(t *testing.T) {
	flags := serveCluster(t, func(context.Context) (api.ClusterStatus, error) {
		return api.ClusterStatus{}, errors.New("lease: timeout")
	})
	r := runCtl(t, "", append(flags, "cluster", "status")...)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "retry later (HTTP 503)")
}
