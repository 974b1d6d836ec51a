package slack_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/clocktest"
	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/runs"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
	"github.com/breachd/breachd/timers"
)

var t0 = time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC)

const channel = "C0INCIDENTS"

// env is one breachd with Slack against a fake Slack.
type env struct {
	t       testing.TB
	store   *store.Store
	fake    *slackfake.Server
	clock   *clocktest.Clock
	tracker *obligations.Tracker
	slack   *slack.Slack
	worker  *outbox.Worker
	timers  *timers.Service
	opts    slack.Options
	// engine runs playbooks when set (withPlaybooks).
	engine *runs.Engine
	// respond carries out the changes, with the engine and Slack as its
	// hooks, as the daemon wires it.
	respond *respond.Service
}

func newEnv(t testing.TB, configure ...func(*slack.Options)) *env {
	t.Helper()
	e := &env{t: t, store: storetest.Open(t), fake: slackfake.New(t, channel), clock: clocktest.New(t0)}
	e.fake.Now = e.clock.Now
	var err error
	e.tracker, err = obligations.NewTracker(regulations.Default(), obligations.DefaultOffsets())
	require.NoError(t, err)
	e.respond, err = respond.New(e.store, respond.Options{Obligations: e.tracker, Now: e.clock.Now}, zerolog.Nop())
	require.NoError(t, err)
	e.opts = slack.Options{Config: slack.Config{BotToken: slackfake.Token, SigningSecret: "s3cret", APIURL: e.fake.URL(), Channel: channel,
		OnCallGroup: "S0ONCALL", EscalationGroup: "S0LEADS", Redact: slack.DefaultRedact()},
		Respond: e.respond, Now: e.clock.Now, HTTPClient: &http.Client{Timeout: 10 * time.Second}}
	for _, c := range configure {
		c(&e.opts)
	}
	e.restart()
	return e
}

// restart builds the integration and the outbox worker anew on the same
// store, as a daemon restart does.
func (e *env) restart() {
	e.t.Helper()
	log := zerolog.New(zerolog.NewTestWriter(e.t))
	if _, fuzz := e.t.(*testing.F); fuzz {
		log = zerolog.Nop() // a fuzz target may not log through f
	}
	var err error
	e.slack, err = slack.New(e.opts, e.store, log)
	require.NoError(e.t, err)
	w := respond.Wiring{Hooks: respond.Hooks{e.slack}}
	if e.engine != nil {
		w = respond.Wiring{Hooks: respond.Hooks{e.engine, e.slack}, Approvals: e.engine}
	}
	e.respond.Wire(w)
	senders := map[string]outbox.Sender{
		slack.OutboxKind:       e.slack,
		obligations.OutboxKind: obligations.Deliver(e.slack),
	}
	if e.engine != nil {
		senders[runs.ActionKind] = e.engine.Actions(nil, nil)
		senders[runs.NotifyKind] = e.engine.Notices(runs.LogNotifier(log))
	}
	opts := outbox.DefaultOptions()
	opts.Commit = e.respond
	e.worker = outbox.New(e.store, senders, e.clock.Now, opts, log, nil)
	e.timers = timers.New(e.store, timers.Options{Now: e.clock.Now}, log)
	e.timers.Handle(obligations.NewDeadlines(e.tracker, e.respond, nil), obligations.TimerKinds()...)
	if e.engine != nil {
		e.timers.Handle(e.engine, runs.TimerKinds()...)
	}
}

// open triages an alert, as the ingest commit does, with the Slack hook
// in the same transaction, and returns the incident id.
func (e *env) open(a *incident.Alert) string {
	e.t.Helper()
	var id string
	now := e.clock.Now()
	require.NoError(e.t, e.store.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		out, err := tr.Add(a, now)
		if err != nil {
			return err
		}
		id = out.Incident
		c := tr.Changes()
		if err := e.tracker.Track(tx, &c, now); err != nil {
			return err
		}
		if err := tx.Apply(c); err != nil {
			return err
		}
		return e.respond.Hooks().Changed(tx, &c, now)
	}))
	return id
}

// withPlaybooks runs the playbooks of src, the engine committing through
// respond with Slack among the hooks, as the daemon wires it.
func (e *env) withPlaybooks(src string) {
	e.t.Helper()
	pbs, err := playbooks.Load("test.yaml", []byte(src), playbooks.DefaultRegistry())
	require.NoError(e.t, err)
	e.engine, err = runs.New(e.store, runs.Options{Playbooks: &playbooks.Set{Playbooks: pbs}, Obligations: e.tracker, Now: e.clock.Now,
		Respond: e.respond},
		zerolog.New(zerolog.NewTestWriter(e.t)))
	require.NoError(e.t, err)
	e.opts.Runs = e.engine
	e.restart()
}

func alert(id string) *incident.Alert {
	return &incident.Alert{ID: id, Source: "edr", Kind: "exfiltration", Time: t0, Severity: incident.SeverityHigh,
		Title:        "Mass read of HR share by jane.doe@example.com from 10.1.2.3",
		Asset:        incident.Asset{ID: "fs-hr-01", Type: "host", Tenant: "acme-eu"},
		PersonalData: &incident.PersonalData{Categories: []string{"contact"}, Subjects: 1200, Jurisdictions: []string{"EU-IE"}}}
}

// deliver runs the outbox once and returns how many entries it took.
func (e *env) deliver() int {
	e.t.Helper()
	n, err := e.worker.DeliverDue(context.Background())
	require.NoError(e.t, err)
	return n
}

// drain runs the outbox until nothing is due now.
func (e *env) drain() {
	e.t.Helper()
	for range 20 {
		if e.deliver() == 0 {
			return
		}
	}
	e.t.Fatal("the outbox never emptied")
}

func (e *env) incident(id string) *incident.Incident {
	e.t.Helper()
	var inc *incident.Incident
	require.NoError(e.t, e.store.View(func(tx *store.Tx) error {
		var err error
		inc, err = tx.Incident(id)
		return err
	}))
	require.NotNil(e.t, inc)
	return inc
}

func (e *env) timeline(id string) []incident.Event {
	e.t.Helper()
	var events []incident.Event
	require.NoError(e.t, e.store.View(func(tx *store.Tx) error {
		var err error
		events, err = tx.Timeline(id)
		return err
	}))
	return events
}

func (e *env) pending() int {
	var n int
	_ = e.store.View(func(tx *store.Tx) error { n = tx.OutboxPending(); return nil })
	return n
}

func eventsOf(events []incident.Event, typ incident.EventType) []incident.Event {
	var out []incident.Event
	for _, ev := range events {
		if ev.Type == typ {
			out = append(out, ev)
		}
	}
	return out
}

// replies are the thread replies to the message ts.
func (e *env) replies(ts string) []slackfake.Message {
	var out []slackfake.Message
	for _, m := range e.fake.Messages(channel) {
		if m.ThreadTS == ts {
			out = append(out, m)
		}
	}
	return out
}

func texts(ms []slackfake.Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

type storeTx = store.Tx

func zerologNop() zerolog.Logger { return zerolog.Nop() }
