package main

import (
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/runs/actuator"
)

// A ransomware alert runs the shipped playbook up to its approval; runs
// shows where it stands, approve by someone not allowed is refused, and
// approve by an approver carries it to its end.
func TestRunsApproveAndReject(t *testing.T) {
	td := startDaemon(t, func(c *daemon.Config) { c.NATS.Listen = "127.0.0.1:0" })
	nc, err := nats.Connect(td.d.NATSURL())
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

	r = td.ctl("approve", id, run, "approve-isolation", "--actor", "mallory@example.com")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "(HTTP 403)")

	r = td.mustCtl("approve", id, run, "approve-isolation", "--actor", "alice@example.com", "--comment", "isolate it")
	require.Contains(t, r.stdout, "approve-isolation approved by alice@example.com")
	require.Eventually(t, func() bool { return strings.Contains(td.mustCtl("runs", id).stdout, run+"  done") }, waitFor, tick)

	r = td.ctl("reject", id, run, "approve-isolation", "--actor", "bob@example.com")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "(HTTP 409)", "the approval is over")

	r = td.mustCtl("-o", "json", "runs", id)
	require.Contains(t, r.stdout, `"approver": "alice@example.com"`)
}
