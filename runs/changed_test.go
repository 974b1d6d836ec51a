package runs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// The hooks after the engine hear of each change to an approval, in its
// transaction, with the events recorded: the step starting to wait, a
// refusal, a decision, an expiry; and of each run's end.
func TestTheHooksHearOfEveryChangeToAnApprovalAndARunsEnd(t *testing.T) {
	f := setup(t, nil)
	var heard []incident.EventType
	f.hook = func(tx *store.Tx, c *incident.Changes, _ time.Time) error {
		require.NotNil(t, tx)
		require.Len(t, c.Incidents, 1)
		for _, e := range c.Events {
			heard = append(heard, e.Type)
		}
		return nil
	}
	id := f.ingest("credential_leak", "service_account")
	require.Empty(t, heard, "an action step is no approval")
	f.deliver()
	require.Contains(t, heard, incident.EventStepStarted, "the approval waits")

	heard = nil
	require.NoError(t, f.decide(id, "mallory@example.com", respond.Approve))
	require.Equal(t, []incident.EventType{incident.EventApprovalRefused}, heard)

	heard = nil
	require.NoError(t, f.decide(id, "alice@example.com", respond.Approve))
	require.Contains(t, heard, incident.EventApprovalRecorded)
	require.Contains(t, heard, incident.EventStepDone)

	heard = nil
	id = f.ingestAsset("credential_leak", "service_account", "svc-other")
	f.deliver()
	f.clock.Advance(31 * time.Minute)
	heard = nil
	_, err := f.timers.FireDue(context.Background())
	require.NoError(t, err)
	require.Contains(t, heard, incident.EventApprovalExpired)
	require.Contains(t, heard, incident.EventRunEnded)
	require.Equal(t, incident.RunExpired, f.run(id).Status)

	heard = nil
	f.deliver() // the first run: end-sessions
	f.deliver() // tell
	require.Contains(t, heard, incident.EventRunEnded, "a run that ends done")
}

// A hook that fails rolls its transaction back: the decision is not
// recorded without what shows it.
func TestAFailingHookRollsTheDecisionBack(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	f.hook = func(*store.Tx, *incident.Changes, time.Time) error { return errors.New("boom") }
	require.Error(t, f.decide(id, "alice@example.com", respond.Approve))
	require.Equal(t, incident.StepWaiting, f.run(id).Steps[1].Status)
}

// Via admits an approver the step does not list by name, when the entry
// that admits them is listed, and is recorded with the decision.
func TestViaAdmitsAnApproverThroughAListedEntry(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	decide := func(approver, via string) error {
		_, err := f.rs.Decide(context.Background(), respond.Decision{Incident: id, Run: id + "/contain", Step: "approve", Decision: respond.Approve, Approver: approver, Via: via})
		return err
	}
	require.ErrorIs(t, decide("slack:U0EVE", "slack:S0NOBODY"), respond.ErrNotApprover, "an entry that is not listed admits nobody")
	require.NoError(t, decide("slack:U0BOB", "bob@example.com"))
	r := f.run(id)
	require.Equal(t, incident.StepDone, r.Steps[1].Status)
	require.Equal(t, "slack:U0BOB", r.Steps[1].Approvals[0].Approver)
	rec := f.events(id, incident.EventApprovalRecorded)
	require.Len(t, rec, 1)
	require.Contains(t, string(rec[0].Data), "via bob@example.com")
}
