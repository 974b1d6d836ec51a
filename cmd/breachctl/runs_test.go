package main

import (
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/runs/actuator"
)

// A ransomware alert runs the shipped playbook up to its approval; runs
// shows where it stands, approve by someone not allowed is refused, and
// approve by an approver carries it to its end.
func TestRunsApproveAndReject(t *testing.T) {
	td := startDaemon(t, func(c *daemon.Config) { c.NATS.Listen = "127.0.0.1:0" })
	nc, err := td.d.ConnectNATS(daemon.IdentityActuator)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	act, err := actuator.Start(nc, zerolog.Nop(), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = act.Stop() })

	r := td.mustCtl("alert", "send", "../../playbooks/examples/alerts/ransomware.json")
	require.Contains(t, r.stdout, "edr-9c2e41")
	var id string
	require.Eventually(t, func() bool {
		if incs := td.incidents(); len(incs) == 1 {
			id = incs[0].ID
		}
		return id != "" && strings.Contains(td.mustCtl("runs", id).stdout, "approve-isolation  approval  waiting")
	}, waitFor, tick)
	run := id + "/ransomware-host"
	r = td.mustCtl("runs", id)
	require.Contains(t, r.stdout, run+"  waiting")
	require.Contains(t, r.stdout, "0 of 1 approvals, expires")

	// The incident alone lists what waits for a decision, and from whom.
	r = td.mustCtl("approve", id)
	require.Regexp(t, `(?m)^RUN +STEP +APPROVALS +APPROVERS +EXPIRES +MESSAGE\n`+
		`ransomware-host +approve-isolation +0 of 1 +alice@example.com, bob@example.com, carol@example.com +\d{4}-\d\d-\d\dT\S+Z +Isolate fs-paris-02 from the network`, r.stdout)
	require.Contains(t, r.stderr, "decide with: breachctl approve "+id+" RUN STEP")
	r = td.mustCtl("-o", "json", "reject", id)
	require.Contains(t, r.stdout, `"run_id": "`+run+`"`)
	require.Contains(t, r.stdout, `"approvers": [`)

	r = td.ctl("approve", id, "ransomware-host")
	require.Equal(t, exitUsage, r.code, "a run needs its step: %s", r)
	require.Contains(t, r.stderr, "name the approval step")
	r = td.ctl("approve", id, "no-such-playbook", "approve-isolation")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, `has no run of playbook "no-such-playbook"; its runs are `+run)

	// Someone not allowed is told who may approve.
	r = td.ctl("approve", id, run, "approve-isolation", "--actor", "mallory@example.com")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "mallory@example.com may not decide on approve-isolation of "+run+
		"; its approvers are alice@example.com, bob@example.com and carol@example.com (HTTP 403)")

	// The playbook's name alone names the incident's one run of it.
	r = td.mustCtl("approve", id, "ransomware-host", "approve-isolation", "--actor", "alice@example.com", "--comment", "isolate it")
	require.Contains(t, r.stdout, "approve-isolation approved by alice@example.com")
	require.Contains(t, td.mustCtl("approve", id).stdout, "has no approvals waiting for a decision")
	require.Eventually(t, func() bool { return strings.Contains(td.mustCtl("runs", id).stdout, run+"  done") }, waitFor, tick)

	r = td.ctl("reject", id, run, "approve-isolation", "--actor", "bob@example.com")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "(HTTP 409)", "the approval is over")

	r = td.mustCtl("-o", "json", "runs", id)
	require.Contains(t, r.stdout, `"approver": "alice@example.com"`)
}

func TestAPlaybooksNameResolvesToItsRun(t *testing.T) {
	waiting := func(id string) *incident.Run {
		return &incident.Run{ID: id, Playbook: "per-alert", Steps: []incident.RunStep{{Name: "gate", Kind: "approval", Status: incident.StepWaiting}}}
	}
	done := func(id string) *incident.Run {
		return &incident.Run{ID: id, Playbook: "per-alert", Steps: []incident.RunStep{{Name: "gate", Kind: "approval", Status: incident.StepDone}}}
	}
	other := &incident.Run{ID: "INC-1/other", Playbook: "other"}
	for _, tc := range []struct {
		name    string
		runs    []*incident.Run
		want    string
		wantErr string
	}{
		{name: "the one run of the playbook", runs: []*incident.Run{other, done("INC-1/per-alert/a")}, want: "INC-1/per-alert/a"},
		{name: "the one run whose step waits, among several", runs: []*incident.Run{done("INC-1/per-alert/a"), waiting("INC-1/per-alert/b")}, want: "INC-1/per-alert/b"},
		{name: "two waiting runs are ambiguous, and named", runs: []*incident.Run{waiting("INC-1/per-alert/a"), done("INC-1/per-alert/c"), waiting("INC-1/per-alert/b")},
			wantErr: `playbook "per-alert" has 2 runs on INC-1 that gate could mean; give the run id, one of INC-1/per-alert/a, INC-1/per-alert/b`},
		{name: "two settled runs are ambiguous too", runs: []*incident.Run{done("INC-1/per-alert/a"), done("INC-1/per-alert/b")},
			wantErr: `playbook "per-alert" has 2 runs on INC-1 that gate could mean; give the run id, one of INC-1/per-alert/a, INC-1/per-alert/b`},
		{name: "no run of the playbook names the runs there are", runs: []*incident.Run{other},
			wantErr: `INC-1 has no run of playbook "per-alert"; its runs are INC-1/other`},
		{name: "no runs at all", wantErr: "INC-1 has no playbook runs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := resolveRun(tc.runs, "INC-1", "per-alert", "gate")
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}
