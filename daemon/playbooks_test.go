package daemon_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/runs/actuator"
	"github.com/breachd/breachd/store"
)

type runsBody struct {
	Incident string          `json:"incident"`
	Runs     []*incident.Run `json:"runs"`
}

func (c client) runs(id string) runsBody {
	c.t.Helper()
	code, body := c.do("GET", "/api/v1/incidents/"+id+"/runs", nil)
	require.Equal(c.t, http.StatusOK, code, string(body))
	var rb runsBody
	require.NoError(c.t, json.Unmarshal(body, &rb))
	return rb
}

// startActuator serves the example actuator on the daemon's NATS server,
// over TCP as an actuator does: with the actuator identity's seed file.
func startActuator(t *testing.T, d *daemon.Daemon, dataDir string) *actuator.Actuator {
	t.Helper()
	nkey, err := nats.NkeyOptionFromSeed(daemon.NATSIdentityFile(dataDir, daemon.IdentityActuator))
	require.NoError(t, err)
	nc, err := nats.Connect(d.NATSURL(), nkey)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	act, err := actuator.Start(nc, zerolog.New(zerolog.NewTestWriter(t)), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = act.Stop() })
	return act
}

// postRansomware posts the sample ransomware alert and returns the
// incident it opens once its run has started.
func (c client) postRansomware() string {
	c.t.Helper()
	alert, err := os.ReadFile("../playbooks/examples/alerts/ransomware.json")
	require.NoError(c.t, err)
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(c.t, http.StatusAccepted, code, string(body))
	var id string
	require.Eventually(c.t, func() bool {
		if incs := c.incidents(""); len(incs) == 1 && len(c.runs(incs[0].ID).Runs) == 1 {
			id = incs[0].ID
		}
		return id != ""
	}, 10*time.Second, 10*time.Millisecond)
	return id
}

// The whole loop of `make run` with the example actuator: the shipped
// ransomware playbook snapshots memory, waits for an approval (someone
// not allowed is refused), isolates the host, snapshots the disk, records
// facts and tells security.
func TestAShippedPlaybookRunsFromAnAlertToItsEnd(t *testing.T) {
	cfg := testConfig(t)
	cfg.Runs.Playbooks = "" // the shipped examples
	cfg.NATS.Listen = "127.0.0.1:0"
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	act := startActuator(t, d, cfg.DataDir)
	id := c.postRansomware()

	var run *incident.Run
	require.Eventually(t, func() bool {
		rb := c.runs(id)
		if len(rb.Runs) != 1 {
			return false
		}
		run = rb.Runs[0]
		return run.Status == incident.RunWaiting
	}, 10*time.Second, 10*time.Millisecond)
	require.Equal(t, "ransomware-host", run.Playbook)
	require.Equal(t, incident.StepDone, run.Steps[0].Status, "memory snapshot before the approval")
	require.Equal(t, incident.StepWaiting, run.Steps[1].Status)

	decide := func(approver string) (int, []byte) {
		return c.do("POST", "/api/v1/incidents/"+id+"/approvals", map[string]string{
			"run": run.ID, "step": "approve-isolation", "decision": "approve", "approver": approver, "comment": "go"})
	}
	code, body := decide("mallory@example.com")
	require.Equal(t, http.StatusForbidden, code, string(body))
	code, body = decide("alice@example.com")
	require.Equal(t, http.StatusOK, code, string(body))

	require.Eventually(t, func() bool {
		run = c.runs(id).Runs[0]
		return run.Status == incident.RunDone
	}, 15*time.Second, 20*time.Millisecond)
	for _, s := range run.Steps {
		require.Equal(t, incident.StepDone, s.Status, s.Name)
	}
	require.Equal(t, 3, act.Served(), "snapshot-memory, isolate, snapshot-disk")

	code, body = c.do("GET", "/api/v1/incidents/"+id+"/timeline", nil)
	require.Equal(t, http.StatusOK, code)
	var tl struct {
		Events []incident.Event `json:"events"`
	}
	require.NoError(t, json.Unmarshal(body, &tl))
	count := map[incident.EventType]int{}
	for _, e := range tl.Events {
		count[e.Type]++
	}
	require.Equal(t, 1, count[incident.EventRunStarted])
	require.Equal(t, 1, count[incident.EventApprovalRefused])
	require.Equal(t, 1, count[incident.EventApprovalRecorded])
	require.Equal(t, 6, count[incident.EventStepDone])
	require.Equal(t, 1, count[incident.EventRunEnded])
	_, err := incident.VerifyChain(tl.Events)
	require.NoError(t, err)
}

// A reload with a broken file is refused whole with every problem, and the
// set in force keeps running.
func TestAReloadWithABrokenFileIsRefused(t *testing.T) {
	cfg := testConfig(t)
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	broken := filepath.Join(cfg.Runs.Playbooks, "broken.yaml")
	require.NoError(t, os.WriteFile(broken, []byte("name: broken\nmatch: alert.kind ==\nsteps:\n  - name: x\n    action: launch_missiles\n"), 0o600))
	code, body := c.do("POST", "/api/v1/playbooks/reload", nil)
	require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
	var resp struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
		Problems []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"problems"`
	}
	require.NoError(t, json.Unmarshal(body, &resp))
	require.Equal(t, "invalid_playbooks", resp.Error.Code)
	require.GreaterOrEqual(t, len(resp.Problems), 2)
	require.Equal(t, broken, resp.Problems[0].File)

	require.NoError(t, os.Remove(broken))
	code, body = c.do("POST", "/api/v1/playbooks/reload", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.JSONEq(t, `{"playbooks": ["quiet"]}`, string(body))
}

// An invalid playbook set fails the start, naming every problem.
func TestAnInvalidPlaybookSetFailsTheStart(t *testing.T) {
	cfg := testConfig(t)
	require.NoError(t, os.WriteFile(filepath.Join(cfg.Runs.Playbooks, "broken.yaml"), []byte("name: broken\nmatch: alert.kind ==\nsteps:\n  - name: x\n    action: launch_missiles\n"), 0o600))
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)))
	err := d.Start(t.Context())
	require.Error(t, err)
	require.Contains(t, err.Error(), "broken.yaml:2:")
	require.Contains(t, err.Error(), "launch_missiles")
}

// A crash with an action in the outbox and no actuator to take it, then a
// restart with one: the action is carried out once, the approval still
// waits, and the run ends after it as if nothing had happened.
func TestARunSurvivesACrash(t *testing.T) {
	cfg := testConfig(t)
	cfg.Runs.Playbooks = ""
	cfg.NATS.Listen = "127.0.0.1:0"
	d1 := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel))
	require.NoError(t, d1.Start(t.Context()))
	c := client{t, "http://" + d1.HTTPAddr()}
	id := c.postRansomware()
	require.Equal(t, incident.StepRunning, c.runs(id).Runs[0].Steps[0].Status, "no actuator yet")
	d1.Kill()

	d2 := start(t, cfg)
	c = client{t, "http://" + d2.HTTPAddr()}
	act := startActuator(t, d2, cfg.DataDir)

	var run *incident.Run
	require.Eventually(t, func() bool {
		run = c.runs(id).Runs[0]
		return run.Status == incident.RunWaiting
	}, 20*time.Second, 20*time.Millisecond, "the action is sent again after the restart")
	code, body := c.do("POST", "/api/v1/incidents/"+id+"/approvals", map[string]string{
		"run": run.ID, "step": "approve-isolation", "decision": "approve", "approver": "bob@example.com"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Eventually(t, func() bool { return c.runs(id).Runs[0].Status == incident.RunDone }, 15*time.Second, 20*time.Millisecond)
	require.Equal(t, 3, act.Served())
	require.NoError(t, d2.Store().View(func(tx *store.Tx) error {
		events, err := tx.Timeline(id)
		n := 0
		for _, e := range events {
			if e.Type == incident.EventStepDone && strings.Contains(string(e.Data), "snapshot-memory") {
				n++
			}
		}
		require.Equal(t, 1, n, "the memory snapshot is done once")
		return err
	}))
}
