package slack_test

import (
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/store"
)

// ownChannel returns the incident's own channel as the fake holds it.
func (e *env) ownChannel(id string) slackfake.Channel {
	e.t.Helper()
	var own store.SlackChannel
	require.NoError(e.t, e.store.View(func(tx *store.Tx) error {
		var err error
		own, err = tx.SlackChannel(id)
		return err
	}))
	require.NotEmpty(e.t, own.ID, "the channel is stored")
	ch, ok := e.fake.Channel(own.ID)
	require.True(e.t, ok)
	return ch
}

func TestAnIncidentChannelOnDemandInvitesTheOnCallGroupPinsTheSummaryAndSetsTheTopic(t *testing.T) {
	e := newEnv(t)
	e.fake.SetGroup("S0ONCALL", "U0BOB", "U0CAROL")
	id := e.open(alert("a-1"))
	e.drain()
	card := e.fake.Messages(channel)[0]
	require.Contains(t, string(card.Blocks), `"action_id":"`+slack.ActionChannel+`"`)
	require.Contains(t, string(card.Blocks), "Open incident channel")

	require.Nil(t, e.slack.HandleInteraction(t.Context(), click("U0ALICE", slack.ActionChannel, id)))
	require.Contains(t, e.fake.Ephemerals()[0].Text, "is being set up")
	e.drain()

	ch := e.ownChannel(id)
	require.Equal(t, strings.ToLower(id), ch.Name)
	require.True(t, ch.Private, "a breach is not for the whole workspace")
	require.ElementsMatch(t, []string{slackfake.BotUser, "U0BOB", "U0CAROL", "U0ALICE"}, ch.Members, "the on-call group and who asked")
	require.Len(t, ch.Pins, 1)
	summary := e.fake.Messages(ch.ID)
	require.Len(t, summary, 1)
	require.Equal(t, summary[0].TS, ch.Pins[0], "the summary is what is pinned")
	require.Contains(t, summary[0].Text, id)
	require.Equal(t, "HIGH · "+id+" · next deadline: "+nextDeadline(t, e, id), ch.Topic)

	t.Run("the message's button now opens the channel", func(t *testing.T) {
		blocks := string(e.fake.Messages(channel)[0].Blocks)
		require.Contains(t, blocks, "app_redirect?channel="+ch.ID)
		require.NotContains(t, blocks, "Open incident channel")
	})
	t.Run("the topic follows the next deadline; the summary follows the message", func(t *testing.T) {
		topics := e.fake.Calls("conversations.setTopic")
		e.clock.Advance(time.Minute)
		out := e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "facts " + id + " aware_at=2026-03-12T06:00:00Z"})
		require.Contains(t, out.Text, "facts recorded")
		e.drain()
		ch := e.ownChannel(id)
		require.Contains(t, ch.Topic, "2026-03-15 06:00 UTC", "72 hours after the new awareness time")
		require.Equal(t, topics+1, e.fake.Calls("conversations.setTopic"))
		require.Positive(t, e.fake.Messages(ch.ID)[0].Updates)

		e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "note " + id + " the deadline stays"})
		e.drain()
		require.Equal(t, topics+1, e.fake.Calls("conversations.setTopic"), "an unchanged topic is not set again")
	})
	t.Run("after a restart the channel is reused, and whoever asks is invited", func(t *testing.T) {
		e.restart()
		out := e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0DAVE", Text: "channel " + id})
		require.Contains(t, out.Text, "<#"+ch.ID+">")
		e.drain()
		require.Equal(t, 1, e.fake.Calls("conversations.create"))
		require.Equal(t, 1, e.fake.Calls("pins.add"))
		require.Contains(t, e.ownChannel(id).Members, "U0DAVE")
		require.Len(t, e.fake.Messages(ch.ID), 1, "one summary")
	})
}

// nextDeadline is the next deadline of an incident as the topic writes it.
func nextDeadline(t *testing.T, e *env, id string) string {
	var set *incident.Obligations
	require.NoError(t, e.store.View(func(tx *store.Tx) error {
		var err error
		set, err = tx.Obligations(id)
		return err
	}))
	inc := e.incident(id)
	topic := slack.Topic(inc, set)
	_, next, ok := strings.Cut(topic, "next deadline: ")
	require.True(t, ok)
	return next
}

func TestSettingUpAChannelResumesWhereItStopped(t *testing.T) {
	e := newEnv(t)
	e.fake.SetGroup("S0ONCALL", "U0BOB")
	id := e.open(alert("a-1"))
	e.drain()
	e.fake.RateLimit("pins.add", 1, 20)
	e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "channel " + id})
	e.drain()
	require.Empty(t, e.ownChannel(id).Pins, "pins.add waits its Retry-After")
	e.clock.Advance(20 * time.Second)
	e.drain()
	ch := e.ownChannel(id)
	require.Len(t, ch.Pins, 1)
	require.Equal(t, 1, e.fake.Calls("conversations.create"), "created once")
	require.Len(t, e.fake.Messages(ch.ID), 1, "the summary posted once")
	require.Equal(t, 2, e.fake.Calls("pins.add"))
}

func TestATakenChannelNameIsReusedWhenTheBotIsInItAndSkippedOtherwise(t *testing.T) {
	t.Run("the bot's own channel from an attempt whose answer was lost", func(t *testing.T) {
		e := newEnv(t)
		id := e.open(alert("a-1"))
		e.drain()
		e.fake.AddChannel(slackfake.Channel{ID: "C0LOST", Name: strings.ToLower(id), Private: true, Members: []string{slackfake.BotUser}})
		e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "channel " + id})
		e.drain()
		require.Equal(t, "C0LOST", e.ownChannel(id).ID)
	})
	t.Run("someone else's channel", func(t *testing.T) {
		e := newEnv(t)
		id := e.open(alert("a-1"))
		e.drain()
		e.fake.AddChannel(slackfake.Channel{ID: "C0OTHER", Name: strings.ToLower(id)})
		e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "channel " + id})
		e.drain()
		require.Equal(t, strings.ToLower(id)+"-2", e.ownChannel(id).Name)
	})
}

func TestIncidentsOfAConfiguredSeverityGetAChannelAtOnce(t *testing.T) {
	e := newEnv(t, func(o *slack.Options) { o.IncidentChannels = "high" })
	high := e.open(alert("a-1"))
	low := alert("a-2")
	low.Severity, low.Asset.ID = incident.SeverityLow, "laptop-7"
	lowID := e.open(low)
	e.drain()
	require.Equal(t, strings.ToLower(high), e.ownChannel(high).Name)
	require.Equal(t, 1, e.fake.Calls("conversations.create"), "none for %s", lowID)
}

func TestNewIncidentsAreRoutedToTheirSeveritysChannel(t *testing.T) {
	e := newEnv(t, func(o *slack.Options) { o.SeverityChannels = []string{"critical=C0CRITICAL"} })
	e.fake.AddChannel(slackfake.Channel{ID: "C0CRITICAL", Name: "critical", Members: []string{slackfake.BotUser}})
	crit := alert("a-1")
	crit.Severity = incident.SeverityCritical
	e.open(crit)
	other := alert("a-2")
	other.Asset.ID = "laptop-7"
	e.open(other)
	e.drain()
	require.Len(t, e.fake.Messages("C0CRITICAL"), 1)
	require.Len(t, e.fake.Messages(channel), 1)
}

func TestChannelSettingsAreChecked(t *testing.T) {
	o := slack.Config{BotToken: slackfake.Token, Channel: channel, SeverityChannels: []string{"urgent=C1", "high"}, IncidentChannels: "severe"}
	err := o.Validate()
	require.ErrorContains(t, err, `slack_severity_channels: "urgent=C1"`)
	require.ErrorContains(t, err, "slack_incident_channels:")
	o.SeverityChannels, o.IncidentChannels = []string{"critical=C1", "high=C2"}, "critical"
	require.NoError(t, o.Validate())
}
