package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
)

// How long tests wait for the pipeline, and how often they look.
const (
	waitFor = 10 * time.Second
	tick    = 10 * time.Millisecond
)

// testDaemon is a breachd running in-process on a temp data dir, and the
// flags that point breachctl at it.
type testDaemon struct {
	t     *testing.T
	cfg   daemon.Config
	d     *daemon.Daemon
	url   string
	token string // passed as --token when set
}

// startDaemon starts a daemon on 127.0.0.1:0 without a NATS listener.
func startDaemon(t *testing.T, configure ...func(*daemon.Config)) *testDaemon {
	t.Helper()
	cfg := daemon.Default()
	cfg.DataDir = t.TempDir()
	cfg.API.HTTPAddr = "127.0.0.1:0"
	cfg.NATS.Listen = "none"
	for _, fn := range configure {
		fn(&cfg)
	}
	td := &testDaemon{t: t, cfg: cfg, token: cfg.API.Token}
	td.start()
	return td
}

func (td *testDaemon) start() {
	td.t.Helper()
	d := daemon.New(td.cfg, zerolog.New(zerolog.NewTestWriter(td.t)).Level(zerolog.InfoLevel))
	require.NoError(td.t, d.Start(td.t.Context()))
	td.t.Cleanup(func() { _ = d.Stop(context.Background()) })
	td.d, td.url = d, "http://"+d.HTTPAddr()
}

// stop stops the daemon, releasing its database file.
func (td *testDaemon) stop() {
	td.t.Helper()
	require.NoError(td.t, td.d.Stop(context.Background()))
}

// result is one breachctl run.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// runCtl runs breachctl with args as given.
func runCtl(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// ctl runs breachctl against the daemon.
func (td *testDaemon) ctl(args ...string) result {
	td.t.Helper()
	return td.ctlIn("", args...)
}

// ctlIn runs breachctl against the daemon with stdin.
func (td *testDaemon) ctlIn(stdin string, args ...string) result {
	td.t.Helper()
	flags := []string{"--server", td.url}
	if td.token != "" {
		flags = append(flags, "--token", td.token)
	}
	return runCtl(td.t, stdin, append(flags, args...)...)
}

// mustCtl runs breachctl and requires it to succeed.
func (td *testDaemon) mustCtl(args ...string) result {
	td.t.Helper()
	r := td.ctl(args...)
	require.Equal(td.t, 0, r.code, r.String())
	return r
}

// alert returns a valid alert about its own asset, so that each one opens
// its own incident.
func alert(id string, severity string) map[string]any {
	return map[string]any{
		"id":       id,
		"source":   "guardduty",
		"kind":     "s3-bucket-public",
		"time":     time.Now().UTC().Format(time.RFC3339),
		"severity": severity,
		"title":    "Bucket " + id + " is publicly readable",
		"asset":    map[string]any{"id": "s3://bucket-" + id, "type": "bucket", "tenant": "acme-eu"},
	}
}

// withPersonalData adds what the producer knows about the personal data
// involved: 120 EU subjects, which gives the incident breach facts.
func withPersonalData(a map[string]any) map[string]any {
	a["personal_data"] = map[string]any{
		"categories": []string{"name", "email"}, "subjects": 120, "jurisdictions": []string{"EU-IE"},
	}
	return a
}

// writeFile writes v as JSON into a temp file and returns its path.
func writeFile(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "alerts.json")
	require.NoError(t, os.WriteFile(path, raw, 0o600))
	return path
}

// send posts alerts with breachctl and waits until the daemon has turned
// them into incidents (the pipeline commits asynchronously). It returns
// every incident, newest first.
func (td *testDaemon) send(alerts ...map[string]any) []*incident.Incident {
	td.t.Helper()
	want := len(alerts)
	for _, inc := range td.incidents() {
		want += int(inc.AlertCount)
	}
	r := td.ctl("alert", "send", writeFile(td.t, alerts))
	require.Equal(td.t, 0, r.code, r.String())
	var incs []*incident.Incident
	require.Eventually(td.t, func() bool {
		incs = td.incidents()
		var got int
		for _, inc := range incs {
			got += int(inc.AlertCount)
		}
		return got >= want
	}, waitFor, tick, "alerts did not become incidents")
	return incs
}

// incidents lists every incident through the API.
func (td *testDaemon) incidents() []*incident.Incident {
	td.t.Helper()
	cl, err := NewClient(td.url, td.token)
	require.NoError(td.t, err)
	listed, err := listAll(td.t.Context(), cl, ListOptions{Limit: maxPageSize}, nil)
	require.NoError(td.t, err)
	incs := make([]*incident.Incident, len(listed))
	for i, l := range listed {
		incs[i] = l.Incident
	}
	return incs
}

// openIncident sends one alert and returns the incident it opened.
func (td *testDaemon) openIncident(id, severity string) *incident.Incident {
	td.t.Helper()
	incs := td.send(alert(id, severity))
	for _, inc := range incs {
		if inc.Asset.ID == "s3://bucket-"+id {
			return inc
		}
	}
	td.t.Fatalf("no incident for alert %s", id)
	return nil
}

func TestHelpListsEveryCommand(t *testing.T) {
	r := runCtl(t, "", "--help")
	require.Equal(t, 0, r.code, r.String())
	for _, cmd := range []string{"alert send", "incidents list", "incident show", "timeline", "ack", "status", "note", "verify", "backup", "deadlines", "cluster status"} {
		require.Contains(t, r.stdout, cmd)
	}
	for _, flag := range []string{"--server", "--token", "-o, --output", "BREACHCTL_SERVER", "BREACHD_API_TOKEN", defaultServer} {
		require.Contains(t, r.stdout, flag)
	}
}

// --version needs no command and no daemon.
func TestVersionPrintsTheBuild(t *testing.T) {
	r := runCtl(t, "", "--version")
	require.Equal(t, exitOK, r.code, r.String())
	require.Regexp(t, `^breachctl \S+ commit \S+ (\(modified\) )?date \S+`, r.stdout)
	require.Empty(t, r.stderr)
}

func TestAWrongCommandLineIsAUsageError(t *testing.T) {
	for name, args := range map[string][]string{
		"an unknown command":      {"frobnicate"},
		"a missing argument":      {"note", "INC-2026-0001"},
		"an unknown output":       {"-o", "yaml", "verify"},
		"a server that is no URL": {"--server", "ftp://example", "verify"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCtl(t, "", args...)
			require.Equal(t, exitUsage, r.code, r.String())
			require.True(t, strings.HasPrefix(r.stderr, "breachctl: "), r.String())
		})
	}
}

func TestAnUnreachableServerIsNamedWithHowToStartIt(t *testing.T) {
	// A port that was just free: nothing listens on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	server := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())

	r := runCtl(t, "", "--server", server, "incidents", "list")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "breachctl: cannot reach breachd at "+server)
	require.Contains(t, r.stderr, "connection refused")
	require.Contains(t, r.stderr, "make run")
	require.Empty(t, r.stdout)
}

func TestTheServerComesFromTheEnvironment(t *testing.T) {
	td := startDaemon(t)
	td.openIncident("env-1", "high")
	t.Setenv("BREACHCTL_SERVER", td.url)
	t.Setenv("BREACHD_API_TOKEN", "")
	r := runCtl(t, "", "incidents", "list")
	require.Equal(t, 0, r.code, r.String())
	require.Contains(t, r.stdout, "s3://bucket-env-1")
}

func TestATokenIsSentAndAWrongOneIsExplainedNotPrinted(t *testing.T) {
	td := startDaemon(t, func(c *daemon.Config) { c.API.Token = "s3cret-token" })
	td.openIncident("tok-1", "high")
	t.Setenv("BREACHD_API_TOKEN", "")

	t.Run("a missing token is named as missing", func(t *testing.T) {
		r := runCtl(t, "", "--server", td.url, "incidents", "list")
		require.Equal(t, exitError, r.code, r.String())
		require.Contains(t, r.stderr, "needs a token and none was given")
		require.Contains(t, r.stderr, "(HTTP 401)")
	})
	t.Run("a wrong token is named as wrong and not printed", func(t *testing.T) {
		r := runCtl(t, "", "--server", td.url, "--token", "guessed-token", "incidents", "list")
		require.Equal(t, exitError, r.code, r.String())
		require.Equal(t, "breachctl: the API refused the token: it is wrong for this server (check BREACHD_API_TOKEN or --token) (HTTP 401)\n", r.stderr)
		require.NotContains(t, r.stderr+r.stdout, "guessed-token")
		require.NotContains(t, r.stderr+r.stdout, "s3cret")
	})
	t.Run("the right token from the environment works", func(t *testing.T) {
		t.Setenv("BREACHD_API_TOKEN", "s3cret-token")
		r := runCtl(t, "", "--server", td.url, "incidents", "list")
		require.Equal(t, 0, r.code, r.String())
		require.Contains(t, r.stdout, "s3://bucket-tok-1")
		require.NotContains(t, r.stderr+r.stdout, "s3cret")
	})
}

func TestAPIErrorsArePrintedWithTheirStatus(t *testing.T) {
	td := startDaemon(t)
	r := td.ctl("incident", "show", "INC-2026-9999")
	require.Equal(t, exitError, r.code, r.String())
	require.Equal(t, "breachctl: incident INC-2026-9999: not found (HTTP 404)\n", r.stderr)
	require.Empty(t, r.stdout)

	r = td.ctl("incident", "show", "not-an-id")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "(HTTP 400)")
	require.Contains(t, r.stderr, "want INC-YYYY-NNNN")
}

func TestCellsCannotCarryTerminalControls(t *testing.T) {
	require.Equal(t, "a  [31mred b  c", cell("a \x1b[31mred\tb\r\nc", 0))
	require.Equal(t, "abc…", cell("abcdef", 3))
	require.Equal(t, "ab?c", cell("ab\xffc", 0))
	require.Equal(t, "ünï", cell("ünï", 3))
}
