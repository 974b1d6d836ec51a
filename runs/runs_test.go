package runs

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/clocktest"
	"github.com/breachd/breachd/internal/natstest"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
	"github.com/breachd/breachd/timers"
)

// contain is the playbook of these tests: an action with a short timeout,
// an approval, a second action, facts and a message.
const contain = `
name: contain
match: alert.kind == "credential_leak"
steps:
  - name: revoke
    action: revoke_credentials
    with: {account: "{{ .Alert.Asset.ID }}"}
    timeout: 300ms
    retries: 3
  - name: approve
    approval: {required: 1, approvers: [alice@example.com, bob@example.com], expires: 30m}
  - name: end-sessions
    action: end_sessions
    with: {account: "{{ .Alert.Asset.ID }}"}
  - name: only-for-users
    if: alert.asset.type == "user"
    action: force_password_reset
    with: {account: "{{ .Alert.Asset.ID }}"}
  - name: record
    facts: {cause: external_unlawful_access}
  - name: tell
    notify: {channel: "#sec", message: "{{ .Incident.ID }} contained"}
`

// actuator answers breachd.actions.> with what answer returns for each
// request (nil: no reply), and records the keys it saw.
type actuator struct {
	mu     sync.Mutex
	keys   []string
	answer func(n int, req playbooks.ActionRequest) *playbooks.ActionReply
}

func (a *actuator) seen() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.keys...)
}

type fixture struct {
	t       *testing.T
	st      *store.Store
	clock   *clocktest.Clock
	engine  *Engine
	actions *Actions
	worker  *outbox.Worker
	timers  *timers.Service
	act     *actuator
	nc      *nats.Conn
	// sub is the actuator's subscription; serve subscribes it again.
	sub   *nats.Subscription
	serve nats.MsgHandler
	// rs commits what the engine does, with the engine and hook as its
	// hooks, as the daemon wires it.
	rs *respond.Service
	// hook, when set, is told of every change after the engine.
	hook respond.HookFunc
}

func setup(t *testing.T, answer func(n int, req playbooks.ActionRequest) *playbooks.ActionReply) *fixture {
	t.Helper()
	ns := natstest.Start(t)
	nc, _ := natstest.Connect(t, ns)
	f := &fixture{t: t, st: storetest.Open(t), clock: clocktest.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)), nc: nc}
	f.act = &actuator{answer: answer}
	counts := map[string]int{}
	f.serve = func(m *nats.Msg) {
		var req playbooks.ActionRequest
		require.NoError(t, json.Unmarshal(m.Data, &req))
		require.Equal(t, req.IdempotencyKey, m.Header.Get(IdempotencyHeader))
		f.act.mu.Lock()
		f.act.keys = append(f.act.keys, req.IdempotencyKey)
		counts[req.IdempotencyKey]++
		n := counts[req.IdempotencyKey]
		f.act.mu.Unlock()
		reply := playbooks.ActionReply{OK: true, Detail: "done " + req.Action}
		if f.act.answer != nil {
			r := f.act.answer(n, req)
			if r == nil {
				return
			}
			reply = *r
		}
		data, _ := json.Marshal(reply)
		_ = m.Respond(data)
	}
	f.actuatorUp()
	t.Cleanup(func() { _ = f.sub.Unsubscribe() })
	pbs, err := playbooks.Load("contain.yaml", []byte(contain), playbooks.DefaultRegistry())
	require.NoError(t, err)
	f.rs, err = respond.New(f.st, respond.Options{Now: f.clock.Now}, zerolog.New(zerolog.NewTestWriter(t)))
	require.NoError(t, err)
	f.engine, err = New(f.st, Options{Playbooks: &playbooks.Set{Playbooks: pbs}, Now: f.clock.Now, Respond: f.rs}, zerolog.New(zerolog.NewTestWriter(t)))
	require.NoError(t, err)
	f.rs.Wire(respond.Wiring{Approvals: f.engine, Hooks: respond.Hooks{f.engine, respond.HookFunc(func(tx *store.Tx, c *incident.Changes, now time.Time) error {
		if f.hook == nil {
			return nil
		}
		return f.hook(tx, c, now)
	})}})
	f.actions = f.engine.Actions(nc, nil)
	f.timers = timers.New(f.st, timers.Options{Now: f.clock.Now}, zerolog.New(zerolog.NewTestWriter(t)))
	f.timers.Handle(f.engine, TimerKinds()...)
	opts := outbox.DefaultOptions()
	opts.Commit = f.rs
	f.worker = outbox.New(f.st, map[string]outbox.Sender{ActionKind: f.actions, NotifyKind: f.engine.Notices(LogNotifier(zerolog.Nop()))},
		f.clock.Now, opts, zerolog.New(zerolog.NewTestWriter(t)), nil)
	return f
}

// ingest triages an alert and starts its runs in one transaction, as the
// ingest hook does.
func (f *fixture) ingest(kind, assetType string) string {
	f.t.Helper()
	return f.ingestAsset(kind, assetType, "svc-deploy")
}

// ingestAsset is ingest for an alert about asset.
func (f *fixture) ingestAsset(kind, assetType, asset string) string {
	f.t.Helper()
	a := &incident.Alert{ID: "a-" + kind + "-" + asset, Source: "scanner", Kind: kind, Time: f.clock.Now().Add(-time.Minute), Severity: incident.SeverityHigh,
		Title: "leak", Asset: incident.Asset{ID: asset, Type: assetType}}
	require.NoError(f.t, a.Validate())
	var id string
	require.NoError(f.t, f.st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		out, err := tr.Add(a, f.clock.Now())
		if err != nil {
			return err
		}
		id = out.Incident
		c := tr.Changes()
		if err := tx.Apply(c); err != nil {
			return err
		}
		return f.engine.Changed(tx, &c, f.clock.Now())
	}))
	return id
}

// deliver makes one round of outbox attempts, then moves the clock past
// any back-off.
func (f *fixture) deliver() {
	f.t.Helper()
	_, err := f.worker.DeliverDue(context.Background())
	require.NoError(f.t, err)
	f.clock.Advance(time.Hour)
}

func (f *fixture) run(id string) *incident.Run {
	f.t.Helper()
	var r *incident.Run
	require.NoError(f.t, f.st.View(func(tx *store.Tx) error {
		var err error
		r, err = tx.Run(id + "/contain")
		return err
	}))
	require.NotNil(f.t, r)
	return r
}

// events lists the types of the incident's timeline events of run steps.
func (f *fixture) events(id string, types ...incident.EventType) []incident.Event {
	f.t.Helper()
	var out []incident.Event
	require.NoError(f.t, f.st.View(func(tx *store.Tx) error {
		all, err := tx.Timeline(id)
		for _, e := range all {
			for _, typ := range types {
				if e.Type == typ {
					out = append(out, e)
				}
			}
		}
		return err
	}))
	return out
}

func (f *fixture) decide(id, approver, decision string) error {
	_, err := f.rs.Decide(context.Background(), respond.Decision{Incident: id, Run: id + "/contain", Step: "approve", Decision: decision, Approver: approver})
	if errors.Is(err, respond.ErrNotApprover) {
		return nil // committed: the refusal is recorded
	}
	return err
}

func TestARunGoesFromTheAlertThroughItsApprovalToTheEnd(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	r := f.run(id)
	require.Equal(t, incident.StepRunning, r.Steps[0].Status, "the first action is issued in the alert's transaction")
	f.deliver()
	r = f.run(id)
	require.Equal(t, incident.StepDone, r.Steps[0].Status)
	require.Equal(t, incident.StepWaiting, r.Steps[1].Status)
	require.Equal(t, incident.RunWaiting, r.Status)

	require.NoError(t, f.decide(id, "alice@example.com", respond.Approve))
	f.deliver() // end-sessions
	f.deliver() // tell
	r = f.run(id)
	require.Equal(t, incident.RunDone, r.Status, "%+v", r.Steps)
	require.Equal(t, incident.StepSkipped, r.Steps[3].Status, "its if is evaluated when the step is reached")
	require.Equal(t, incident.StepDone, r.Steps[4].Status)
	require.Equal(t, []string{id + "/contain/revoke", id + "/contain/end-sessions"}, f.act.seen())

	var inc *incident.Incident
	require.NoError(t, f.st.View(func(tx *store.Tx) error { inc, _ = tx.Incident(id); return nil }))
	require.Equal(t, "external_unlawful_access", inc.Facts.Cause)
	require.Len(t, f.events(id, incident.EventRunEnded), 1)

	// A second alert of the incident does not start the playbook again.
	f.ingest("credential_leak", "user")
	require.Len(t, f.events(id, incident.EventRunStarted), 1)
}

func TestAnActuatorTimeoutIsAnUnknownOutcomeRetriedUnderTheSameKey(t *testing.T) {
	f := setup(t, func(n int, _ playbooks.ActionRequest) *playbooks.ActionReply {
		if n == 1 {
			return nil // never answers the first request
		}
		return &playbooks.ActionReply{OK: true}
	})
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	unknown := f.events(id, incident.EventStepOutcomeUnknown)
	require.Len(t, unknown, 1)
	require.Contains(t, string(unknown[0].Data), "no reply")
	require.Equal(t, incident.StepRunning, f.run(id).Steps[0].Status)
	f.deliver()
	require.Equal(t, incident.StepDone, f.run(id).Steps[0].Status)
	key := id + "/contain/revoke"
	require.Equal(t, []string{key, key}, f.act.seen())
}

func TestAnActuatorThatFailsTwiceThenSucceeds(t *testing.T) {
	f := setup(t, func(n int, _ playbooks.ActionRequest) *playbooks.ActionReply {
		if n <= 2 {
			return &playbooks.ActionReply{Error: "provider unavailable", Retry: true}
		}
		return &playbooks.ActionReply{OK: true, Detail: "revoked"}
	})
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	f.deliver()
	require.Equal(t, incident.StepRunning, f.run(id).Steps[0].Status)
	f.deliver()
	s := f.run(id).Steps[0]
	require.Equal(t, incident.StepDone, s.Status)
	require.Equal(t, 3, s.Attempts)
	done := f.events(id, incident.EventStepDone)
	require.Len(t, done, 1)
	require.Contains(t, string(done[0].Data), `"attempt":3`)
}

func TestAnActuatorRefusalFailsTheRun(t *testing.T) {
	f := setup(t, func(int, playbooks.ActionRequest) *playbooks.ActionReply {
		return &playbooks.ActionReply{Error: "no such account"}
	})
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	r := f.run(id)
	require.Equal(t, incident.RunFailed, r.Status)
	require.Equal(t, incident.StepFailed, r.Steps[0].Status)
	require.Equal(t, incident.StepPending, r.Steps[1].Status)
	require.Len(t, f.events(id, incident.EventDeliveryFailed), 1)
}

func TestACrashBetweenSendingAndRecordingReusesTheKey(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	var due []store.OutboxEntry
	require.NoError(t, f.st.View(func(tx *store.Tx) error {
		var err error
		due, err = tx.DueOutbox(f.clock.Now(), 10)
		return err
	}))
	require.Len(t, due, 1)
	// The actuator carries out the request; the daemon dies before it
	// records the reply.
	f.actions.afterReply = func() error { return errors.New("crash") }
	_, err := f.actions.Send(context.Background(), due[0])
	require.Error(t, err)
	require.Equal(t, incident.StepRunning, f.run(id).Steps[0].Status)

	// After the restart the outbox sends it again, under the same key.
	f.actions.afterReply = nil
	f.deliver()
	key := id + "/contain/revoke"
	require.Equal(t, []string{key, key}, f.act.seen())
	require.Equal(t, incident.StepDone, f.run(id).Steps[0].Status)
	require.Len(t, f.events(id, incident.EventStepDone), 1)

	// A crash after the record and before the outbox's own bookkeeping:
	// the entry comes back and is not sent again.
	_, err = f.actions.Send(context.Background(), due[0])
	require.NoError(t, err)
	require.Len(t, f.act.seen(), 2)
}

func TestAnApproverNotAllowedIsRefusedAndRecorded(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	_, err := f.rs.Decide(context.Background(), respond.Decision{Incident: id, Run: id + "/contain", Step: "approve", Decision: respond.Approve, Approver: "mallory@example.com"})
	require.ErrorIs(t, err, respond.ErrNotApprover)
	refused := f.events(id, incident.EventApprovalRefused)
	require.Len(t, refused, 1)
	require.Equal(t, "mallory@example.com", refused[0].Actor)
	r := f.run(id)
	require.Equal(t, incident.StepWaiting, r.Steps[1].Status)
	require.Empty(t, r.Steps[1].Approvals)
}

func TestARejectionEndsTheRun(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	require.NoError(t, f.decide(id, "bob@example.com", respond.Reject))
	r := f.run(id)
	require.Equal(t, incident.RunRejected, r.Status)
	require.Equal(t, incident.StepRejected, r.Steps[1].Status)
	require.Equal(t, incident.StepPending, r.Steps[2].Status)
}

func TestAnApprovalNotGivenInTimeExpires(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	_, err := f.worker.DeliverDue(context.Background())
	require.NoError(t, err)
	n, err := f.timers.FireDue(context.Background())
	require.NoError(t, err)
	require.Zero(t, n, "not expired yet")
	f.clock.Advance(31 * time.Minute)
	n, err = f.timers.FireDue(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	r := f.run(id)
	require.Equal(t, incident.RunExpired, r.Status)
	require.Equal(t, incident.StepExpired, r.Steps[1].Status)
	require.Len(t, f.events(id, incident.EventApprovalExpired), 1)
	// A late approval changes nothing.
	_, err = f.rs.Decide(context.Background(), respond.Decision{Incident: id, Run: id + "/contain", Step: "approve", Decision: respond.Approve, Approver: "alice@example.com"})
	require.ErrorIs(t, err, incident.ErrTransition)
}

func TestAReloadWithABrokenFileKeepsTheSetInForce(t *testing.T) {
	f := setup(t, nil)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "good.yaml"), []byte(contain), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("name: broken\nmatch: alert.kind ==\nsteps:\n  - name: x\n    action: launch_missiles\n"), 0o600))
	old := f.engine.Playbooks()
	started := f.engine.LastLoad().InForceSince
	f.clock.Advance(time.Minute)
	_, err := f.engine.Reload(Load(dir, playbooks.DefaultRegistry()))
	var le *playbooks.LoadError
	require.ErrorAs(t, err, &le)
	st := f.engine.LastLoad()
	require.ErrorIs(t, st.Err, err, "the refusal is kept for the console")
	require.Equal(t, f.clock.Now(), st.At)
	require.Equal(t, started, st.InForceSince, "the set in force did not change")
	require.GreaterOrEqual(t, len(le.Problems), 2)
	require.Contains(t, le.Error(), "broken.yaml:")
	require.Same(t, old, f.engine.Playbooks())

	require.NoError(t, os.Remove(filepath.Join(dir, "broken.yaml")))
	set, err := f.engine.Reload(Load(dir, playbooks.DefaultRegistry()))
	require.NoError(t, err)
	require.Same(t, set, f.engine.Playbooks())
	require.Equal(t, LoadStatus{At: f.clock.Now(), InForceSince: f.clock.Now()}, f.engine.LastLoad())
}

func TestALaterAlertThatMatchesAnotherPlaybookAddsItsRun(t *testing.T) {
	f := setup(t, nil)
	other := "name: other\nmatch: alert.kind == \"malware\"\nruns: per_alert\nsteps:\n  - name: note\n    facts: {cause: external_unlawful_access}\n"
	pbs, err := playbooks.Load("all.yaml", []byte(contain+"---\n"+other), playbooks.DefaultRegistry())
	require.NoError(t, err)
	f.engine.Swap(&playbooks.Set{Playbooks: pbs})
	id := f.ingest("credential_leak", "service_account")
	require.Equal(t, id, f.ingest("malware", "service_account"), "correlated by the asset")
	var list []*incident.Run
	require.NoError(t, f.st.View(func(tx *store.Tx) error { list, err = tx.Runs(id); return err }))
	require.Len(t, list, 2)
	require.Equal(t, "contain", list[0].Playbook)
	require.Equal(t, "other", list[1].Playbook)
	require.Equal(t, incident.RunDone, list[1].Status, "a run of facts only ends in the alert's transaction")
	require.Len(t, f.events(id, incident.EventRunStarted), 2)
}

func TestAnActuatorsLongAnswerIsClippedOnTheTimeline(t *testing.T) {
	f := setup(t, func(int, playbooks.ActionRequest) *playbooks.ActionReply {
		return &playbooks.ActionReply{OK: true, Detail: strings.Repeat("é", 4000)}
	})
	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	s := f.run(id).Steps[0]
	require.Equal(t, incident.StepDone, s.Status)
	require.LessOrEqual(t, len(s.Detail), maxDetail)
	require.True(t, utf8.ValidString(s.Detail))
}

func TestARunWhosePlaybookWasReloadedAwayFailsWhenItGoesOn(t *testing.T) {
	f := setup(t, nil)
	id := f.ingest("credential_leak", "service_account")
	pbs, err := playbooks.Load("other.yaml", []byte("name: other\nmatch: false\nsteps:\n  - name: w\n    wait: 1h\n"), playbooks.DefaultRegistry())
	require.NoError(t, err)
	f.engine.Swap(&playbooks.Set{Playbooks: pbs})
	f.deliver() // revoke was issued before the reload and completes
	r := f.run(id)
	require.Equal(t, incident.StepDone, r.Steps[0].Status)
	require.Equal(t, incident.RunFailed, r.Status)
	require.Contains(t, r.Steps[1].Error, "no longer loaded")
}

func TestAWaitIsADurableTimer(t *testing.T) {
	f := setup(t, nil)
	later := "name: later\nmatch: alert.kind == \"credential_leak\"\nsteps:\n  - name: next-day\n    wait: 24h\n  - name: follow-up\n    facts: {cause: misdelivery}\n"
	pbs, err := playbooks.Load("later.yaml", []byte(later), playbooks.DefaultRegistry())
	require.NoError(t, err)
	f.engine.Swap(&playbooks.Set{Playbooks: pbs})
	id := f.ingest("credential_leak", "service_account")
	get := func() *incident.Run {
		var r *incident.Run
		require.NoError(t, f.st.View(func(tx *store.Tx) error { r, err = tx.Run(id + "/later"); return err }))
		return r
	}
	require.Equal(t, incident.StepWaiting, get().Steps[0].Status)
	f.clock.Advance(23 * time.Hour)
	n, err := f.timers.FireDue(context.Background())
	require.NoError(t, err)
	require.Zero(t, n)
	f.clock.Advance(time.Hour)
	n, err = f.timers.FireDue(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	r := get()
	require.Equal(t, incident.RunDone, r.Status)
	require.Equal(t, incident.StepDone, r.Steps[1].Status)
	n, err = f.timers.FireDue(context.Background())
	require.NoError(t, err)
	require.Zero(t, n, "fired once")
}

func TestTheOutboxIsWokenOnlyOnceTheTransactionThatIssuedTheStepHasCommitted(t *testing.T) {
	f := setup(t, nil)
	var pending []int // outbox entries a reader sees at each wake
	f.engine.opts.Wake = func() {
		require.NoError(t, f.st.View(func(tx *store.Tx) error { pending = append(pending, tx.OutboxPending()); return nil }))
	}
	f.ingest("credential_leak", "service_account")
	require.Equal(t, []int{1}, pending, "woken once, after the commit, when the revoke action is visible")

	pending = nil
	a := &incident.Alert{ID: "a-rolled-back", Source: "scanner", Kind: "credential_leak", Time: f.clock.Now(), Severity: incident.SeverityHigh,
		Title: "leak", Asset: incident.Asset{ID: "other", Type: "user"}}
	err := f.st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		if _, err := tr.Add(a, f.clock.Now()); err != nil {
			return err
		}
		c := tr.Changes()
		if err := tx.Apply(c); err != nil {
			return err
		}
		if err := f.engine.Changed(tx, &c, f.clock.Now()); err != nil {
			return err
		}
		return errors.New("roll back")
	})
	require.EqualError(t, err, "roll back")
	require.Empty(t, pending, "a transaction that rolled back wakes nothing")
}

func TestAWaitArmedBeforeARestartEndsAfterIt(t *testing.T) {
	f := setup(t, nil)
	later := "name: later\nmatch: alert.kind == \"credential_leak\"\nsteps:\n  - name: next-day\n    wait: 24h\n  - name: follow-up\n    facts: {cause: misdelivery}\n"
	pbs, err := playbooks.Load("later.yaml", []byte(later), playbooks.DefaultRegistry())
	require.NoError(t, err)
	set := &playbooks.Set{Playbooks: pbs}
	f.engine.Swap(set)
	id := f.ingest("credential_leak", "service_account")

	// A new engine over the same store, as after a restart: nothing but
	// the stored timer tells it of the wait.
	rs, err := respond.New(f.st, respond.Options{Now: f.clock.Now}, zerolog.Nop())
	require.NoError(t, err)
	restarted, err := New(f.st, Options{Playbooks: set, Now: f.clock.Now, Respond: rs}, zerolog.New(zerolog.NewTestWriter(t)))
	require.NoError(t, err)
	rs.Wire(respond.Wiring{Hooks: respond.Hooks{restarted}, Approvals: restarted})
	restartedTimers := timers.New(f.st, timers.Options{Now: f.clock.Now}, zerolog.Nop())
	restartedTimers.Handle(restarted, TimerKinds()...)
	f.clock.Advance(24 * time.Hour)
	n, err := restartedTimers.FireDue(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	var r *incident.Run
	require.NoError(t, f.st.View(func(tx *store.Tx) error { r, err = tx.Run(id + "/later"); return err }))
	require.Equal(t, incident.RunDone, r.Status, "%+v", r.Steps)
}

// actuatorUp subscribes the actuator; actuatorDown takes it away, as an
// actuator that has not reconnected yet.
func (f *fixture) actuatorUp() {
	f.t.Helper()
	sub, err := f.nc.Subscribe("breachd.actions.>", f.serve)
	require.NoError(f.t, err)
	require.NoError(f.t, f.nc.Flush())
	f.sub = sub
}

func (f *fixture) actuatorDown() {
	f.t.Helper()
	require.NoError(f.t, f.sub.Unsubscribe())
	require.NoError(f.t, f.nc.Flush())
}

// After a restart the daemon is often back before its actuators: "no
// responders" is no outcome. The step records that its outcome is unknown
// (once), keeps trying under the same key without using its retries, and
// the run goes on when the actuator answers.
func TestNoActuatorYetIsNoOutcomeAndTheRunGoesOnWhenOneAnswers(t *testing.T) {
	f := setup(t, nil)
	f.actuatorDown()
	id := f.ingest("credential_leak", "service_account")
	for range 2 {
		_, err := f.worker.DeliverDue(context.Background())
		require.NoError(t, err)
		f.clock.Advance(100 * time.Millisecond)
	}
	s := f.run(id).Steps[0]
	require.Equal(t, incident.StepRunning, s.Status)
	unknown := f.events(id, incident.EventStepOutcomeUnknown)
	require.Len(t, unknown, 1, "recorded when it began, not for each attempt")
	require.Contains(t, string(unknown[0].Data), "no actuator serves breachd.actions.revoke_credentials yet")

	f.actuatorUp()
	f.clock.Advance(200 * time.Millisecond)
	_, err := f.worker.DeliverDue(context.Background())
	require.NoError(t, err)
	require.Equal(t, incident.StepDone, f.run(id).Steps[0].Status)
	require.Equal(t, []string{id + "/contain/revoke"}, f.act.seen())
}

// With no actuator for the whole of the step's timeout, the step fails
// saying so.
func TestNoActuatorForTheWholeTimeoutFailsTheStep(t *testing.T) {
	f := setup(t, nil)
	f.actuatorDown()
	id := f.ingest("credential_leak", "service_account")
	for range 3 {
		_, err := f.worker.DeliverDue(context.Background())
		require.NoError(t, err)
		f.clock.Advance(150 * time.Millisecond)
	}
	r := f.run(id)
	require.Equal(t, incident.StepFailed, r.Steps[0].Status)
	require.Contains(t, r.Steps[0].Error, "no actuator answered on breachd.actions.revoke_credentials within the step's timeout (300ms)")
}
