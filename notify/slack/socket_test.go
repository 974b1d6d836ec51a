package slack_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/notify/slack"
)

// Over Socket Mode (apps.connections.open, then a websocket of envelopes)
// a slash command and a button click reach the same handlers as over
// HTTP, and each envelope is acknowledged: the command with its answer,
// the click bare. An envelope Slack delivers again is acknowledged and
// not handled twice.
func TestSocketModeEnvelopesReachTheHandlersAndAreAcknowledged(t *testing.T) {
	e := newEnv(t, func(o *slack.Options) { o.AppToken = slackfake.AppToken; o.SigningSecret = "" })
	require.True(t, e.slack.SocketMode())
	id := e.open(alert("a-1"))
	e.drain()

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.slack.RunSocketMode(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done, "a cancelled connection ends without error")
	})
	send := func(typ string, payload any) json.RawMessage {
		t.Helper()
		sctx, stop := context.WithTimeout(t.Context(), 10*time.Second)
		defer stop()
		ack, err := e.fake.Envelope(sctx, typ, payload)
		require.NoError(t, err)
		return ack
	}

	t.Run("a slash command is answered in its ack", func(t *testing.T) {
		ack := send("slash_commands", slackapi.SlashCommand{Command: "/breach", Text: "ack " + id, UserID: "U0ALICE", ChannelID: channel})
		var answer slackapi.Msg
		require.NoError(t, json.Unmarshal(ack, &answer))
		require.Equal(t, slackapi.ResponseTypeEphemeral, answer.ResponseType)
		require.Contains(t, answer.Text, id+" acknowledged")
		require.Equal(t, incident.StatusAcknowledged, e.incident(id).Status)
		require.Equal(t, "slack:U0ALICE", e.incident(id).AcknowledgedBy)
	})
	click := json.RawMessage(`{"type":"block_actions","user":{"id":"U0BOB"},"channel":{"id":"` + channel + `"},"trigger_id":"trig-9",
		"actions":[{"action_id":"` + slack.ActionAssignMe + `","block_id":"breachd_actions","value":"` + id + `","type":"button"}]}`)
	t.Run("a button click is acknowledged bare and changes the incident", func(t *testing.T) {
		ack := send("interactive", click)
		require.Empty(t, ack)
		require.Equal(t, "slack:U0BOB", e.incident(id).Assignee)
		e.drain()
		require.Contains(t, string(e.fake.Messages(channel)[0].Blocks), `\u003c@U0BOB\u003e`, "the message shows it")
	})
	t.Run("a redelivered envelope is acknowledged and not handled again", func(t *testing.T) {
		before := len(e.timeline(id))
		require.Empty(t, send("interactive", click))
		require.Len(t, e.timeline(id), before)
		require.Empty(t, e.fake.Ephemerals(), "no 'already assigned' answer either")
	})
}
