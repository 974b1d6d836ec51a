package playbooks_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
)

// machinePlaybook has one step of every kind: an action, a step skipped
// for services, an approval of two, a delay, facts and a message.
const machinePlaybook = `
name: contain
match: alert.kind == "credential_leak"
steps:
  - name: revoke
    action: revoke_credentials
    with: {account: "{{ .Alert.Asset.ID }}"}
    retries: 2
  - name: only-users
    if: alert.asset.type == "user"
    action: force_password_reset
    with: {account: "{{ .Alert.Asset.ID }}"}
  - name: approve
    approval: {required: 2, approvers: [alice@example.com, bob@example.com, carol@example.com], expires: 30m}
  - name: cool-off
    wait: 1h
  - name: record
    facts: {cause: external_unlawful_access}
  - name: tell
    notify: {channel: "#sec", message: "{{ .Incident.ID }} contained"}
`

var m0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// machineRun is a started run of machinePlaybook, its incident and the
// machine that moves it, with the first action sent.
func machineRun(t *testing.T) (playbooks.Machine, *incident.Run, *incident.Incident) {
	t.Helper()
	pbs, err := playbooks.Load("contain.yaml", []byte(machinePlaybook), playbooks.DefaultRegistry())
	require.NoError(t, err)
	m := playbooks.Machine{Playbook: pbs[0]}
	a := &incident.Alert{ID: "a-1", Source: "scanner", Kind: "credential_leak", Time: m0, Severity: incident.SeverityHigh,
		Title: "leak", Asset: incident.Asset{ID: "svc-deploy", Type: "service_account"}}
	inc := &incident.Incident{ID: "INC-2026-0001", Status: incident.StatusOpen, Severity: incident.SeverityHigh, FirstSeen: m0}
	r := playbooks.NewRun(pbs[0], "INC-2026-0001/contain", inc.ID, a, m0)
	tr, err := m.Start(r, inc, m0)
	require.NoError(t, err)
	require.Equal(t, []incident.EventType{incident.EventRunStarted, incident.EventStepStarted}, types(tr.Events))
	require.Len(t, tr.Effects, 1)
	send, ok := tr.Effects[0].(playbooks.SendAction)
	require.True(t, ok, "%T", tr.Effects[0])
	require.Equal(t, "INC-2026-0001/contain/revoke", send.Key)
	require.Equal(t, "svc-deploy", send.Action.Params["account"])
	require.Equal(t, incident.StepRunning, r.Steps[0].Status)
	return m, r, inc
}

func types(events []incident.Event) []incident.EventType {
	out := make([]incident.EventType, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

// toApproval settles the first action, which skips the user-only step and
// waits for the approval.
func toApproval(t *testing.T, m playbooks.Machine, r *incident.Run, inc *incident.Incident) time.Time {
	t.Helper()
	tr, err := m.Settle(r, inc, playbooks.Outcome{Step: "revoke", Key: "INC-2026-0001/contain/revoke", Attempt: 1, Detail: "revoked"}, m0)
	require.NoError(t, err)
	require.Equal(t, []incident.EventType{incident.EventStepDone, incident.EventStepSkipped, incident.EventStepStarted}, types(tr.Events))
	until := m0.Add(30 * time.Minute)
	require.Equal(t, []playbooks.Effect{playbooks.ArmTimer{At: until, Run: r.ID, Step: "approve", Approval: true}}, tr.Effects)
	require.Equal(t, incident.RunWaiting, r.Status)
	return until
}

// toDelayEnd takes the run through its approval, by two approvers, to
// the end of its delay, and returns when that is.
func toDelayEnd(t *testing.T, m playbooks.Machine, r *incident.Run, inc *incident.Incident) time.Time {
	t.Helper()
	toApproval(t, m, r, inc)
	for _, who := range []string{"alice@example.com", "bob@example.com"} {
		_, err := m.Decide(r, inc, playbooks.Decision{Step: "approve", Decision: playbooks.Approve, Approver: who}, m0)
		require.NoError(t, err)
	}
	return m0.Add(time.Hour)
}

func TestTheMachineSettlesAnActionsOutcome(t *testing.T) {
	cases := []struct {
		name    string
		outcome playbooks.Outcome
		events  []incident.EventType
		step    incident.StepStatus
		run     incident.RunStatus
		ended   bool
	}{
		{"a success goes on to the next step that waits",
			playbooks.Outcome{Detail: "revoked"},
			[]incident.EventType{incident.EventStepDone, incident.EventStepSkipped, incident.EventStepStarted},
			incident.StepDone, incident.RunWaiting, false},
		{"a final failure fails the step and ends the run",
			playbooks.Outcome{Err: "actuator: no such account", Final: true},
			[]incident.EventType{incident.EventStepFailed, incident.EventRunEnded},
			incident.StepFailed, incident.RunFailed, true},
		{"a timeout to retry is on the timeline as an unknown outcome",
			playbooks.Outcome{Err: "outcome unknown: no reply in time", Unknown: true},
			[]incident.EventType{incident.EventStepOutcomeUnknown},
			incident.StepRunning, incident.RunRunning, false},
		{"a failure to retry is noted on the step only",
			playbooks.Outcome{Err: "no actuator serves breachd.actions.revoke_credentials"},
			[]incident.EventType{},
			incident.StepRunning, incident.RunRunning, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, r, inc := machineRun(t)
			o := c.outcome
			o.Step, o.Key, o.Attempt = "revoke", r.Steps[0].Key, 1
			tr, err := m.Settle(r, inc, o, m0.Add(time.Minute))
			require.NoError(t, err)
			require.Equal(t, c.events, types(tr.Events))
			require.Equal(t, c.step, r.Steps[0].Status)
			require.Equal(t, c.run, r.Status)
			require.Equal(t, c.ended, tr.Ended)
			require.Equal(t, 1, r.Steps[0].Attempts)
			if o.Err != "" {
				require.Equal(t, o.Err, r.Steps[0].Error)
			}
		})
	}
}

func TestAnOutcomeForAnotherKeyOrAStepThatMovedOnChangesNothing(t *testing.T) {
	m, r, inc := machineRun(t)
	seq := inc.TimelineSeq
	tr, err := m.Settle(r, inc, playbooks.Outcome{Step: "revoke", Key: "older-key", Attempt: 1}, m0)
	require.NoError(t, err)
	require.Empty(t, tr.Events)
	require.Empty(t, tr.Effects)
	require.Equal(t, seq, inc.TimelineSeq)

	toApproval(t, m, r, inc)
	tr, err = m.Settle(r, inc, playbooks.Outcome{Step: "revoke", Key: r.Steps[0].Key, Attempt: 2, Err: "late"}, m0)
	require.NoError(t, err)
	require.Empty(t, tr.Events, "the step is done already")
}

func TestTheMachineDecidesOnApprovals(t *testing.T) {
	decide := func(approver, decision string) playbooks.Decision {
		return playbooks.Decision{Step: "approve", Decision: decision, Approver: approver}
	}
	t.Run("someone not allowed is refused and the refusal recorded", func(t *testing.T) {
		m, r, inc := machineRun(t)
		toApproval(t, m, r, inc)
		tr, err := m.Decide(r, inc, decide("mallory@example.com", playbooks.Approve), m0)
		require.ErrorIs(t, err, playbooks.ErrNotApprover)
		require.EqualError(t, err, "not an allowed approver: mallory@example.com may not decide on approve of INC-2026-0001/contain; "+
			"its approvers are alice@example.com, bob@example.com and carol@example.com", "the refusal says whom to ask")
		var refused *playbooks.NotApproverError
		require.ErrorAs(t, err, &refused)
		require.Equal(t, []string{"alice@example.com", "bob@example.com", "carol@example.com"}, refused.Approvers)
		require.Equal(t, []incident.EventType{incident.EventApprovalRefused}, types(tr.Events))
		require.Equal(t, "mallory@example.com", tr.Events[0].Actor)
		require.Empty(t, r.Steps[2].Approvals)
	})
	t.Run("an approver listed through via is admitted", func(t *testing.T) {
		m, r, inc := machineRun(t)
		toApproval(t, m, r, inc)
		d := decide("slack:U0BOB", playbooks.Approve)
		d.Via = "bob@example.com"
		_, err := m.Decide(r, inc, d, m0)
		require.NoError(t, err)
		require.Equal(t, "slack:U0BOB", r.Steps[2].Approvals[0].Approver)
	})
	t.Run("one of two approvals waits for the other, and nobody decides twice", func(t *testing.T) {
		m, r, inc := machineRun(t)
		toApproval(t, m, r, inc)
		tr, err := m.Decide(r, inc, decide("alice@example.com", playbooks.Approve), m0)
		require.NoError(t, err)
		require.Equal(t, []incident.EventType{incident.EventApprovalRecorded}, types(tr.Events))
		require.Empty(t, tr.Effects)
		require.Equal(t, incident.StepWaiting, r.Steps[2].Status)
		_, err = m.Decide(r, inc, decide("alice@example.com", playbooks.Approve), m0)
		require.ErrorIs(t, err, incident.ErrTransition)
	})
	t.Run("enough approvals cancel the expiry and the run goes on to its delay", func(t *testing.T) {
		m, r, inc := machineRun(t)
		until := toApproval(t, m, r, inc)
		_, err := m.Decide(r, inc, decide("alice@example.com", playbooks.Approve), m0)
		require.NoError(t, err)
		now := m0.Add(5 * time.Minute)
		tr, err := m.Decide(r, inc, decide("bob@example.com", playbooks.Approve), now)
		require.NoError(t, err)
		require.Equal(t, []incident.EventType{incident.EventApprovalRecorded, incident.EventStepDone, incident.EventStepStarted}, types(tr.Events))
		require.Equal(t, []playbooks.Effect{
			playbooks.CancelTimer{At: until, Run: r.ID, Step: "approve"},
			playbooks.ArmTimer{At: now.Add(time.Hour), Run: r.ID, Step: "cool-off"},
		}, tr.Effects)
		require.Equal(t, incident.StepDone, r.Steps[2].Status)
		require.Equal(t, incident.StepWaiting, r.Steps[3].Status)
	})
	t.Run("one rejection ends the run", func(t *testing.T) {
		m, r, inc := machineRun(t)
		until := toApproval(t, m, r, inc)
		tr, err := m.Decide(r, inc, decide("carol@example.com", playbooks.Reject), m0)
		require.NoError(t, err)
		require.Equal(t, []incident.EventType{incident.EventApprovalRecorded, incident.EventRunEnded}, types(tr.Events))
		require.Equal(t, []playbooks.Effect{playbooks.CancelTimer{At: until, Run: r.ID, Step: "approve"}}, tr.Effects)
		require.True(t, tr.Ended)
		require.Equal(t, incident.RunRejected, r.Status)
		require.Equal(t, incident.StepRejected, r.Steps[2].Status)
	})
	t.Run("a decision on a step that is no approval, or malformed, is refused", func(t *testing.T) {
		m, r, inc := machineRun(t)
		toApproval(t, m, r, inc)
		_, err := m.Decide(r, inc, playbooks.Decision{Step: "revoke", Decision: playbooks.Approve, Approver: "alice@example.com"}, m0)
		require.ErrorIs(t, err, playbooks.ErrNoApproval)
		_, err = m.Decide(r, inc, decide("alice@example.com", "maybe"), m0)
		require.ErrorIs(t, err, incident.ErrInvalid)
	})
}

func TestTheMachineFiresTimers(t *testing.T) {
	t.Run("an approval not given in time expires and ends the run", func(t *testing.T) {
		m, r, inc := machineRun(t)
		until := toApproval(t, m, r, inc)
		tr, err := m.Fire(r, inc, "approve", until, until)
		require.NoError(t, err)
		require.Equal(t, []incident.EventType{incident.EventApprovalExpired, incident.EventRunEnded}, types(tr.Events))
		require.Equal(t, incident.RunExpired, r.Status)
		require.Equal(t, incident.StepExpired, r.Steps[2].Status)
	})
	t.Run("a timer armed for another time changes nothing", func(t *testing.T) {
		m, r, inc := machineRun(t)
		until := toApproval(t, m, r, inc)
		tr, err := m.Fire(r, inc, "approve", until.Add(-time.Minute), until)
		require.NoError(t, err)
		require.Empty(t, tr.Events)
		require.Equal(t, incident.StepWaiting, r.Steps[2].Status)
	})
	t.Run("a delay that ends records the facts and sends the message", func(t *testing.T) {
		m, r, inc := machineRun(t)
		at := toDelayEnd(t, m, r, inc)
		tr, err := m.Fire(r, inc, "cool-off", at, at)
		require.NoError(t, err)
		require.Equal(t, []incident.EventType{incident.EventStepDone, incident.EventFactsChanged, incident.EventStepDone, incident.EventStepStarted}, types(tr.Events))
		require.NotNil(t, inc.Facts)
		require.Equal(t, "external_unlawful_access", inc.Facts.Cause)
		require.Len(t, tr.Effects, 1)
		notice := tr.Effects[0].(playbooks.SendNotice)
		require.Equal(t, "INC-2026-0001 contained", notice.Message)

		tr, err = m.Settle(r, inc, playbooks.Outcome{Step: "tell", Key: notice.Key, Attempt: 1, Detail: "posted"}, at)
		require.NoError(t, err)
		require.True(t, tr.Ended)
		require.Equal(t, incident.RunDone, r.Status)
		require.NotNil(t, r.EndedAt)
	})
}

func TestFactsAStepMayNotSetFailTheStep(t *testing.T) {
	m, r, inc := machineRun(t)
	m.Check = func(*incident.Facts) error { return errors.New("cause is not allowed here") }
	at := toDelayEnd(t, m, r, inc)
	tr, err := m.Fire(r, inc, "cool-off", at, at)
	require.NoError(t, err)
	require.Equal(t, []incident.EventType{incident.EventStepDone, incident.EventStepFailed, incident.EventRunEnded}, types(tr.Events))
	require.Equal(t, incident.StepFailed, r.Steps[4].Status)
	require.Contains(t, r.Steps[4].Error, "cause is not allowed here")
	require.Nil(t, inc.Facts)
}

func TestARunWhosePlaybookWasReloadedAwayFails(t *testing.T) {
	m, r, inc := machineRun(t)
	m.Playbook = nil
	tr, err := m.Settle(r, inc, playbooks.Outcome{Step: "revoke", Key: r.Steps[0].Key, Attempt: 1}, m0)
	require.NoError(t, err)
	require.Equal(t, []incident.EventType{incident.EventStepDone, incident.EventStepFailed, incident.EventRunEnded}, types(tr.Events))
	require.Contains(t, r.Steps[1].Error, "no longer loaded")
	require.Equal(t, incident.RunFailed, r.Status)
}
