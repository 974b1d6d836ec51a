package slack_test

import (
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/store"
)

func TestANewIncidentIsPostedOnceAndUpdatedInPlaceAcrossARestart(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	e.drain()

	msgs := e.fake.Messages(channel)
	require.Len(t, msgs, 1, "one message per incident")
	card := msgs[0]
	require.Contains(t, card.Text, id)
	require.Contains(t, string(card.Blocks), "fs-hr-01")
	require.Contains(t, string(card.Blocks), slack.ActionAck)
	require.NotContains(t, string(card.Blocks), "jane.doe@example.com", "e-mail addresses are redacted by default")
	require.NotContains(t, string(card.Blocks), "10.1.2.3", "IP addresses are redacted by default")
	require.Regexp(t, `\[email:[0-9a-f]{8}\]`, string(card.Blocks), "replaced by the ingest's keyed token")
	require.Equal(t, 0, e.pending())
	delivered := eventsOf(e.timeline(id), incident.EventDelivered)
	require.NotEmpty(t, delivered, "the outcome is on the timeline")

	// More alerts fold in: the same message is updated, not a new one.
	e.clock.Advance(time.Minute)
	a2 := alert("a-2")
	a2.Time = e.clock.Now()
	require.Equal(t, id, e.open(a2))
	e.drain()
	msgs = e.fake.Messages(channel)
	require.Len(t, msgs, 1)
	require.Equal(t, 1, msgs[0].Updates)
	require.Contains(t, string(msgs[0].Blocks), "*Alerts*\\n2")

	// After a restart the stored timestamp keeps the same message.
	e.restart()
	out := e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "ack " + id})
	require.Contains(t, out.Text, "acknowledged")
	e.drain()
	msgs = e.fake.Messages(channel)
	require.Equal(t, card.TS, msgs[0].TS)
	require.Equal(t, 2, msgs[0].Updates)
	require.NotContains(t, string(msgs[0].Blocks), slack.ActionAck, "an acknowledged incident has no Acknowledge button")
	replies := e.replies(card.TS)
	require.Len(t, replies, 1, "the status change is told in the thread")
	require.Contains(t, replies[0].Text, "<@U0ALICE> moved it from *open* to *acknowledged*")

	// Nothing left: running the outbox again posts nothing.
	require.Equal(t, 0, e.deliver())
	require.Len(t, e.fake.Messages(channel), 2)
}

func TestManyChangesWhileAnUpdateWaitsShareIt(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	e.drain()
	for i := range 5 {
		e.clock.Advance(time.Second)
		a := alert("a-more-" + string(rune('a'+i)))
		a.Time = e.clock.Now()
		e.open(a)
	}
	require.Equal(t, 1, e.pending(), "five changes, one update queued")
	e.drain()
	require.Equal(t, 1, e.fake.Messages(channel)[0].Updates)
	require.Contains(t, string(e.fake.Messages(channel)[0].Blocks), "*Alerts*\\n6")
	_ = id
}

func TestARateLimitStormIsWaitedOutWithRetryAfterAndPostsOnce(t *testing.T) {
	e := newEnv(t)
	e.fake.RateLimit("chat.postMessage", 3, 7)
	e.open(alert("a-1"))
	for i := range 3 {
		require.Equal(t, 1, e.deliver(), "attempt %d", i+1)
		require.Empty(t, e.fake.Messages(channel))
		var entries []store.OutboxEntry
		require.NoError(t, e.store.View(func(tx *store.Tx) error {
			var err error
			entries, err = tx.DueOutbox(e.clock.Now().Add(time.Hour), 10)
			return err
		}))
		require.Len(t, entries, 1)
		require.Equal(t, e.clock.Now().Add(7*time.Second), entries[0].NextAt, "the next attempt waits Retry-After")
		require.Contains(t, entries[0].LastError, "rate limit")
		require.Equal(t, 0, e.deliver(), "nothing is due before Retry-After")
		e.clock.Advance(7 * time.Second)
	}
	e.drain()
	require.Len(t, e.fake.Messages(channel), 1)
	require.Equal(t, 4, e.fake.Calls("chat.postMessage"))
}

func TestErrorsAreClassified(t *testing.T) {
	t.Run("a channel that does not exist is given up at once", func(t *testing.T) {
		e := newEnv(t)
		e.fake.FailWith("chat.postMessage", 1, "channel_not_found")
		id := e.open(alert("a-1"))
		require.Equal(t, 1, e.deliver())
		require.Equal(t, 0, e.pending())
		failed := eventsOf(e.timeline(id), incident.EventDeliveryFailed)
		require.Len(t, failed, 1)
		require.Contains(t, string(failed[0].Data), "channel_not_found")
	})
	t.Run("a refused token is given up at once", func(t *testing.T) {
		e := newEnv(t)
		e.fake.FailWith("chat.postMessage", 1, "invalid_auth")
		id := e.open(alert("a-1"))
		e.deliver()
		require.Len(t, eventsOf(e.timeline(id), incident.EventDeliveryFailed), 1)
	})
	t.Run("a server error is retried with back-off", func(t *testing.T) {
		e := newEnv(t)
		e.fake.FailStatus("chat.postMessage", 2, 503)
		e.open(alert("a-1"))
		e.deliver()
		require.Equal(t, 1, e.pending())
		e.clock.Advance(time.Second)
		e.deliver()
		e.clock.Advance(2 * time.Second)
		e.drain()
		require.Len(t, e.fake.Messages(channel), 1)
	})
}

// The daemon stopped after Slack took a post and before the timestamp was
// recorded: the next attempt finds the post by its key instead of posting
// it again.
func TestAPostWhoseOutcomeWasLostIsFoundNotRepeated(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	key := "card/" + id
	require.NoError(t, e.store.Update(func(tx *store.Tx) error {
		return tx.PutSlackPost(key, store.SlackPost{Channel: channel, StartedAt: e.clock.Now()})
	}))
	api := slackapi.New("xoxb-fake-token", slackapi.OptionAPIURL(e.fake.URL()))
	_, ts, err := api.PostMessage(channel, slackapi.MsgOptionText("posted before the crash", false),
		slackapi.MsgOptionMetadata(slackapi.SlackMetadata{EventType: "breachd_post", EventPayload: map[string]any{"key": key}}))
	require.NoError(t, err)

	e.drain()
	require.Len(t, e.fake.Messages(channel), 1, "not posted twice")
	require.Equal(t, 1, e.fake.Calls("chat.postMessage"))
	require.NoError(t, e.store.View(func(tx *store.Tx) error {
		m, err := tx.SlackMessage(id)
		require.Equal(t, ts, m.TS)
		return err
	}))
}

func TestThreadRepliesAreRedacted(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	e.drain()
	card := e.fake.Messages(channel)[0]

	out := e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "note " + id + " mailed jane.doe@example.com from 10.1.2.3"})
	require.Contains(t, out.Text, "noted")
	e.drain()

	replies := e.replies(card.TS)
	require.Len(t, replies, 1, "the note is told in the thread")
	require.Contains(t, replies[0].Text, "<@U0ALICE> noted: mailed")
	require.NotContains(t, replies[0].Text, "jane.doe@example.com", "personal data is redacted before it reaches Slack")
	require.NotContains(t, replies[0].Text, "10.1.2.3")
}
