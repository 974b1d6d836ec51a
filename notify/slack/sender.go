package slack

import (
	"context"
	"encoding/json"
	"fmt"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
)

// Send carries out one Slack outbox entry; it is the outbox.Sender of
// OutboxKind.
func (s *Slack) Send(ctx context.Context, e store.OutboxEntry) (string, error) {
	var m Message
	if err := json.Unmarshal(e.Payload, &m); err != nil {
		return "", outbox.Permanent(fmt.Errorf("slack payload: %w", err))
	}
	switch m.Op {
	case OpCard:
		return s.sendCard(ctx, e.ID, m.Incident)
	case OpThread:
		return s.sendThread(ctx, e.Key, m)
	case OpDraft:
		return s.sendDraft(ctx, e.Key, m)
	case OpChannel:
		return s.sendChannel(ctx, m)
	}
	return "", outbox.Permanent(fmt.Errorf("slack payload: unknown op %q", m.Op))
}

// sendCard brings an incident's message up to date: it renders the
// incident as it is now and posts the message, or updates the one posted
// before. Entries queued while it ran get an update of their own.
func (s *Slack) sendCard(ctx context.Context, entryID uint64, id string) (string, error) {
	st, err := s.loadChannel(id)
	if err != nil {
		return "", permanentIfMissing(err)
	}
	inc, rs, ref := st.inc, st.runs, st.msg
	want := ref.Want
	var detail string
	if ref.TS != "" && ref.Rendered >= want {
		detail = "up to date"
	} else {
		channel := ref.Channel
		if channel == "" {
			channel = s.channelFor(inc, rs)
		}
		opts := cardOptions(s.render(inc, st.set, rs, st.ch.ID))
		updated := false
		if ref.TS != "" {
			_, _, _, err := s.api.UpdateMessageContext(ctx, ref.Channel, ref.TS, opts...)
			switch {
			case err == nil:
				updated, detail = true, "updated "+ref.TS
			case slackError(err) == "message_not_found":
				// Someone deleted it: post it again, under a key of its own.
				s.log.Warn().Str("incident_id", id).Str("ts", ref.TS).Msg("incident message was deleted; posting it again")
			default:
				return "", Classify(err)
			}
		}
		if !updated {
			key := "card/" + id
			if ref.TS != "" {
				key += "/after/" + ref.TS
			}
			ts, err := s.postOnce(ctx, key, channel, "", opts...)
			if err != nil {
				return "", err
			}
			ref.Channel, ref.TS, detail = channel, ts, "posted "+ts
		}
	}
	now := s.opts.Now()
	err = s.store.Update(func(tx *store.Tx) error {
		cur, err := tx.SlackMessage(id)
		if err != nil {
			return err
		}
		cur.Channel, cur.TS, cur.Rendered = ref.Channel, ref.TS, max(cur.Rendered, want)
		if cur.Queued == entryID {
			cur.Queued = 0
			if cur.Want > want {
				// Changed while it was rendered: once more.
				if cur.Queued, err = s.enqueueCard(tx, id, cur.Want, now); err != nil {
					return err
				}
			}
		}
		return tx.PutSlackMessage(id, cur)
	})
	if err != nil {
		return "", err
	}
	// The incident's own channel follows its message.
	if err := s.syncChannel(ctx, id, want); err != nil {
		return "", err
	}
	return detail, nil
}

// thread returns where an incident's thread is; ok is false until its
// message is posted.
func (s *Slack) thread(id string) (channel, ts string, err error) {
	err = s.store.View(func(tx *store.Tx) error {
		m, err := tx.SlackMessage(id)
		channel, ts = m.Channel, m.TS
		return err
	})
	return channel, ts, err
}

// sendThread replies in the incident's thread, once its message is
// posted (the entry posting it was queued first).
func (s *Slack) sendThread(ctx context.Context, key string, m Message) (string, error) {
	channel, ts, err := s.thread(m.Incident)
	if err != nil {
		return "", err
	}
	if ts == "" {
		return "", fmt.Errorf("the message of %s is not posted yet", m.Incident)
	}
	reply, err := s.postOnce(ctx, key, channel, ts, slackapi.MsgOptionText(m.Text, false))
	if err != nil {
		return "", err
	}
	return "replied " + reply, nil
}
