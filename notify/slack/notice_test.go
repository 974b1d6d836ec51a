package slack_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/runs"
)

func TestAPlaybooksNoticeIsPostedOnceToItsChannelOrTheThread(t *testing.T) {
	e := newEnv(t)
	e.fake.AddChannel(slackfake.Channel{ID: "C0SEC", Name: "sec-incidents", Members: []string{slackfake.BotUser}})
	e.fake.AddChannel(slackfake.Channel{ID: "C0QUIET", Name: "elsewhere"})
	id := e.open(alert("a-1"))
	e.drain()
	n := runs.Notice{Incident: id, Run: "R1", Step: "tell-security", Channel: "#sec-incidents", Key: "run/R1/tell-security",
		Message: id + ": jane.doe@example.com's laptop isolated"}

	t.Run("to a #channel the app is in, once, redacted", func(t *testing.T) {
		require.NoError(t, e.slack.Notice(t.Context(), n))
		require.NoError(t, e.slack.Notice(t.Context(), n), "a retry")
		posted := e.fake.Messages("C0SEC")
		require.Len(t, posted, 1)
		require.Contains(t, posted[0].Text, id)
		require.NotContains(t, posted[0].Text, "jane.doe@example.com")
	})
	t.Run("without a channel, in the incident's thread", func(t *testing.T) {
		n.Channel, n.Key = "", "run/R1/follow-up"
		require.NoError(t, e.slack.Notice(t.Context(), n))
		require.Len(t, e.replies(e.fake.Messages(channel)[0].TS), 1)
	})
	t.Run("a channel the app is not in is refused, saying what to do", func(t *testing.T) {
		n.Channel, n.Key = "#elsewhere", "run/R1/third"
		err := e.slack.Notice(t.Context(), n)
		require.ErrorContains(t, err, "invite it")
	})
}

// A playbook asks for an incident channel with a notify step to
// "incident": the channel is set up (on-call group invited, summary
// pinned) and the notice posted in it, once.
func TestAPlaybookNoticeToTheIncidentChannelSetsItUp(t *testing.T) {
	e := newEnv(t)
	e.fake.SetGroup("S0ONCALL", "U0BOB")
	id := e.open(alert("a-1"))
	e.drain()
	n := runs.Notice{Incident: id, Run: "R1", Step: "war-room", Channel: slack.IncidentChannel, Key: "run/R1/war-room",
		Message: "Isolation approved; coordinate here."}
	require.NoError(t, e.slack.Notice(t.Context(), n))
	require.NoError(t, e.slack.Notice(t.Context(), n), "a retry")
	ch := e.ownChannel(id)
	require.Contains(t, ch.Members, "U0BOB")
	require.Len(t, ch.Pins, 1)
	var notices int
	for _, m := range e.fake.Messages(ch.ID) {
		if m.Text == "Isolation approved; coordinate here." {
			notices++
		}
	}
	require.Equal(t, 1, notices)
}
