package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/natstest"
	"github.com/breachd/breachd/store"
)

// node is one breachd process of a three-node cluster on loopback.
type node struct {
	name, dataDir, api string
	args               []string
	cmd                *exec.Cmd
	log                *os.File
}

func (n *node) start(t *testing.T, bin string) {
	t.Helper()
	n.cmd = exec.Command(bin, n.args...)
	n.cmd.Stdout, n.cmd.Stderr = n.log, n.log
	require.NoError(t, n.cmd.Start())
	cmd := n.cmd
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
}

// leading reports whether the node's breachd_cluster_leader is 1.
func (n *node) leading() bool {
	resp, err := http.Get(n.api + "/metrics")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return err == nil && strings.Contains(string(raw), "\nbreachd_cluster_leader 1\n")
}

// lagRecords is the node's breachd_cluster_lag_records; -1 when it does
// not answer.
func (n *node) lagRecords() int {
	resp, err := http.Get(n.api + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "breachd_cluster_lag_records "); ok {
			if n, err := strconv.Atoi(v); err == nil {
				return n
			}
		}
	}
	return -1
}

// alerts sums the alert counts of the node's incidents; -1 when it does
// not answer.
func (n *node) alerts() int64 {
	resp, err := http.Get(n.api + "/api/v1/incidents?limit=1000")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var page struct {
		Incidents []incident.Incident `json:"incidents"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&page) != nil {
		return -1
	}
	var sum int64
	for _, inc := range page.Incidents {
		sum += inc.AlertCount
	}
	return sum
}

// failoverKills is how many times the test kills the leader: 1, or
// BREACHD_FAILOVER_KILLS (20 for the figures of docs/ha.md).
func failoverKills(t *testing.T) int {
	v := os.Getenv("BREACHD_FAILOVER_KILLS")
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	require.NoError(t, err, "BREACHD_FAILOVER_KILLS")
	return n
}

// Three breachd processes form a cluster on loopback. Under a steady alert
// load the leader's process is killed with SIGKILL: a standby leads within
// ten seconds and commits alerts, the killed node is started again and
// stands by. At the end every alert the stream acknowledged to the
// producer is counted exactly once on every node, and the three databases
// hold the same incidents, every timeline verified.
func TestKillingTheLeaderProcessHandsOverWithinTenSeconds(t *testing.T) {
	if testing.Short() {
		t.Skip("three breachd processes: not with -short")
	}
	const fingerprints = 20
	kills := failoverKills(t)
	bin := buildDaemon(t)
	shared := t.TempDir()
	out, err := exec.Command(bin, "nats-identities", "--data-dir", shared).CombinedOutput()
	require.NoError(t, err, string(out))
	quiet := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(quiet, "quiet.yaml"), []byte("name: quiet\nmatch: false\nsteps:\n  - name: pause\n    wait: 1h\n"), 0o600))

	var routes, urls []string
	nodes := make([]*node, 3)
	routePorts := []int{natstest.FreePort(t), natstest.FreePort(t), natstest.FreePort(t)}
	for _, p := range routePorts {
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", p))
	}
	logs := t.TempDir()
	if dir := os.Getenv("BREACHD_TEST_ARTIFACTS"); dir != "" {
		logs = dir // kept for a look after the run
		require.NoError(t, os.MkdirAll(logs, 0o755))
	}
	for i := range nodes {
		n := &node{name: fmt.Sprintf("node-%d", i+1), dataDir: t.TempDir()}
		require.NoError(t, os.CopyFS(filepath.Join(n.dataDir, "nats"), os.DirFS(filepath.Join(shared, "nats"))))
		apiAddr := fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
		natsAddr := fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
		n.api = "http://" + apiAddr
		urls = append(urls, "nats://"+natsAddr)
		n.args = []string{"--data-dir", n.dataDir, "--nats-server-name", n.name, "--http-addr", apiAddr,
			"--nats-listen", natsAddr, "--nats-cluster-listen", fmt.Sprintf("127.0.0.1:%d", routePorts[i]),
			"--nats-routes", strings.Join(routes, ","), "--stream-replicas", "3", "--ack-wait", "3s",
			"--playbooks", quiet, "--log-format", "json", "--log-level", "info"}
		n.log, err = os.Create(filepath.Join(logs, n.name+".log"))
		require.NoError(t, err)
		defer n.log.Close()
		n.start(t, bin)
		nodes[i] = n
	}
	defer func() {
		if t.Failed() {
			for _, n := range nodes {
				raw, _ := os.ReadFile(n.log.Name())
				t.Logf("%s's log, its end (without the NATS server's lines):\n%s", n.name, tail(breachdLines(string(raw)), 6000))
			}
		}
	}()
	// Who leads, as each node's own metric says (no JetStream asked).
	leaderIndex := func(except string) int {
		for i, n := range nodes {
			if n.name != except && n.leading() {
				return i
			}
		}
		return -1
	}
	require.Eventually(t, func() bool { return leaderIndex("") >= 0 }, 90*time.Second, 100*time.Millisecond, "no node leads")

	// A producer that knows every node's server publishes steadily, each
	// alert again until the stream acknowledges it.
	nkey, err := nats.NkeyOptionFromSeed(daemon.NATSIdentityFile(shared, daemon.IdentityProducer))
	require.NoError(t, err)
	nc, err := nats.Connect(strings.Join(urls, ","), nkey, nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	var acked atomic.Int64
	stop := make(chan struct{})
	published := make(chan struct{})
	go func() {
		defer close(published)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond): // about 150 alerts a second
			}
			fp := i % fingerprints
			data := fmt.Appendf(nil, `{"id":"ha-%d","source":"ha","kind":"k","time":"2026-03-10T14:00:00Z","severity":"high","title":"alert on asset %d","fingerprint":"fp-%d","asset":{"id":"asset-%d","type":"host"}}`, i, fp, fp, fp)
			for {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				_, err := js.Publish(ctx, "alerts.ha", data, jetstream.WithMsgID(fmt.Sprintf("ha-%d", i)))
				cancel()
				if err == nil {
					acked.Add(1)
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
	}()

	var led, took []time.Duration
	for k := range kills {
		leader := leaderIndex("")
		require.GreaterOrEqual(t, leader, 0)
		// Alerts flow, then the leader dies.
		from := acked.Load()
		require.Eventually(t, func() bool { return acked.Load() >= from+100 }, 30*time.Second, 10*time.Millisecond)
		dead := nodes[leader]
		require.NoError(t, dead.cmd.Process.Signal(syscall.SIGKILL))
		killed := time.Now()
		_ = dead.cmd.Wait()
		var next int
		var base int64
		require.Eventually(t, func() bool {
			if next = leaderIndex(dead.name); next < 0 {
				return false
			}
			base = nodes[next].alerts()
			return base >= 0
		}, 15*time.Second, 20*time.Millisecond, "kill %d: no other node leads", k+1)
		led = append(led, time.Since(killed))
		require.Less(t, led[k], 10*time.Second, "kill %d: a standby leads within ten seconds", k+1)
		// The failover ends at the first alert the new leader commits:
		// that also waits for the streams whose leader was on the dead
		// server to elect another.
		require.Eventually(t, func() bool { return nodes[next].alerts() > base }, 30*time.Second, 20*time.Millisecond)
		took = append(took, time.Since(killed))
		t.Logf("kill %d: %s killed, %s leads %s later and commits alerts %s later", k+1, dead.name, nodes[next].name,
			led[k].Round(time.Millisecond), took[k].Round(time.Millisecond))

		// The dead node comes back, as its supervisor would start it, and
		// stands by.
		dead.start(t, bin)
		require.Eventually(t, func() bool {
			resp, err := http.Get(dead.api + "/readyz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		}, 60*time.Second, 100*time.Millisecond, "%s never ready again", dead.name)
		// and has applied what it missed: the next kill takes one node
		// of a cluster that is whole again.
		require.Eventually(t, func() bool { return dead.lagRecords() == 0 }, 60*time.Second, 100*time.Millisecond,
			"%s never caught up", dead.name)
	}
	slices.Sort(led)
	slices.Sort(took)
	t.Logf("over %d kills: a standby leads after %s median, %s worst; the first alert is committed after %s median, %s worst", kills,
		led[len(led)/2].Round(time.Millisecond), led[len(led)-1].Round(time.Millisecond),
		took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))

	close(stop)
	<-published
	total := acked.Load()
	for _, n := range nodes {
		require.Eventually(t, func() bool { return n.alerts() == total }, 60*time.Second, 50*time.Millisecond,
			"%s: %d alerts where %d were acknowledged", n.name, n.alerts(), total)
	}
	// Stopped cleanly, the three databases hold the same incidents, each
	// timeline's chain whole.
	for _, n := range nodes {
		require.NoError(t, n.cmd.Process.Signal(syscall.SIGTERM))
	}
	for _, n := range nodes {
		_ = n.cmd.Wait()
	}
	var want []incident.Incident
	for i, n := range nodes {
		st, err := store.Open(filepath.Join(n.dataDir, "breachd.db"), store.Options{ReadOnly: true})
		require.NoError(t, err)
		var got []incident.Incident
		require.NoError(t, st.View(func(tx *store.Tx) error {
			page, err := tx.ListIncidents(store.ListQuery{Limit: store.MaxListLimit})
			require.NoError(t, err)
			for _, inc := range page.Incidents {
				require.NoError(t, tx.VerifyTimeline(inc.ID), "%s %s", n.name, inc.ID)
				got = append(got, *inc)
			}
			return nil
		}))
		require.NoError(t, st.Close())
		slices.SortFunc(got, func(a, b incident.Incident) int { return strings.Compare(a.ID, b.ID) })
		require.Len(t, got, fingerprints, n.name)
		if i == 0 {
			want = got
			continue
		}
		require.Equal(t, want, got, n.name)
	}
}

// breachdLines drops the embedded NATS server's lines from a log.
func breachdLines(log string) string {
	var keep []string
	for _, line := range strings.Split(log, "\n") {
		if !strings.Contains(line, `"component":"nats"`) {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// tail is the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
