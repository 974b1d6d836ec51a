package daemon_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/natstest"
	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/runs/actuator"
	"github.com/breachd/breachd/store"
)

// leaderOf waits up to within for exactly one of ds (those not in gone)
// to lead, and returns its index.
func leaderOf(t *testing.T, ds []*daemon.Daemon, gone map[int]bool, within time.Duration) int {
	t.Helper()
	leader := -1
	require.Eventually(t, func() bool {
		leader = -1
		for i, d := range ds {
			if gone[i] || !d.Leading() {
				continue
			}
			if leader >= 0 {
				return false // two at once: wait for one to notice
			}
			leader = i
		}
		return leader >= 0
	}, within, 10*time.Millisecond, "no node leads")
	return leader
}

// incidentsOf lists every incident of st, with its timeline verified.
func incidentsOf(t *testing.T, st *store.Store) []incident.Incident {
	t.Helper()
	var all []incident.Incident
	require.NoError(t, st.View(func(tx *store.Tx) error {
		page, err := tx.ListIncidents(store.ListQuery{Limit: store.MaxListLimit})
		require.NoError(t, err)
		for _, inc := range page.Incidents {
			require.NoError(t, tx.VerifyTimeline(inc.ID), inc.ID)
		}
		for _, inc := range page.Incidents {
			all = append(all, *inc)
		}
		return nil
	}))
	slices.SortFunc(all, func(a, b incident.Incident) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// alertsIn counts the alerts the incidents hold.
func alertsIn(incs []incident.Incident) int64 {
	var n int64
	for _, inc := range incs {
		n += inc.AlertCount
	}
	return n
}

// publishAlertsRetrying publishes alerts first to first+n-1 as a producer
// that waits for each acknowledgement and sends again until it has one:
// the stream drops a repeat of an alert it has (by its message id), so
// each alert is in the stream once however often it was sent.
func publishAlertsRetrying(js jetstream.JetStream, first, n, fingerprints int) error {
	for i := first; i < first+n; i++ {
		fp := i % fingerprints
		data := fmt.Appendf(nil, `{"id":"e2e-%d","source":"e2e","kind":"k","time":"2026-03-10T14:00:00Z","severity":"high",
			"title":"alert on asset %d","fingerprint":"fp-%d","asset":{"id":"asset-%d","type":"host"}}`, i, fp, fp, fp)
		deadline := time.Now().Add(time.Minute)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_, err := js.Publish(ctx, "alerts.e2e", data, jetstream.WithMsgID(fmt.Sprintf("e2e-%d", i)))
			cancel()
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("alert %d: %w", i, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nil
}

// One node of three leads; the others apply its writes. When the leader
// dies, a standby leads within ten seconds, the alerts the dead leader
// had not committed come back to the new one, and every alert is counted
// once, with the same incidents and verified timelines on the nodes that
// live.
func TestAStandbyLeadsWhenTheLeaderDiesAndNothingIsCountedTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster: not with -short")
	}
	const before, after, fingerprints = 600, 400, 40
	ds := startCluster(t, sharedNATSDir(t))
	leader := leaderOf(t, ds, nil, 20*time.Second)
	standby := (leader + 1) % 3

	nc, err := ds[standby].ConnectNATS(daemon.IdentityProducer)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	require.NoError(t, publishAlerts(js, before, fingerprints))
	require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, ds[leader].Store())) == before },
		30*time.Second, 20*time.Millisecond)
	// The standbys hold what the leader wrote.
	want := incidentsOf(t, ds[leader].Store())
	for i, d := range ds {
		if i != leader {
			require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, d.Store())) == before }, 10*time.Second, 20*time.Millisecond)
			require.Equal(t, want, incidentsOf(t, d.Store()), "node %d", i+1)
		}
	}

	// The leader dies while alerts come in.
	published := make(chan error, 1)
	go func() { published <- publishAlertsRetrying(js, before, after, fingerprints) }()
	ds[leader].Kill()
	killed := time.Now()
	next := leaderOf(t, ds, map[int]bool{leader: true}, 15*time.Second)
	took := time.Since(killed)
	t.Logf("node %d leads %s after node %d died", next+1, took, leader+1)
	require.Less(t, took, 10*time.Second)
	require.NoError(t, <-published)

	live := []int{0, 1, 2}
	live = slices.DeleteFunc(live, func(i int) bool { return i == leader })
	for _, i := range live {
		require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, ds[i].Store())) >= before+after },
			60*time.Second, 20*time.Millisecond, "node %d", i+1)
	}
	a, b := incidentsOf(t, ds[live[0]].Store()), incidentsOf(t, ds[live[1]].Store())
	require.Equal(t, int64(before+after), alertsIn(a))
	require.Len(t, a, fingerprints)
	for _, inc := range a {
		require.Equal(t, int64((before+after)/fingerprints), inc.AlertCount, inc.ID)
	}
	require.Eventually(t, func() bool {
		b = incidentsOf(t, ds[live[1]].Store())
		return alertsIn(b) == before+after
	}, 10*time.Second, 20*time.Millisecond)
	require.Equal(t, a, b)

	// Any node tells who leads and how far each is behind; a standby
	// serves reads from its copy and sends writes to the leader.
	standby = live[0]
	if standby == next {
		standby = live[1]
	}
	c := client{t, "http://" + ds[standby].HTTPAddr()}
	var status api.ClusterStatus
	// A standby learns who leads within a second.
	require.Eventually(t, func() bool {
		code, body := c.do("GET", "/api/v1/cluster", nil)
		require.Equal(t, http.StatusOK, code, string(body))
		require.NoError(t, json.Unmarshal(body, &status))
		return status.Leader == fmt.Sprintf("node-%d", next+1)
	}, 5*time.Second, 50*time.Millisecond)
	require.GreaterOrEqual(t, len(status.Nodes), 2)
	require.NotNil(t, status.Snapshot)
	require.Positive(t, status.LastSeq)
	code, body := c.do("GET", "/api/v1/incidents", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var resp *http.Response
	require.Eventually(t, func() bool {
		var err error
		resp, err = noFollow.Post(c.base+"/api/v1/alerts", "application/json", strings.NewReader(`{}`))
		require.NoError(t, err)
		resp.Body.Close()
		return resp.Header.Get("Location") == "http://"+ds[next].HTTPAddr()+"/api/v1/alerts"
	}, 5*time.Second, 50*time.Millisecond)
	require.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)

	// The metrics say who leads and how far behind each node is.
	for i, want := range map[int]string{next: "breachd_cluster_leader 1", standby: "breachd_cluster_leader 0"} {
		code, body := client{t, "http://" + ds[i].HTTPAddr()}.do("GET", "/metrics", nil)
		require.Equal(t, http.StatusOK, code)
		require.Contains(t, string(body), want, "node %d", i+1)
		for _, name := range []string{"breachd_cluster_applied_seq ", "breachd_cluster_lag_records ", "breachd_cluster_lag_seconds ", "breachd_cluster_snapshot_age_seconds "} {
			require.Contains(t, string(body), name, "node %d", i+1)
		}
	}
	require.Equal(t, fmt.Sprintf("node-%d", standby+1), resp.Header.Get("Breachd-Node"))
}

// restartNode stops node i of ds and starts it again on cfg; wipe removes
// its database and its server's JetStream store in between, as a new
// machine in its place would have neither.
func restartNode(t *testing.T, ds []*daemon.Daemon, cfg daemon.Config, i int, wipe bool) {
	t.Helper()
	require.NoError(t, ds[i].Stop(t.Context()))
	if wipe {
		require.NoError(t, os.Remove(cfg.DBPath()))
		require.NoError(t, os.RemoveAll(filepath.Join(cfg.DataDir, "jetstream")))
	}
	ds[i] = daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel).With().Str("node", cfg.NATS.ServerName).Logger())
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	require.NoError(t, ds[i].Start(ctx), "restart node %d", i+1)
}

// clusterStatus is GET /api/v1/cluster on d.
func clusterStatus(t *testing.T, d *daemon.Daemon) api.ClusterStatus {
	t.Helper()
	code, body := client{t, "http://" + d.HTTPAddr()}.do("GET", "/api/v1/cluster", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	var status api.ClusterStatus
	require.NoError(t, json.Unmarshal(body, &status))
	return status
}

// A node that lost its disk starts from the cluster's latest snapshot and
// the log after it (trimmed before it), and holds what the leader holds.
func TestAWipedNodeRejoinsFromTheSnapshotAndTheLog(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster: not with -short")
	}
	ds, cfgs := startClusterWith(t, sharedNATSDir(t), func(c *daemon.Config) {
		c.HA.SnapshotEvery = 3 // a snapshot, and a trimmed log, within seconds
	})
	leader := leaderOf(t, ds, nil, 20*time.Second)
	wiped := (leader + 1) % 3
	nc, err := ds[leader].ConnectNATS(daemon.IdentityProducer)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)

	for round := range 4 { // several transactions, so several records
		require.NoError(t, publishAlertsRetrying(js, round*50, 50, 20))
		require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, ds[leader].Store())) == int64((round+1)*50) },
			30*time.Second, 20*time.Millisecond)
	}
	require.Eventually(t, func() bool {
		s := clusterStatus(t, ds[leader])
		return s.Snapshot != nil && s.Snapshot.Seq >= 3
	}, 20*time.Second, 50*time.Millisecond, "no snapshot past the first records")

	restartNode(t, ds, cfgs[wiped], wiped, true)
	require.NoError(t, publishAlertsRetrying(js, 200, 100, 20))
	require.Eventually(t, func() bool {
		return alertsIn(incidentsOf(t, ds[wiped].Store())) == 300 && alertsIn(incidentsOf(t, ds[leader].Store())) == 300
	}, 30*time.Second, 20*time.Millisecond)
	require.Equal(t, incidentsOf(t, ds[leader].Store()), incidentsOf(t, ds[wiped].Store()))
	require.NoError(t, ds[wiped].Store().Check())
}

// Restarting the three nodes one after the other while alerts come in (a
// rolling upgrade) loses none and counts none twice: leadership moves on
// each clean stop at once, since the stopping leader gives up its lease.
func TestRestartingEveryNodeInTurnUnderLoadLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster: not with -short")
	}
	const fingerprints = 25
	ds, cfgs := startClusterWith(t, sharedNATSDir(t), nil)
	leaderOf(t, ds, nil, 20*time.Second)

	// The producer knows every node's server and moves to another when
	// its own goes away, as a real one given the three URLs does.
	var urls []string
	for _, cfg := range cfgs {
		urls = append(urls, "nats://"+cfg.NATS.Listen)
	}
	nkey, err := nats.NkeyOptionFromSeed(daemon.NATSIdentityFile(cfgs[0].DataDir, daemon.IdentityProducer))
	require.NoError(t, err)
	nc, err := nats.Connect(strings.Join(urls, ","), nkey, nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	stop := make(chan struct{})
	sent := make(chan int, 1)
	var progress atomic.Int64
	go func() {
		n := 0
		defer func() { sent <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if publishAlertsRetrying(js, n, 10, fingerprints) == nil {
				n += 10
				progress.Store(int64(n))
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	for i := range ds {
		// Alerts flow before each restart.
		from := progress.Load()
		require.Eventually(t, func() bool { return progress.Load() >= from+200 }, 30*time.Second, 10*time.Millisecond)
		restartNode(t, ds, cfgs[i], i, false)
		leaderOf(t, ds, nil, 20*time.Second)
		// The next goes once this one is ready: its server has caught
		// up with the cluster's streams.
		require.Eventually(t, func() bool {
			code, _ := client{t, "http://" + ds[i].HTTPAddr()}.do("GET", "/readyz", nil)
			return code == http.StatusOK
		}, 30*time.Second, 50*time.Millisecond, "node %d never ready", i+1)
	}
	close(stop)
	total := int64(<-sent)
	require.Positive(t, total)
	t.Logf("%d alerts sent through three restarts", total)
	leader := leaderOf(t, ds, nil, 20*time.Second)
	require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, ds[leader].Store())) == total }, 60*time.Second, 50*time.Millisecond)
	want := incidentsOf(t, ds[leader].Store())
	require.Len(t, want, fingerprints)
	for i, d := range ds {
		require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, d.Store())) == total }, 30*time.Second, 50*time.Millisecond, "node %d", i+1)
		require.Equal(t, want, incidentsOf(t, d.Store()), "node %d", i+1)
	}
}

// A leader cut off from NATS, its process alive (here: the one server it
// connects to is stopped), stops writing within the lease's TTL while
// another node leads; when its server comes back it stands by and applies
// what the new leader wrote. There is never a second writer: the records
// of the log follow one another, each from one leader.
func TestALeaderCutOffFromNATSStopsWritingAndRejoinsAsAStandby(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster: not with -short")
	}
	// An external cluster, each node connected to one server of its own.
	opts := natstest.ClusterOptions(t, 3)
	servers := make([]*server.Server, 3)
	for i, o := range opts {
		o.Port = natstest.FreePort(t) // the same after a restart
		// Clients learn no other server's URL: a node's connection
		// cannot move to another server, and its server's loss cuts it
		// off.
		o.Cluster.NoAdvertise = true
		ns, err := server.NewServer(o)
		require.NoError(t, err)
		ns.Start()
		servers[i] = ns
	}
	t.Cleanup(func() {
		for _, ns := range servers {
			ns.Shutdown()
		}
	})
	natstest.WaitForCluster(t, servers)
	cfgs := make([]daemon.Config, 3)
	for i := range cfgs {
		cfg := testConfig(t)
		cfg.NATS.URL = servers[i].ClientURL()
		cfg.NATS.ServerName = fmt.Sprintf("node-%d", i+1)
		cfg.Ingest.StreamReplicas = 3
		cfg.Ingest.AckWait = 3 * time.Second
		cfgs[i] = cfg
	}
	ds, err := startAll(t, cfgs)
	require.NoError(t, err)
	leader := leaderOf(t, ds, nil, 20*time.Second)

	nc, js := natstest.ConnectCluster(t, servers, nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	defer nc.Close()
	require.NoError(t, publishAlertsRetrying(js, 0, 100, 10))
	require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, ds[leader].Store())) == 100 }, 30*time.Second, 20*time.Millisecond)

	// Cut off: its server stops; the process and its store live on.
	servers[leader].Shutdown()
	servers[leader].WaitForShutdown()
	cut := time.Now()
	require.Eventually(t, func() bool { return !ds[leader].Leading() }, cfgs[leader].HA.LeaseTTL+2*time.Second, 10*time.Millisecond,
		"the cut-off leader still believes it leads")
	t.Logf("the cut-off leader stopped writing %s after its server went", time.Since(cut))
	next := leaderOf(t, ds, map[int]bool{leader: true}, 15*time.Second)
	applied, err := ds[leader].Store().AppliedSeq()
	require.NoError(t, err)
	require.NoError(t, publishAlertsRetrying(js, 100, 100, 10))
	require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, ds[next].Store())) == 200 }, 30*time.Second, 20*time.Millisecond)
	after, err := ds[leader].Store().AppliedSeq()
	require.NoError(t, err)
	require.Equal(t, applied, after, "the cut-off node wrote")

	// Its server comes back: it stands by and catches up.
	ns, err := server.NewServer(opts[leader])
	require.NoError(t, err)
	ns.Start()
	servers[leader] = ns
	require.Eventually(t, func() bool { return alertsIn(incidentsOf(t, ds[leader].Store())) == 200 }, 60*time.Second, 50*time.Millisecond)
	require.False(t, ds[leader].Leading())
	require.True(t, ds[next].Leading())
	require.Equal(t, incidentsOf(t, ds[next].Store()), incidentsOf(t, ds[leader].Store()))
}

// Every containment action is carried out once across a failover: the
// leader dies while runs wait on the actuator, the new leader resends what
// the dead one had not recorded under the same idempotency key, and the
// actuator (idempotent on the key, as actuators must be) carries out one
// action per incident, none lost and none under a second key.
func TestEveryActionIsCarriedOutOnceAcrossAFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster: not with -short")
	}
	const incidents = 40
	book := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(book, "contain.yaml"), []byte(`name: contain
match: alert.kind == "contain"
steps:
  - name: isolate
    action: isolate_host
    with:
      host: "{{ .Alert.Asset.ID }}"
    timeout: 5s
    retries: 10
`), 0o600))
	ds, _ := startClusterWith(t, sharedNATSDir(t), func(c *daemon.Config) { c.Runs.Playbooks = book })
	leader := leaderOf(t, ds, nil, 20*time.Second)
	survivor := (leader + 1) % 3

	// The actuator: on a server that lives on, slow enough that actions
	// are in flight when the leader dies.
	anc, err := ds[survivor].ConnectNATS(daemon.IdentityActuator)
	require.NoError(t, err)
	defer anc.Close()
	var mu sync.Mutex
	keys := map[string][]string{} // incident → keys carried out
	act, err := actuator.Start(anc, zerolog.Nop(), func(req playbooks.ActionRequest) playbooks.ActionReply {
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		keys[req.IncidentID] = append(keys[req.IncidentID], req.IdempotencyKey)
		return playbooks.ActionReply{OK: true}
	})
	require.NoError(t, err)
	defer act.Stop()

	nc, err := ds[survivor].ConnectNATS(daemon.IdentityProducer)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	for i := range incidents {
		data := fmt.Appendf(nil, `{"id":"c-%d","source":"edr","kind":"contain","time":"2026-03-10T14:00:00Z","severity":"high","title":"host %d","fingerprint":"c-%d","asset":{"id":"host-%d","type":"host"}}`, i, i, i, i)
		_, err := js.Publish(t.Context(), "alerts.edr", data, jetstream.WithMsgID(fmt.Sprintf("c-%d", i)))
		require.NoError(t, err)
	}
	// Some actions are carried out, then the leader dies with others in
	// flight.
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(keys) >= 5
	}, 30*time.Second, 5*time.Millisecond)
	ds[leader].Kill()
	mu.Lock()
	t.Logf("the leader died with %d of %d actions carried out", len(keys), incidents)
	mu.Unlock()
	leaderOf(t, ds, map[int]bool{leader: true}, 15*time.Second)

	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(keys) == incidents
	}, 60*time.Second, 20*time.Millisecond, "not every incident's action was carried out")
	mu.Lock()
	defer mu.Unlock()
	seen := map[string]bool{}
	for inc, ks := range keys {
		require.Len(t, ks, 1, "incident %s: carried out under %d keys %v", inc, len(ks), ks)
		require.False(t, seen[ks[0]], "key %s carried out for two incidents", ks[0])
		seen[ks[0]] = true
	}
}

// A reminder falls due as the leader dies: the new leader delivers it, and
// it lands once in the incident's thread, whether the dead leader had
// posted it without recording so (the post is recognised by its
// metadata) or not at all.
func TestAReminderDueAsTheLeaderDiesIsDeliveredOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster: not with -short")
	}
	const ch = "C-INCIDENTS"
	fake := slackfake.New(t, ch)
	var skip atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skip.Load())) }
	ds, _ := startClusterClocked(t, sharedNATSDir(t), func(c *daemon.Config) {
		c.Slack.BotToken, c.Slack.APIURL, c.Slack.Channel = slackfake.Token, fake.URL(), ch
		c.Slack.SigningSecret = "s3cret"
		c.ReminderInterval = 20 * time.Millisecond
	}, now)
	leader := leaderOf(t, ds, nil, 20*time.Second)
	c := client{t, "http://" + ds[leader].HTTPAddr()}
	alert := map[string]any{"id": "r-1", "source": "edr", "kind": "exfiltration", "time": now().UTC().Format(time.RFC3339),
		"severity": "high", "title": "Mass read of the HR share", "asset": map[string]any{"id": "fs-hr-01", "type": "host"},
		"personal_data": map[string]any{"categories": []string{"contact"}, "subjects": 1200, "jurisdictions": []string{"EU-IE"}}}
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return len(fake.Messages(ch)) == 1 }, 10*time.Second, 10*time.Millisecond, "the incident is posted")
	card := fake.Messages(ch)[0]
	reminders := func() int {
		n := 0
		for _, m := range fake.Messages(ch) {
			if m.ThreadTS == card.TS && strings.Contains(m.Text, ":alarm_clock:") {
				n++
			}
		}
		return n
	}
	// Every node holds the card before the leader goes.
	for i, d := range ds {
		require.Eventually(t, func() bool {
			a, _ := d.Store().AppliedSeq()
			b, _ := ds[leader].Store().AppliedSeq()
			return a == b
		}, 10*time.Second, 10*time.Millisecond, "node %d", i+1)
	}

	// A day before the 72-hour deadline the reminder falls due, and the
	// leader dies.
	skip.Store(int64(48*time.Hour + time.Minute))
	ds[leader].Kill()
	leaderOf(t, ds, map[int]bool{leader: true}, 15*time.Second)
	require.Eventually(t, func() bool { return reminders() >= 1 }, 20*time.Second, 10*time.Millisecond, "the reminder is delivered")
	// The new leader's timers and outbox run every 20 ms: a second
	// delivery would show within this second.
	require.Never(t, func() bool { return reminders() > 1 }, time.Second, 20*time.Millisecond, "the reminder was delivered twice")
}

// A single node's database becomes the cluster's first snapshot when the
// node joins two new ones: its incidents are on all three, none moved
// aside.
func TestASingleNodesDatabaseSeedsTheCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster: not with -short")
	}
	single := testConfig(t)
	d := start(t, single)
	inc := client{t, "http://" + d.HTTPAddr()}.sendExample()
	require.NoError(t, d.Stop(t.Context()))

	// Its NATS identities become the cluster's.
	ds, _ := startClusterWith(t, filepath.Join(single.DataDir, "nats"), func(c *daemon.Config) {
		if c.NATS.ServerName == "node-2" {
			require.NoError(t, os.RemoveAll(c.DataDir))
			require.NoError(t, os.CopyFS(c.DataDir, os.DirFS(single.DataDir)))
		}
	})
	for i, d := range ds {
		require.Eventually(t, func() bool {
			incs := incidentsOf(t, d.Store())
			return len(incs) == 1 && incs[0].ID == inc.ID
		}, 20*time.Second, 20*time.Millisecond, "node %d", i+1)
	}
	matches, err := filepath.Glob(filepath.Join(t.TempDir(), "..", "*", "breachd.db.before-cluster-*"))
	require.NoError(t, err)
	require.Empty(t, matches, "nothing moved aside")
}
