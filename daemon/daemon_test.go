package daemon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/natstest"
	"github.com/breachd/breachd/store"
)

func testConfig(t *testing.T) daemon.Config {
	cfg := daemon.Default()
	cfg.DataDir = t.TempDir()
	cfg.API.HTTPAddr = "127.0.0.1:0"
	cfg.NATS.Listen = "none"
	cfg.Log.Level = "debug"
	cfg.Runs.Playbooks = quietPlaybooks(t)
	return cfg
}

// quietPlaybooks is a playbook set that matches nothing, so that the tests
// of other things see no runs on their timelines; the playbook tests set
// their own.
func quietPlaybooks(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/quiet.yaml", []byte("name: quiet\nmatch: false\nsteps:\n  - name: pause\n    wait: 1h\n"), 0o600))
	return dir
}

func start(t *testing.T, cfg daemon.Config) *daemon.Daemon {
	t.Helper()
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel))
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	return d
}

type client struct {
	t    *testing.T
	base string
}

func (c client) do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(c.t, err)
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.base+path, r)
	require.NoError(c.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, out
}

// sendExample posts examples/alert.json and returns the incident it
// opened, the only one.
func (c client) sendExample() incident.Incident {
	c.t.Helper()
	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(c.t, err)
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(c.t, http.StatusAccepted, code, string(body))
	var incs []incident.Incident
	require.Eventually(c.t, func() bool { incs = c.incidents(""); return len(incs) == 1 }, 10*time.Second, 10*time.Millisecond)
	return incs[0]
}

func (c client) incidents(query string) []incident.Incident {
	c.t.Helper()
	code, body := c.do("GET", "/api/v1/incidents"+query, nil)
	require.Equal(c.t, http.StatusOK, code, string(body))
	var page struct {
		Incidents []incident.Incident `json:"incidents"`
	}
	require.NoError(c.t, json.Unmarshal(body, &page))
	return page.Incidents
}

// The first-run story of the README: post an alert, see the incident, act on
// it, read its timeline and the metrics.
func TestDaemonServesAnIncidentFromAPostedAlert(t *testing.T) {
	d := start(t, testConfig(t))
	c := client{t, "http://" + d.HTTPAddr()}

	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Contains(t, string(body), "gd-7f3a9c1e")

	var incs []incident.Incident
	require.Eventually(t, func() bool { incs = c.incidents(""); return len(incs) == 1 }, 10*time.Second, 10*time.Millisecond)
	inc := incs[0]
	require.Regexp(t, `^INC-\d{4}-\d{4}$`, inc.ID)
	require.Equal(t, incident.SeverityHigh, inc.Severity)
	require.Equal(t, incident.StatusOpen, inc.Status)

	code, body = c.do("POST", "/api/v1/incidents/"+inc.ID+"/ack", map[string]string{"actor": "alice"})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = c.do("POST", "/api/v1/incidents/"+inc.ID+"/status", map[string]string{"status": "contained", "actor": "alice"})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = c.do("POST", "/api/v1/incidents/"+inc.ID+"/status", map[string]string{"status": "acknowledged"})
	require.Equal(t, http.StatusConflict, code, "contained cannot go back to acknowledged")
	require.Contains(t, string(body), "allowed from contained: resolved")
	code, body = c.do("POST", "/api/v1/incidents/"+inc.ID+"/notes", map[string]string{"text": "bucket policy reverted", "actor": "bob"})
	require.Equal(t, http.StatusOK, code, string(body))

	code, body = c.do("GET", "/api/v1/incidents/"+inc.ID+"/timeline", nil)
	require.Equal(t, http.StatusOK, code)
	var tl struct {
		Head   string           `json:"head"`
		Events []incident.Event `json:"events"`
	}
	require.NoError(t, json.Unmarshal(body, &tl))
	var types []incident.EventType
	for _, e := range tl.Events {
		types = append(types, e.Type)
	}
	// The alert's personal data became breach facts and their obligations.
	require.Equal(t, []incident.EventType{incident.EventOpened, incident.EventAlertAttached,
		incident.EventFactsChanged, incident.EventObligationsChanged, incident.EventAcknowledged,
		incident.EventStatusChanged, incident.EventStatusChanged, incident.EventNoteAdded}, types)
	seq, err := incident.VerifyChain(tl.Events)
	require.NoError(t, err, "broken at %d", seq)
	require.Equal(t, tl.Events[len(tl.Events)-1].Hash, tl.Head)

	code, body = c.do("GET", "/metrics", nil)
	require.Equal(t, http.StatusOK, code)
	for _, m := range []string{"breachd_alerts_received_total 1", `breachd_incidents{status="contained"} 1`,
		"breachd_commit_seconds_bucket", "breachd_consumer_pending_messages", `breachd_alerts_rejected_total{edge="nats",reason="too_large"} 0`} {
		require.Contains(t, string(body), m)
	}
	code, _ = c.do("GET", "/readyz", nil)
	require.Equal(t, http.StatusOK, code)

	info, err := os.Stat(d.Store().Path())
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the database is private")
}

func TestDaemonRequiresTheTokenWhenOneIsSet(t *testing.T) {
	cfg := testConfig(t)
	cfg.API.Token = "s3cret-token"
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	code, body := c.do("GET", "/api/v1/incidents", nil)
	require.Equal(t, http.StatusUnauthorized, code)
	require.Contains(t, string(body), "bearer token")
	code, _ = c.do("GET", "/healthz", nil)
	require.Equal(t, http.StatusOK, code, "health stays open for probes")

	req, _ := http.NewRequest("GET", c.base+"/api/v1/incidents", nil)
	req.Header.Set("Authorization", "Bearer s3cret-token")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestDaemonKeepsItsStateAcrossARestart(t *testing.T) {
	cfg := testConfig(t)
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	alert, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	code, _ := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code)
	require.Eventually(t, func() bool { return len(c.incidents("")) == 1 }, 10*time.Second, 10*time.Millisecond)
	require.NoError(t, d.Stop(t.Context()))
	require.NoError(t, d.Stop(t.Context()), "Stop is safe to call twice")

	d2 := start(t, cfg)
	c2 := client{t, "http://" + d2.HTTPAddr()}
	incs := c2.incidents("")
	require.Len(t, incs, 1)
	require.Equal(t, int64(1), incs[0].AlertCount, "the stream's alert is not applied twice")
}

func TestASecondDaemonOnTheSameDataDirectoryIsRefused(t *testing.T) {
	cfg := testConfig(t)
	start(t, cfg)
	d2 := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)))
	err := d2.Start(t.Context())
	require.ErrorIs(t, err, store.ErrLocked)
	require.Contains(t, err.Error(), "another breachd")
}

// The durability story of the spine: 10,000 alerts over 50 fingerprints, the
// daemon killed hard part-way (no drain, nothing more acknowledged), then
// restarted on the same data: every alert is counted exactly once.
func TestEveryAlertIsCountedExactlyOnceAcrossAHardStop(t *testing.T) {
	const alerts, fingerprints = 10_000, 50
	ns := natstest.Start(t) // outlives the daemon, like a real NATS cluster
	cfg := testConfig(t)
	cfg.NATS.URL = ns.ClientURL()
	cfg.Ingest.BatchSize = 200
	cfg.Ingest.MaxAckPending = 1000
	cfg.Ingest.AckWait = 2 * time.Second // the killed daemon's unacked alerts come back quickly
	cfg.Ingest.FloodThreshold = 0        // every alert lists its own event, which this test counts

	d1 := start(t, cfg)
	_, js := natstest.Connect(t, ns)

	var wg sync.WaitGroup
	published := make(chan error, 1)
	wg.Go(func() {
		published <- publishAlerts(js, alerts, fingerprints)
	})

	committed := func(st *store.Store) int64 {
		var n int64
		_ = st.View(func(tx *store.Tx) error {
			page, err := tx.ListIncidents(store.ListQuery{Limit: store.MaxListLimit})
			for _, inc := range page.Incidents {
				n += inc.AlertCount
			}
			return err
		})
		return n
	}
	require.Eventually(t, func() bool { return committed(d1.Store()) >= alerts/3 }, 30*time.Second, time.Millisecond)
	d1.Kill()
	wg.Wait()
	require.NoError(t, <-published)

	d2 := start(t, cfg)
	require.Eventually(t, func() bool { return committed(d2.Store()) >= alerts }, 60*time.Second, 10*time.Millisecond)
	c := client{t, "http://" + d2.HTTPAddr()}
	incs := c.incidents("?limit=1000")
	require.Len(t, incs, fingerprints)
	var total int64
	for _, inc := range incs {
		require.Equal(t, int64(alerts/fingerprints), inc.AlertCount, inc.ID)
		total += inc.AlertCount
	}
	require.Equal(t, int64(alerts), total)
	_, metrics := c.do("GET", "/metrics", nil)
	for _, line := range strings.Split(string(metrics), "\n") {
		if strings.HasPrefix(line, `breachd_alerts_deduplicated_total{reason="redelivery"}`) {
			t.Logf("after the restart: %s", line)
		}
	}

	// Each alert left exactly one alert_attached event, and every chain holds.
	require.NoError(t, d2.Store().View(func(tx *store.Tx) error {
		for _, inc := range incs {
			events, err := tx.Timeline(inc.ID)
			require.NoError(t, err)
			attached := 0
			for _, e := range events {
				if e.Type == incident.EventAlertAttached {
					attached++
				}
			}
			require.Equal(t, alerts/fingerprints, attached, inc.ID)
			require.NoError(t, tx.VerifyTimeline(inc.ID))
		}
		return nil
	}))
	// Everything gets acknowledged in the end.
	cons, err := js.Consumer(t.Context(), "ALERTS", "breachd")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		info, err := cons.Info(t.Context())
		return err == nil && info.AckFloor.Stream == alerts && info.NumAckPending == 0
	}, 30*time.Second, 10*time.Millisecond)
}

func TestConfigPrecedenceIsDefaultsThenFileThenEnvThenFlags(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/breachd.yaml"
	require.NoError(t, os.WriteFile(path, []byte("data_dir: state\nlog_level: warn\nbatch_size: 100\nhttp_addr: 127.0.0.1:9000\n"), 0o600))
	env := map[string]string{"BREACHD_LOG_LEVEL": "error", "BREACHD_BATCH_SIZE": "50"}
	cfg, err := daemon.LoadConfig([]string{"--config", path, "--batch-size", "25"}, func(k string) string { return env[k] }, io.Discard)
	require.NoError(t, err)
	require.Equal(t, dir+"/state", cfg.DataDir, "relative paths in the file are relative to the file")
	require.Equal(t, "127.0.0.1:9000", cfg.API.HTTPAddr, "file over default")
	require.Equal(t, "error", cfg.Log.Level, "env over file")
	require.Equal(t, 25, cfg.Ingest.BatchSize, "flag over env")
	require.Equal(t, daemon.Default().NATS.Listen, cfg.NATS.Listen, "default where nothing is said")
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	noEnv := func(string) string { return "" }
	cases := []struct {
		name string
		args []string
		file string
		says string
	}{
		{"an unknown config key", nil, "data_dri: x\n", "field data_dri not found"},
		{"a bad duration flag", []string{"--dedup-window", "soon"}, "", "--dedup-window"},
		{"a bad log format", []string{"--log-format", "xml"}, "", "log_format"},
		{"a public API address without a token", []string{"--http-addr", "0.0.0.0:8080"}, "", "no API token is set"},
		{"a bad sync policy", []string{"--nats-sync", "sometimes"}, "", "nats_sync"},
		{"an unknown correlation field", []string{"--correlate-by", "asset.colour"}, "", "asset.colour"},
		{"a stray argument", []string{"serve"}, "", "unexpected argument"},
		{"creds without a URL", []string{"--nats-creds", "/x.creds"}, "", "nats_url"},
		{"a correlation rule matching nothing", []string{"--correlation-rules", `[{"correlate_by":["asset.id"],"window":"1m"}]`}, "", "correlation rule 0: needs a source or a kind"},
		{"correlation rules that are not JSON", []string{"--correlation-rules", "{"}, "", "--correlation-rules"},
		{"a correlation rule with an unknown key", nil, "correlation_rules:\n  - {source: x, colour: red}\n", "field colour not found"},
		{"an unknown redaction pattern", []string{"--redact", "email,passport"}, "", `"passport" is not one of`},
		{"a severity spelling for no severity", []string{"--severity-map", `{"urgent":"severe"}`}, "", `severity_map: "urgent"`},
		{"a severity map that is not a map", nil, "severity_map: [P1]\n", "severity_map"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			args := tc.args
			if tc.file != "" {
				path := t.TempDir() + "/c.yaml"
				require.NoError(t, os.WriteFile(path, []byte(tc.file), 0o600))
				args = append(args, "--config", path)
			}
			_, err := daemon.LoadConfig(args, noEnv, io.Discard)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestHelpListsEveryFlagWithItsEnvironmentVariable(t *testing.T) {
	var out strings.Builder
	_, err := daemon.LoadConfig([]string{"--help"}, func(string) string { return "" }, &out)
	require.ErrorIs(t, err, daemon.ErrHelp)
	for _, flag := range []string{"data-dir", "http-addr", "nats-listen", "nats-url", "nats-creds", "nats-sync", "log-level", "log-format", "config"} {
		require.Contains(t, out.String(), "-"+flag)
	}
	require.Contains(t, out.String(), "BREACHD_NATS_URL")
}

// publishAlerts publishes n alerts over the given number of fingerprints, in
// chunks so the async publish window never stalls.
func publishAlerts(js jetstream.JetStream, n, fingerprints int) error {
	return publishAlertsFrom(js, 0, n, fingerprints)
}

// publishAlertsFrom is publishAlerts numbering the alerts from first on.
func publishAlertsFrom(js jetstream.JetStream, first, n, fingerprints int) error {
	const chunk = 500
	for i := first; i < first+n; i++ {
		fp := i % fingerprints
		data := fmt.Appendf(nil, `{"id":"e2e-%d","source":"e2e","kind":"k","time":"2026-03-10T14:00:00Z","severity":"high",
			"title":"alert on asset %d","fingerprint":"fp-%d","asset":{"id":"asset-%d","type":"host"}}`, i, fp, fp, fp)
		if _, err := js.PublishAsync("alerts.e2e", data, jetstream.WithMsgID(fmt.Sprintf("e2e-%d", i))); err != nil {
			return err
		}
		if (i+1-first)%chunk == 0 || i == first+n-1 {
			select {
			case <-js.PublishAsyncComplete():
			case <-time.After(30 * time.Second):
				return fmt.Errorf("publishes not acknowledged")
			}
		}
	}
	return nil
}

func TestAnEmbeddedNATSAddressInUseFailsTheStartAtOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	cfg := testConfig(t)
	cfg.NATS.Listen = ln.Addr().String()
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)))
	start := time.Now()
	err = d.Start(t.Context())
	require.Error(t, err)
	require.Contains(t, err.Error(), "address already in use")
	require.Contains(t, err.Error(), "--nats-listen")
	require.Less(t, time.Since(start), 10*time.Second)
}

// A storm of identical alerts stays one incident with a correct count and a
// bounded timeline (flood protection).
func TestAStormOfOneAlertStaysOneBoundedIncident(t *testing.T) {
	const alerts = 20_000
	ns := natstest.Start(t)
	cfg := testConfig(t)
	cfg.NATS.URL = ns.ClientURL()
	d := start(t, cfg)
	_, js := natstest.Connect(t, ns)
	require.NoError(t, publishAlerts(js, alerts, 1))
	c := client{t: t, base: "http://" + d.HTTPAddr()}
	var incs []incident.Incident
	require.Eventually(t, func() bool {
		incs = c.incidents("")
		return len(incs) == 1 && incs[0].AlertCount == alerts
	}, 60*time.Second, 20*time.Millisecond)
	inc := incs[0]
	require.Equal(t, int64(alerts-cfg.Ingest.FloodThreshold-1), inc.CollapsedAlerts, "the opening alert and 100 duplicates listed, the rest counted")
	require.NoError(t, d.Store().View(func(tx *store.Tx) error {
		events, err := tx.Timeline(inc.ID)
		require.Less(t, len(events), 200, "the timeline stays bounded")
		return err
	}))
}
