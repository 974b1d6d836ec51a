package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAckRecordsWhoAcknowledged(t *testing.T) {
	td := startDaemon(t)
	first := td.openIncident("ack-1", "high")
	second := td.openIncident("ack-2", "high")

	r := td.mustCtl("ack", first.ID, "--actor", "alice")
	require.Equal(t, first.ID+" acknowledged by alice\n", r.stdout)

	r = td.mustCtl("ack", second.ID)
	require.Equal(t, second.ID+" acknowledged by "+defaultActor()+"\n", r.stdout, "the OS user by default")

	r = td.ctl("ack", first.ID)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, first.ID)
	require.Contains(t, r.stderr, "(HTTP 409)", "acknowledging twice is a conflict")
}
