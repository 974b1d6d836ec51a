package slack

import (
	"context"
	"fmt"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/store"
)

// metadataType marks breachd's posts; their payload carries the
// idempotency key.
const metadataType = "breachd_post"

// maxLookBack bounds the messages searched for a post whose fate is unknown.
const maxLookBack = 200

// postOnce posts a message to channel (in the thread of threadTS when set)
// under an idempotency key, and returns its timestamp. A key posted before
// is not posted again. The post is recorded as begun before the call and
// done after it, so that after a crash in between, the next attempt first
// looks in the channel for a message carrying the key.
func (s *Slack) postOnce(ctx context.Context, key, channel, threadTS string, opts ...slackapi.MsgOption) (string, error) {
	var begun *store.SlackPost
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		begun, err = tx.SlackPost(key)
		return err
	})
	if err != nil {
		return "", err
	}
	if begun != nil && begun.TS != "" {
		return begun.TS, nil
	}
	if begun != nil {
		ts, err := s.lookFor(ctx, key, begun, threadTS)
		if err != nil {
			return "", Classify(err)
		}
		if ts != "" {
			return ts, s.donePost(key, store.SlackPost{Channel: begun.Channel, TS: ts, StartedAt: begun.StartedAt})
		}
	} else {
		begun = &store.SlackPost{Channel: channel, StartedAt: s.opts.Now().UTC()}
		if err := s.store.Update(func(tx *store.Tx) error { return tx.PutSlackPost(key, *begun) }); err != nil {
			return "", err
		}
	}
	opts = append(opts, slackapi.MsgOptionMetadata(slackapi.SlackMetadata{EventType: metadataType, EventPayload: map[string]any{"key": key}}))
	if threadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(threadTS))
	}
	ch, ts, err := s.api.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		if definite(err) {
			// Slack answered: nothing was posted, nothing to look for.
			if derr := s.store.Update(func(tx *store.Tx) error { return tx.DeleteSlackPost(key) }); derr != nil {
				return "", derr
			}
		}
		return "", Classify(err)
	}
	if ch == "" {
		ch = channel
	}
	return ts, s.donePost(key, store.SlackPost{Channel: ch, TS: ts, StartedAt: begun.StartedAt})
}

func (s *Slack) donePost(key string, p store.SlackPost) error {
	return s.store.Update(func(tx *store.Tx) error { return tx.PutSlackPost(key, p) })
}

// lookFor searches the messages posted since a begun post for one that
// carries key, and returns its timestamp or "".
func (s *Slack) lookFor(ctx context.Context, key string, p *store.SlackPost, threadTS string) (string, error) {
	oldest := slackTS(p.StartedAt.Add(-time.Minute))
	var msgs []slackapi.Message
	if threadTS != "" {
		replies, _, _, err := s.api.GetConversationRepliesContext(ctx, &slackapi.GetConversationRepliesParameters{
			ChannelID: p.Channel, Timestamp: threadTS, Oldest: oldest, Limit: maxLookBack, IncludeAllMetadata: true})
		if err != nil {
			return "", fmt.Errorf("look for post %s: %w", key, err)
		}
		msgs = replies
	} else {
		h, err := s.api.GetConversationHistoryContext(ctx, &slackapi.GetConversationHistoryParameters{
			ChannelID: p.Channel, Oldest: oldest, Limit: maxLookBack, IncludeAllMetadata: true})
		if err != nil {
			return "", fmt.Errorf("look for post %s: %w", key, err)
		}
		msgs = h.Messages
	}
	for _, m := range msgs {
		if m.Metadata.EventType == metadataType && m.Metadata.EventPayload["key"] == key {
			return m.Timestamp, nil
		}
	}
	return "", nil
}

// slackTS writes t as a Slack message timestamp.
func slackTS(t time.Time) string {
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}
