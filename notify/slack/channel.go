package slack

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
)

// An incident may get a channel of its own: asked for with the message's
// button or /breach channel, or at once for incidents of slack_incident_channels'
// severity or above. Setting it up is one outbox entry (OpChannel) of
// steps, each recorded in the store when Slack confirms it (store.SlackChannel),
// so that a retry or a restart resumes at the step that failed and reuses
// the channel: create it (private: a breach is not for the whole
// workspace), invite the on-call group and who asked, post the incident's
// summary and pin it, set the topic to the severity and the next deadline.
// Every later update of the incident's message updates the summary and,
// when the next deadline moved, the topic (syncChannel).

const (
	// channelNameTries bounds the names tried when one is taken by a
	// channel the bot is not in: inc-2026-0042, inc-2026-0042-2, …
	channelNameTries = 5
	// maxTopic is Slack's limit on a channel topic, in characters.
	maxTopic = 250
)

// channelFor is the channel a new incident is posted to: that of the
// first playbook of PlaybookChannels that runs on it, else its severity's,
// else the default.
func (s *Slack) channelFor(inc *incident.Incident, rs []*incident.Run) string {
	for _, route := range s.byPlaybook {
		if slices.ContainsFunc(rs, func(r *incident.Run) bool { return r.Playbook == route.playbook }) {
			return route.channel
		}
	}
	if ch := s.routes[inc.Severity]; ch != "" {
		return ch
	}
	return s.opts.Channel
}

// askChannel enqueues, in tx, the setting up of incident id's channel;
// user, when set, is invited to it too. Asking again is harmless: the
// steps done are not done twice, and each user's ask is one entry.
func (s *Slack) askChannel(tx *store.Tx, id, user string, now time.Time) error {
	key := "slack/channel/" + id
	if user != "" {
		key += "/" + user
	}
	return s.enqueue(tx, key, Message{Op: OpChannel, Incident: id, User: user}, now)
}

// autoChannels asks for the channels of changed incidents whose severity
// calls for one (slack_incident_channels).
func (s *Slack) autoChannels(tx *store.Tx, incs []*incident.Incident, now time.Time) error {
	if s.autoChannel == 0 {
		return nil
	}
	for _, inc := range incs {
		if inc.Severity >= s.autoChannel && inc.Status.Active() {
			if err := s.askChannel(tx, inc.ID, "", now); err != nil {
				return err
			}
		}
	}
	return nil
}

// channelState is what setting up or syncing a channel reads in one view.
type channelState struct {
	inc  *incident.Incident
	set  *incident.Obligations
	runs []*incident.Run
	msg  store.SlackMessage
	ch   store.SlackChannel
}

func (s *Slack) loadChannel(id string) (channelState, error) {
	var st channelState
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		if st.inc, err = tx.LoadIncident(id); err != nil {
			return err
		}
		if st.set, err = tx.Obligations(id); err != nil {
			return err
		}
		if st.runs, err = tx.Runs(st.inc.ID); err != nil {
			return err
		}
		if st.msg, err = tx.SlackMessage(id); err != nil {
			return err
		}
		st.ch, err = tx.SlackChannel(id)
		return err
	})
	return st, err
}

// putChannel records a step of incident id's channel.
func (s *Slack) putChannel(id string, step func(c *store.SlackChannel)) error {
	return s.store.Update(func(tx *store.Tx) error {
		c, err := tx.SlackChannel(id)
		if err != nil {
			return err
		}
		step(&c)
		return tx.PutSlackChannel(id, c)
	})
}

// sendChannel carries out an OpChannel entry: every step of the channel
// not done yet, then the invitation of who asked.
func (s *Slack) sendChannel(ctx context.Context, m Message) (string, error) {
	st, err := s.loadChannel(m.Incident)
	if err != nil {
		return "", permanentIfMissing(err)
	}
	id := st.inc.ID
	var done []string
	if st.ch.ID == "" {
		ch, err := s.createChannel(ctx, id, st.ch.Name)
		if err != nil {
			return "", err
		}
		// The message's button becomes a link to the channel.
		now := s.opts.Now()
		err = s.store.Update(func(tx *store.Tx) error {
			c, err := tx.SlackChannel(id)
			if err != nil {
				return err
			}
			c.ID, c.Name = ch.ID, ch.Name
			if err := tx.PutSlackChannel(id, c); err != nil {
				return err
			}
			return s.touchCard(tx, id, now)
		})
		if err != nil {
			return "", err
		}
		s.wake()
		st.ch.ID, st.ch.Name = ch.ID, ch.Name
		done = append(done, "created "+ch.ID)
	}
	if !st.ch.Invited {
		var users []string
		if s.opts.OnCallGroup != "" {
			if users, err = s.members.group(ctx, s.opts.OnCallGroup); err != nil {
				return "", Classify(err)
			}
		}
		if err := s.invite(ctx, st.ch.ID, users...); err != nil {
			return "", err
		}
		if err := s.putChannel(id, func(c *store.SlackChannel) { c.Invited = true }); err != nil {
			return "", err
		}
		done = append(done, fmt.Sprintf("invited %d", len(users)))
	}
	if st.ch.SummaryTS == "" {
		card := s.render(st.inc, st.set, st.runs, st.ch.ID)
		ts, err := s.postOnce(ctx, "channel-summary/"+id, st.ch.ID, "", cardOptions(card)...)
		if err != nil {
			return "", err
		}
		if err := s.putChannel(id, func(c *store.SlackChannel) { c.SummaryTS, c.SummaryRendered = ts, st.msg.Want }); err != nil {
			return "", err
		}
		st.ch.SummaryTS, st.ch.SummaryRendered = ts, st.msg.Want
		done = append(done, "summary "+ts)
	}
	if !st.ch.Pinned {
		err := s.api.AddPinContext(ctx, st.ch.ID, slackapi.NewRefToMessage(st.ch.ID, st.ch.SummaryTS))
		if err != nil && slackError(err) != "already_pinned" {
			return "", Classify(err)
		}
		if err := s.putChannel(id, func(c *store.SlackChannel) { c.Pinned = true }); err != nil {
			return "", err
		}
		done = append(done, "pinned")
	}
	if err := s.syncTopic(ctx, st); err != nil {
		return "", err
	}
	if m.User != "" {
		if err := s.invite(ctx, st.ch.ID, m.User); err != nil {
			return "", err
		}
		done = append(done, "invited "+m.User)
	}
	if len(done) == 0 {
		return "channel " + st.ch.ID + " ready", nil
	}
	return "channel " + st.ch.ID + ": " + strings.Join(done, ", "), nil
}

// createChannel creates the incident's channel, trying first the name a
// previous attempt began with. A name taken by a channel the bot is in is
// that attempt's channel (the answer was lost): it is reused. A name taken
// by another channel moves on to the next name.
func (s *Slack) createChannel(ctx context.Context, id, begun string) (*slackapi.Channel, error) {
	base := strings.ToLower(id)
	names := make([]string, 0, channelNameTries+1)
	if begun != "" {
		names = append(names, begun)
	}
	for i := 1; i <= channelNameTries; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		if name != begun {
			names = append(names, name)
		}
	}
	for _, name := range names {
		if err := s.putChannel(id, func(c *store.SlackChannel) { c.Name = name }); err != nil {
			return nil, err
		}
		ch, err := s.api.CreateConversationContext(ctx, slackapi.CreateConversationParams{ChannelName: name, IsPrivate: true})
		if err == nil {
			return ch, nil
		}
		if slackError(err) != "name_taken" {
			return nil, Classify(err)
		}
		// Incident channels are private: no public listing needed.
		mine, err := s.channelNamed(ctx, name, "private_channel")
		if err != nil {
			return nil, Classify(err)
		}
		if mine != nil {
			return mine, nil
		}
	}
	return nil, fmt.Errorf("incident channel of %s: names %s are taken", id, strings.Join(names, ", "))
}

// channelNamed finds a channel of one of types (public_channel,
// private_channel) that the bot is in by name, or nil. A private channel
// is listed only to its members.
func (s *Slack) channelNamed(ctx context.Context, name string, types ...string) (*slackapi.Channel, error) {
	params := &slackapi.GetConversationsParameters{ExcludeArchived: true, Limit: 1000, Types: types}
	for range 20 {
		chans, next, err := s.api.GetConversationsContext(ctx, params)
		if err != nil {
			return nil, fmt.Errorf("look for channel %s: %w", name, err)
		}
		for i := range chans {
			if chans[i].Name == name && chans[i].IsMember {
				return &chans[i], nil
			}
		}
		if next == "" {
			break
		}
		params.Cursor = next
	}
	return nil, nil
}

// invite invites users to channel; someone in it already is no error.
func (s *Slack) invite(ctx context.Context, channel string, users ...string) error {
	users = slices.DeleteFunc(slices.Clone(users), func(u string) bool { return u == "" })
	if len(users) == 0 {
		return nil
	}
	_, err := s.api.ForceInviteUsersToConversationContext(ctx, channel, users...)
	if err == nil {
		return nil
	}
	switch slackError(err) {
	case "already_in_channel", "cant_invite_self":
		return nil
	}
	return Classify(err)
}

// permanentIfMissing makes an incident that is not there (or an id that is
// not one) a permanent failure: retrying will not make it appear.
func permanentIfMissing(err error) error {
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, incident.ErrInvalid) {
		return outbox.Permanent(err)
	}
	return err
}

// syncChannel brings the channel of an incident whose message was just
// brought up to date in line: its summary shows the message as of want,
// and its topic the next deadline.
func (s *Slack) syncChannel(ctx context.Context, id string, want uint64) error {
	st, err := s.loadChannel(id)
	if err != nil || st.ch.ID == "" {
		return permanentIfMissing(err)
	}
	if st.ch.SummaryTS != "" && st.ch.SummaryRendered < want {
		card := s.render(st.inc, st.set, st.runs, st.ch.ID)
		if _, _, _, err := s.api.UpdateMessageContext(ctx, st.ch.ID, st.ch.SummaryTS, cardOptions(card)...); err != nil {
			if slackError(err) != "message_not_found" {
				return Classify(err)
			}
			// Someone deleted the summary: the channel does without.
			s.log.Warn().Str("incident_id", id).Str("channel", st.ch.ID).Msg("incident channel summary was deleted")
		}
		if err := s.putChannel(id, func(c *store.SlackChannel) { c.SummaryRendered = max(c.SummaryRendered, want) }); err != nil {
			return err
		}
	}
	return s.syncTopic(ctx, st)
}

// syncTopic sets the channel's topic when it no longer says the severity
// and the next deadline.
func (s *Slack) syncTopic(ctx context.Context, st channelState) error {
	topic := Topic(st.inc, st.set)
	if st.ch.ID == "" || topic == st.ch.Topic {
		return nil
	}
	if _, err := s.api.SetTopicOfConversationContext(ctx, st.ch.ID, topic); err != nil {
		return Classify(err)
	}
	return s.putChannel(st.inc.ID, func(c *store.SlackChannel) { c.Topic = topic })
}

// Topic is an incident channel's topic: the severity, the incident and its
// next deadline, as a date rather than a countdown, so that it changes
// only when the deadline does.
func Topic(inc *incident.Incident, set *incident.Obligations) string {
	next := "breach facts not recorded yet"
	if inc.Facts != nil {
		next = "nothing due"
		if d, more, ok := NextDeadline(set); ok {
			switch {
			case d.At == nil:
				next = fmt.Sprintf("%s to %s due now (%s)", d.Regime, d.Recipient, d.Due)
			case d.Overdue:
				next = fmt.Sprintf("%s to %s OVERDUE since %s", d.Regime, d.Recipient, stamp(*d.At))
			default:
				next = fmt.Sprintf("%s to %s due %s", d.Regime, d.Recipient, stamp(*d.At))
			}
			if more > 0 {
				next += fmt.Sprintf(" (+%d more)", more)
			}
		}
	}
	return text.Truncate(fmt.Sprintf("%s · %s · next deadline: %s", strings.ToUpper(inc.Severity.String()), inc.ID, next), maxTopic)
}

// cardOptions are the message options of a card.
func cardOptions(c Card) []slackapi.MsgOption {
	return []slackapi.MsgOption{slackapi.MsgOptionBlocks(c.Blocks...), slackapi.MsgOptionText(c.Text, false)}
}
