package daemon_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/notify/slack"
)

// An alert that opens an incident posts one message to the Slack channel,
// through the ingest transaction and the outbox; a later duplicate updates
// that message rather than posting another.
func TestANewIncidentIsPostedToSlack(t *testing.T) {
	fake := slackfake.New(t, "C-INCIDENTS")
	cfg := testConfig(t)
	cfg.Slack.BotToken = slackfake.Token
	cfg.Slack.APIURL = fake.URL()
	cfg.Slack.Channel = "C-INCIDENTS"
	cfg.ReminderInterval = 50 * time.Millisecond
	d := start(t, cfg)
	c := client{t: t, base: "http://" + d.HTTPAddr()}
	alert := map[string]any{"id": "sl-1", "source": "guardduty", "kind": "s3-bucket-public", "time": time.Now().UTC().Format(time.RFC3339),
		"severity": "high", "title": "Bucket exports is public", "asset": map[string]any{"id": "s3://exports", "type": "bucket"}}
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return len(fake.Messages("C-INCIDENTS")) == 1 }, 10*time.Second, 20*time.Millisecond)
	require.True(t, strings.Contains(fake.Messages("C-INCIDENTS")[0].Text, "Bucket exports is public") ||
		strings.Contains(string(fake.Messages("C-INCIDENTS")[0].Blocks), "Bucket exports is public"))

	alert["id"] = "sl-2"
	code, body = c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return fake.Calls("chat.update") >= 1 }, 10*time.Second, 20*time.Millisecond)
	require.Len(t, fake.Messages("C-INCIDENTS"), 1, "updated in place, not posted again")
}

// signedForm posts form to the daemon's Slack endpoint path, signed with
// secret as Slack signs it.
func signedForm(t *testing.T, base, path, secret string, form url.Values) (int, string) {
	t.Helper()
	body := form.Encode()
	req, err := http.NewRequestWithContext(t.Context(), "POST", base+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	slackfake.Sign(req.Header, secret, time.Now(), body) // the check reads the wall clock
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// The whole daemon with Slack: an alert opens an incident whose message
// is posted, and its playbook's notice goes to the channel the step names;
// a signed click on Acknowledge acknowledges it and the message is updated
// in place; two days later by the daemon's clock, the reminder of the
// 72-hour GDPR deadline lands in the message's thread, mentioning the
// on-call group.
func TestTheDaemonRunsAnIncidentFromSlack(t *testing.T) {
	const ch, secret = "C-INCIDENTS", "s3cret"
	fake := slackfake.New(t, ch)
	// The daemon's clock runs with the wall clock's (which the signature
	// check reads), ahead by skip.
	var skip atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skip.Load())) }
	cfg := testConfig(t)
	cfg.Slack.BotToken, cfg.Slack.APIURL, cfg.Slack.Channel = slackfake.Token, fake.URL(), ch
	cfg.Slack.SigningSecret, cfg.Slack.OnCallGroup = secret, "S0ONCALL"
	cfg.ReminderInterval = 20 * time.Millisecond
	// A playbook whose notify step names a Slack channel by name.
	fake.AddChannel(slackfake.Channel{ID: "C-SEC", Name: "sec-incidents", Members: []string{slackfake.BotUser}})
	cfg.Runs.Playbooks = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(cfg.Runs.Playbooks, "tell.yaml"), []byte(`name: tell
match: alert.kind == "exfiltration"
steps:
  - name: tell-security
    notify:
      channel: "#sec-incidents"
      message: "{{ .Incident.ID }}: exfiltration from {{ .Alert.Asset.ID }}"
`), 0o600))
	d := daemon.New(cfg, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel))
	daemon.SetClock(d, now)
	require.NoError(t, d.Start(t.Context()))
	t.Cleanup(func() { _ = d.Stop(context.Background()) })
	base := "http://" + d.HTTPAddr()
	c := client{t: t, base: base}

	alert := map[string]any{"id": "e2e-1", "source": "edr", "kind": "exfiltration", "time": now().UTC().Format(time.RFC3339),
		"severity": "high", "title": "Mass read of the HR share", "asset": map[string]any{"id": "fs-hr-01", "type": "host"},
		"personal_data": map[string]any{"categories": []string{"contact"}, "subjects": 1200, "jurisdictions": []string{"EU-IE"}}}
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return len(fake.Messages(ch)) == 1 }, 10*time.Second, 10*time.Millisecond, "the incident is posted")
	card := fake.Messages(ch)[0]
	id := c.incidents("")[0].ID
	require.Contains(t, card.Text, id)
	require.Contains(t, string(card.Blocks), "Acknowledge")
	require.Eventually(t, func() bool { return len(fake.Messages("C-SEC")) == 1 }, 10*time.Second, 10*time.Millisecond, "the playbook's notice is posted")
	require.Equal(t, id+": exfiltration from fs-hr-01", fake.Messages("C-SEC")[0].Text)

	payload, err := json.Marshal(map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0ALICE"},
		"channel": map[string]any{"id": ch}, "container": map[string]any{"channel_id": ch, "message_ts": card.TS}, "trigger_id": "trig-1",
		"actions": []map[string]any{{"action_id": slack.ActionAck, "block_id": "breachd_actions", "value": id, "type": "button"}}})
	require.NoError(t, err)
	code, out := signedForm(t, base, "/slack/interactions", secret, url.Values{"payload": {string(payload)}})
	require.Equal(t, http.StatusOK, code, out)
	inc := c.incidents("?status=acknowledged")
	require.Len(t, inc, 1, "acknowledged by the click")
	require.Equal(t, "slack:U0ALICE", inc[0].AcknowledgedBy)
	require.Eventually(t, func() bool {
		m := fake.Messages(ch)[0]
		return m.Updates >= 1 && strings.Contains(string(m.Blocks), `acknowledged by \u003c@U0ALICE\u003e`)
	}, 10*time.Second, 10*time.Millisecond, "the message is updated in place")
	require.NotContains(t, string(fake.Messages(ch)[0].Blocks), slack.ActionAck, "no Acknowledge button any more")

	skip.Store(int64(48*time.Hour + time.Minute))
	var reminder slackfake.Message
	require.Eventually(t, func() bool {
		for _, m := range fake.Messages(ch) {
			if m.ThreadTS == card.TS && strings.Contains(m.Text, ":alarm_clock:") {
				reminder = m
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond, "the reminder is in the thread")
	require.Contains(t, reminder.Text, "<!subteam^S0ONCALL>")
	require.Contains(t, reminder.Text, id)
	require.Len(t, fake.Messages(ch), len(threadOf(fake.Messages(ch), card.TS))+1, "everything else is in the thread")
}

func threadOf(ms []slackfake.Message, ts string) []slackfake.Message {
	var out []slackfake.Message
	for _, m := range ms {
		if m.ThreadTS == ts {
			out = append(out, m)
		}
	}
	return out
}

// The shipped ransomware playbook with Slack and the example actuator: the
// alert's incident is posted to the playbook's channel, the approval
// shows on its message with what it lets run, a signed click on Approve
// by a Slack user whose profile has a listed e-mail address approves it,
// and the host is isolated; the message then says the run is done.
func TestAnApprovalIsGivenFromSlackAndTheIsolationRuns(t *testing.T) {
	const ch, secret = "C-RANSOM", "s3cret"
	fake := slackfake.New(t, "C-INCIDENTS", ch)
	fake.AddChannel(slackfake.Channel{ID: "C-SEC", Name: "sec-incidents", Members: []string{slackfake.BotUser}})
	fake.SetUser("U0ALICE", "alice@example.com")
	cfg := testConfig(t)
	cfg.Runs.Playbooks = "" // the shipped examples
	cfg.NATS.Listen = "127.0.0.1:0"
	cfg.Slack.BotToken, cfg.Slack.APIURL, cfg.Slack.Channel, cfg.Slack.SigningSecret = slackfake.Token, fake.URL(), "C-INCIDENTS", secret
	cfg.Slack.PlaybookChannels = []string{"ransomware-host=" + ch}
	cfg.ReminderInterval = 20 * time.Millisecond
	d := start(t, cfg)
	base := "http://" + d.HTTPAddr()
	c := client{t: t, base: base}
	act := startActuator(t, d, cfg.DataDir)
	id := c.postRansomware()

	var card slackfake.Message
	require.Eventually(t, func() bool {
		ms := fake.Messages(ch)
		if len(ms) == 0 {
			return false
		}
		card = ms[0]
		return strings.Contains(string(card.Blocks), slack.ActionApprove)
	}, 15*time.Second, 10*time.Millisecond, "the approval's buttons are on the message, in the playbook's channel")
	require.Empty(t, fake.Messages("C-INCIDENTS"))
	require.Contains(t, string(card.Blocks), "*isolate_host* host=")
	require.Equal(t, 1, act.Served(), "only the memory snapshot so far")

	run := id + "/ransomware-host"
	payload, err := json.Marshal(map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0ALICE"},
		"channel": map[string]any{"id": ch}, "container": map[string]any{"channel_id": ch, "message_ts": card.TS}, "trigger_id": "trig-2",
		"actions": []map[string]any{{"action_id": slack.ActionApprove, "block_id": "breachd_approval_0", "value": id + "|" + run + "|approve-isolation", "type": "button"}}})
	require.NoError(t, err)
	code, out := signedForm(t, base, "/slack/interactions", secret, url.Values{"payload": {string(payload)}})
	require.Equal(t, http.StatusOK, code, out)

	require.Eventually(t, func() bool { return c.runs(id).Runs[0].Status == incident.RunDone }, 15*time.Second, 20*time.Millisecond)
	require.Equal(t, 3, act.Served(), "snapshot-memory, isolate, snapshot-disk")
	approvals := c.runs(id).Runs[0].Steps[1].Approvals
	require.Len(t, approvals, 1)
	require.Equal(t, "alice@example.com", approvals[0].Approver)
	eph := fake.Ephemerals()
	require.NotEmpty(t, eph)
	require.Contains(t, eph[len(eph)-1].Text, "You approved `approve-isolation`")
	require.Eventually(t, func() bool {
		b := string(fake.Messages(ch)[0].Blocks)
		return strings.Contains(b, "*ransomware-host* — done") && !strings.Contains(b, slack.ActionApprove)
	}, 10*time.Second, 10*time.Millisecond, "the message follows the run")
}
