package slack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/store"
)

// isolation is the playbook of these tests: an approval that Slack users,
// a Slack group and an e-mail address may give, then an action (to a
// webhook) and a message.
const isolation = `
name: isolate-on-exfil
match: alert.kind == "exfiltration"
steps:
  - name: approve-isolation
    approval:
      required: 1
      approvers: [slack:U0LEAD, slack:S0LEADS, alice@example.com]
      expires: 30m
      message: "Isolate {{ .Alert.Asset.ID }}?"
  - name: isolate
    action: isolate_host
    with: {host: "{{ .Alert.Asset.ID }}", mode: full}
    webhook: URL
  - name: tell
    notify: {channel: log, message: "{{ .Incident.ID }}: {{ .Alert.Asset.ID }} isolated"}
`

// actuator is a webhook actuator that records the actions it carries out.
type actuator struct {
	mu   sync.Mutex
	seen []playbooks.ActionRequest
	srv  *httptest.Server
}

func (a *actuator) requests() []playbooks.ActionRequest {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]playbooks.ActionRequest(nil), a.seen...)
}

// withIsolation runs the isolation playbook against a webhook actuator.
func (e *env) withIsolation() *actuator {
	e.t.Helper()
	a := &actuator{}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req playbooks.ActionRequest
		_ = json.NewDecoder(r.Body).Decode(&req)
		a.mu.Lock()
		a.seen = append(a.seen, req)
		a.mu.Unlock()
		_, _ = w.Write([]byte(`{"ok": true}`))
	}))
	e.t.Cleanup(a.srv.Close)
	e.withPlaybooks(strings.Replace(isolation, "webhook: URL", "webhook: "+a.srv.URL, 1))
	return a
}

func (e *env) run(id string) *incident.Run {
	e.t.Helper()
	var r *incident.Run
	require.NoError(e.t, e.store.View(func(tx *store.Tx) error {
		var err error
		r, err = tx.Run(id + "/isolate-on-exfil")
		return err
	}))
	require.NotNil(e.t, r)
	return r
}

func (e *env) card() string {
	e.t.Helper()
	return string(e.fake.Messages(channel)[0].Blocks)
}

func (e *env) lastEphemeral() slackfake.Ephemeral {
	e.t.Helper()
	eph := e.fake.Ephemerals()
	require.NotEmpty(e.t, eph)
	return eph[len(eph)-1]
}

// clickApproval clicks one of an approval's buttons as user.
func clickApproval(e *env, user, actionID, id string) {
	e.t.Helper()
	require.Nil(e.t, e.slack.HandleInteraction(context.Background(),
		click(user, actionID, id+"|"+id+"/isolate-on-exfil|approve-isolation")))
}

func TestAPendingApprovalShowsItsButtonsAndWhatWillRun(t *testing.T) {
	e := newEnv(t, func(o *slack.Options) { o.IncidentChannels = "high" })
	e.fake.SetGroup("S0ONCALL", "U0LEAD")
	e.withIsolation()
	id := e.open(alert("a-1"))
	e.drain()
	require.Equal(t, incident.RunWaiting, e.run(id).Status)
	card := e.card()
	for _, want := range []string{
		slack.ActionApprove, slack.ActionReject, `"style":"danger"`, // reject asks to confirm
		"*Approval needed* · isolate-on-exfil › `approve-isolation`", "Isolate fs-hr-01?",
		"*Once approved:*", "`isolate`: *isolate_host* host=fs-hr-01 mode=full", "`tell`: a message to log",
		"*1 more approval needed* (0 of 1 given)", "alice@example.com", "subteam^S0LEADS",
		"expires 2026-03-12 10:00 UTC (in 30m)", "*Playbooks*", "waiting for approval: `approve-isolation`",
	} {
		require.Contains(t, card, want)
	}
	require.Contains(t, card, id+"|"+id+"/isolate-on-exfil|approve-isolation", "the buttons name the approval")

	own, ok := e.fake.Channel(strings.ToLower(id))
	require.True(t, ok)
	summary := e.fake.Messages(own.ID)
	require.Len(t, summary, 1)
	require.Contains(t, string(summary[0].Blocks), slack.ActionApprove, "the incident channel's summary has them too")

	t.Run("a click in the incident channel decides as well, and both messages follow", func(t *testing.T) {
		clickApproval(e, "U0LEAD", slack.ActionApprove, id)
		e.drain()
		require.NotContains(t, e.card(), slack.ActionApprove)
		require.NotContains(t, string(e.fake.Messages(own.ID)[0].Blocks), slack.ActionApprove)
	})
}

func TestAnAllowedApproverApprovesFromSlackAndTheRunGoesOn(t *testing.T) {
	for _, tc := range []struct {
		name, user, approver string
		setup                func(*env)
	}{
		{"listed by Slack id", "U0LEAD", "slack:U0LEAD", func(*env) {}},
		{"a member of a listed user group", "U0BOB", "slack:U0BOB", func(e *env) { e.fake.SetGroup("S0LEADS", "U0BOB") }},
		{"whose Slack profile has a listed e-mail address", "U0ALICE", "alice@example.com", func(e *env) {
			e.fake.SetGroup("S0LEADS")
			e.fake.SetUser("U0ALICE", "Alice@Example.com")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			act := e.withIsolation()
			tc.setup(e)
			id := e.open(alert("a-1"))
			e.drain()
			clickApproval(e, tc.user, slack.ActionApprove, id)
			require.Contains(t, e.lastEphemeral().Text, "You approved `approve-isolation`")
			r := e.run(id)
			require.Equal(t, incident.StepDone, r.Steps[0].Status)
			require.Equal(t, tc.approver, r.Steps[0].Approvals[0].Approver)
			e.drain()
			require.Equal(t, incident.RunDone, e.run(id).Status)
			reqs := act.requests()
			require.Len(t, reqs, 1)
			require.Equal(t, "isolate_host", reqs[0].Action)
			require.Equal(t, "fs-hr-01", reqs[0].Params["host"])

			card := e.card()
			require.NotContains(t, card, slack.ActionApprove, "the buttons are gone once it is decided")
			require.Contains(t, card, "*isolate-on-exfil* — done")
			require.Contains(t, texts(e.replies(e.fake.Messages(channel)[0].TS)), "approved `approve-isolation`")

			clickApproval(e, tc.user, slack.ActionApprove, id)
			require.Contains(t, e.lastEphemeral().Text, "is approved already")
		})
	}
}

func TestAClickerNotAllowedIsRefusedAndTheRefusalRecorded(t *testing.T) {
	e := newEnv(t)
	act := e.withIsolation()
	e.fake.SetGroup("S0LEADS", "U0BOB")
	e.fake.SetUser("U0MALLORY", "mallory@example.com")
	id := e.open(alert("a-1"))
	e.drain()
	clickApproval(e, "U0MALLORY", slack.ActionApprove, id)
	eph := e.lastEphemeral()
	require.Equal(t, "U0MALLORY", eph.User)
	require.Contains(t, eph.Text, ":no_entry: You may not decide on `approve-isolation`")
	require.Contains(t, eph.Text, "alice@example.com")

	refused := eventsOf(e.timeline(id), incident.EventApprovalRefused)
	require.Len(t, refused, 1)
	require.Equal(t, "slack:U0MALLORY", refused[0].Actor)
	r := e.run(id)
	require.Equal(t, incident.StepWaiting, r.Steps[0].Status)
	require.Empty(t, r.Steps[0].Approvals)
	e.drain()
	require.Contains(t, texts(e.replies(e.fake.Messages(channel)[0].TS)), "was refused deciding on `approve-isolation`")
	require.Contains(t, e.card(), slack.ActionApprove, "still waiting")
	require.Empty(t, act.requests())

	t.Run("a user Slack does not know is refused too", func(t *testing.T) {
		clickApproval(e, "U0GHOST", slack.ActionApprove, id)
		require.Contains(t, e.lastEphemeral().Text, "could not check", "users.info failed: nothing decided, nothing recorded")
		require.Len(t, eventsOf(e.timeline(id), incident.EventApprovalRefused), 1)
	})
}

func TestARejectionEndsTheRunAndTheMessageSaysSo(t *testing.T) {
	e := newEnv(t)
	act := e.withIsolation()
	id := e.open(alert("a-1"))
	e.drain()
	clickApproval(e, "U0LEAD", slack.ActionReject, id)
	require.Contains(t, e.lastEphemeral().Text, "You rejected `approve-isolation`")
	require.Equal(t, incident.RunRejected, e.run(id).Status)
	e.drain()
	card := e.card()
	require.NotContains(t, card, slack.ActionApprove)
	require.Contains(t, card, "rejected at `approve-isolation`: rejected by slack:U0LEAD")
	require.Contains(t, texts(e.replies(e.fake.Messages(channel)[0].TS)), "rejected `approve-isolation`")
	require.Empty(t, act.requests(), "nothing after the approval ran")

	clickApproval(e, "U0LEAD", slack.ActionApprove, id)
	require.Contains(t, e.lastEphemeral().Text, "was rejected already")
}

func TestAnExpiredApprovalUpdatesTheMessage(t *testing.T) {
	e := newEnv(t)
	act := e.withIsolation()
	id := e.open(alert("a-1"))
	e.drain()
	updates := e.fake.Messages(channel)[0].Updates
	e.clock.Advance(31 * time.Minute)
	n, err := e.timers.FireDue(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	e.drain()
	m := e.fake.Messages(channel)[0]
	require.Greater(t, m.Updates, updates, "updated in place")
	require.NotContains(t, string(m.Blocks), slack.ActionApprove)
	require.Contains(t, string(m.Blocks), "expired at `approve-isolation`: no decision in time")
	require.Contains(t, texts(e.replies(m.TS)), "`approve-isolation` of "+id+"/isolate-on-exfil expired")

	clickApproval(e, "U0LEAD", slack.ActionApprove, id)
	require.Contains(t, e.lastEphemeral().Text, "expired at 2026-03-12 10:00 UTC without enough approvals")
	require.Empty(t, act.requests())
}

func TestAPlaybookRoutesItsIncidentsToItsChannel(t *testing.T) {
	e := newEnv(t, func(o *slack.Options) {
		o.PlaybookChannels = []string{"other=C0OTHER", "isolate-on-exfil=C0ISOLATE"}
		o.SeverityChannels = []string{"high=C0HIGH"}
	})
	require.Equal(t, []string{"other", "isolate-on-exfil"}, e.slack.RoutedPlaybooks(), "the daemon warns of the ones it lacks")
	for _, ch := range []string{"C0ISOLATE", "C0HIGH", "C0OTHER"} {
		e.fake.AddChannel(slackfake.Channel{ID: ch, Name: strings.ToLower(ch), Members: []string{slackfake.BotUser}})
	}
	e.withIsolation()
	id := e.open(alert("a-1"))
	e.drain()
	msgs := e.fake.Messages("C0ISOLATE")
	require.Len(t, msgs, 1, "before the severity's channel")
	require.Contains(t, msgs[0].Text, id)
	require.Empty(t, e.fake.Messages("C0HIGH"))
	require.Empty(t, e.fake.Messages(channel))

	t.Run("an incident no listed playbook runs on goes by its severity", func(t *testing.T) {
		a := alert("a-2")
		a.Kind, a.Asset.ID = "malware", "laptop-7"
		e.open(a)
		e.drain()
		require.Len(t, e.fake.Messages("C0HIGH"), 1)
	})
}

func TestPlaybookChannelsAreChecked(t *testing.T) {
	for _, bad := range [][]string{{"isolate"}, {"=C1"}, {"a=C1", "a=C2"}} {
		o := slack.Config{BotToken: "xoxb-1", Channel: "C1", PlaybookChannels: bad}
		err := o.Validate()
		require.Error(t, err, "%q", bad)
		require.Contains(t, err.Error(), "slack_playbook_channels")
	}
}

// A step that needs two approvals from one user group shows each approval
// as it comes, and each member decides once, as themselves.
func TestTwoMembersOfAGroupGiveTwoApprovals(t *testing.T) {
	e := newEnv(t)
	act := e.withIsolation()
	pbs, err := playbooks.Load("two.yaml", []byte(strings.NewReplacer("required: 1", "required: 2",
		"[slack:U0LEAD, slack:S0LEADS, alice@example.com]", "[slack:S0LEADS]", "webhook: URL", "webhook: "+act.srv.URL).Replace(isolation)), playbooks.DefaultRegistry())
	require.NoError(t, err)
	e.engine.Swap(&playbooks.Set{Playbooks: pbs})
	e.fake.SetGroup("S0LEADS", "U0BOB", "U0CAROL")
	id := e.open(alert("a-1"))
	e.drain()
	require.Contains(t, e.card(), "*2 more approvals needed* (0 of 2 given)")

	clickApproval(e, "U0BOB", slack.ActionApprove, id)
	e.drain()
	require.Contains(t, e.card(), "*1 more approval needed* (1 of 2 given)")
	require.Contains(t, e.card(), "approved by \\u003c@U0BOB\\u003e")
	clickApproval(e, "U0BOB", slack.ActionApprove, id)
	require.Contains(t, e.lastEphemeral().Text, "You have decided on `approve-isolation` of "+id+"/isolate-on-exfil already")
	require.Empty(t, act.requests())

	clickApproval(e, "U0CAROL", slack.ActionApprove, id)
	e.drain()
	r := e.run(id)
	require.Equal(t, incident.RunDone, r.Status)
	require.Equal(t, []string{"slack:U0BOB", "slack:U0CAROL"}, []string{r.Steps[0].Approvals[0].Approver, r.Steps[0].Approvals[1].Approver})
	require.Len(t, act.requests(), 1)
	thread := texts(e.replies(e.fake.Messages(channel)[0].TS))
	require.Contains(t, thread, "\u003c@U0CAROL\u003e (via slack:S0LEADS) approved `approve-isolation` of "+id+"/isolate-on-exfil")
	require.NotContains(t, thread, "subteam", "the group is named, not notified, at each decision")
}
